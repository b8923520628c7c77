import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, snapshot, type TestCore } from '../helpers/core';
import { generate, paymentOf, periodOf } from './intake-fixture';

// adjustments-create: a ± correction for one provider and period, then the same workflow.

let t: TestCore;
beforeEach(async () => {
  t = await openTestCore({ demo: true });
  await generate(t, '2026-03');
});
afterEach(async () => {
  await t.close();
});

const sql = () => t.core.store.sql;
const march = () => periodOf(sql(), '2026-03').id;
const item = (id: number) =>
  sql()
    .prepare(`SELECT kind, provider_id AS providerId, payor_id AS payorId, amount_cents AS amountCents, invoice_status AS i, sub_status AS s,
      payment_status AS p, corrects_payment_id AS corrects, adjustment_reason AS reason FROM payment WHERE id = ?`)
    .get(id);

describe('adjustments-create', () => {
  it('creates an adjustment by the System Create action at the Approver\'s request, with the corrected payment\'s payor', async () => {
    const corrected = paymentOf(sql(), 1, '2026-03').id;
    sql().prepare(`UPDATE provider SET payor_id = 2 WHERE id = 1`).run(); // changed payor since: the payment keeps its own
    const payorOfPayment = (sql().prepare(`SELECT payor_id AS id FROM payment WHERE id = ?`).get(corrected) as { id: number }).id;
    const result = await (await t.as('approver')).call('adjustments-create', {
      providerId: 1,
      periodId: march(),
      amountCents: 12_345,
      reasonText: '  Two days missed on the March sheet  ',
      correctsPaymentId: corrected,
    });
    expect(result.state).toMatchObject({ invoiceStatus: 'Pending Approval', subStatus: 'Awaiting Action', paymentStatus: 'Received', amountCents: 12_345 });
    expect(item(result.id)).toEqual({
      kind: 'adjustment',
      providerId: 1,
      payorId: payorOfPayment,
      amountCents: 12_345,
      i: 'Pending Approval',
      s: 'Awaiting Action',
      p: 'Received',
      corrects: corrected,
      reason: 'Two days missed on the March sheet',
    });
    const ev = sql().prepare(`SELECT username, group_name AS g, action FROM audit_event WHERE entity_id = ? AND entity = 'payment'`).get(result.id);
    expect(ev).toEqual({ username: 'approver', g: 'System', action: 'create' });
  });

  it('a negative adjustment without a corrected payment uses the provider\'s payor; several per period are allowed', async () => {
    const approver = await t.as('approver');
    const a = await approver.call('adjustments-create', { providerId: 2, periodId: march(), amountCents: -5_000, reasonText: 'Overpaid in February' });
    const b = await approver.call('adjustments-create', { providerId: 2, periodId: march(), amountCents: 700, reasonText: 'Rounding' });
    const payor = (sql().prepare(`SELECT payor_id AS id FROM provider WHERE id = 2`).get() as { id: number }).id;
    expect(item(a.id)).toMatchObject({ amountCents: -5_000, payorId: payor, corrects: null });
    expect(item(b.id)).toMatchObject({ amountCents: 700 });
  });

  it('then goes through the same workflow: an Approver authorizes it, a Payor may hold it', async () => {
    const approver = await t.as('approver');
    const { id } = await approver.call('adjustments-create', { providerId: 1, periodId: march(), amountCents: 2_500, reasonText: 'Late fee refund' });
    await approver.call('payments-act', { paymentId: id, action: 'authorize' });
    expect(item(id)).toMatchObject({ i: 'Pending Payment', s: 'Awaiting Action', p: 'Authorized' });
    await (await t.as('payor')).call('payments-act', { paymentId: id, action: 'place-hold', reason: { code: 'OUTSIDE_REVIEW' } });
    expect(item(id)).toMatchObject({ p: 'Hold' });
  });

  it('refuses a zero amount, a blank reason, a payment of another provider, unknown ids, and non-Approvers — changing nothing', async () => {
    const approver = await t.as('approver');
    const before = snapshot(t.core);
    const base = { providerId: 1, periodId: march(), amountCents: 100, reasonText: 'x' };
    await expect(approver.call('adjustments-create', { ...base, amountCents: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'amountCents' });
    await expect(approver.call('adjustments-create', { ...base, reasonText: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'reasonText' });
    await expect(approver.call('adjustments-create', { ...base, amountCents: 1.5 })).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'amountCents' });
    const otherProviders = paymentOf(sql(), 2, '2026-03').id;
    await expect(approver.call('adjustments-create', { ...base, correctsPaymentId: otherProviders })).rejects.toMatchObject({
      code: 'REFUSED',
      field: 'correctsPaymentId',
      message: expect.stringMatching(/another provider/),
    });
    await expect(approver.call('adjustments-create', { ...base, correctsPaymentId: 999_999 })).rejects.toMatchObject({ code: 'REFUSED', field: 'correctsPaymentId' });
    await expect(approver.call('adjustments-create', { ...base, providerId: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'providerId' });
    await expect(approver.call('adjustments-create', { ...base, periodId: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'periodId' });
    await expect((await t.as('payor')).call('adjustments-create', base)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(snapshot(t.core)).toEqual(before);
  });
});
