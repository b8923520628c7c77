// The data port: the one asynchronous way the core reads and writes, whichever engine holds the
// data (one SQLite file, or an agency's PostgreSQL server shared by several PayDesk servers).
// Features write plain SQL with `?` placeholders and never ask which engine runs it; what differs
// between the engines (placeholders, locking clauses, LIKE's case rules, type parsing, the error
// a constraint raises) lives in each engine's dialect (./dialect.ts).

import type { Dialect } from './dialect';

/** A value bound to a parameter. No booleans: flags are stored as 0/1 on both engines. */
export type Value = string | number | bigint | null | Uint8Array;
/** Values for `?` placeholders in order, or by name for `@name` placeholders (not both in one text). */
export type Params = readonly Value[] | Readonly<Record<string, Value>>;
/** One row of a many-rows insert: its values in the order of the columns. */
export type RowValues = readonly Value[];
export type Row = Record<string, unknown>;

export interface QueryOptions {
  /**
   * `'update'`: lock the rows read until the transaction ends (`FOR UPDATE` on PostgreSQL; on
   * SQLite the write transaction already holds the file's one write lock). Only inside a write
   * transaction, on both engines, so a misuse shows on SQLite too.
   */
  lock?: 'update';
}

/** Statements every handle runs: the transaction's own, or one statement on its own (autocommit). */
export interface Queryable {
  readonly dialect: Dialect;
  /**
   * The database this handle works on, the same object for the engine and every handle of its
   * transactions: the key of what the core keeps per database (the audit trail's key).
   */
  readonly origin: object;
  /** Every row. */
  rows<R = Row>(text: string, params?: Params, options?: QueryOptions): Promise<R[]>;
  /** The first row, or undefined. */
  one<R = Row>(text: string, params?: Params, options?: QueryOptions): Promise<R | undefined>;
  /** The first column of every row (better-sqlite3's `pluck`). */
  values<V = unknown>(text: string, params?: Params, options?: QueryOptions): Promise<V[]>;
  /**
   * A statement that writes: how many rows it changed. For ids use `insert`, or `rows` with
   * RETURNING. `changes`: the keys of `cached(table, …)` it changes, when it writes one table and
   * the caller knows them (the engine's UPDATE of one payment); every kept value of each table its
   * text names is forgotten otherwise.
   */
  run(text: string, params?: Params, options?: WriteOptions): Promise<{ changes: number }>;
  /** An INSERT of one row into a table whose key is `id`: the new row's id. */
  insert(text: string, params?: Params): Promise<number>;
  /** Many rows into one table, many to a statement (in a transaction of its own outside one). */
  insertMany(table: string, columns: readonly string[], rows: Iterable<RowValues>): Promise<void>;
  /**
   * A value read from `table` once per transaction and kept for the rest of it (a setting in
   * force, the audit chain's head while the transaction holds the chain's lock): `load` runs the
   * first time, and its result is given again until a statement of the same transaction writes to
   * `table` (any INSERT, UPDATE or DELETE whose text names it, a bulk insert into it) or a
   * savepoint rolls back (engine/tx-cache.ts). On PostgreSQL each read is a round trip to the
   * server; on SQLite a read and its promise cost microseconds, but a period's 5,000 actions read
   * the same setting 5,000 times. Outside a transaction `load` runs every time. Writes through the
   * deprecated SQLite connection (`store.sql`) are not seen: do not mix them with cached reads.
   */
  cached<T>(table: string, key: string, load: () => Promise<T>): Promise<T>;
  /**
   * What `cached(table, key)` gives from now on in this transaction: a value the transaction
   * itself just wrote (the chain's new head). Ignored where `cached` keeps nothing.
   */
  remember(table: string, key: string, value: unknown): void;
  /**
   * Rows this transaction writes to `table` later, together (on PostgreSQL each statement is a
   * round trip: the audit events of a transaction's actions go in a few statements at a time). The
   * handle calls `rows.send()` before any statement whose text names `table`, before a savepoint
   * starts and before the commit, and `rows.discard()` when a savepoint rolls back; a failure of
   * `send` fails the transaction. Returns false where rows are not held (SQLite, whose statements
   * cost microseconds; outside a transaction): write them at once. What `cached(table, …)` kept is
   * forgotten, as for a write: only the values of `changes` when the caller names the keys the
   * rows change (a payment's days: the other payments' days stay kept).
   */
  hold(table: string, rows: HeldRows, changes?: readonly string[]): boolean;
}

export interface WriteOptions {
  changes?: { table: string; keys: readonly string[] };
}

export interface HeldRows {
  /** Writes the rows now (sent in the transaction's order; not waited for). */
  send(): Promise<unknown>;
  /** Forgets the rows: a savepoint rolled back the work that made them. */
  discard(): void;
}

/**
 * A transaction's handle. Write transactions take their locks at their start: SQLite's BEGIN
 * IMMEDIATE takes the file's write lock; on PostgreSQL the advisory locks named in the options.
 */
export interface Tx extends Queryable {
  readonly mode: TxMode;
  /**
   * Rows added as they are made, written many to a statement (db/bulk-insert.ts on SQLite). `add`
   * never waits; `flush()` writes the rest and reports any failure: call it before the end.
   * `changes`: the keys of `cached(table, …)` the rows change (see `hold`); all of them when left out.
   */
  bulkInsert(table: string, columns: readonly string[], options?: { batch?: number; changes?: readonly string[] }): BulkWriter;
  /**
   * Inserts the rows and returns what `tail` asks for (`ON CONFLICT … RETURNING …`, no
   * parameters), many rows to a statement: PostgreSQL one statement of typed arrays, SQLite
   * rowsPerStatement to a VALUES list. Waits for the answer (unlike bulkInsert).
   */
  insertReturning<R = Row>(table: string, columns: readonly string[], rows: ReadonlyArray<readonly Value[]>, tail: string): Promise<R[]>;
  /** Work that fails alone: its writes are undone on throw, the transaction goes on. Nests. */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
  /**
   * An advisory lock by name until the transaction ends (PostgreSQL: pg_advisory_xact_lock): two
   * PayDesk servers on one database take turns. A no-op on SQLite, whose write lock covers it.
   * Prefer naming the locks in TxOptions.locks, taken at the start in one order (no deadlock).
   */
  lock(key: string): Promise<void>;
  /**
   * Foreign keys checked at COMMIT instead of at each statement, for this transaction (rows written
   * children first: the demo's build, a copy). SQLite: PRAGMA defer_foreign_keys; PostgreSQL: SET
   * CONSTRAINTS ALL DEFERRED (its foreign keys are DEFERRABLE, migration 0001).
   */
  deferForeignKeys(): Promise<void>;
  /**
   * After rows were inserted with ids of their own (a copy, the demo): the next id the database
   * gives follows the largest. SQLite does so by itself; PostgreSQL's identity is set anew.
   */
  syncIds(table: string): Promise<void>;
}

export interface BulkWriter {
  add(...row: Value[]): void;
  flush(): Promise<void>;
}

/**
 * - `read`: one consistent view of the data, no writes (SQLite BEGIN; PostgreSQL REPEATABLE READ
 *   READ ONLY).
 * - `write`: SQLite BEGIN IMMEDIATE; PostgreSQL READ COMMITTED, with the locks of `locks` taken
 *   first and rows locked by `{ lock: 'update' }`: each statement sees what is committed.
 * - `serializable`: SQLite BEGIN IMMEDIATE; PostgreSQL SERIALIZABLE, for work that reads widely
 *   and cannot name its locks. A conflict there makes PostgreSQL refuse one side: it is retried.
 */
export type TxMode = 'read' | 'write' | 'serializable';

export interface TxOptions {
  mode: TxMode;
  /** Advisory locks (by name) taken right after BEGIN, in sorted order. */
  locks?: readonly string[];
  /**
   * How many times work refused by a serialization failure or a deadlock (PostgreSQL) runs again
   * before the refusal is reported (CONFLICT). The work must be safe to run again: it may run more
   * than once, and only its last run commits. Default 3.
   */
  retries?: number;
}

/** The engine: statements on their own, transactions, and the end. */
export interface Db extends Queryable {
  readonly engine: 'sqlite' | 'postgres';
  transaction<T>(options: TxOptions, work: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
