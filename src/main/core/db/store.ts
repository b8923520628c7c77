import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DataSource, type EntityManager } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { AppError } from '../../../shared/api/errors';
import { notOnPostgres, openPostgres, whileMigrating } from './engine/open';
import type { Queryable, Tx as PortTx } from './engine/port';
import type { PostgresEngine } from './engine/postgres';
import { SqliteEngine } from './engine/sqlite';
import { isPostgresUrl } from './engine/url';

/** What a unit of work gets: TypeORM's typed manager and the raw connection, both inside one transaction. */
export interface Tx {
  em: EntityManager;
  /** The same better-sqlite3 connection, for prepared statements on hot paths (bulk inserts, tabs). */
  sql: BetterSqlite3.Database;
  /** The data port (db/engine/port.ts) in the same unit of work: the way to SQL on either engine. */
  db: PortTx;
}

/**
 * The database: one better-sqlite3 connection shared by TypeORM, and one queue in front of it.
 * better-sqlite3 is synchronous but TypeORM's API is not, so without the queue two handlers could
 * interleave their statements inside one transaction. Every read and write goes through `run`.
 */
export class Store {
  private closing = false;

  private constructor(
    readonly dataSource: DataSource,
    readonly sql: BetterSqlite3.Database,
    readonly file: string,
    /** The data port: the SQLite connection's, or a PostgreSQL pool's. */
    readonly db: SqliteEngine | PostgresEngine,
  ) {}

  /** A SQLite file, or a PostgreSQL database named by a postgres:// URL. */
  static async open(file: string, options: { migrate?: boolean } = {}): Promise<Store> {
    if (isPostgresUrl(file)) {
      const { dataSource, db } = await openPostgres(file);
      const store = new Store(dataSource, notOnPostgres('the SQLite connection'), file, db);
      if (options.migrate !== false) await store.migrate();
      return store;
    }
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    let raw: BetterSqlite3.Database | undefined;
    const dataSource = new DataSource({
      type: 'better-sqlite3',
      database: file,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      synchronize: false,
      migrationsRun: false,
      logging: false,
      enableWAL: true,
      timeout: 10_000,
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
    await dataSource.initialize();
    if (!raw) throw new Error('the SQLite connection did not open');
    const store = new Store(dataSource, raw, file, new SqliteEngine(raw));
    if (options.migrate !== false) await store.migrate();
    return store;
  }

  /** Runs pending migrations; refuses a database written by a newer PayDesk (unknown migrations). */
  async migrate(): Promise<string[]> {
    const migrate = async ({ db }: { db: Queryable }) => {
      const known = new Set(MIGRATIONS.map((M) => new M().name));
      const hasTable = await db.one(db.dialect.tableExists, ['migrations']);
      if (hasTable) {
        const applied = await db.rows<{ name: string }>(`SELECT name FROM migrations ORDER BY id`);
        const unknown = applied.filter((m) => !known.has(m.name));
        if (unknown.length > 0) {
          throw new AppError({
            code: 'REFUSED',
            message: `This database was written by a newer PayDesk (unknown migrations: ${unknown
              .map((m) => m.name)
              .join(', ')}). Update PayDesk before opening it.`,
          });
        }
      }
      const ran = await this.dataSource.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    };
    if (this.db instanceof SqliteEngine) return this.run(migrate, { transaction: false });
    const db = this.db;
    return whileMigrating(db, () => migrate({ db }));
  }

  /**
   * The one queue. With `transaction` (the default) the work runs in one SQLite transaction that
   * commits when it resolves and rolls back when it throws, so a refused call changes nothing.
   */
  run<T>(work: (tx: Tx) => Promise<T> | T, options: { transaction?: boolean; reading?: boolean } = {}): Promise<T> {
    // Work asked for after close() began would find the connection gone, half-way perhaps.
    if (this.closing) return Promise.reject(new AppError({ code: 'UNAVAILABLE', message: 'The database is being closed: try again once it is open.' }));
    const db = this.db;
    if (!(db instanceof SqliteEngine)) {
      // PostgreSQL: a transaction on one connection of the pool (the port's handle only).
      const mode = options.transaction === false ? (options.reading ? 'read' : 'write') : 'write';
      return db.transaction({ mode }, async (tx) => work({ em: notOnPostgres('the TypeORM manager'), sql: this.sql, db: tx }));
    }
    return db.exclusive(async () => {
      if (options.transaction === false) return work({ em: this.dataSource.manager, sql: this.sql, db: db.held(options.reading ? 'read' : 'write') });
      return this.dataSource.transaction(async (em) => work({ em, sql: this.sql, db: db.held('write') }));
    });
  }

  /** Reads go through the same queue, without opening a transaction. */
  read<T>(work: (tx: Tx) => Promise<T> | T): Promise<T> {
    return this.run(work, { transaction: false, reading: true });
  }

  async close(): Promise<void> {
    this.closing = true;
    await (this.db instanceof SqliteEngine ? this.db.idle() : undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (!(this.db instanceof SqliteEngine)) await this.db.close();
  }
}
