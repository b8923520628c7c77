import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../unit/export-pdf-text';
import { openExportWorld } from './export-world';
import { paydeskOn } from '../helpers/cli';
import { tempDir } from '../helpers/core';
import { ENGINE } from '../helpers/engine';
import { onDatabase } from '../helpers/sql';
import { copyDatabase } from '../../src/main/core/audit/key';
import { postgresExportsDir } from '../../src/main/core/db/engine/key-location';
import { agencyToday } from '../../src/main/core/settings/today';

// paydesk export / confirm / report / export-repair, run in-process through the real CLI entry.

let db: string;
let dir: string;
/** Where the CLI writes batch folders: "exports" beside a SQLite file; the data folder's for a PostgreSQL database. */
let exportsRoot: string;
let cleanup: () => void;
let closeWorld: () => Promise<void>;
/** The demo's own export batches, there before these tests export. */
let demoBatches: number;

const paydesk = (...args: string[]) => paydeskOn(db, ...args);

beforeAll(async () => {
  const w = await openExportWorld();
  await w.core.close();
  ({ dir, cleanup } = tempDir('paydesk-export-cli-'));
  if (ENGINE === 'sqlite') {
    // A copy of the file of its own: its "exports" folder is beside it, in this test's folder.
    db = path.join(dir, 'cli.sqlite');
    copyDatabase(w.file, db);
    exportsRoot = path.join(dir, 'exports');
  } else {
    // The world's database itself (the CLI opens it by its URL); its exports are in the data folder.
    db = w.file;
    exportsRoot = postgresExportsDir(db);
  }
  // The copy's demo batches keep their folders in the world's folder: it stays until the end.
  closeWorld = () => w.close().catch(() => {});
  demoBatches = await onDatabase(db, (sql) => sql.value<number>(`SELECT count(*) AS n FROM export_batch`));
});
afterAll(async () => {
  await closeWorld?.();
  cleanup?.();
});

describe('paydesk export commands', () => {
  it('previews, refuses a non-Payor, exports into --out, renders reports and repairs a lost file', async () => {
    const out = path.join(dir, 'out');
    const preview = await paydesk('export', '--period', '2026-01', '--payor', 'agency', '--as', 'payor', '--preview', '--json');
    expect(preview.code).toBe(0);
    const p = JSON.parse(preview.stdout) as { itemCount: number; leftOut: unknown[] };
    expect(p.itemCount).toBeGreaterThan(10);

    const refused = await paydesk('export', '--period', '2026-01', '--payor', '1', '--as', 'approver', '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Running an export is for Payor users/);
    expect(fs.existsSync(out)).toBe(false);

    const run = await paydesk('export', '--period', '2026-01', '--payor', '1', '--as', 'payor', '--out', out);
    expect(run.code).toBe(0);
    const id = demoBatches + 1;
    expect(run.stdout).toMatch(new RegExp(`Batch ${id}: January 2026, Agency \\(direct pay\\): ${p.itemCount} items`));
    expect(run.stderr).toMatch(/Writing remittance advice/);
    // The batch's folder is in the database's export folder ("exports" beside it); --out has a copy.
    const folder = path.join(exportsRoot, `batch-${id}-2026-01-AGENCY`);
    const copy = path.join(out, `batch-${id}-2026-01-AGENCY`);
    expect(run.stdout).toContain(`Copied to ${copy}`);
    expect(sha256(path.join(copy, `ach-${id}.txt`))).toBe(sha256(path.join(folder, `ach-${id}.txt`)));

    const summary = path.join(dir, 'summary.pdf');
    const report = await paydesk('report', 'summary', '--batch', String(id), '--out', summary);
    expect(report.code).toBe(0);
    expect(sha256(summary)).toBe(sha256(path.join(folder, `summary-${id}.pdf`)));
    expect((await paydesk('report', 'nonsense', '--batch', String(id), '--out', summary)).code).toBe(2);

    const lost = path.join(folder, 'remittance', fs.readdirSync(path.join(folder, 'remittance'))[0]);
    const before = sha256(lost);
    fs.rmSync(lost);
    const repair = await paydesk('export-repair', '--json');
    expect(JSON.parse(repair.stdout)).toMatchObject({ checked: demoBatches + 1, repaired: [{ batchId: id, missing: 1 }] });
    expect(sha256(lost)).toBe(before);
    expect((await paydesk('export-repair')).stdout).toMatch(/all files are in place/);
  });

  it('hands over to the third-party payor and imports its confirmation file', async () => {
    const run = await paydesk('export', '--period', '2026-01', '--payor', 'FALLING_COLORS', '--as', 'payor', '--out', path.join(dir, 'out'), '--json');
    expect(run.code).toBe(0);
    const batch = JSON.parse(run.stdout) as { batch: { id: number }; providers: Array<{ items: Array<{ paymentId: number }> }> };
    const ids = batch.providers.flatMap((x) => x.items.map((i) => i.paymentId));
    const file = path.join(dir, 'confirm.csv');
    // The payor pays on the day of the hand-over: today, in the agency's time zone (the CLI's clock is real).
    const today = await onDatabase(db, (sql) => agencyToday(sql.db, new Date().toISOString()));
    fs.writeFileSync(file, `payment_id,status,date\n${ids.map((id) => `${id},Paid,${today}`).join('\n')}\n`);
    const confirm = await paydesk('confirm', file, '--as', 'payor');
    expect(confirm.code, confirm.stderr).toBe(0);
    expect(confirm.stdout).toContain(`${ids.length} rows: 0 processed, ${ids.length} paid, 0 unchanged (batches ${batch.batch.id})`);

    fs.writeFileSync(file, 'payment_id,status,date\nx,Paid,2026-02-03\n');
    const bad = await paydesk('confirm', file, '--as', 'payor');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/row 2, payment_id/);
  });
});
