import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { copyDatabase } from '../../src/main/core/audit/key';
import { isPostgresUrl } from '../../src/main/core/db/engine/url';
import type { Db } from '../../src/main/core/db/engine/port';
import { Store } from '../../src/main/core/db/store';
import { tempDir } from './core';
import type { ClusterInfo } from './pg-cluster';

// Which engine this Vitest project runs its tests on (vitest.config.mts), and a fresh database of
// that engine: a SQLite file in a temp folder, or a database of its own in the run's throwaway
// PostgreSQL cluster. A test written with these runs unchanged on both engines.

export type EngineName = 'sqlite' | 'postgres';

export const ENGINE: EngineName = inject('engine');
const cluster: ClusterInfo | null = inject('postgres');

/** PostgreSQL is this project's engine but is not installed here: skip (pg-global-setup says so loudly). */
export const ENGINE_MISSING = ENGINE === 'postgres' && !cluster;

function requireCluster(): ClusterInfo {
  if (!cluster) throw new Error('no PostgreSQL cluster in this run (run the test in the `postgres` Vitest project)');
  // As a user would: the password from PGPASSWORD, never in the URL.
  process.env.PGPASSWORD = cluster.password;
  return cluster;
}

/** Runs SQL as the cluster's superuser, in its `postgres` database. */
async function asSuperuser(text: string): Promise<void> {
  const c = requireCluster();
  const client = new pg.Client({ host: c.host, port: c.port, user: c.user, database: 'postgres' });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface TestTarget {
  /** What Store.open takes: a file, or a postgres:// URL without a password. */
  target: string;
  /** Removes the database (the file's folder, or DROP DATABASE). */
  drop(): Promise<void>;
}

/** A new, empty PostgreSQL database in the run's cluster. */
export async function createPostgresDatabase(): Promise<TestTarget> {
  const c = requireCluster();
  const name = `paydesk_${process.pid}_${randomBytes(4).toString('hex')}`;
  // Bytewise text order and ASCII-only case folding, as SQLite's (see db/engine/PHASE-B.md).
  await asSuperuser(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  return {
    target: `postgres://${c.user}@${c.host}:${c.port}/${name}`,
    drop: () => asSuperuser(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * A copy of a closed database (no connection open on it) as a new database of the same engine,
 * with its audit key: a SQLite file copied to `file` (its WAL beside it), or on PostgreSQL a new
 * database made from it (CREATE DATABASE … TEMPLATE), its key copied in the data folder. `drop`
 * removes a PostgreSQL copy (the SQLite file goes with its folder).
 */
export async function copyTestDatabase(from: string, file: string): Promise<TestTarget> {
  if (!isPostgresUrl(from)) {
    copyDatabase(from, file);
    return { target: file, drop: async () => {} };
  }
  const c = requireCluster();
  const source = new URL(from).pathname.slice(1);
  const name = `paydesk_${process.pid}_${randomBytes(4).toString('hex')}`;
  await asSuperuser(`CREATE DATABASE ${name} TEMPLATE ${source}`);
  const target = `postgres://${c.user}@${c.host}:${c.port}/${name}`;
  copyDatabase(from, target); // the key (the URL is no file: nothing else is copied)
  return { target, drop: () => asSuperuser(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A new, empty database of this project's engine. */
export async function createTestDatabase(engine: EngineName = ENGINE): Promise<TestTarget> {
  if (engine === 'postgres') return createPostgresDatabase();
  const t = tempDir();
  return { target: path.join(t.dir, 'paydesk.sqlite'), drop: async () => t.cleanup() };
}

/** A migrated Store on a new database of this project's engine; `close` also removes the database. */
export async function openTestStore(engine: EngineName = ENGINE): Promise<{ store: Store; target: string; close(): Promise<void> }> {
  const database = await createTestDatabase(engine);
  const store = await Store.open(database.target, { create: true });
  return {
    store,
    target: database.target,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}

/** The tables a port test writes, children first: emptied before each test by `useEmptiedStore`. */
const PORT_TEST_TABLES = ['export_batch', 'service_period', 'app_user', 'provider', 'payor'];

/**
 * For a describe block: a migrated store of this project's engine, opened once, its port test
 * tables emptied before each test (each starts from the schema as it was made), closed at the end.
 * Returns the store's port, valid once the block's tests run.
 */
export function useEmptiedStore(): () => Db {
  let opened: Awaited<ReturnType<typeof openTestStore>> | undefined;
  beforeAll(async () => {
    opened = await openTestStore();
  });
  afterAll(async () => opened?.close());
  beforeEach(async () => {
    for (const table of PORT_TEST_TABLES) await opened!.store.db.run(`DELETE FROM ${table}`);
  });
  return () => opened!.store.db;
}

/** A pg client to the cluster's database of a URL, as a DBA's tool: for tests that look under the port. */
export function rawPostgresClient(url: string): pg.Client {
  const c = requireCluster();
  return new pg.Client({ host: c.host, port: c.port, user: c.user, database: new URL(url).pathname.slice(1) });
}
