import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { DataSource, EntityManager } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { loadTypeorm } from './typeorm';
import { AppError } from '../../../shared/api/errors';
import { checkDatabaseFile, openError } from './file-checks';
import { databaseError } from './disk-errors';
import { prepared } from './prepared';
import { notOnPostgres, openPostgres, whileMigrating } from './engine/open';
import type { Queryable, Tx as PortTx } from './engine/port';
import type { PostgresEngine } from './engine/postgres';
import { SqliteEngine, writeTurn } from './engine/sqlite';
import { isPostgresUrl } from './engine/url';

/** What a unit of work gets: TypeORM's typed manager and the raw connection, both inside one transaction. */
export interface Tx {
  em: EntityManager;
  /** The same better-sqlite3 connection, for prepared statements on hot paths (bulk inserts, tabs). */
  sql: BetterSqlite3.Database;
  /** The data port (db/engine/port.ts) in the same unit of work: the way to SQL on either engine. */
  db: PortTx;
}

export interface StoreOptions {
  /** Create the file when it does not exist (the user asked for a new database). Default: refuse. */
  create?: boolean;
  migrate?: boolean;
  /**
   * Open to read only (`Core` with `readingOnly`): better-sqlite3 alone, without TypeORM (which
   * only the migrations need, and which costs some 0.1 s to load), query_only from the start, and
   * no quick_check of the file (a connection that cannot write cannot make a damaged file worse;
   * every open that may write checks). Such a store cannot migrate: the caller opens as usual when
   * migrations are pending.
   */
  reading?: boolean;
  /** How long a write waits for another connection's write lock before "busy" (default 10 s). */
  busyTimeoutMs?: number;
}

export interface RunOptions {
  transaction?: boolean;
  /** Without a transaction: the work only reads (the port refuses its writes). */
  reading?: boolean;
  /**
   * PostgreSQL's advisory locks (by name) the write transaction takes at its start, in sorted
   * order (engine/PHASE-B.md names them per work: `audit-chain` for every audit append,
   * `export:<period>:<payor>`, …). A no-op on SQLite, whose write lock (BEGIN IMMEDIATE) covers it.
   */
  locks?: readonly string[];
  /** PostgreSQL: how many times work refused by a serialization failure or a deadlock runs again (the port's default: 3). */
  retries?: number;
}

export const BUSY_TIMEOUT_MS = 10_000;

/**
 * The database: one better-sqlite3 connection shared by TypeORM, and one queue in front of it
 * (the SQLite engine's); or, for a postgres:// URL, a PostgreSQL pool behind the same port.
 * better-sqlite3 is synchronous but TypeORM's API is not, so without the queue two handlers could
 * interleave their statements inside one transaction. Every read and write goes through `run`.
 *
 * Every write transaction starts with BEGIN IMMEDIATE: it takes the write lock at its start, so it
 * waits (the busy timeout) for another process's write instead of failing half-way when a read
 * turns into a write; only after the wait does the caller hear that the database is busy.
 */
export class Store {
  private closing = false;
  private reasons: string[] = [];
  /** Opened for reading only (readingOnly()): no write transaction, and the connection is query_only. */
  private reading = false;

  private constructor(
    /** TypeORM's, for the migrations (and `em`); null on a store opened to read only. */
    readonly dataSource: DataSource | null,
    readonly sql: BetterSqlite3.Database,
    readonly file: string,
    /** The data port: the SQLite connection's, or a PostgreSQL pool's. */
    readonly db: SqliteEngine | PostgresEngine,
  ) {}

  /** A SQLite file, or a PostgreSQL database named by a postgres:// URL. */
  static async open(file: string, options: StoreOptions = {}): Promise<Store> {
    if (isPostgresUrl(file)) {
      // PostgreSQL's server keeps its own files whole; the SQLite file checks do not apply.
      const { dataSource, db } = await openPostgres(file);
      const store = new Store(dataSource, notOnPostgres('the SQLite connection'), file, db);
      try {
        if (options.migrate !== false) await store.migrate();
        else await db.learnColumnTypes();
      } catch (err) {
        // A refused open (a database of a newer PayDesk, a failing migration) leaves no connection open.
        await store.close();
        throw err;
      }
      return store;
    }
    if (options.reading) return Store.openToRead(file, options);
    const memory = file === ':memory:';
    const verdict = memory ? 'new' : checkDatabaseFile(file, { create: options.create === true });
    if (verdict === 'new' && !memory) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    let raw: BetterSqlite3.Database | undefined;
    const { DataSource, ENTITIES } = await loadTypeorm();
    const dataSource = new DataSource({
      type: 'better-sqlite3',
      database: file,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      synchronize: false,
      migrationsRun: false,
      logging: false,
      enableWAL: true,
      timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS,
      prepareDatabase: (db: BetterSqlite3.Database) => {
        // FULL: a committed payment survives a power cut, not only a crash of the app.
        db.pragma('synchronous = FULL');
        db.pragma('foreign_keys = ON');
        // Savepoint journals in memory: a bulk run gives each row its own savepoint, and on disk
        // every page a row touches again would be copied to a temporary file first.
        db.pragma('temp_store = MEMORY');
        raw = db;
      },
    });
    try {
      await dataSource.initialize();
    } catch (err) {
      if (raw?.open) raw.close();
      throw openError(file, err);
    }
    if (!raw) throw new Error('the SQLite connection did not open');
    const store = new Store(dataSource, raw, file, new SqliteEngine(raw));
    try {
      const problems = store.check('quick_check');
      if (problems.length > 0) store.setReadOnly(damageReason(problems));
      if (options.migrate !== false) await store.migrate();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  /** Store.open with `reading`: the file as it is, nothing written to it, not even its journal mode. */
  private static openToRead(file: string, options: StoreOptions): Store {
    checkDatabaseFile(file, { create: false });
    let raw: BetterSqlite3.Database;
    try {
      raw = new BetterSqlite3(file, { fileMustExist: true, timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
      raw.pragma('foreign_keys = ON');
      raw.pragma('temp_store = MEMORY');
    } catch (err) {
      throw openError(file, err);
    }
    const store = new Store(null, raw, file, new SqliteEngine(raw));
    store.readingOnly();
    return store;
  }

  /** SQLite's own check of the file: [] when it is sound, else the first problems it found. */
  check(kind: 'quick_check' | 'integrity_check', limit = 20): string[] {
    // PostgreSQL checks its own pages (checksums, WAL); these are SQLite's checks of one file.
    if (!(this.db instanceof SqliteEngine)) return [];
    let rows: string[];
    try {
      rows = (this.sql.pragma(`${kind}(${limit})`) as Array<Record<string, unknown>>).map((r) => String(Object.values(r)[0]));
    } catch (err) {
      return [err instanceof Error ? err.message : String(err)];
    }
    return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
  }

  /** Why the database is read-only (a damaged file, an audit trail that does not verify), or null. */
  get readOnlyReason(): string | null {
    return this.reasons.length ? this.reasons.join(' ') : null;
  }

  /**
   * From now on nothing is written to the file (no action, import or export, not even a sign-in
   * event; reports still print): every write transaction is refused with the reason, and the
   * connection itself refuses any other write (query_only), until a backup is restored.
   */
  setReadOnly(reason: string): void {
    if (!this.reasons.includes(reason)) this.reasons.push(reason);
    if (this.db instanceof SqliteEngine) this.sql.pragma('query_only = ON');
  }

  /**
   * For a connection opened to read only (a read command of the CLI): from now on the connection
   * refuses every write (query_only) and every write transaction is refused before it begins.
   */
  readingOnly(): void {
    this.reading = true;
    if (this.db instanceof SqliteEngine) this.sql.pragma('query_only = ON');
  }

  get isReadingOnly(): boolean {
    return this.reading;
  }

  /**
   * Whether the database has run exactly this PayDesk's migrations: when it has not (migrations to
   * run, or some from a newer PayDesk), an open to read only is not enough; the usual open migrates
   * or refuses.
   */
  async migrationsMatch(): Promise<boolean> {
    return this.read(async ({ db }) => {
      const hasTable = await db.one(db.dialect.tableExists, ['migrations']);
      if (!hasTable) return false;
      const applied = new Set((await db.rows<{ name: string }>(`SELECT name FROM migrations`)).map((m) => m.name));
      const known = MIGRATIONS.map((M) => new M().name);
      return applied.size === known.length && known.every((name) => applied.has(name));
    });
  }

  readingOnlyError(): AppError {
    return new AppError({
      code: 'INTERNAL',
      rule: 'database.reading-only',
      message: 'This command opened the database to read only: it cannot change anything (a command that writes must open the database to write).',
    });
  }

  readOnlyError(): AppError {
    return new AppError({
      code: 'REFUSED',
      rule: 'database.read-only',
      message: `The database is read-only: ${this.readOnlyReason} Nothing can be changed until an administrator restores a backup (Settings > Backups).`,
    });
  }

  /** Runs pending migrations; refuses a database written by a newer PayDesk (unknown migrations). */
  async migrate(): Promise<string[]> {
    if (!this.dataSource) throw this.readingOnlyError();
    const dataSource = this.dataSource;
    const migrate = async ({ db }: { db: Queryable }) => {
      const known = new Set(MIGRATIONS.map((M) => new M().name));
      const hasTable = await db.one(db.dialect.tableExists, ['migrations']);
      const applied = hasTable ? await db.rows<{ name: string }>(`SELECT name FROM migrations ORDER BY id`) : [];
      const unknown = applied.filter((m) => !known.has(m.name));
      if (unknown.length > 0) {
        throw new AppError({
          code: 'REFUSED',
          message: `This database was written by a newer PayDesk (unknown migrations: ${unknown
            .map((m) => m.name)
            .join(', ')}). Update PayDesk before opening it.`,
        });
      }
      if (this.readOnlyReason) {
        // A damaged file is never written to, and without its migrations this PayDesk cannot read it.
        if (applied.length < known.size) {
          throw new AppError({
            code: 'REFUSED',
            rule: 'database.damaged',
            message: `${this.readOnlyReason} It was written by an older PayDesk and cannot be updated while damaged: restore a backup ("paydesk restore BACKUP --db ${this.file}").`,
          });
        }
        return [];
      }
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    };
    if (this.db instanceof SqliteEngine) return this.run(migrate, { transaction: false });
    const db = this.db;
    const ran = await whileMigrating(db, () => migrate({ db }));
    // What the bulk inserts send their rows as (the schema as the migrations left it).
    await db.learnColumnTypes();
    return ran;
  }

  /**
   * The one queue. With `transaction` (the default) the work runs in one write transaction, begun
   * IMMEDIATE, that commits when it resolves and rolls back when it throws, so a refused call
   * changes nothing.
   */
  run<T>(work: (tx: Tx) => Promise<T> | T, options: RunOptions = {}): Promise<T> {
    // Work asked for after close() began would find the connection gone, half-way perhaps.
    if (this.closing) return Promise.reject(new AppError({ code: 'UNAVAILABLE', message: 'The database is being closed: try again once it is open.' }));
    const db = this.db;
    if (!(db instanceof SqliteEngine)) {
      // PostgreSQL: a transaction on one connection of the pool (the port's handle only).
      const mode = options.transaction === false ? (options.reading ? 'read' : 'write') : 'write';
      if (mode === 'write' && this.readOnlyReason !== null) return Promise.reject(this.readOnlyError());
      const locks = mode === 'write' ? options.locks : undefined;
      return db.transaction({ mode, locks, retries: options.retries }, async (tx) => work({ em: notOnPostgres('the TypeORM manager'), sql: this.sql, db: tx }));
    }
    return db.exclusive(async () => {
      try {
        if (options.transaction === false) {
          const handle = db.held(options.reading ? 'read' : 'write');
          try {
            return await work({ em: this.manager(), sql: this.sql, db: handle });
          } finally {
            handle.end();
          }
        }
        return await writeTurn(this.sql, () => this.transaction(db, work));
      } catch (err) {
        throw this.explain(err);
      }
    });
  }

  private manager(): EntityManager {
    return this.dataSource?.manager ?? NO_MANAGER;
  }

  /** Reads go through the same queue, without opening a transaction. */
  read<T>(work: (tx: Tx) => Promise<T> | T): Promise<T> {
    return this.run(work, { transaction: false, reading: true });
  }

  /**
   * One write transaction run synchronously from BEGIN IMMEDIATE to COMMIT: for work that must
   * not yield (bulk writes), so two cores in one process cannot interleave inside it.
   */
  write<T>(work: (sql: BetterSqlite3.Database) => T): Promise<T> {
    return this.run(({ sql }) => work(sql));
  }

  /**
   * BEGIN IMMEDIATE, the work, COMMIT; ROLLBACK when it throws. Synchronous work runs from BEGIN to
   * COMMIT without yielding, so another core in this process never waits on a lock held by a
   * transaction that cannot finish until it yields (better-sqlite3's busy wait blocks the thread).
   */
  private transaction<T>(db: SqliteEngine, work: (tx: Tx) => Promise<T> | T): Promise<T> | T {
    if (this.readOnlyReason !== null) throw this.readOnlyError();
    if (this.reading) throw this.readingOnlyError();
    const handle = db.held('write');
    const rollback = (err: unknown): never => {
      handle.end();
      // SQLite may have rolled back already (a full disk, an I/O error).
      if (this.sql.inTransaction) prepared(this.sql, 'ROLLBACK').run();
      throw err;
    };
    const commit = (result: T): T => {
      handle.end();
      prepared(this.sql, 'COMMIT').run();
      return result;
    };
    prepared(this.sql, 'BEGIN IMMEDIATE').run();
    let result: Promise<T> | T;
    try {
      result = work({ em: this.manager(), sql: this.sql, db: handle });
    } catch (err) {
      return rollback(err);
    }
    if (result instanceof Promise) return result.then(commit, rollback);
    try {
      return commit(result);
    } catch (err) {
      return rollback(err);
    }
  }

  /** The caller's words for a failure of the file (busy, full, damaged), or the read-only refusal. */
  private explain(err: unknown): unknown {
    const code = (err as { code?: string } | null)?.code;
    const readonly = code === 'SQLITE_READONLY' || code?.startsWith('SQLITE_READONLY_');
    if (this.readOnlyReason && readonly) return this.readOnlyError();
    if (this.reading && readonly) return this.readingOnlyError();
    return databaseError(err, this.file);
  }

  async close(): Promise<void> {
    this.closing = true;
    await (this.db instanceof SqliteEngine ? this.db.idle() : undefined);
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
    else if (!this.dataSource && this.sql.open) this.sql.close();
    if (!(this.db instanceof SqliteEngine)) await this.db.close();
  }
}

/** `em` of a store opened to read only: no TypeORM there (nothing uses it to read). */
const NO_MANAGER = new Proxy({} as EntityManager, {
  get(_target, property) {
    if (property === 'then') return undefined;
    throw new Error(`the TypeORM manager (.${String(property)}) is not open on a database opened to read only`);
  },
});

/** The banner's words for a file that failed SQLite's check: how many problems, and the first (the log has them all). */
export function damageReason(problems: string[]): string {
  const lines = problems.flatMap((p) => p.split('\n')).map((l) => l.trim()).filter((l) => l && !/^\*\*\* in database/.test(l));
  const count = problems.length >= 20 ? '20 or more problems' : `${lines.length} problem${lines.length === 1 ? '' : 's'}`;
  const first = (lines[0] ?? problems[0] ?? '').slice(0, 120);
  return `The database file is damaged (SQLite's check found ${count}; the first: "${first}").`;
}
