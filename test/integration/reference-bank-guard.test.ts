import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBankChangePending } from '../../src/main/core/reference/bank-guard';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { auditOf, firstAchProvider, formOf, openRefWorld, routing, type RefWorld } from './reference-fixture';

// DESIGN.md section 3, Bank-detail hold: a changed routing or account number holds the provider's
// unexported items until a second user confirms the new details.

let t: RefWorld;
let providerId: number;
const items: Record<'awaiting' | 'inReview' | 'pendingPayment' | 'adminHold' | 'otherProvider', number> = {
  awaiting: 0,
  inReview: 0,
  pendingPayment: 0,
  adminHold: 0,
  otherProvider: 0,
};

/** What the guard must hold: the provider's unexported items in Awaiting Action or In Review (demo items included). */
const holdable = () =>
  testSql(t).values<number>(
    `SELECT id FROM payment WHERE provider_id = ? AND export_batch_id IS NULL
       AND invoice_status IN ('Pending Approval', 'Pending Payment') AND sub_status IN ('Awaiting Action', 'In Review') ORDER BY id`,
    [providerId],
  );
let held: number[] = [];

const state = (paymentId: number) =>
  testSql(t).get<{ i: string; s: string; h: string | null }>(`SELECT invoice_status AS i, sub_status AS s, hold_kind AS h FROM payment WHERE id = ?`, [paymentId]);

beforeAll(async () => {
  t = await openRefWorld();
  providerId = (await firstAchProvider(t));
  const periods = await t.approver.call('periods-list', {});
  const periodId = (code: string) => periods.find((p) => p.code === code)!.id;
  for (const code of ['2026-03', '2026-04', '2026-05', '2026-06']) await t.approver.call('payments-generate', { periodId: periodId(code) });
  const sql = testSql(t);
  // The demo's own payments are in the later periods; these four are fresh (Awaiting Action).
  const ids = await sql.values<number>(
    `SELECT p.id FROM payment p JOIN service_period sp ON sp.id = p.period_id
     WHERE p.provider_id = ? AND sp.code IN ('2026-03', '2026-04', '2026-05', '2026-06') ORDER BY sp.start_date`,
    [providerId],
  );
  expect(ids.length).toBe(4);
  [items.awaiting, items.inReview, items.pendingPayment, items.adminHold] = ids;
  // Another provider's item the guard could hold (not exported, Awaiting Action): it must stay so.
  items.otherProvider = await sql.value<number>(
    `SELECT id FROM payment WHERE provider_id <> ? AND export_batch_id IS NULL AND sub_status = 'Awaiting Action' ORDER BY id LIMIT 1`,
    [providerId],
  );

  await t.approver.call('payments-act', { paymentId: items.inReview, action: 'start-review' });
  await t.approver.call('payments-act', { paymentId: items.adminHold, action: 'place-hold', reason: { code: 'OUTSIDE_REVIEW', comment: 'audit visit' } });
  // One item authorized (Pending Payment): paper attendance for a child authorized in May, calculate, authorize.
  const child = await sql.get<{ id: number }>(
    `SELECT child_id AS id FROM "authorization" WHERE provider_id = ? AND start_date <= '2026-05-04' AND end_date >= '2026-05-04' ORDER BY id LIMIT 1`,
    [providerId],
  );
  await t.approver.call('payments-act', {
    paymentId: items.pendingPayment,
    action: 'record-paper-attendance',
    attendance: { rows: [{ childId: child.id, date: '2026-05-04', hours: 8, absenceCode: null }] },
  });
  await t.approver.call('payments-act', { paymentId: items.pendingPayment, action: 'calculate' });
  await t.approver.call('payments-act', { paymentId: items.pendingPayment, action: 'authorize' });
  expect(await state(items.pendingPayment)).toMatchObject({ i: 'Pending Payment', s: 'Awaiting Action' });
});
afterAll(() => t.close());

describe('the bank-detail guard', () => {
  it('leaves items alone when other fields change', async () => {
    const p = await t.admin.call('providers-get', { providerId });
    const r = await t.admin.call('providers-save', { ...formOf(p), contactName: 'New Contact' });
    expect(r).toMatchObject({ bankDetailsChanged: false, heldPaymentIds: [] });
    expect(await state(items.awaiting)).toMatchObject({ s: 'Awaiting Action' });
  });

  it("holds the provider's unexported items in Awaiting Action or In Review, with the reason, and records who and when", async () => {
    const p = await t.admin.call('providers-get', { providerId });
    held = await holdable();
    expect(held).toEqual(expect.arrayContaining([items.awaiting, items.inReview, items.pendingPayment]));
    expect(held).not.toContain(items.adminHold);
    const r = await t.admin.call('providers-save', { ...formOf(p), routingNumber: routing('04400004'), accountNumber: '5550001234' });
    expect(r.bankDetailsChanged).toBe(true);
    expect(r.heldPaymentIds).toEqual(held);
    expect(await holdable()).toEqual([]);
    expect(r.provider).toMatchObject({ bankChangePending: true, bankChangedBy: 'admin', bankChangedAt: '2026-11-25T09:00:00.000Z', canConfirmBankDetails: false });
    for (const id of r.heldPaymentIds) expect(await state(id)).toMatchObject({ s: 'Administrative Hold', h: 'bank_details' });
    expect((await state(items.pendingPayment)).i).toBe('Pending Payment');
    expect(await state(items.adminHold)).toMatchObject({ s: 'Administrative Hold', h: 'administrative' });
    expect((await state(items.otherProvider)).s).toBe('Awaiting Action');
    expect(await isBankChangePending(t.core.store.db, providerId)).toBe(true);

    const history = await t.approver.call('payments-history', { paymentId: items.inReview });
    expect(history.at(-1)).toMatchObject({
      action: 'bank-detail-hold',
      group: 'System',
      reasonCode: 'BANK_DETAILS_CHANGED',
      comment: 'bank details changed — verify',
      before: { subStatus: 'In Review' },
      after: { subStatus: 'Administrative Hold' },
    });
    const change = (await auditOf(t, 'provider', providerId)).find((e) => e.action === 'change-bank-details')!;
    expect(change).toMatchObject({ username: 'admin', reason_code: 'BANK_DETAILS_CHANGED' });
    expect(change.state_after).toContain('•••• 1234');
    expect(change.state_after).not.toContain('5550001234');
    const list = await t.payor.call('providers-list', { search: p.licenseNumber });
    expect(list.rows[0].bankChangePending).toBe(true);
  });

  it('refuses the confirmation by the user who made the change, changing nothing', async () => {
    const before = await snapshot(t.core);
    await expect(t.admin.call('providers-confirm-bank-details', { providerId })).rejects.toMatchObject({
      code: 'REFUSED',
      message: expect.stringContaining('a different user must confirm'),
    });
    expect(await snapshot(t.core)).toEqual(before);
    await expect((await t.as('provider')).call('providers-confirm-bank-details', { providerId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('is confirmed by a second user: the pending flag clears and the bank-detail holds (only those) are released', async () => {
    const shown = await t.approver.call('providers-get', { providerId });
    expect(shown.canConfirmBankDetails).toBe(true);
    expect(shown.accountNumber).toBeNull(); // masked on the form: the full number comes with a viewing event

    // Confirming without having read the new numbers in full is refused, changing nothing.
    const before = await snapshot(t.core);
    await expect(t.approver.call('providers-confirm-bank-details', { providerId })).rejects.toMatchObject({
      code: 'REFUSED',
      rule: 'bank-details.not-viewed',
      message: expect.stringContaining('in full first'),
    });
    expect(await snapshot(t.core)).toEqual(before);
    // The one who entered them cannot view them as a confirmer either.
    await expect(t.admin.call('providers-view-bank-details', { providerId })).rejects.toMatchObject({ code: 'REFUSED', message: expect.stringContaining('a different user') });
    // Another user's viewing does not count for the approver.
    await t.payor.call('providers-view-bank-details', { providerId });
    await expect(t.approver.call('providers-confirm-bank-details', { providerId })).rejects.toMatchObject({ rule: 'bank-details.not-viewed' });

    const viewed = await t.approver.call('providers-view-bank-details', { providerId });
    expect(viewed).toMatchObject({ providerId, routingNumber: expect.stringMatching(/^\d{9}$/), accountNumber: '5550001234', changedBy: 'admin' });
    const event = (await auditOf(t, 'provider', providerId)).at(-1)!;
    expect(event).toMatchObject({ id: viewed.viewEventId, action: 'view-bank-details', username: 'approver', group_name: 'Approver' });
    expect(JSON.stringify(event)).not.toContain('5550001234'); // the trail records the viewing, not the number
    const r = await t.approver.call('providers-confirm-bank-details', { providerId });
    expect(r.releasedPaymentIds).toEqual(held);
    expect(await holdable()).toEqual(held);
    expect(r.provider).toMatchObject({ bankChangePending: false, canConfirmBankDetails: false });
    for (const id of r.releasedPaymentIds) expect(await state(id)).toMatchObject({ s: 'Awaiting Action', h: null });
    expect((await state(items.pendingPayment)).i).toBe('Pending Payment');
    expect(await state(items.adminHold)).toMatchObject({ s: 'Administrative Hold', h: 'administrative' });
    expect(await isBankChangePending(t.core.store.db, providerId)).toBe(false);

    const history = await t.approver.call('payments-history', { paymentId: items.awaiting });
    expect(history.map((e) => e.action).slice(-2)).toEqual(['bank-detail-hold', 'release-hold']);
    expect(history.at(-1)).toMatchObject({ group: 'System', after: { subStatus: 'Awaiting Action' } });
    const confirmedEvent = (await auditOf(t, 'provider', providerId)).at(-1)!;
    expect(confirmedEvent).toMatchObject({ action: 'confirm-bank-details', username: 'approver', group_name: 'Approver' });
    expect(JSON.parse(String(confirmedEvent.details))).toMatchObject({ viewEventId: viewed.viewEventId });
    await expect(t.payor.call('providers-confirm-bank-details', { providerId })).rejects.toMatchObject({ code: 'REFUSED', message: expect.stringContaining('no bank-detail change') });
  });

  it('goes through the same guard when an import changes the bank details', async () => {
    const p = await t.admin.call('providers-get', { providerId });
    const payor = (await t.admin.call('payors-list', {})).find((y) => y.id === p.payorId)!;
    const csv =
      'license_number,name,type,payor_code,payment_method,routing_number,account_number,account_type,account_holder\n' +
      `${p.licenseNumber},${p.name},${p.type},${payor.code},ach,${p.routingNumber},99887766,${p.accountType},${p.accountHolder}\n`;
    const r = await t.admin.call('reference-import-providers', { fileName: 'providers.csv', content: csv });
    expect(r).toMatchObject({ updated: 1, bankChanges: [{ providerId, licenseNumber: p.licenseNumber }] });
    expect(r.bankChanges[0].heldPaymentIds).toEqual(held);
    expect(await isBankChangePending(t.core.store.db, providerId)).toBe(true);
    await t.payor.call('providers-view-bank-details', { providerId });
    const confirmed = await t.payor.call('providers-confirm-bank-details', { providerId });
    expect(confirmed.releasedPaymentIds).toEqual(held);
  });
});
