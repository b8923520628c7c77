import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, testDataDir } from '../helpers/core';
import { createTestDatabase, ENGINE, type TestTarget } from '../helpers/engine';

// The CLI as a user runs it: the package's bin through a real child process.
const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../../bin/paydesk.cjs');
const t = tempDir('paydesk-cli-');
// The demo databases on the project's engine: SQLite files, or new PostgreSQL databases by URL.
const databases: TestTarget[] = [];
let db: string;
let other: string;
beforeAll(async () => {
  if (ENGINE === 'postgres') testDataDir(); // the audit key's folder, inherited by the CLI
  for (let i = 0; i < 2; i++) databases.push(await createTestDatabase());
  [db, other] = databases.map((d) => d.target);
});
afterAll(async () => {
  for (const d of databases) await d.drop();
  t.cleanup();
});

async function paydesk(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, PAYDESK_DB: path.join(t.dir, 'default.sqlite') } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('paydesk CLI', () => {

  it('creates a deterministic demo database and lists its periods and providers as JSON', async () => {
    const demo = await paydesk('demo', '--db', db, '--seed', '1', '--json');
    expect(demo.code).toBe(0);
    expect(JSON.parse(demo.stdout)).toMatchObject({ providers: 40, children: 320, periods: 12 });
    const periods = await paydesk('periods', '--db', db, '--json');
    expect(periods.code).toBe(0);
    const list = JSON.parse(periods.stdout) as { code: string }[];
    expect(list.map((p) => p.code)).toContain('2026-01');
    expect(list).toHaveLength(12);
    const providers = JSON.parse((await paydesk('providers', '--db', db, '--search', 'LIC-100003', '--json')).stdout);
    expect(providers.total).toBe(1);
    expect(providers.rows[0].licenseNumber).toBe('LIC-100003');
    // Account numbers never leave the core unmasked in a list.
    expect(JSON.stringify(providers)).not.toMatch(/accountNumber/);
  });

  it('builds the same demo for the same seed', async () => {
    await paydesk('demo', '--db', other, '--seed', '1', '--json');
    const a = JSON.parse((await paydesk('providers', '--db', db, '--json', '--page-size', '40')).stdout);
    const b = JSON.parse((await paydesk('providers', '--db', other, '--json', '--page-size', '40')).stdout);
    expect(b).toEqual(a);
  });

  it('refuses a bad argument with a clear message and a non-zero exit', async () => {
    const bad = await paydesk('demo', '--db', path.join(t.dir, 'x.sqlite'), '--scale', 'X');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--scale must be S, M or L, not "X"');
    const unknown = await paydesk('periods', '--db', db, '--frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--frobnicate'/);
    const noCommand = await paydesk('launch-rockets');
    expect(noCommand.code).toBe(2);
    expect(noCommand.stderr).toContain('unknown command "launch-rockets"');
  });

  it('says which file is missing for a read command instead of creating one', async () => {
    const missing = path.join(t.dir, 'nope.sqlite');
    const result = await paydesk('periods', '--db', missing, '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No PayDesk database at ${missing}`);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const fs = await import('node:fs');
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('refuses to overwrite an existing database (a file: without --force; a PostgreSQL database: ever)', async () => {
    const again = await paydesk('demo', '--db', db);
    if (ENGINE === 'sqlite') {
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('already exists; add --force');
      return;
    }
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty \(.*\): PayDesk copies only into an empty database/);
    const forced = await paydesk('demo', '--db', db, '--force');
    expect(forced.code).toBe(2);
    expect(forced.stderr).toContain('--force does not apply to a PostgreSQL database');
  });
});
