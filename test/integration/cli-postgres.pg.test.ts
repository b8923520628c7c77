import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { Core } from '../../src/main/core/core';
import { postgresDataFound } from '../../src/main/core/db/copy/copy';
import { PostgresEngine } from '../../src/main/core/db/engine/postgres';
import { parsePostgresUrl } from '../../src/main/core/db/engine/url';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { tempDir } from '../helpers/core';
import { createPostgresDatabase, ENGINE_MISSING, type TestTarget } from '../helpers/engine';

// The command line on a postgres:// URL, from --db or PAYDESK_DB: a URL is not a missing file;
// a new database is migrated there; what PayDesk never does to a PostgreSQL database (fill one
// that holds data, empty one, back it up as a SQLite file) is refused with the reason.

const t = tempDir();
const source = path.join(t.dir, 'agency.sqlite');
const targets: TestTarget[] = [];
let filled: string;

async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await runCli(args, io);
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function newTarget(): Promise<string> {
  const target = await createPostgresDatabase();
  targets.push(target);
  return target.target;
}

describe.skipIf(ENGINE_MISSING)('the CLI on a PostgreSQL database', () => {
  beforeAll(async () => {
    process.env.PAYDESK_DATA_DIR = path.join(t.dir, 'data');
    await buildDemoDatabase({ file: source, seed: 2, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
    filled = await newTarget();
    const copied = await cli(['copy', '--from', source, '--to', filled]);
    expect(copied.code, copied.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    for (const target of targets) await target.drop();
    delete process.env.PAYDESK_DATA_DIR;
    t.cleanup();
  });

  it('new-database with PAYDESK_DB=postgres://… migrates an empty database there', async () => {
    const url = await newTarget();
    const run = await cli(['new-database'], { PAYDESK_DB: url });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const db = PostgresEngine.open(parsePostgresUrl(url), { max: 1 });
    try {
      expect((await db.values<number>(`SELECT count(*) FROM migrations`))[0]).toBeGreaterThan(10);
      expect(await postgresDataFound(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('new-database and demo refuse a PostgreSQL database that holds data, naming it; demo --force never empties one', async () => {
    for (const command of ['new-database', 'demo']) {
      const run = await cli([command, '--db', filled]);
      expect(run.code, command).toBe(1);
      expect(run.stderr).toMatch(/is not empty \(.*provider: \d+ rows/);
    }
    const forced = await cli(['demo', '--db', filled, '--force']);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toContain('PayDesk never empties one');
    const db = PostgresEngine.open(parsePostgresUrl(filled), { max: 1 });
    try {
      expect((await db.values<number>(`SELECT count(*) FROM provider`))[0]).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });

  it("backup and restore send the DBA to the server's own tools", async () => {
    for (const args of [['backup'], ['restore', path.join(t.dir, 'some.sqlite')]]) {
      const run = await cli([...args, '--db', filled]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/backed up|restored/);
      expect(run.stderr).toContain('pg_dump');
    }
  });

  it('a read command opens the URL (not "no database at"): it lists the periods, or says that part does not run on PostgreSQL yet', async () => {
    const run = await cli(['periods', '--db', filled, '--json']);
    expect(run.stderr).not.toContain('No PayDesk database');
    if (run.code === 0) {
      // Once every feature speaks through the data port (issue #14 phase B): the copied demo's periods.
      const periods = JSON.parse(run.stdout) as Array<{ code: string }>;
      expect(periods.map((p) => p.code)).toContain('2026-01');
    } else {
      expect(run.stderr).toContain('does not run on PostgreSQL yet');
    }
  });

  it('the core starts on a URL with its data folder as the place for exports, not a folder named after the URL', async () => {
    const core = await Core.start({ databaseFile: filled, log: () => {} }).catch((err: Error) => err);
    if (core instanceof Core) {
      expect(core.dataDir).toBe(path.join(t.dir, 'data'));
      await core.close();
    } else {
      expect(core.message).toContain('does not run on PostgreSQL yet');
    }
  });
});
