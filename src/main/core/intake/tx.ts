import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import type { Store, Tx as StoreTx } from '../db/store';

/**
 * One write transaction in the store's queue, opened with BEGIN IMMEDIATE and run synchronously
 * from BEGIN to COMMIT. Two PayDesk processes on the same file then wait for each other's write
 * lock (the busy timeout) instead of one failing with SQLITE_BUSY when it upgrades a stale read
 * to a write, and two cores in one process cannot interleave inside it. Rolls back on throw.
 */
export function writeTx<T>(store: Store, work: (tx: StoreTx) => Promise<T> | T, options: { locks?: readonly string[] } = {}): Promise<T> {
  return store.run(work, options);
}

/**
 * One write transaction for long all-or-nothing work (a file import): BEGIN IMMEDIATE, the work
 * (synchronous between its `pause()` calls, so progress events reach the window at each pause)
 * while the store's queue stays held (nothing else runs on this connection meanwhile), COMMIT at
 * the end, and a ROLLBACK of everything if the work throws. Other connections wait for the write
 * lock meanwhile (the busy timeout), as they would for any one transaction.
 */
export function writeTxWithPauses<T>(store: Store, work: (tx: StoreTx, pause: () => Promise<void>) => Promise<T>, options: { locks?: readonly string[] } = {}): Promise<T> {
  return store.run((tx) => work(tx, () => new Promise((resolve) => setImmediate(resolve))), options);
}

// The savepoint's three statements, compiled once per connection (a bulk run opens thousands).
const SAVEPOINTS = new WeakMap<BetterSqlite3.Database, { open: BetterSqlite3.Statement; release: BetterSqlite3.Statement; undo: BetterSqlite3.Statement }>();

/**
 * A savepoint inside the current transaction: one row of a bulk run fails alone. SQLite nests
 * savepoints of one name (RELEASE and ROLLBACK TO take the newest), so these may nest too. Only
 * inside a transaction: outside one, a "savepoint" would commit its row on its own.
 */
/** @deprecated phase B (db/engine/PHASE-B.md): `await tx.savepoint(async () => …)` on the port. */
export function savepoint<T>(sql: BetterSqlite3.Database, work: () => T): T {
  if (!sql.inTransaction) {
    throw new AppError({ code: 'INTERNAL', message: 'A row of a bulk run was started outside its transaction; nothing of it was written.' });
  }
  let s = SAVEPOINTS.get(sql);
  if (!s) {
    s = { open: sql.prepare('SAVEPOINT paydesk_row'), release: sql.prepare('RELEASE paydesk_row'), undo: sql.prepare('ROLLBACK TO paydesk_row') };
    SAVEPOINTS.set(sql, s);
  }
  s.open.run();
  let result: T;
  try {
    result = work();
  } catch (err) {
    // SQLite itself may have rolled the whole transaction back (a full disk, an I/O error):
    // then there is no savepoint left to undo, and the original error is what the caller needs.
    if (sql.inTransaction) {
      s.undo.run();
      s.release.run();
    }
    throw err;
  }
  s.release.run();
  return result;
}
