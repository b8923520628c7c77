import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { testDataDir } from '../helpers/core';
import { createTestDatabase, ENGINE, type TestTarget } from '../helpers/engine';
import { onDatabase } from '../helpers/sql';

// Generation from several PayDesk processes on one database at once (the CLI's bin): on SQLite
// the write transactions queue on the file's lock, on PostgreSQL on the locks they take; the
// unique key keeps one payment per provider.
const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../../bin/paydesk.cjs');
let database: TestTarget;
let db: string;

beforeAll(async () => {
  if (ENGINE === 'postgres') testDataDir(); // the audit key's folder, inherited by the processes
  database = await createTestDatabase();
  db = database.target;
  await buildDemoDatabase({ file: db, seed: 3, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
}, 120_000);
afterAll(async () => database?.drop());

describe('payments-generate from concurrent processes', () => {
  it('three processes generating the same period at once create each payment once', async () => {
    const runs = await Promise.all(
      [1, 2, 3].map(() => run(process.execPath, [BIN, 'generate', '--db', db, '--as', 'approver', '--period', '2026-02', '--json'])),
    );
    const results = runs.map((r) => JSON.parse(r.stdout) as { created: number; existing: number });
    const { n, providers } = await onDatabase(db, async (sql) => ({
      n: await sql.value<number>(`SELECT count(*) AS n FROM payment p JOIN service_period s ON s.id = p.period_id WHERE s.code = '2026-02'`),
      providers: await sql.value<number>(
        `SELECT count(*) AS n FROM provider p WHERE p.active = 1 AND EXISTS (SELECT 1 FROM "authorization" a
           WHERE a.provider_id = p.id AND a.start_date <= '2026-02-28' AND a.end_date >= '2026-02-01')`,
      ),
    }));
    expect(n).toBe(providers);
    expect(results.reduce((s, r) => s + r.created, 0)).toBe(providers);
    for (const r of results) expect(r.created + r.existing).toBe(providers);
  }, 120_000);
});
