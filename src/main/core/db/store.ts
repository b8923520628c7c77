import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DataSource, type EntityManager } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { AppError } from '../../../shared/api/errors';

/** What a unit of work gets: TypeORM's typed manager and the raw connection, both inside one transaction. */
export interface Tx {
  em: EntityManager;
  /** The same better-sqlite3 connection, for prepared statements on hot paths (bulk inserts, tabs). */
  sql: BetterSqlite3.Database;
}

/**
 * The database: one better-sqlite3 connection shared by TypeORM, and one queue in front of it.
 * better-sqlite3 is synchronous but TypeORM's API is not, so without the queue two handlers could
 * interleave their statements inside one transaction. Every read and write goes through `run`.
 */
export class Store {
  private tail: Promise<unknown> = Promise.resolve();
  private closing = false;

  private constructor(
    readonly dataSource: DataSource,
    readonly sql: BetterSqlite3.Database,
    readonly file: string,
  ) {}

  static async open(file: string, options: { migrate?: boolean } = {}): Promise<Store> {
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
    const store = new Store(dataSource, raw, file);
    if (options.migrate !== false) await store.migrate();
    return store;
  }

  /** Runs pending migrations; refuses a database written by a newer PayDesk (unknown migrations). */
  async migrate(): Promise<string[]> {
    return this.run(async () => {
      const known = new Set(MIGRATIONS.map((M) => new M().name));
      const hasTable = this.sql
        .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`)
        .get();
      if (hasTable) {
        const applied = this.sql.prepare(`SELECT name FROM migrations ORDER BY id`).all() as { name: string }[];
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
    }, { transaction: false });
  }

  /**
   * The one queue. With `transaction` (the default) the work runs in one SQLite transaction that
   * commits when it resolves and rolls back when it throws, so a refused call changes nothing.
   */
  run<T>(work: (tx: Tx) => Promise<T> | T, options: { transaction?: boolean } = {}): Promise<T> {
    // Work asked for after close() began would find the connection gone, half-way perhaps.
    if (this.closing) return Promise.reject(new AppError({ code: 'UNAVAILABLE', message: 'The database is being closed: try again once it is open.' }));
    const next = this.tail.then(async () => {
      if (options.transaction === false) return work({ em: this.dataSource.manager, sql: this.sql });
      return this.dataSource.transaction(async (em) => work({ em, sql: this.sql }));
    });
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Reads go through the same queue, without opening a transaction. */
  read<T>(work: (tx: Tx) => Promise<T> | T): Promise<T> {
    return this.run(work, { transaction: false });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.tail.catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
