import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPagesText } from '../unit/export-pdf-text';
import { remittanceFileName } from '../../src/main/core/export/files/plan';
import { openRecoveryWorld, type RecoveryWorld } from './recovery-fixture';

// A recovery taken by a 25% plan over several later periods, worked out by hand (integer cents):
// provider 1 owes $1,000.01 for January; March pays $1,234.56, April $1,000.00, May $999.99, June
// $1,000.00, July $500.00. 25% of each, rounded down (never more than the percent):
//   March  floor(123456 × 25 / 100) = 30864 → balance 100001 − 30864 = 69137, net 92592
//   April  25000                          → 44137, net 75000
//   May    floor(99999 × 25 / 100) = 24999 → 19138, net 75000
//   June   25000 > 19138: the remainder 19138 → 0, net 80862
//   July   nothing owed                    → net 50000
// Provider 2, paid in the same batches, is never touched.

let w: RecoveryWorld;
let recoveryId: number;
const batches: number[] = [];
const KEEP = process.env.PAYDESK_KEEP_PNG;

beforeAll(async () => {
  w = await openRecoveryWorld();
});
afterAll(async () => w?.close());

const MONTHS: Array<[month: number, paid: number, taken: number, balance: number]> = [
  [3, 123456, 30864, 69137],
  [4, 100000, 25000, 44137],
  [5, 99999, 24999, 19138],
  [6, 100000, 19138, 0],
  [7, 50000, 0, 0],
];

describe('a 25% plan', () => {
  it('is created by an Approver (a negative adjustment in Pending Approval) and authorized by a second Approver', async () => {
    const r = await w.approver.call('recovery-create', {
      providerId: 1, amountCents: -100001, reasonCode: 'OVERBILLED_ATTENDANCE', serviceFrom: '2026-01-05', serviceTo: '2026-01-30',
      plan: { kind: 'percent' }, comment: 'Attendance audit of January',
    });
    recoveryId = r.recoveryId;
    expect(r).toMatchObject({ providerId: 1, periodId: 1, amountCents: -100001, plan: { kind: 'percent', percent: 25 }, state: 'waiting for authorization', balanceCents: 100001, steps: [] });
    expect(r.planText).toBe('At most 25% of each later payment until repaid');
    const item = await w.sql.one<{ kind: string; amountCents: number; invoiceStatus: string }>(
      `SELECT kind, amount_cents AS "amountCents", invoice_status AS "invoiceStatus" FROM payment WHERE id = ?`, [recoveryId]);
    expect(item).toEqual({ kind: 'adjustment', amountCents: -100001, invoiceStatus: 'Pending Approval' });
    expect(await w.sql.values(`SELECT action FROM audit_event WHERE entity = 'recovery' AND entity_id = ? ORDER BY id`, [recoveryId])).toEqual(['create-recovery']);
    await w.approver2.call('payments-act', { paymentId: recoveryId, action: 'authorize' });
    expect((await w.approver.call('recovery-get', { recoveryId })).state).toBe('open');
    // Nothing is owed on the ledger before any export: the recovery is there, nothing taken.
    const ledger = await w.approver.call('provider-ledger', { providerId: 1 });
    expect(ledger.totals).toEqual({ paidCents: 0, recoveredCents: 0, netPaidCents: 0, owedCents: 100001, waivedCents: 0, balanceOwedCents: 100001 });
  });

  it('takes its share of each later batch until the balance is exactly zero', async () => {
    let paid = 0;
    let recovered = 0;
    for (const [month, cents, taken, balance] of MONTHS) {
      w.setNow(`2026-${String(month + 1).padStart(2, '0')}-03T15:00:00.000Z`);
      const payment = await w.pay(1, month, cents);
      await w.pay(2, month, 70000);
      const preview = await w.payor.call('export-preview', { periodId: month, payorId: 1 });
      const p1 = preview.providers.find((p) => p.providerId === 1)!;
      expect(p1).toMatchObject({ adjustmentCents: cents, recoveredCents: taken, netCents: cents - taken });
      expect(preview.totalCents).toBe(cents - taken + 70000);
      const batch = await w.exportMonth(month);
      batches.push(batch.batch.id);
      expect(batch.batch.totalCents).toBe(cents - taken + 70000);
      expect(batch.providers.find((p) => p.providerId === 1)!.netCents).toBe(cents - taken);
      expect(batch.providers.find((p) => p.providerId === 2)!.netCents).toBe(70000);
      // The item is exported at its authorized amount; the step is recorded beside it.
      expect(await w.sql.value(`SELECT amount_cents FROM export_item WHERE payment_id = ?`, [payment])).toBe(cents);
      const steps = await w.sql.rows(`SELECT cents, balance_after_cents AS b, gross_cents AS g FROM recovery_step WHERE batch_id = ?`, [batch.batch.id]);
      expect(steps).toEqual(taken ? [{ cents: taken, b: balance, g: cents }] : []);
      // The check register writes the net.
      const register = fs.readFileSync(path.join(batch.batch.folder, batch.files.find((f) => f.kind === 'check-register')!.name), 'utf8');
      expect(register).toContain((cents - taken) / 100 === Math.trunc((cents - taken) / 100) ? `${(cents - taken) / 100}.00` : ((cents - taken) / 100).toFixed(2));
      paid += cents;
      recovered += taken;
      const r = await w.approver.call('recovery-get', { recoveryId });
      expect(r).toMatchObject({ recoveredCents: recovered, balanceCents: balance, state: balance === 0 ? 'repaid' : 'open' });
      const ledger = await w.approver.call('provider-ledger', { providerId: 1 });
      expect(ledger.totals).toEqual({ paidCents: paid, recoveredCents: recovered, netPaidCents: paid - recovered, owedCents: 100001, waivedCents: 0, balanceOwedCents: balance });
      const line = ledger.lines.find((l) => l.paymentId === payment)!;
      expect(line).toMatchObject({ kind: 'paid', paidCents: cents, recoveredCents: taken, balanceOwedCents: balance, batchId: batch.batch.id });
      expect(line.eventIds).toHaveLength(taken ? 2 : 1);
    }
    expect(recovered).toBe(100001);
    expect(await w.sql.value(`SELECT sum(cents) FROM recovery_step WHERE recovery_id = ?`, [recoveryId])).toBe(100001);
  });

  it('records each step with an audit event, and exports the recovery with the first batch that took a step', async () => {
    const events = await w.sql.rows<{ action: string; stateAfter: string }>(
      `SELECT action, state_after AS "stateAfter" FROM audit_event WHERE entity = 'recovery' AND entity_id = ? ORDER BY id`, [recoveryId]);
    expect(events.map((e) => e.action)).toEqual(['create-recovery', 'recovery-step', 'recovery-step', 'recovery-step', 'recovery-step']);
    expect(events.slice(1).map((e) => JSON.parse(e.stateAfter).balanceAfterCents)).toEqual([69137, 44137, 19138, 0]);
    const item = await w.sql.one(`SELECT export_batch_id AS b, invoice_status AS s, sub_status AS ss FROM payment WHERE id = ?`, [recoveryId]);
    expect(item).toEqual({ b: batches[0], s: 'Invoice History', ss: 'Paid' });
    expect(await w.sql.value(`SELECT count(*) FROM export_item WHERE payment_id = ?`, [recoveryId])).toBe(0);
    const run = await w.sql.value<string>(`SELECT state_after FROM audit_event WHERE entity = 'export_batch' AND entity_id = ? AND action = 'export-run'`, [batches[0]]);
    expect(JSON.parse(run)).toMatchObject({ totalCents: 92592 + 70000, recoveredCents: 30864 });
    // verify-audit finds nothing wrong with the money.
    const verify = await w.admin.call('audit-verify', {});
    expect(verify.ok).toBe(true);
  });

  it('prints each step on the remittance and the notice with the first batch (read back, rendered to PNG)', async () => {
    const remittance = (batchIndex: number) => {
      const folder = w.sql.value<string>(`SELECT folder FROM export_batch WHERE id = ?`, [batches[batchIndex]]);
      return folder.then((f) => path.join(f, remittanceFileName(1)));
    };
    const first = await pdfPagesText(await remittance(0));
    expect(first).toHaveLength(2);
    expect(first[0]).toMatch(new RegExp(`Recovery ${recoveryId} — overpayment \\(OVERBILLED_ATTENDANCE\\)`));
    expect(first[0]).toContain('-$308.64');
    expect(first[0]).toContain('$308.64 recovered from this payment, balance left $691.37');
    expect(first[0]).toMatch(/Recovered \(1\)/);
    expect(first[0]).toContain('$925.92');
    expect(first[1]).toContain('NOTICE OF OVERPAYMENT');
    expect(first[1]).toContain('$1,000.01');
    expect(first[1]).toContain('2026-01-05 – 2026-01-30');
    expect(first[1]).toContain('Overbilled attendance (OVERBILLED_ATTENDANCE)');
    expect(first[1]).toContain('At most 25% of each later payment until repaid');
    expect(first[1]).toContain('2026-05-03 (30 days from the notice date)');
    const last = await pdfPagesText(await remittance(3));
    expect(last).toHaveLength(1);
    expect(last[0]).toContain('$191.38 recovered from this payment, balance left $0.00 (repaid).');
    const none = await pdfPagesText(await remittance(4));
    expect(none[0]).not.toContain('Recovery');
    for (const [i, name] of [[0, 'first'], [3, 'last']] as const) {
      const out = fs.mkdtempSync(path.join(w.dir, 'png-'));
      execFileSync('pdftoppm', ['-png', '-r', '60', await remittance(i), path.join(out, `recovery-remittance-${name}`)]);
      const pngs = fs.readdirSync(out);
      expect(pngs.length).toBe(i === 0 ? 2 : 1);
      for (const png of pngs) {
        expect(fs.statSync(path.join(out, png)).size).toBeGreaterThan(10_000);
        if (KEEP) fs.copyFileSync(path.join(out, png), path.join(KEEP, png));
      }
    }
    // The combined PDF has the notice too; the notice on demand is the same page.
    const notice = await w.payor.call('recovery-notice', { recoveryId });
    const file = path.join(w.dir, notice.fileName);
    fs.writeFileSync(file, Buffer.from(notice.pdfBase64, 'base64'));
    const text = await pdfPagesText(file);
    expect(text).toHaveLength(1);
    expect(text[0]).toContain('Notice date 2026-04-03');
    if (KEEP) {
      execFileSync('pdftoppm', ['-png', '-r', '70', file, path.join(KEEP, 'recovery-notice')]);
    }
  });
});
