import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core, type Connection } from '../../src/main/core/core';
import { buildDemoDatabase, type DemoScale } from '../../src/main/core/demo/demo';
import { loadSessionUserByName } from '../../src/main/core/users/users';
import { appendAudits, SYSTEM_ACTOR } from '../../src/main/core/audit/chain';
import { bankDigestFor } from '../../src/main/core/audit/digest';
import type { Tx } from '../../src/main/core/db/engine/port';
import { createPostgresDatabase, ENGINE, type EngineName } from './engine';
import { columnsOf, primaryKeyOf, tableNames } from './sql';

/** A fresh folder under the OS temp dir, removed by the returned cleanup. */
export function tempDir(prefix = 'paydesk-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface TestCore {
  core: Core;
  /** A temp folder of the test's own (the core's data folder: exports, backups). */
  dir: string;
  /** What the core opened: a SQLite file in `dir`, or a postgres:// URL (test/helpers/engine.ts). */
  file: string;
  /** The engine of this Vitest project (test/helpers/engine.ts), the one `file` is on. */
  engine: EngineName;
  /** A connection signed in as the named user (no password: tests act as users directly). */
  as(username: string): Promise<Connection>;
  anonymous(): Connection;
  close(): Promise<void>;
}

let dataDir: string | undefined;
/**
 * On PostgreSQL the audit key (and the demo's export folders) live in the PayDesk data folder
 * (db/engine/key-location.ts): one temp folder per test process, removed when it ends. Files
 * spawned by the test inherit it through PAYDESK_DATA_DIR.
 */
export function testDataDir(): string {
  if (process.env.PAYDESK_DATA_DIR) return process.env.PAYDESK_DATA_DIR;
  if (!dataDir) {
    const t = tempDir('paydesk-data-');
    dataDir = t.dir;
    process.on('exit', t.cleanup);
  }
  process.env.PAYDESK_DATA_DIR = dataDir;
  return dataDir;
}

/**
 * A real core on a new database of this project's engine (a SQLite file, or a PostgreSQL database
 * of its own in the run's cluster): empty (migrated) or the demo database.
 */
export async function openTestCore(
  options: { demo?: boolean; scale?: DemoScale; seed?: number; now?: () => Date; skipStartupTasks?: boolean; engine?: EngineName } = {},
): Promise<TestCore> {
  const engine = options.engine ?? ENGINE;
  const { dir, cleanup } = tempDir();
  if (engine === 'postgres') testDataDir();
  const database = engine === 'postgres' ? await createPostgresDatabase() : { target: path.join(dir, 'paydesk.sqlite'), drop: async () => {} };
  const file = database.target;
  let core: Core;
  try {
    if (options.demo) {
      await buildDemoDatabase({ file, seed: options.seed ?? 1, scale: options.scale ?? 'S', now: new Date('2026-11-25T09:00:00Z') });
    }
    core = await Core.start({ databaseFile: file, dataDir: dir, now: options.now, skipStartupTasks: options.skipStartupTasks, log: () => {}, create: !options.demo });
  } catch (err) {
    await database.drop();
    cleanup();
    throw err;
  }
  return {
    core,
    dir,
    file,
    engine,
    async as(username) {
      const user = await core.store.read(({ db }) => loadSessionUserByName(db, username));
      if (!user) throw new Error(`no user ${username}`);
      return core.connect(user);
    },
    anonymous: () => core.connect(null),
    async close() {
      await core.close();
      await database.drop();
      cleanup();
    },
  };
}

/**
 * Every row of every table, in key order, on either engine: compare before and after to prove a
 * refused call changed nothing. `await` it: `expect(await snapshot(t.core)).toEqual(before)`.
 */
export async function snapshot(core: Core): Promise<Record<string, unknown[]>> {
  const db = core.store.db;
  const out: Record<string, unknown[]> = {};
  for (const table of await tableNames(db)) {
    const key = await primaryKeyOf(db, table);
    const order = key.length > 0 ? key.map((c) => `"${c}"`).join(', ') : (await columnsOf(db, table)).map((_, i) => String(i + 1)).join(', ');
    out[table] = await db.rows(`SELECT * FROM "${table}" ORDER BY ${order}`);
  }
  return out;
}

/**
 * For fixtures that insert providers with raw SQL: records each one's creation in the audit trail
 * with its bank details' keyed fingerprint, as the app's own provider form does (the export checks
 * accounts against it). Call inside the fixture's transaction (under the audit chain's lock: see
 * `testSql(…).tx`), after the inserts. The better-sqlite3 connection is still taken, for fixtures
 * not converted yet.
 */
export async function recordProviders(on: Tx | import('better-sqlite3').Database, at: string): Promise<void> {
  if ('prepare' in on) {
    const sql = on;
    const rows = sql.prepare(`SELECT id, routing_number AS r, account_number AS a FROM provider ORDER BY id`).all() as Array<{ id: number; r: string | null; a: string | null }>;
    appendAudits(
      sql,
      rows.map((p) => ({ actor: SYSTEM_ACTOR, at, entity: 'provider', entityId: p.id, action: 'create-provider', after: { bankDigest: bankDigestFor(sql, p.r, p.a) } })),
    );
    return;
  }
  const rows = await on.rows<{ id: number; r: string | null; a: string | null }>(`SELECT id, routing_number AS r, account_number AS a FROM provider ORDER BY id`);
  await appendAudits(
    on,
    rows.map((p) => ({ actor: SYSTEM_ACTOR, at, entity: 'provider', entityId: p.id, action: 'create-provider', after: { bankDigest: bankDigestFor(on, p.r, p.a) } })),
  );
}
