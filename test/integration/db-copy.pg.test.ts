import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { auditKeyFile, newAuditKey, readKeyFile, writeKeyFile } from '../../src/main/core/audit/key';
import { Core } from '../../src/main/core/core';
import { verifyChainOnPort } from '../../src/main/core/db/copy/chain';
import { postgresDataFound } from '../../src/main/core/db/copy/copy';
import { postgresAuditKeyFile } from '../../src/main/core/db/engine/key-location';
import { PostgresEngine } from '../../src/main/core/db/engine/postgres';
import { parsePostgresUrl } from '../../src/main/core/db/engine/url';
import { Store } from '../../src/main/core/db/store';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { tempDir } from '../helpers/core';
import { createPostgresDatabase, ENGINE_MISSING, rawPostgresClient, type TestTarget } from '../helpers/engine';

// `paydesk copy --from FILE --to postgres://…`: the demo database built on SQLite, copied whole into
// an empty PostgreSQL database; every table's rows compared one by one, the audit chain verified
// there with the key that came along. A target holding data, a password in the URL, and a copy
// that fails half-way (the target stays empty) are refused.

const t = tempDir();
const source = path.join(t.dir, 'agency.sqlite');
const targets: TestTarget[] = [];
const engines: PostgresEngine[] = [];

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

async function newTarget(): Promise<string> {
  const target = await createPostgresDatabase();
  targets.push(target);
  return target.target;
}

/** The port on a target, as another PayDesk server would read it (numbers as numbers). */
function port(url: string): PostgresEngine {
  const e = PostgresEngine.open(parsePostgresUrl(url), { max: 2 });
  engines.push(e);
  return e;
}

const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

describe.skipIf(ENGINE_MISSING)('paydesk copy to PostgreSQL', () => {
  beforeAll(async () => {
    // The key of a PostgreSQL database goes to the data folder of the machine that runs PayDesk.
    process.env.PAYDESK_DATA_DIR = path.join(t.dir, 'data');
    await buildDemoDatabase({ file: source, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
    // Opened once by the app, as `paydesk demo` does: its start-up work writes and audits too.
    const core = await Core.start({ databaseFile: source, log: () => {} });
    await core.close();
  }, 180_000);

  afterAll(async () => {
    for (const e of engines) await e.close();
    for (const target of targets) await target.drop();
    delete process.env.PAYDESK_DATA_DIR;
    t.cleanup();
  });

  let copied: string;

  it('copies every table row for row, ids kept, and the audit chain verifies there with the same key', async () => {
    copied = await newTarget();
    const run = await cli('copy', '--from', source, '--to', copied, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { rows: number; auditEvents: number; keyFile: string; tables: Array<{ table: string; rows: number }> };

    // The key came along, to where PayDesk looks for a PostgreSQL database's key, owner-only.
    expect(result.keyFile).toBe(postgresAuditKeyFile(copied));
    const key = readKeyFile(result.keyFile)!;
    expect(key.bytes.equals(readKeyFile(auditKeyFile(source))!.bytes)).toBe(true);
    expect(fs.statSync(result.keyFile).mode & 0o077).toBe(0);

    // Every table, every row, every column: the same on both sides.
    const raw = new Database(source, { readonly: true });
    const tables = (raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations' ORDER BY name`).pluck().all() as string[]);
    const target = port(copied);
    let rows = 0;
    for (const table of tables) {
      const from = raw.prepare(`SELECT * FROM "${table}"`).all();
      const to = await target.rows(`SELECT * FROM "${table}"`);
      expect(sorted(to), table).toEqual(sorted(from));
      rows += from.length;
    }
    raw.close();
    expect(rows).toBe(result.rows);
    expect(result.tables.find((x) => x.table === 'audit_event')!.rows).toBeGreaterThan(500);
    expect(result.tables.find((x) => x.table === 'payment')!.rows).toBeGreaterThan(100);

    // The chain verifies on PostgreSQL with the copied key, and not with another.
    const chain = await verifyChainOnPort(target, key);
    expect(chain).toMatchObject({ ok: true, events: result.auditEvents });
    expect(chain.sealId).not.toBeNull();
    expect((await verifyChainOnPort(target, newAuditKey())).ok).toBe(false);

    // The planner has statistics of the copied rows at once (ANALYZE after the commit), not after
    // autovacuum's next visit: a table never analyzed has reltuples -1.
    const planned = await target.rows<{ table: string; reltuples: number }>(
      `SELECT relname AS "table", CAST(reltuples AS bigint) AS reltuples FROM pg_class WHERE relname IN ('payment', 'audit_event', 'attendance') ORDER BY relname`,
    );
    expect(planned).toEqual(
      ['attendance', 'audit_event', 'payment'].map((table) => ({ table, reltuples: result.tables.find((x) => x.table === table)!.rows })),
    );

    // The next ids follow the copied ones (PostgreSQL's identities were set past them).
    const payor = await target.transaction({ mode: 'write' }, (tx) => tx.insert(`INSERT INTO payor (code, name, kind) VALUES ('NEXT', 'Next', 'direct')`));
    expect(payor).toBe((await target.values<number>(`SELECT max(id) FROM payor`))[0]);
    expect(payor).toBeGreaterThan(2);
    await target.run(`DELETE FROM payor WHERE id = ?`, [payor]);
  });

  it('refuses a target that already holds data, naming what it found, and changes nothing', async () => {
    const before = await postgresDataFound(port(copied));
    const run = await cli('copy', '--from', source, '--to', copied);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is not empty \(.*audit_event: \d+ rows/);
    expect(run.stderr).toMatch(/provider: \d+ rows/);
    expect(await postgresDataFound(port(copied))).toEqual(before);
  });

  it('refuses a URL holding a password, before opening anything', async () => {
    const url = new URL(await newTarget());
    url.password = 'secret';
    const run = await cli('copy', '--from', source, '--to', url.toString());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/holds a password.*PGPASSWORD.*\.pgpass/);
    expect(run.stderr).not.toContain('secret');
    // Nothing was made on the server: not even the migrations' tables.
    const client = rawPostgresClient(url.toString());
    await client.connect();
    const tables = await client.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema()`);
    await client.end();
    expect(tables.rows[0].n).toBe(0);
  });

  it('is one transaction: a copy that fails half-way leaves the target empty and no key behind', async () => {
    const url = await newTarget();
    // Migrated but empty (a first attempt that stopped after the migrations) is still empty.
    const store = await Store.open(url);
    await store.close();
    // The DBA's trigger refuses export items: the copy fails after most tables were written.
    const client = rawPostgresClient(url);
    await client.connect();
    await client.query(`CREATE FUNCTION refuse_items() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no export items today'; END $$`);
    await client.query(`CREATE TRIGGER refuse_items BEFORE INSERT ON export_item FOR EACH ROW EXECUTE FUNCTION refuse_items()`);
    await client.end();

    const run = await cli('copy', '--from', source, '--to', url);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no export items today');
    expect(run.stderr).toMatch(/… provider: \d+\/\d+ rows/); // it had got that far
    expect(await postgresDataFound(port(url))).toEqual([]);
    expect(fs.existsSync(postgresAuditKeyFile(url))).toBe(false);
  });

  it('refuses to replace another database\'s key at the target\'s key file', async () => {
    const url = await newTarget();
    const keyFile = postgresAuditKeyFile(url);
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    const other = newAuditKey();
    writeKeyFile(keyFile, other, null);
    const run = await cli('copy', '--from', source, '--to', url);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`An audit key of another database is already at ${keyFile}`);
    expect(readKeyFile(keyFile)!.id).toBe(other.id);
    expect(await postgresDataFound(port(url))).toEqual([]);
  });
});
