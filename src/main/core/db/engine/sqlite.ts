import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { BulkInsert } from '../bulk-insert';
import { prepared, statementCache } from '../prepared';
import { SQLITE } from './dialect';
import { TxCache, writesOf } from './tx-cache';
import type { BulkWriter, Db, Params, RowValues, QueryOptions, Row, Tx, TxMode, TxOptions, Value, WriteOptions } from './port';

// The port over one better-sqlite3 connection. better-sqlite3 is synchronous: each call runs at
// once and hands back a settled promise, through the per-connection statement cache
// (db/prepared.ts) and the many-rows insert (db/bulk-insert.ts), so the port adds only the
// promise. One connection holds one transaction at a time: transactions and statements on their
// own wait their turn in one queue (`exclusive`), which the Store shares.

const NONE: Params = [];

/** writesOf of each statement text, worked out once. */
const WRITES = new Map<string, string | null>();
function writesOfText(text: string): string | null {
  let w = WRITES.get(text);
  if (w === undefined) {
    w = writesOf(text);
    // Texts built from a user's filters vary: past a cap they are looked at each time.
    if (WRITES.size < 5_000) WRITES.set(text, w);
  }
  return w;
}
export const LOCK_OUTSIDE_WRITE = 'locks are taken inside a write transaction (not a read, nor a statement on its own)';
export const WRITE_IN_READ = 'a read transaction writes nothing: open a write transaction to change data';

function refuse(message: string): Error {
  return new Error(message);
}

/** Runs statements straight on the connection: for whoever holds the queue (a transaction). */
export class SqliteHandle implements Tx {
  readonly dialect = SQLITE;
  private ended = false;
  private readonly cache: Map<string, BetterSqlite3.Statement>;
  /** `cached` values while the connection is in a transaction (a handle lives within one). */
  private readonly kept = new TxCache();

  constructor(
    private readonly sql: BetterSqlite3.Database,
    readonly mode: TxMode,
  ) {
    this.cache = statementCache(sql);
  }

  /** The connection itself: one per database file opened. */
  get origin(): object {
    return this.sql;
  }

  /** The hot path: a statement in the cache is one lookup away. */
  private statement(text: string): BetterSqlite3.Statement {
    return this.cache.get(text) ?? prepared(this.sql, text);
  }

  rows<R = Row>(text: string, params: Params = NONE, options?: QueryOptions): Promise<R[]> {
    try {
      if (this.ended || options) this.check(options);
      if (this.kept.watching) this.kept.written(writesOfText(text));
      return Promise.resolve(this.statement(text).all(params as Value[]) as R[]);
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  one<R = Row>(text: string, params: Params = NONE, options?: QueryOptions): Promise<R | undefined> {
    try {
      if (this.ended || options) this.check(options);
      if (this.kept.watching) this.kept.written(writesOfText(text));
      return Promise.resolve(this.statement(text).get(params as Value[]) as R | undefined);
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  values<V = unknown>(text: string, params: Params = NONE, options?: QueryOptions): Promise<V[]> {
    try {
      if (this.ended || options) this.check(options);
      if (this.kept.watching) this.kept.written(writesOfText(text));
      return Promise.resolve(prepared(this.sql, text, 'pluck').all(params as Value[]) as V[]);
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  run(text: string, params: Params = NONE, options?: WriteOptions): Promise<{ changes: number }> {
    try {
      if (this.ended || this.mode === 'read') this.checkWrite();
      if (options?.changes) this.kept.forgetKeys(options.changes.table, options.changes.keys);
      else if (this.kept.watching) this.kept.written(writesOfText(text));
      return Promise.resolve({ changes: this.statement(text).run(params as Value[]).changes });
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  insert(text: string, params: Params = NONE): Promise<number> {
    try {
      if (this.ended || this.mode === 'read') this.checkWrite();
      if (this.kept.watching) this.kept.written(writesOfText(text));
      return Promise.resolve(Number(this.statement(text).run(params as Value[]).lastInsertRowid));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  insertMany(table: string, columns: readonly string[], rows: Iterable<RowValues>): Promise<void> {
    try {
      this.checkWrite();
      this.kept.forget(table);
      const bulk = new BulkInsert(this.sql, table, columns);
      for (const row of rows) bulk.add(...row);
      bulk.flush();
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  async insertReturning<R = Row>(table: string, columns: readonly string[], rows: ReadonlyArray<readonly Value[]>, tail: string): Promise<R[]> {
    const per = Math.max(1, Math.min(this.dialect.rowsPerStatement, Math.floor(this.dialect.maxParams / columns.length)));
    const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const out: R[] = [];
    for (let start = 0; start < rows.length; start += per) {
      const part = rows.slice(start, start + per);
      for (const r of await this.rows<R>(`${head}${new Array(part.length).fill(tuple).join(', ')} ${tail}`, part.flat())) out.push(r);
    }
    return out;
  }

  bulkInsert(table: string, columns: readonly string[], options: { batch?: number; changes?: readonly string[] } = {}): BulkWriter {
    this.checkWrite();
    if (!this.sql.inTransaction) throw refuse('a bulk insert runs inside a transaction: use insertMany for rows on their own');
    const bulk = new BulkInsert(this.sql, table, columns, options.batch);
    if (options.changes) this.kept.forgetKeys(table, options.changes);
    else this.kept.forget(table);
    // A failure is kept for flush(), as on PostgreSQL where rows are written while the work goes on.
    let failure: unknown;
    return {
      add: (...row: Value[]) => {
        if (failure !== undefined) return;
        try {
          bulk.add(...row);
        } catch (err) {
          failure = err;
        }
      },
      flush: () => {
        try {
          if (failure === undefined) bulk.flush();
        } catch (err) {
          failure = err;
        }
        return failure === undefined ? Promise.resolve() : Promise.reject(failure as Error);
      },
    };
  }

  cached<T>(table: string, key: string, load: () => Promise<T>): Promise<T> {
    return this.sql.inTransaction ? this.kept.cached(table, key, load) : load();
  }

  remember(table: string, key: string, value: unknown): void {
    if (this.sql.inTransaction) this.kept.remember(table, key, value);
  }

  hold(): boolean {
    return false;
  }

  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    this.check();
    if (!this.sql.inTransaction) throw refuse('a savepoint needs a transaction: outside one it would commit on its own');
    prepared(this.sql, 'SAVEPOINT paydesk_row').run();
    let result: T;
    try {
      result = await work();
    } catch (err) {
      this.kept.forgetAll();
      // SQLite itself may have rolled the whole transaction back (a full disk): nothing to undo.
      if (this.sql.inTransaction) {
        prepared(this.sql, 'ROLLBACK TO paydesk_row').run();
        prepared(this.sql, 'RELEASE paydesk_row').run();
      }
      throw err;
    }
    prepared(this.sql, 'RELEASE paydesk_row').run();
    return result;
  }

  lock(_key: string): Promise<void> {
    try {
      this.check({ lock: 'update' });
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  deferForeignKeys(): Promise<void> {
    try {
      this.checkWrite();
      this.sql.pragma('defer_foreign_keys = ON');
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  /** SQLite gives max(id) + 1 by itself (INTEGER PRIMARY KEY). */
  syncIds(_table: string): Promise<void> {
    return Promise.resolve();
  }

  /** The transaction is over: this handle refuses from now on (a forgotten await shows). */
  end(): void {
    this.ended = true;
  }

  private check(options?: QueryOptions): void {
    if (this.ended) throw refuse('this transaction has ended: a statement was sent through its handle after its end');
    // Outside a transaction (a statement on its own) there is nothing to hold a lock.
    if (options?.lock && (this.mode === 'read' || !this.sql.inTransaction)) throw refuse(LOCK_OUTSIDE_WRITE);
  }

  private checkWrite(): void {
    this.check();
    if (this.mode === 'read') throw refuse(WRITE_IN_READ);
  }
}

// Write transactions of every connection in this process to one file, one after another. The
// work of a transaction awaits (the port is asynchronous); meanwhile another connection to the
// same file in this process (a second core) must not begin its own: better-sqlite3's busy wait
// would block the thread, so the first could never finish, and the second would fail "busy".
const FILE_TURNS = new Map<string, Promise<unknown>>();

function fileKey(sql: BetterSqlite3.Database): string | null {
  return sql.memory ? null : path.resolve(sql.name);
}

/** Runs `work` when the write transactions to this file begun before it in this process have ended. */
export function writeTurn<T>(sql: BetterSqlite3.Database, work: () => Promise<T> | T): Promise<T> {
  const key = fileKey(sql);
  if (key === null) return Promise.resolve().then(work);
  const next = (FILE_TURNS.get(key) ?? Promise.resolve()).then(work);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  FILE_TURNS.set(key, settled);
  void settled.then(() => {
    if (FILE_TURNS.get(key) === settled) FILE_TURNS.delete(key);
  });
  return next;
}

export class SqliteEngine implements Db {
  readonly engine = 'sqlite';
  readonly dialect = SQLITE;
  private tail: Promise<unknown> = Promise.resolve();
  /** Statements on their own: autocommit, one at a time in the queue. */
  private readonly direct: SqliteHandle;

  constructor(readonly sql: BetterSqlite3.Database) {
    this.direct = new SqliteHandle(sql, 'write');
  }

  get origin(): object {
    return this.sql;
  }

  /**
   * Work that has the connection to itself: it starts when the work before it has ended. A call
   * through the engine (not the transaction's handle) inside it would wait for it: a deadlock.
   */
  exclusive<T>(work: () => Promise<T> | T): Promise<T> {
    const next = this.tail.then(work);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves when the work queued so far has ended. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  /** A handle for work that already holds the queue and, if any, its transaction (the Store's). */
  held(mode: TxMode): SqliteHandle {
    return new SqliteHandle(this.sql, mode);
  }

  transaction<T>(options: TxOptions, work: (tx: Tx) => Promise<T>): Promise<T> {
    // The named locks need nothing more than BEGIN IMMEDIATE; a read asking for them is a mistake.
    if (options.locks?.length && options.mode === 'read') return Promise.reject(new Error(LOCK_OUTSIDE_WRITE));
    return this.exclusive(() => (options.mode === 'read' ? this.inTransaction(options, work) : writeTurn(this.sql, () => this.inTransaction(options, work))));
  }

  private async inTransaction<T>(options: TxOptions, work: (tx: Tx) => Promise<T>): Promise<T> {
    prepared(this.sql, this.dialect.begin(options.mode)).run();
    const tx = new SqliteHandle(this.sql, options.mode);
    try {
      const result = await work(tx);
      prepared(this.sql, 'COMMIT').run();
      return result;
    } catch (err) {
      if (this.sql.inTransaction) prepared(this.sql, 'ROLLBACK').run();
      throw err;
    } finally {
      tx.end();
    }
  }

  rows<R = Row>(text: string, params?: Params, options?: QueryOptions): Promise<R[]> {
    return this.exclusive(() => this.direct.rows<R>(text, params, options));
  }

  one<R = Row>(text: string, params?: Params, options?: QueryOptions): Promise<R | undefined> {
    return this.exclusive(() => this.direct.one<R>(text, params, options));
  }

  values<V = unknown>(text: string, params?: Params, options?: QueryOptions): Promise<V[]> {
    return this.exclusive(() => this.direct.values<V>(text, params, options));
  }

  run(text: string, params?: Params, options?: WriteOptions): Promise<{ changes: number }> {
    return this.exclusive(() => this.direct.run(text, params, options));
  }

  insert(text: string, params?: Params): Promise<number> {
    return this.exclusive(() => this.direct.insert(text, params));
  }

  cached<T>(_table: string, _key: string, load: () => Promise<T>): Promise<T> {
    return load();
  }

  remember(): void {}

  hold(): boolean {
    return false;
  }

  insertMany(table: string, columns: readonly string[], rows: Iterable<RowValues>): Promise<void> {
    return this.transaction({ mode: 'write' }, (tx) => tx.insertMany(table, columns, rows));
  }

  async close(): Promise<void> {
    await this.idle();
  }
}
