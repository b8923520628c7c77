import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, snapshot, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';
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

const sql = () => testSql(t);
const march = async () => (await periodOf(t, '2026-03')).id;
const item = (id: number) =>
  sql().one(
    `SELECT kind, provider_id AS providerId, payor_id AS payorId, amount_cents AS amountCents, invoice_status AS i, sub_status AS s,
      payment_status AS p, corrects_payment_id AS corrects, adjustment_reason AS reason FROM payment WHERE id = ?`,
    [id],
  );

describe('adjustments-create', () => {
  it('creates an adjustment by the System Create action at the Approver\'s request, with the corrected payment\'s payor', async () => {
    const corrected = (await paymentOf(t, 1, '2026-03')).id;
    await sql().run(`UPDATE provider SET payor_id = 2 WHERE id = 1`); // changed payor since: the payment keeps its own
    const payorOfPayment = await sql().value<number>(`SELECT payor_id FROM payment WHERE id = ?`, [corrected]);
    const result = await (await t.as('approver')).call('adjustments-create', {
      providerId: 1,
      periodId: await march(),
      amountCents: 12_345,
      reasonText: '  Two days missed on the March sheet  ',
      correctsPaymentId: corrected,
    });
    expect(result.state).toMatchObject({ invoiceStatus: 'Pending Approval', subStatus: 'Awaiting Action', paymentStatus: 'Received', amountCents: 12_345 });
    expect(await item(result.id)).toEqual({
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
    const ev = await sql().one(`SELECT username, group_name AS g, action FROM audit_event WHERE entity_id = ? AND entity = 'payment'`, [result.id]);
    expect(ev).toEqual({ username: 'approver', g: 'System', action: 'create' });
  });

  it('a negative adjustment without a corrected payment uses the provider\'s payor; several per period are allowed', async () => {
    const approver = await t.as('approver');
    const a = await approver.call('adjustments-create', { providerId: 2, periodId: await march(), amountCents: -5_000, reasonText: 'Overpaid in February' });
    const b = await approver.call('adjustments-create', { providerId: 2, periodId: await march(), amountCents: 700, reasonText: 'Rounding' });
    const payor = await sql().value<number>(`SELECT payor_id FROM provider WHERE id = 2`);
    expect(await item(a.id)).toMatchObject({ amountCents: -5_000, payorId: payor, corrects: null });
    expect(await item(b.id)).toMatchObject({ amountCents: 700 });
  });

  it('then goes through the same workflow: an Approver authorizes it, a Payor may hold it', async () => {
    const approver = await t.as('approver');
    const { id } = await approver.call('adjustments-create', { providerId: 1, periodId: await march(), amountCents: 2_500, reasonText: 'Late fee refund' });
    await approver.call('payments-act', { paymentId: id, action: 'authorize' });
    expect(await item(id)).toMatchObject({ i: 'Pending Payment', s: 'Awaiting Action', p: 'Authorized' });
    await (await t.as('payor')).call('payments-act', { paymentId: id, action: 'place-hold', reason: { code: 'OUTSIDE_REVIEW' } });
    expect(await item(id)).toMatchObject({ p: 'Hold' });
  });

  it('refuses a zero amount, a blank reason, a payment of another provider, unknown ids, and non-Approvers — changing nothing', async () => {
    const approver = await t.as('approver');
    const before = await snapshot(t.core);
    const base = { providerId: 1, periodId: await march(), amountCents: 100, reasonText: 'x' };
    await expect(approver.call('adjustments-create', { ...base, amountCents: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'amountCents' });
    await expect(approver.call('adjustments-create', { ...base, reasonText: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'reasonText' });
    await expect(approver.call('adjustments-create', { ...base, amountCents: 1.5 })).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'amountCents' });
    const otherProviders = (await paymentOf(t, 2, '2026-03')).id;
    await expect(approver.call('adjustments-create', { ...base, correctsPaymentId: otherProviders })).rejects.toMatchObject({
      code: 'REFUSED',
      field: 'correctsPaymentId',
      message: expect.stringMatching(/another provider/),
    });
    await expect(approver.call('adjustments-create', { ...base, correctsPaymentId: 999_999 })).rejects.toMatchObject({ code: 'REFUSED', field: 'correctsPaymentId' });
    await expect(approver.call('adjustments-create', { ...base, providerId: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'providerId' });
    await expect(approver.call('adjustments-create', { ...base, periodId: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'periodId' });
    await expect((await t.as('payor')).call('adjustments-create', base)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await snapshot(t.core)).toEqual(before);
  });
});
