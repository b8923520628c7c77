import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { loadTypeorm } from '../typeorm';
import { advisoryKey } from './dialect';
import { postgresPassword } from './password';
import type { PostgresEngine } from './postgres';
import { parsePostgresUrl } from './url';

/**
 * A PostgreSQL database for the Store: TypeORM's DataSource (the migrations, as on SQLite) and
 * the port's pool. Both open before anything runs, so a wrong URL, password or certificate is
 * reported at once with the server's own words.
 */
export async function openPostgres(url: string): Promise<{ dataSource: DataSource; db: PostgresEngine }> {
  const target = parsePostgresUrl(url);
  const { DataSource, ENTITIES } = await loadTypeorm();
  const dataSource = new DataSource({
    type: 'postgres',
    host: target.host,
    port: target.port,
    username: target.user,
    database: target.database,
    password: () => postgresPassword(target),
    ssl: target.ssl,
    applicationName: target.applicationName,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    // Only the migrations use TypeORM's own pool.
    extra: { max: 2 },
  });
  // pg is loaded with it: a SQLite database never needs it (the CLI starts faster without it).
  const { PostgresEngine } = await import('./postgres.js');
  const db = PostgresEngine.open(target);
  try {
    await db.one('SELECT 1');
    await dataSource.initialize();
  } catch (err) {
    await db.close().catch(() => undefined);
    throw new Error(`Cannot open the PostgreSQL database ${target.display}: ${(err as Error).message}`, { cause: err });
  }
  return { dataSource, db };
}

/**
 * Holds PostgreSQL's lock on migrating while `work` runs: two PayDesk servers starting at the same
 * moment migrate one after the other, and the second finds nothing left to do.
 */
export async function whileMigrating<T>(db: PostgresEngine, work: () => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  const key = advisoryKey('paydesk.migrations');
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
    client.release();
  }
}

/**
 * The synchronous better-sqlite3 connection on a PostgreSQL store: there is none. Until a feature
 * is converted to the port (tx.db), using it there says so instead of failing somewhere deeper.
 */
export function notOnPostgres<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      throw new Error(`${what}.${String(property)}: this part of PayDesk does not run on PostgreSQL yet (it still uses the SQLite connection, not the data port).`);
    },
  });
}
