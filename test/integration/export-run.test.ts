import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchDetail } from '../../src/shared/api/contract/export';
import { formatCents } from '../../src/shared/domain/money';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { readNacha } from '../unit/export-nacha-reader';
import { pdfPagesText, sha256 } from '../unit/export-pdf-text';
import { openExportWorld, type ExportWorld } from './export-world';

// The export of the demo's January: preview, run, files, regenerate, reports; the seed rules
// afterwards (Paid tab, payment status Paid). Third-party payor and confirmations are in
// export-thirdparty.test.ts.

let w: ExportWorld;
let preview: Awaited<ReturnType<typeof previewAsPayor>>;
let batch: BatchDetail;
const previewAsPayor = async () => (await w.as('payor')).call('export-preview', { periodId: w.periodId, payorId: 1 });

async function states(ids: number[]) {
  const sql = testSql(w);
  return (await sql.rows(`SELECT id, invoice_status AS inv, sub_status AS sub, payment_status AS ps, export_batch_id AS batch FROM payment WHERE id IN ${sql.db.dialect.idsFromJson} ORDER BY id`, [JSON.stringify(ids)])) as Array<{ id: number; inv: string; sub: string; ps: string; batch: number | null }>;
}

beforeAll(async () => {
  w = await openExportWorld();
  preview = await previewAsPayor();
  const events: Array<{ done: number; total: number; message?: string }> = [];
  w.core.onEvent((e) => events.push(e));
  batch = await (await w.as('payor')).call('export-run', { periodId: w.periodId, payorId: 1 });
  expect(events.some((e) => e.message === 'Marking items exported' && e.done === e.total && e.total === batch.batch.itemCount)).toBe(true);
  expect(events.some((e) => e.message === 'Writing remittance advice')).toBe(true);
});
afterAll(() => w?.close());

const folderFile = (name: string) => path.join(batch.batch.folder, name);

describe('export preview', () => {
  it('leaves out the held item, the negative net, the bad routing number and the missing account, with reasons', async () => {
    const reasons = preview.leftOut.map((l) => l.reason).sort();
    expect(reasons).toEqual(['bad-routing', 'held', 'negative-net', 'no-bank-details']);
    expect(preview.leftOut.find((l) => l.reason === 'negative-net')!.message).toMatch(/negative/);
    expect(preview.leftOut.find((l) => l.reason === 'bad-routing')!.message).toMatch(/check digit/);
    const left = new Set(preview.leftOut.flatMap((l) => l.paymentIds));
    const pending = w.authorized.get(1)!;
    expect(preview.itemCount).toBe(pending.filter((id) => !left.has(id)).length);
    expect(preview.totalCents).toBe(preview.providers.reduce((s, p) => s + p.netCents, 0));
    expect(preview.byMethod.reduce((s, m) => s + m.cents, 0)).toBe(preview.totalCents);
    expect(preview.refusal).toBeNull();
  });

  it('is for Payor users only and changes nothing', async () => {
    const before = await snapshot(w.core);
    await expect((await w.as('approver')).call('export-preview', { periodId: w.periodId, payorId: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await previewAsPayor();
    expect(await snapshot(w.core)).toEqual(before);
  });
});

describe('export run (direct payor)', () => {
  it('exports exactly the previewed items, once, moving each to Invoice History / Paid with payment status Paid', async () => {
    const exported = batch.providers.flatMap((p) => p.items.map((i) => i.paymentId)).sort((a, b) => a - b);
    expect(exported).toEqual(preview.providers.flatMap((p) => p.paymentIds).sort((a, b) => a - b));
    expect(batch.batch.itemCount).toBe(exported.length);
    expect(batch.batch.totalCents).toBe(preview.totalCents);
    for (const s of await states(exported)) expect(s).toMatchObject({ inv: 'Invoice History', sub: 'Paid', ps: 'Paid', batch: batch.batch.id });
    const rows = (await testSql(w).rows(`SELECT payment_id AS id, count(*) AS n FROM export_item GROUP BY payment_id HAVING count(*) > 1`));
    expect(rows).toEqual([]);
  });

  it('leaves the left-out items where they were: Authorized, or on Hold', async () => {
    const left = preview.leftOut.filter((l) => l.reason !== 'held').flatMap((l) => l.paymentIds);
    for (const s of await states(left)) expect(s).toMatchObject({ inv: 'Pending Payment', ps: 'Authorized', batch: null });
    const held = preview.leftOut.find((l) => l.reason === 'held')!.paymentIds;
    for (const s of await states(held)) expect(s).toMatchObject({ sub: 'Administrative Hold', ps: 'Hold', batch: null });
  });

  it('shows exported payments and adjustments in the Paid tab with payment status Paid (seed 000)', async () => {
    const approver = await w.as('approver');
    const paid = await approver.call('payments-list', { periodId: w.periodId, tab: 'Paid', pageSize: 1000 });
    const ids = new Set(paid.rows.map((r) => r.id));
    for (const p of batch.providers) for (const i of p.items) expect(ids.has(i.paymentId)).toBe(true);
    expect(paid.rows.some((r) => r.kind === 'adjustment')).toBe(true);
    expect(paid.rows.every((r) => r.paymentStatus === 'Paid')).toBe(true);
  });

  it('records one Export audit event per item (System, on behalf of the payor) and one for the batch', async () => {
    const sql = testSql(w);
    // The demo's own batches have their events too: this batch's are those naming it.
    const events = (await sql.rows<{ id: number; username: string; g: string; details: string }>(`SELECT entity_id AS id, username, group_name AS g, details FROM audit_event WHERE action = 'export' ORDER BY id`)).filter(
      (e) => (JSON.parse(e.details) as { input?: { batchId?: number } }).input?.batchId === batch.batch.id,
    );
    expect(events).toHaveLength(batch.batch.itemCount);
    expect(events.every((e) => e.username === 'payor' && e.g === 'System')).toBe(true);
    expect((await sql.one(`SELECT count(*) AS n FROM audit_event WHERE entity = 'export_batch' AND entity_id = ? AND action = 'export-run'`, [batch.batch.id]))).toEqual({ n: 1 });
  });

  it('writes every planned file; the ACH file reads back with the independent reader and pays every ACH provider once', async () => {
    expect(batch.batch.filesWrittenAt).not.toBeNull();
    expect(batch.files.every((f) => f.bytes !== null && f.bytes > 0 && f.sha256)).toBe(true);
    const ach = batch.files.find((f) => f.kind === 'nacha')!;
    const file = readNacha(fs.readFileSync(folderFile(ach.name), 'utf8'));
    const achProviders = batch.providers.filter((p) => p.method === 'ach');
    expect(file.entries.map((e) => e.trace).sort()).toEqual(achProviders.map((p) => p.reference).sort());
    for (const p of achProviders) expect(file.entries.find((e) => e.trace === p.reference)!.amountCents).toBe(p.netCents);
    expect(file.totalCreditCents).toBe(achProviders.reduce((s, p) => s + p.netCents, 0));
    for (const p of achProviders) for (const i of p.items) {
      expect(file.entries.filter((e) => e.addenda.includes(`${i.kind === 'payment' ? 'P' : 'A'}${i.paymentId} `) || e.addenda.endsWith(`${i.kind === 'payment' ? 'P' : 'A'}${i.paymentId}`))).toHaveLength(1);
    }
  });

  it('the payment register lists every exported item once; checks are in the check register and positive pay', async () => {
    const register = Papa.parse<Record<string, string>>(fs.readFileSync(folderFile(`payment-register-${batch.batch.id}.csv`), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const ids = register.map((r) => Number(r.payment_id)).sort((a, b) => a - b);
    expect(ids).toEqual(batch.providers.flatMap((p) => p.items.map((i) => i.paymentId)).sort((a, b) => a - b));
    expect(register.reduce((s, r) => s + Math.round(Number(r.amount) * 100), 0)).toBe(batch.batch.totalCents);
    const checks = batch.providers.filter((p) => p.method === 'check');
    const positive = Papa.parse<Record<string, string>>(fs.readFileSync(folderFile(`positive-pay-${batch.batch.id}.csv`), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(positive.map((r) => r.check_number).sort()).toEqual(checks.map((p) => p.reference).sort());
    expect(positive.every((r) => r.issue_date === batch.batch.createdAt.slice(0, 10))).toBe(true);
  });

  it('remittance PDFs: each provider name, each item amount and the net, in its own PDF and in the combined one', async () => {
    const combined = (await pdfPagesText(folderFile(`remittance-all-${batch.batch.id}.pdf`))).join('\n');
    for (const p of batch.providers) {
      const own = (await pdfPagesText(folderFile(p.remittanceFile))).join('\n');
      for (const text of [own, combined]) {
        expect(text).toContain(p.providerName);
        expect(text).toContain(formatCents(p.netCents));
        for (const i of p.items) expect(text).toContain(formatCents(i.amountCents));
      }
    }
    const summary = (await pdfPagesText(folderFile(`summary-${batch.batch.id}.pdf`))).join('\n');
    expect(summary).toContain(formatCents(batch.batch.totalCents));
    for (const l of preview.leftOut) expect(summary).toContain(l.providerName);
  });

  it('regenerating the files gives identical SHA-256s', async () => {
    const before = new Map(batch.files.map((f) => [f.name, f.sha256]));
    for (const f of batch.files.filter((x) => x.kind !== 'remittance')) fs.rmSync(folderFile(f.name));
    const again = await (await w.as('payor')).call('export-regenerate', { batchId: batch.batch.id });
    expect(again.files.map((f) => [f.name, f.sha256])).toEqual([...before]);
    const onDisk = await (await w.as('approver')).call('export-batch-get', { batchId: batch.batch.id });
    expect(onDisk.files.map((f) => [f.name, f.sha256])).toEqual([...before]);
  });

  it('a second run finds nothing left to export and changes nothing', async () => {
    const before = await snapshot(w.core);
    await expect((await w.as('payor')).call('export-run', { periodId: w.periodId, payorId: 1 })).rejects.toMatchObject({ code: 'REFUSED', rule: 'export.nothing' });
    expect(await snapshot(w.core)).toEqual(before);
  });

  it('a later batch the same day (the released item) gets the next ACH file id modifier', async () => {
    const payor = await w.as('payor');
    const held = preview.leftOut.find((l) => l.reason === 'held')!.paymentIds[0];
    await payor.call('payments-act', { paymentId: held, action: 'release-hold' });
    const second = await payor.call('export-run', { periodId: w.periodId, payorId: 1 });
    expect(second.providers.flatMap((p) => p.items.map((i) => i.paymentId))).toEqual([held]);
    const ach = fs.readFileSync(path.join(second.batch.folder, `ach-${second.batch.id}.txt`), 'utf8');
    expect(ach[33]).toBe('B');
    expect(readNacha(ach).entries).toHaveLength(1);
    expect(fs.readFileSync(folderFile(`ach-${batch.batch.id}.txt`), 'utf8')[33]).toBe('A');
  });

  it('reports render the same bytes again, into the batch folder', async () => {
    const payor = await w.as('payor');
    const p = batch.providers[0];
    const cases = [
      [{ kind: 'remittance', providerId: p.providerId }, p.remittanceFile],
      [{ kind: 'summary' }, `summary-${batch.batch.id}.pdf`],
      [{ kind: 'remittance' }, `remittance-all-${batch.batch.id}.pdf`],
      [{ kind: 'register' }, `payment-register-${batch.batch.id}.csv`],
    ] as const;
    for (const [args, name] of cases) {
      const before = sha256(folderFile(name));
      const r = await payor.call('export-report', { batchId: batch.batch.id, ...args });
      expect(r.file).toBe(folderFile(name));
      expect(r.sha256).toBe(before);
      expect(sha256(folderFile(name))).toBe(before);
    }
  });

  it('finds the remittance of a payment; a provider user only their own', async () => {
    const p = batch.providers.find((x) => x.providerId !== 1)!;
    const r = await (await w.as('approver')).call('export-remittance-for-payment', { paymentId: p.items[0].paymentId });
    expect(r).toEqual({ batchId: batch.batch.id, providerId: p.providerId, path: folderFile(p.remittanceFile), exists: true });
    const provider = await w.as('provider'); // tied to provider 1
    await expect(provider.call('export-remittance-for-payment', { paymentId: p.items[0].paymentId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const own = batch.providers.find((x) => x.providerId === 1);
    if (own) expect((await provider.call('export-remittance-for-payment', { paymentId: own.items[0].paymentId })).exists).toBe(true);
  });

  it('lists batches with their item states', async () => {
    const list = await (await w.as('approver')).call('export-batches-list', { periodId: w.periodId, sort: [{ field: 'id', sort: 'asc' }] });
    expect(list.total).toBe(2);
    expect(list.rows[0]).toMatchObject({ id: batch.batch.id, itemCount: batch.batch.itemCount, createdBy: 'payor', itemStates: { paid: batch.batch.itemCount, inProcess: 0 } });
    expect(list.rows[0].providerCount).toBe(batch.providers.length);
    // No filter at all: every batch (the demo's own too), newest first.
    const all = await (await w.as('approver')).call('export-batches-list', {});
    expect(all.total).toBe(Number(await testSql(w).value(`SELECT count(*) FROM export_batch`)));
    expect(all.total).toBeGreaterThan(2);
    expect(all.rows[0].id).toBeGreaterThanOrEqual(batch.batch.id);
  });
});
