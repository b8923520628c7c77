import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { tempDir, testDataDir } from '../helpers/core';
import { createTestDatabase, ENGINE, type TestTarget } from '../helpers/engine';
import { onDatabase } from '../helpers/sql';
import { authorizedDays, licenseOf, submission } from './intake-fixture';

// generate, import-submission, import-paper, calculate and adjust as a user runs them.
const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../../bin/paydesk.cjs');
const t = tempDir('paydesk-intake-cli-');
// The project's engine: a SQLite file, or a PostgreSQL database by its URL.
let database: TestTarget;
let db: string;

async function paydesk(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args, '--db', db]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  if (ENGINE === 'postgres') testDataDir(); // the audit key's folder, inherited by the CLI
  database = await createTestDatabase();
  db = database.target;
  await buildDemoDatabase({ file: db, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
}, 120_000);
afterAll(async () => {
  await database?.drop();
  t.cleanup();
});

describe('paydesk intake commands', () => {
  it('generate, import files each on its own, calculate and adjust', async () => {
    expect((await paydesk('generate', '--period', '2026-02')).stderr).toMatch(/--as is required/);
    const gen = await paydesk('generate', '--as', 'approver', '--period', '2026-02', '--json');
    expect(gen.code).toBe(0);
    expect(JSON.parse(gen.stdout)).toMatchObject({ created: 40, existing: 0 });

    const good = path.join(t.dir, 'good.json');
    const bad = path.join(t.dir, 'bad.json');
    const csv = path.join(t.dir, 'paper.csv');
    const days = await onDatabase(db, async ({ db: raw }) => {
      fs.writeFileSync(good, JSON.stringify(await submission(raw, 1, '2026-02', { providerSignedAt: '2026-03-02T10:00:00Z', parentSignedAt: '2026-03-03T10:00:00Z' })));
      const broken = await submission(raw, 2, '2026-02', { providerSignedAt: '2026-03-02T10:00:00Z', parentSignedAt: null });
      broken.attendance[1].hours = 40;
      fs.writeFileSync(bad, JSON.stringify(broken));
      const license = await licenseOf(raw, 3);
      return (await authorizedDays(raw, 3, '2026-02')).map((d) => [license, '2026-02', d.caseNumber, d.date, d.hours ?? '', d.absence ?? ''].join(','));
    });
    fs.writeFileSync(csv, ['license_number,period,case_number,date,hours,absence_code', ...days].join('\n'));

    const imported = await paydesk('import-submission', '--as', 'approver', good, bad, good);
    expect(imported.code).toBe(1);
    expect(imported.stdout).toMatch(/✓ good\.json: \d+ days for LIC-100001 in 2026-02, submitted and signed by the parent/);
    expect(imported.stdout).toMatch(/✗ bad\.json: 1 problem; nothing was changed/);
    expect(imported.stdout).toMatch(/row 2, hours: must be a number of hours from 0 to 24/);
    expect(imported.stdout).toMatch(/already imported/);

    const paper = await paydesk('import-paper', '--as', 'approver', csv, '--json');
    expect(JSON.parse(paper.stdout)).toMatchObject({ recorded: 1, edited: 0, rows: days.length });

    const calc = await paydesk('calculate', '--as', 'approver', '--period', '2026-02', '--json');
    expect(JSON.parse(calc.stdout)).toMatchObject({ calculated: 2, refused: 0 });

    const adj = await paydesk('adjust', '--as', 'approver', '--provider', '1', '--period', '2026-02', '--amount=-15.00', '--reason', 'Overpaid', '--json');
    expect(adj.code).toBe(0);
    expect(JSON.parse(adj.stdout).state).toMatchObject({ amountCents: -1500, invoiceStatus: 'Pending Approval' });
    // Dollars, as the app: more than two decimals, or not an amount, is refused naming --amount.
    expect((await paydesk('adjust', '--as', 'approver', '--provider', '1', '--period', '2026-02', '--amount', '1.505', '--reason', 'x')).stderr).toMatch(/--amount takes dollars with at most 2 decimals/);
    expect((await paydesk('adjust', '--as', 'approver', '--provider', '1', '--period', '2026-02', '--amount', 'ten', '--reason', 'x')).stderr).toMatch(/--amount must be an amount in dollars/);
  }, 120_000);
});
