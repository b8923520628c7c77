import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from '../db/store';

/**
 * One write transaction in the store's queue, opened with BEGIN IMMEDIATE and run synchronously
 * from BEGIN to COMMIT. Two PayDesk processes on the same file then wait for each other's write
 * lock (the busy timeout) instead of one failing with SQLITE_BUSY when it upgrades a stale read
 * to a write, and two cores in one process cannot interleave inside it. Rolls back on throw.
 */
export function writeTx<T>(store: Store, work: (sql: BetterSqlite3.Database) => T): Promise<T> {
  return store.run(({ sql }) => sql.transaction(() => work(sql)).immediate(), { transaction: false });
}

/** A savepoint inside the current transaction: one row of a bulk run fails alone. */
export function savepoint<T>(sql: BetterSqlite3.Database, work: () => T): T {
  return sql.transaction(work)();
}
