import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { readKeyFile } from '../../src/main/core/audit/key';
import { verifyChainOnPort } from '../../src/main/core/db/copy/chain';
import { postgresAuditKeyFile } from '../../src/main/core/db/engine/key-location';
import { PostgresEngine } from '../../src/main/core/db/engine/postgres';
import { parsePostgresUrl } from '../../src/main/core/db/engine/url';
import { tempDir } from '../helpers/core';
import { createPostgresDatabase, ENGINE_MISSING, type TestTarget } from '../helpers/engine';

// `paydesk demo --db postgres://…` builds the demo database on PostgreSQL: the same rows, table
// by table, as the same demo on SQLite; its audit trail keyed with the key in the PostgreSQL
// database's key file (db/engine/key-location.ts), and verifying there.

const t = tempDir();
let target: TestTarget | undefined;

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe.skipIf(ENGINE_MISSING)('paydesk demo on PostgreSQL', () => {
  afterAll(async () => {
    await target?.drop();
    delete process.env.PAYDESK_DATA_DIR;
    t.cleanup();
  });

  it('builds the same demo as on SQLite, its audit trail keyed and verifying', async () => {
    process.env.PAYDESK_DATA_DIR = path.join(t.dir, 'data');
    target = await createPostgresDatabase();
    const file = path.join(t.dir, 'demo.sqlite');
    const onSqlite = await cli('demo', '--db', file, '--seed', '3', '--json');
    expect(onSqlite.code, onSqlite.stderr).toBe(0);
    const run = await cli('demo', '--db', target.target, '--seed', '3', '--json');
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { providers: number; children: number; exportBatches: number };
    expect(summary).toMatchObject({ providers: JSON.parse(onSqlite.stdout).providers, exportBatches: JSON.parse(onSqlite.stdout).exportBatches });

    const db = PostgresEngine.open(parsePostgresUrl(target.target), { max: 2 });
    try {
      const raw = new Database(file, { readonly: true });
      const tables = raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations' ORDER BY name`).pluck().all() as string[];
      for (const table of tables) {
        const n = raw.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
        expect((await db.values<number>(`SELECT count(*) FROM "${table}"`))[0], table).toBe(n);
      }
      raw.close();
      const key = readKeyFile(postgresAuditKeyFile(target.target));
      expect(key).not.toBeNull();
      const chain = await verifyChainOnPort(db, key);
      expect(chain.ok, chain.problem).toBe(true);
      expect(chain.sealId).not.toBeNull();
    } finally {
      await db.close();
    }
  }, 300_000);
});
