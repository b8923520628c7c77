import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchDetail } from '../../src/shared/api/contract/export';
import { AppError } from '../../src/shared/api/errors';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { openExportWorld, type ExportWorld } from './export-world';

// The third-party payor (seed 003, "Falling Colors"): the export hands invoices over (In Process),
// the payor's confirmation file (or the Payor by hand) marks them Processed, then Paid.

let w: ExportWorld;
let batch: BatchDetail;
let ids: number[];

async function state(id: number) {
  return (await testSql(w).one(`SELECT invoice_status AS inv, sub_status AS sub, payment_status AS ps FROM payment WHERE id = ?`, [id]));
}
const csv = (rows: string[][]) => ['payment_id,status,date', ...rows.map((r) => r.join(','))].join('\n');
const confirm = async (content: string, fileName = 'fc-confirm.csv') => (await w.as('payor')).call('export-import-confirmation', { fileName, content });

beforeAll(async () => {
  w = await openExportWorld({ leftOut: false });
  batch = await (await w.as('payor')).call('export-run', { periodId: w.periodId, payorId: 2 });
  ids = batch.providers.flatMap((p) => p.items.map((i) => i.paymentId));
});
afterAll(() => w?.close());

describe('third-party export', () => {
  it('hands every item over: Pending Payment / In Process, payment status Paid (exported), no ACH or checks', async () => {
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) expect(await state(id)).toEqual({ inv: 'Pending Payment', sub: 'In Process', ps: 'Paid' });
    expect(batch.files.map((f) => f.kind).filter((k) => k !== 'remittance').sort()).toEqual(['handoff', 'manifest', 'payment-register', 'remittance-all', 'summary']);
    expect(batch.providers.every((p) => p.method === 'none' && p.accountMasked === null)).toBe(true);
    expect(batch.batch.itemStates).toEqual({ inProcess: ids.length, processed: 0, paid: 0 });
  });

  it('the hand-off CSV lists every invoice once with its amount', async () => {
    const f = batch.files.find((x) => x.kind === 'handoff')!;
    expect(f.name).toBe(`handoff-falling-colors-${batch.batch.id}.csv`);
    const rows = Papa.parse<Record<string, string>>(fs.readFileSync(path.join(batch.batch.folder, f.name), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => Number(r.invoice_id)).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(rows.reduce((s, r) => s + Math.round(Number(r.amount) * 100), 0)).toBe(batch.batch.totalCents);
  });
});

describe('confirmation file', () => {
  it('refuses a bad file with every error by row and column, changing nothing', async () => {
    const before = await snapshot(w.core);
    const content = csv([
      [String(ids[0]), 'Processed', '2026-02-03'],
      ['abc', 'Paid', '2026-02-03'],
      [String(ids[1]), 'Sent', '2026-02-03'],
      [String(ids[2]), 'Paid', '04/02/2026'],
      ['999999', 'Paid', '2026-02-03'],
      [String(ids[0]), 'Paid', '2026-02-03'],
      [String(ids[1]), 'Paid', '2099-01-01'],
    ]);
    const err = await confirm(content).catch((e: unknown) => e as AppError);
    expect(err).toMatchObject({ code: 'INVALID_FILE' });
    const issues = (err as AppError).issues!.map((i) => `${i.row}:${i.field}`);
    expect(issues).toEqual(['3:payment_id', '4:status', '5:date', '6:payment_id', '7:payment_id', '8:date']);
    expect(await snapshot(w.core)).toEqual(before);
  });

  it('refuses a file without the required columns', async () => {
    await expect(confirm('id,state\n1,Paid')).rejects.toMatchObject({ code: 'INVALID_FILE', message: /missing payment_id, status, date/ });
  });

  it('refuses an item that was not handed over to a third-party payor', async () => {
    const direct = w.authorized.get(1)![0];
    await expect(confirm(csv([[String(direct), 'Paid', '2026-02-03']]))).rejects.toMatchObject({ code: 'INVALID_FILE', issues: [{ row: 2, field: 'payment_id' }] });
  });

  it('marks Processed, then Paid; the same file again changes nothing; Paid from In Process walks through Processed', async () => {
    const [a, b, c] = ids;
    const first = await confirm(csv([[String(a), 'Processed', '2026-02-03'], [String(b), 'Processed', '2026-02-03']]));
    expect(first).toMatchObject({ rows: 2, processed: 2, paid: 0, unchanged: 0, batchIds: [batch.batch.id] });
    expect(await state(a)).toEqual({ inv: 'Invoice History', sub: 'Processed', ps: 'Paid' });
    const again = await confirm(csv([[String(a), 'Processed', '2026-02-03'], [String(b), 'Processed', '2026-02-03']]));
    expect(again).toMatchObject({ processed: 0, unchanged: 2 });

    const paid = await confirm(csv([[String(a), 'Paid', '2026-02-03'], [String(c), 'paid', '2026-02-03']]), 'fc-paid.csv');
    expect(paid).toMatchObject({ paid: 2, unchanged: 0 });
    for (const id of [a, c]) expect(await state(id)).toEqual({ inv: 'Invoice History', sub: 'Paid', ps: 'Paid' });
    const walk = (await testSql(w).rows(`SELECT action, username, group_name AS g FROM audit_event WHERE entity = 'payment' AND entity_id = ? ORDER BY id`, [c])) as Array<{ action: string; username: string; g: string }>;
    expect(walk.map((e) => e.action).slice(-3)).toEqual(['export', 'mark-processed', 'confirm-paid']);
    expect(walk.at(-1)).toMatchObject({ username: 'payor', g: 'Payor' });
  });

  it('the Payor can also Mark processed and Confirm paid by hand', async () => {
    const d = ids[3];
    expect(await state(d)).toEqual({ inv: 'Pending Payment', sub: 'In Process', ps: 'Paid' });
    const payor = await w.as('payor');
    await payor.call('payments-act', { paymentId: d, action: 'mark-processed' });
    expect(await state(d)).toEqual({ inv: 'Invoice History', sub: 'Processed', ps: 'Paid' });
    await payor.call('payments-act', { paymentId: d, action: 'confirm-paid' });
    expect(await state(d)).toEqual({ inv: 'Invoice History', sub: 'Paid', ps: 'Paid' });
  });

  it('the batch list counts its items by state', async () => {
    const list = await (await w.as('payor')).call('export-batches-list', { payorId: 2 });
    const s = list.rows[0].itemStates;
    expect(s.inProcess + s.processed + s.paid).toBe(ids.length);
    expect(s.paid).toBeGreaterThanOrEqual(2);
  });
});

describe('separation of duties', () => {
  it('a user who authorized an item may not export it (preview says so, run refuses and changes nothing)', async () => {
    const t = await openExportWorld({ adjustments: false, leftOut: false });
    try {
      const sql = testSql(t);
      const finance = (await sql.one(`SELECT id FROM app_user WHERE username = 'finance'`)) as { id: number };
      const one = t.authorized.get(1)![0];
      await sql.run(`UPDATE payment SET authorized_by = ? WHERE id = ?`, [finance.id, one]);
      const conn = await t.as('finance');
      const p = await conn.call('export-preview', { periodId: t.periodId, payorId: 1 });
      expect(p.refusal).toMatch(/Separation of duties: finance authorized payment/);
      const before = await snapshot(t.core);
      await expect(conn.call('export-run', { periodId: t.periodId, payorId: 1 })).rejects.toMatchObject({ code: 'REFUSED', rule: 'export.separation-of-duties' });
      expect(await snapshot(t.core)).toEqual(before);
      expect(fs.existsSync(path.join(t.dir, 'exports'))).toBe(false);
    } finally {
      await t.close();
    }
  });
});
