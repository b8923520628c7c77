import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core, type Connection } from '../../src/main/core/core';
import { buildDemoDatabase, type DemoScale } from '../../src/main/core/demo/demo';
import { loadSessionUserByName } from '../../src/main/core/users/users';
import { appendAudits, SYSTEM_ACTOR } from '../../src/main/core/audit/chain';
import { bankDigestFor } from '../../src/main/core/audit/digest';

/** A fresh folder under the OS temp dir, removed by the returned cleanup. */
export function tempDir(prefix = 'paydesk-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface TestCore {
  core: Core;
  dir: string;
  file: string;
  /** A connection signed in as the named user (no password: tests act as users directly). */
  as(username: string): Promise<Connection>;
  anonymous(): Connection;
  close(): Promise<void>;
}

/** A real core on a real SQLite file: empty (migrated) or the demo database. */
export async function openTestCore(options: { demo?: boolean; scale?: DemoScale; seed?: number; now?: () => Date; skipStartupTasks?: boolean } = {}): Promise<TestCore> {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'paydesk.sqlite');
  if (options.demo) {
    await buildDemoDatabase({ file, seed: options.seed ?? 1, scale: options.scale ?? 'S', now: new Date('2026-11-25T09:00:00Z') });
  }
  const core = await Core.start({ databaseFile: file, dataDir: dir, now: options.now, skipStartupTasks: options.skipStartupTasks, log: () => {}, create: !options.demo });
  return {
    core,
    dir,
    file,
    async as(username) {
      const user = await core.store.read(({ db }) => loadSessionUserByName(db, username));
      if (!user) throw new Error(`no user ${username}`);
      return core.connect(user);
    },
    anonymous: () => core.connect(null),
    async close() {
      await core.close();
      cleanup();
    },
  };
}

/** Every row of every table: compare before and after to prove a refused call changed nothing. */
export function snapshot(core: Core): Record<string, unknown[]> {
  const tables = core.store.sql
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, core.store.sql.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
}

/**
 * For fixtures that insert providers with raw SQL: records each one's creation in the audit trail
 * with its bank details' keyed fingerprint, as the app's own provider form does (the export checks
 * accounts against it). Call inside the fixture's transaction, after the inserts.
 */
export function recordProviders(sql: import('better-sqlite3').Database, at: string): void {
  const rows = sql.prepare(`SELECT id, routing_number AS r, account_number AS a FROM provider ORDER BY id`).all() as Array<{ id: number; r: string | null; a: string | null }>;
  appendAudits(
    sql,
    rows.map((p) => ({ actor: SYSTEM_ACTOR, at, entity: 'provider', entityId: p.id, action: 'create-provider', after: { bankDigest: bankDigestFor(sql, p.r, p.a) } })),
  );
}
