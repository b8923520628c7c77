import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/core';
import { openRecoveryWorld, type RecoveryWorld } from './recovery-fixture';

// Hand-worked: provider 2 owes $600.00 (OVERPAID_RATE), taken whole from its next payments.
//   March pays $400.00: the whole plan takes all of it → net $0.00 (never below zero), balance $200.00 carried forward
//   April pays $500.00: takes the remaining $200.00 → net $300.00, balance $0.00
// Provider 1 owes $1,000.00 on a 10% plan; March pays $800.00 → $80.00 taken, balance $920.00;
// then payor (a second user) waives the rest, after the creator and the authorizer were refused.

let w: RecoveryWorld;
beforeAll(async () => {
  w = await openRecoveryWorld();
});
afterAll(async () => w?.close());

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: { message: string; rule?: string }) => e);

describe('whole from the next payments', () => {
  let recoveryId: number;
  it('takes everything a batch pays (net zero, nothing moves) and carries the rest forward', async () => {
    recoveryId = (await w.approver.call('recovery-create', {
      providerId: 2, amountCents: -60000, reasonCode: 'OVERPAID_RATE', serviceFrom: '2026-02-02', serviceTo: '2026-02-27', plan: { kind: 'whole' },
    })).recoveryId;
    await w.approver2.call('payments-act', { paymentId: recoveryId, action: 'authorize' });
    w.setNow('2026-04-03T15:00:00.000Z');
    await w.pay(2, 3, 40000);
    await w.pay(1, 3, 25000);
    const march = await w.exportMonth(3);
    const p2 = march.providers.find((p) => p.providerId === 2)!;
    expect(p2.netCents).toBe(0);
    expect(p2.method).toBe('none');
    expect(march.batch.totalCents).toBe(25000);
    expect((await w.approver.call('recovery-get', { recoveryId })).balanceCents).toBe(20000);

    w.setNow('2026-05-04T15:00:00.000Z');
    await w.pay(2, 4, 50000);
    const april = await w.exportMonth(4);
    expect(april.providers.find((p) => p.providerId === 2)!.netCents).toBe(30000);
    const r = await w.approver.call('recovery-get', { recoveryId });
    expect(r).toMatchObject({ state: 'repaid', recoveredCents: 60000, balanceCents: 0 });
    expect(r.steps.map((s) => [s.batchId, s.cents, s.balanceAfterCents])).toEqual([[march.batch.id, 40000, 20000], [april.batch.id, 20000, 0]]);
    const ledger = await w.approver.call('provider-ledger', { providerId: 2 });
    expect(ledger.totals).toEqual({ paidCents: 90000, recoveredCents: 60000, netPaidCents: 30000, owedCents: 60000, waivedCents: 0, balanceOwedCents: 0 });
    expect(ledger.lines.map((l) => [l.kind, l.paidCents, l.recoveredCents, l.owedCents, l.balanceOwedCents])).toEqual([
      ['recovery', 0, 0, 60000, 60000],
      ['paid', 40000, 40000, 0, 20000],
      ['paid', 50000, 20000, 0, 0],
    ]);
  });

  it('leaves an ordinary negative adjustment as it was: netted whole, a negative net left out', async () => {
    w.setNow('2026-06-03T15:00:00.000Z');
    await w.pay(2, 5, 10000);
    const { id } = await w.approver.call('adjustments-create', { providerId: 2, periodId: 5, amountCents: -15000, reasonText: 'Duplicate days' });
    await w.approver2.call('payments-act', { paymentId: id, action: 'authorize' });
    await w.pay(1, 5, 5000);
    const preview = await w.payor.call('export-preview', { periodId: 5, payorId: 1 });
    expect(preview.leftOut).toEqual([expect.objectContaining({ providerId: 2, reason: 'negative-net' })]);
  });
});

describe('waiving the rest', () => {
  let recoveryId: number;
  it('is refused to the user who created the recovery and to the one who authorized it, and to a missing reason; nothing changes', async () => {
    recoveryId = (await w.approver.call('recovery-create', {
      providerId: 1, amountCents: -100000, reasonCode: 'NO_SIGN_IN_RECORDS', serviceFrom: '2026-01-05', serviceTo: '2026-01-16', plan: { kind: 'percent', percent: 10 },
    })).recoveryId;
    await w.approver2.call('payments-act', { paymentId: recoveryId, action: 'authorize' });
    w.setNow('2026-07-03T15:00:00.000Z');
    await w.pay(1, 6, 80000);
    const june = await w.exportMonth(6);
    expect(june.providers.find((p) => p.providerId === 1)!.netCents).toBe(72000);
    expect((await w.approver.call('recovery-get', { recoveryId })).balanceCents).toBe(92000);

    const before = await snapshot(w.core);
    const byCreator = await refusal(w.approver.call('recovery-waive', { recoveryId, reason: 'Provider closed' }));
    expect(byCreator?.message).toBe(`Recovery ${recoveryId} was created by you: a second user waives the rest (separation of duties).`);
    const byAuthorizer = await refusal(w.approver2.call('recovery-waive', { recoveryId, reason: 'Provider closed' }));
    expect(byAuthorizer?.message).toBe(`Recovery ${recoveryId} was authorized by you: a second user waives the rest (separation of duties).`);
    const noReason = await refusal(w.payor.call('recovery-waive', { recoveryId, reason: '   ' }));
    expect(noReason?.message).toMatch(/reason.*must say why the rest is waived/);
    expect(await snapshot(w.core)).toEqual(before);
  });

  it('is done by a second user with a reason: an audit event, the balance zero, nothing more taken', async () => {
    const r = await w.payor.call('recovery-waive', { recoveryId, reason: 'Provider closed; hardship' });
    expect(r).toMatchObject({ state: 'waived', recoveredCents: 8000, waivedCents: 92000, balanceCents: 0, waiveReason: 'Provider closed; hardship' });
    const event = await w.sql.one<{ username: string; comment: string; stateAfter: string }>(
      `SELECT username, comment, state_after AS "stateAfter" FROM audit_event WHERE entity = 'recovery' AND entity_id = ? AND action = 'waive-recovery'`, [recoveryId]);
    expect(event).toMatchObject({ username: 'payor', comment: 'Provider closed; hardship' });
    expect(JSON.parse(event!.stateAfter)).toEqual({ waivedCents: 92000, balanceCents: 0 });
    const again = await refusal(w.payor2.call('recovery-waive', { recoveryId, reason: 'again' }));
    expect(again?.message).toMatch(/already waived/);
    w.setNow('2026-08-03T15:00:00.000Z');
    await w.pay(1, 7, 80000);
    const july = await w.exportMonth(7);
    expect(july.providers.find((p) => p.providerId === 1)!.netCents).toBe(80000);
    const ledger = await w.approver.call('provider-ledger', { providerId: 1 });
    expect(ledger.totals).toEqual({ paidCents: 25000 + 80000 + 80000, recoveredCents: 8000, netPaidCents: 177000, owedCents: 100000, waivedCents: 92000, balanceOwedCents: 0 });
    const waived = ledger.lines.find((l) => l.kind === 'waived')!;
    expect(waived).toMatchObject({ waivedCents: 92000, balanceOwedCents: 0, recoveryId });
    expect(waived.description).toContain('waived by payor (Provider closed; hardship)');
  });
});

describe('refused with the reason, changing nothing', () => {
  it('a recovery from a provider a third-party payor pays, a percent above the setting, a positive amount, backwards dates', async () => {
    const before = await snapshot(w.core);
    const base = { providerId: 1, amountCents: -5000, reasonCode: 'OVERPAID', serviceFrom: '2026-01-05', serviceTo: '2026-01-09', plan: { kind: 'whole' as const } };
    expect((await refusal(w.approver.call('recovery-create', { ...base, providerId: 3 })))?.message).toMatch(/paid by Falling Colors, a third-party payor/);
    expect((await refusal(w.approver.call('recovery-create', { ...base, plan: { kind: 'percent', percent: 30 } })))?.message).toBe(
      'A plan may take at most 25% of each later payment (setting recovery.maxPercent on 2026-08-03); 30% was asked.');
    expect((await refusal(w.approver.call('recovery-create', { ...base, amountCents: 5000 })))?.message).toMatch(/amountCents.*must be negative/);
    expect((await refusal(w.approver.call('recovery-create', { ...base, serviceTo: '2026-01-01' })))?.message).toMatch(/serviceTo.*must not be before serviceFrom/);
    expect((await refusal(w.approver.call('recovery-create', { ...base, reasonCode: 'overpaid' })))?.message).toMatch(/reasonCode.*reason code/);
    expect((await refusal(w.payor.call('recovery-create', base)))?.message).toMatch(/Approver/);
    expect(await snapshot(w.core)).toEqual(before);
  });
});

describe('a negative adjustment made a recovery (a reconciliation that comes out negative)', () => {
  it('keeps its amount and period, takes its service dates from the payment it corrects, and is then taken by its plan', async () => {
    w.setNow('2026-08-03T15:00:00.000Z');
    const corrected = await w.sql.value<number>(`SELECT min(id) FROM payment WHERE provider_id = 1 AND period_id = 6 AND amount_cents > 0`);
    const { id } = await w.approver.call('adjustments-create', { providerId: 1, periodId: 7, amountCents: -12345, reasonText: 'Reconciliation of June', correctsPaymentId: corrected });
    const r = await w.approver.call('recovery-from-adjustment', { adjustmentId: id, reasonCode: 'RECONCILIATION', plan: { kind: 'percent', percent: 20 } });
    expect(r).toMatchObject({ recoveryId: id, amountCents: -12345, periodId: 7, serviceFrom: '2026-06-01', serviceTo: '2026-06-30', plan: { kind: 'percent', percent: 20 } });
    expect((await refusal(w.approver.call('recovery-from-adjustment', { adjustmentId: id, reasonCode: 'AGAIN', plan: { kind: 'whole' } })))?.message).toBe(`Adjustment ${id} is already recovery ${id}.`);
    await w.approver2.call('payments-act', { paymentId: id, action: 'authorize' });
    // Not netted whole in its own period's export: the plan takes 20% of August's $100.00.
    w.setNow('2026-09-03T15:00:00.000Z');
    await w.pay(1, 8, 10000);
    const aug = await w.exportMonth(8);
    expect(aug.providers.find((p) => p.providerId === 1)!.netCents).toBe(8000);
    expect((await w.approver.call('recovery-get', { recoveryId: id })).balanceCents).toBe(10345);
  });
});

describe("the money check knows the recovery's steps", () => {
  it('leaves a provider out when its recovery was changed outside PayDesk (recovered amount or amount), naming it', async () => {
    const open = await w.sql.value<number>(`SELECT payment_id FROM recovery WHERE reason_code = 'RECONCILIATION'`);
    await w.pay(1, 9, 10000);
    await w.sql.run(`UPDATE recovery SET recovered_cents = recovered_cents + 100 WHERE payment_id = ?`, [open]);
    let preview = await w.payor.call('export-preview', { periodId: 9, payorId: 1 });
    expect(preview.leftOut).toEqual([expect.objectContaining({ providerId: 1, reason: 'amount-differs', message: `Recovery ${open}: $21.00 recorded as recovered, but its steps took $20.00` })]);
    await w.sql.run(`UPDATE recovery SET recovered_cents = recovered_cents - 100 WHERE payment_id = ?`, [open]);
    await w.sql.run(`UPDATE payment SET amount_cents = -100 WHERE id = ?`, [open]);
    preview = await w.payor.call('export-preview', { periodId: 9, payorId: 1 });
    expect(preview.leftOut[0]).toMatchObject({ providerId: 1, reason: 'amount-differs' });
    expect(preview.leftOut[0].message).toMatch(new RegExp(`Payment ${open}: amount -\\$1.00 differs from the -\\$123.45`));
  });
});
