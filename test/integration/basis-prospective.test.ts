import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { weekdaysOf } from '../unit/basis-fixture';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { days, openBasisWorld, type BasisWorld } from './basis-fixture';

// The prospective basis on a real database through the core's handlers (cases P1–P8 of
// test/unit/calculation-basis.test.ts, by hand to the cent): Generate creates the payments and
// calculates them on enrollment at once (System's Calculate on enrollment), an Approver authorizes
// them, they are exported; the attendance received after the period (keyed, or a paper CSV) is
// recorded beside the payment made in advance and reconciled: a ± adjustment linked to it, through
// the ordinary workflow, or nothing when an overpayment is below the recovery threshold.

const ALL_MARCH = weekdaysOf(3);
const THRESHOLD = 2500;
let w: BasisWorld;
beforeEach(async () => {
  w = await openBasisWorld();
  await w.setBasis('prospective', '2026-01-01');
  await w.setThreshold(THRESHOLD);
});
afterEach(async () => w.close());

/** Generate (calculated in advance), authorize, export: the payment made in advance. */
async function advance(month: number, providerId = 1) {
  const g = await w.generate(month);
  expect(g.basis).toBe('prospective');
  const p = await w.payment(providerId, month);
  await w.authorize(p.id);
  await w.exportItem(p.id);
  return await w.payment(providerId, month);
}

describe('prospective basis: paid in advance, reconciled after the period', () => {
  it('P1. Generate creates and calculates the advance before any attendance: 118,800, lines "prospective"; authorized and exported at once', async () => {
    await w.child(1, [{}]);
    const g = await w.generate(3);
    expect(g).toMatchObject({ created: 1, calculatedInAdvance: 1, notCalculated: [] });
    const p = await w.payment(1, 3);
    expect(p).toMatchObject({ amountCents: 118_800, basis: 'prospective', receivedAt: null, invoiceStatus: 'Pending Approval', paymentStatus: 'New' });
    expect(await w.lines(p.id)).toEqual([{ basis: 'prospective', subtotalCents: 118_800, fullDays: 22, partDays: 0, paidAbsences: 0, daysCut: 0 }]);
    await w.authorize(p.id);
    await w.exportItem(p.id);
    expect(await w.payment(1, 3)).toMatchObject({ invoiceStatus: 'Invoice History', subStatus: 'Paid', paymentStatus: 'Paid' });
    // Generating again creates and calculates nothing twice.
    expect(await w.generate(3)).toMatchObject({ created: 0, existing: 1, calculatedInAdvance: 0 });
  });

  it('P2. positive: part-time child advanced 22 × 3200 = 70,400, attended 22 full days (118,800): +48,400, which an Approver authorizes and is exported', async () => {
    const { childId } = await w.child(1, [{ careLevel: 'part_time' }]);
    const p = await advance(3);
    expect(p.amountCents).toBe(70_400);
    await w.record(p.id, days(childId, 3, ALL_MARCH, 8), 'record-attendance-paid-in-advance');
    // The advance keeps its amount (already paid); the attendance is stored beside it.
    expect(await w.payment(1, 3)).toMatchObject({ amountCents: 70_400, subStatus: 'Paid' });
    expect(await w.reconciliation(p.id)).toMatchObject({ outcome: 'underpayment', advanceCents: 70_400, attendanceCents: 118_800, adjustmentCents: 48_400 });
    const [adj] = await w.adjustments(p.id);
    expect(adj).toMatchObject({ amountCents: 48_400, invoiceStatus: 'Pending Approval' });
    expect(adj.reason).toBe('Reconciliation of payment 1 paid in advance for 2026-03: attendance $1,188.00 − advance $704.00');
    expect((await w.reconciliation(p.id))!.adjustmentId).toBe(adj.id);
    await w.authorize(adj.id);
    await w.exportItem(adj.id);
    const total = await testSql(w).one(`SELECT sum(amount_cents) AS s FROM payment WHERE provider_id = 1 AND period_id = 3 AND payment_status = 'Paid'`);
    expect(total).toEqual({ s: 118_800 }); // advance + adjustment = the attendance amount
  });

  it('P3. negative: 15 full days + 2 absences = 91,800 against 118,800 paid: −27,000 to recover', async () => {
    const { childId } = await w.child(1, [{}]);
    const p = await advance(3);
    await w.record(p.id, [...days(childId, 3, ALL_MARCH.slice(0, 15), 8), ...days(childId, 3, ALL_MARCH.slice(15, 17), 'A')], 'record-attendance-paid-in-advance');
    expect(await w.reconciliation(p.id)).toMatchObject({ outcome: 'overpayment', attendanceCents: 91_800, adjustmentCents: -27_000 });
    expect((await w.adjustments(p.id)).map((a) => a.amountCents)).toEqual([-27_000]);
  });

  it('P4. under the threshold: 21 full + 1 part day = 116,600, overpaid 2,200 < 2,500: no adjustment, recorded as such in the audit trail', async () => {
    const { childId } = await w.child(1, [{}]);
    const p = await advance(3);
    await w.record(p.id, [...days(childId, 3, ALL_MARCH.slice(0, 21), 8), ...days(childId, 3, [31], 4)], 'record-attendance-paid-in-advance');
    expect(await w.reconciliation(p.id)).toEqual({ outcome: 'overpayment below the threshold', advanceCents: 118_800, attendanceCents: 116_600, adjustmentCents: 0, notRecoveredCents: 2_200, adjustmentId: null });
    expect(await w.adjustments(p.id)).toEqual([]);
    const ev = await testSql(w).get<{ username: string; g: string; after: string }>(`SELECT username, group_name AS g, state_after AS after FROM audit_event WHERE entity = 'reconciliation' AND entity_id = ?`, [p.id]);
    expect(ev).toMatchObject({ username: 'approver', g: 'System' });
    expect(JSON.parse(ev.after)).toMatchObject({ outcome: 'overpayment below the threshold', differenceCents: -2_200, thresholdCents: 2_500, notRecoveredCents: 2_200, adjustmentId: null });
  });

  it('P5. an overpayment of exactly the threshold is recovered: the same 2,200 with a $22.00 threshold from March', async () => {
    await w.setThreshold(2_200, '2026-03-01');
    const { childId } = await w.child(1, [{}]);
    const p = await advance(3);
    await w.record(p.id, [...days(childId, 3, ALL_MARCH.slice(0, 21), 8), ...days(childId, 3, [31], 4)], 'record-attendance-paid-in-advance');
    expect(await w.reconciliation(p.id)).toMatchObject({ outcome: 'overpayment', adjustmentCents: -2_200 });
  });

  it('P6. attendance equal to the advance: reconciled, no adjustment', async () => {
    const { childId } = await w.child(1, [{}]);
    const p = await advance(3);
    await w.record(p.id, days(childId, 3, ALL_MARCH, 8), 'record-attendance-paid-in-advance');
    expect(await w.reconciliation(p.id)).toMatchObject({ outcome: 'none', adjustmentCents: 0, adjustmentId: null });
    expect(await w.adjustments(p.id)).toEqual([]);
  });

  it('P7. prospective from 1 April, attendance again from 15 May (set mid-year): March by attendance, April in advance, May (Memorial Day a holiday) in advance, June by attendance', async () => {
    await w.setBasis('attendance', '2026-01-01'); // replaces the value from 1 January
    await w.setBasis('prospective', '2026-04-01');
    await w.setBasis('attendance', '2026-05-15');
    await w.setHolidays(['2026-05-25', '2026-01-19']);
    await w.child(1, [{}]);
    expect(await w.generate(3)).toMatchObject({ basis: 'attendance', calculatedInAdvance: 0 });
    expect((await w.payment(1, 3)).amountCents).toBeNull();
    expect(await w.generate(4)).toMatchObject({ basis: 'prospective', calculatedInAdvance: 1 });
    expect(await w.payment(1, 4)).toMatchObject({ amountCents: 118_800, basis: 'prospective' });
    await w.generate(5);
    expect(await w.payment(1, 5)).toMatchObject({ amountCents: 108_000, basis: 'prospective' }); // 21 weekdays − Memorial Day = 20 × 5400
    expect(await w.generate(6)).toMatchObject({ basis: 'attendance', calculatedInAdvance: 0 });
  });

  it('P8. a child with two authorizations: advance 76,400; attended 7 full then 12 part days = 60,200: −16,200', async () => {
    const { childId } = await w.child(1, [{ endDate: '2026-03-15' }, { startDate: '2026-03-16', careLevel: 'part_time', daysPerWeek: 3 }]);
    const p = await advance(3);
    expect(p.amountCents).toBe(76_400);
    await w.record(p.id, [...days(childId, 3, [2, 3, 4, 5, 6, 9, 10], 8), ...days(childId, 3, [16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30, 31], 4)], 'record-attendance-paid-in-advance');
    expect(await w.reconciliation(p.id)).toMatchObject({ attendanceCents: 60_200, adjustmentCents: -16_200, outcome: 'overpayment' });
    const stored = JSON.parse(await testSql(w).value<string>(`SELECT lines FROM reconciliation WHERE payment_id = ?`, [p.id])) as Array<{ subtotalCents: number; basis: string }>;
    expect(stored.map((l) => [l.subtotalCents, l.basis])).toEqual([[37_800, 'attendance'], [22_400, 'attendance']]);
  });

  it('P9. a paper CSV of the period: the payment made in advance is recorded and reconciled in the same import', async () => {
    const { childId } = await w.child(1, [{}]);
    const p = await advance(3);
    const csv = ['license_number,period,case_number,date,hours,absence_code', ...ALL_MARCH.slice(0, 20).map((d) => `LIC-1,2026-03,CASE-${childId},2026-03-${String(d).padStart(2, '0')},8,`)].join('\n');
    const r = await w.approver.call('intake-import-paper-csv', { fileName: 'march.csv', content: csv });
    expect(r.items).toEqual([expect.objectContaining({ paymentId: p.id, action: 'record-attendance-paid-in-advance', rows: 20 })]);
    expect(await w.reconciliation(p.id)).toMatchObject({ attendanceCents: 108_000, adjustmentCents: -10_800 });
  });

  it('P10. reconcile-period: waits for authorization and attendance, reconciles each once, and refuses an item not paid in advance changing nothing', async () => {
    const a = await w.child(1, [{}]);
    await w.child(2, [{}]);
    await w.generate(3);
    const p1 = await w.payment(1, 3);
    const p2 = await w.payment(2, 3);
    // Attendance keyed while still in Pending Approval (the ordinary Record paper attendance clears the amount; Calculate gives the advance again).
    await w.record(p1.id, days(a.childId, 3, ALL_MARCH.slice(0, 10), 8));
    let r = await w.approver.call('reconcile-period', { periodId: 3 });
    expect(r.reconciled).toEqual([]);
    expect(r.waiting.map((x) => [x.paymentId, x.reason])).toEqual([[p2.id, 'the payment made in advance is not authorized yet (Pending Approval / Awaiting Action)']]);
    await w.calculate(3);
    expect(await w.payment(1, 3)).toMatchObject({ amountCents: 118_800, basis: 'prospective' });
    await w.authorize(p1.id);
    await w.authorize(p2.id);
    r = await w.approver.call('reconcile-period', { periodId: 3 });
    expect(r.reconciled.map((x) => [x.paymentId, x.adjustmentCents])).toEqual([[p1.id, 54_000 - 118_800]]);
    expect(r.waiting).toEqual([{ paymentId: p2.id, providerId: 2, reason: 'its attendance has not been received' }]);
    r = await w.approver.call('reconcile-period', { periodId: 3 });
    expect(r).toMatchObject({ reconciled: [], alreadyReconciled: 1 });
    const before = await snapshot(w.core);
    await w.generate(4);
    const attendanceOnly = await testSql(w).value<number>(`SELECT id FROM payment WHERE period_id = 3 AND kind = 'adjustment'`);
    const s = await snapshot(w.core);
    await expect(w.approver.call('reconcile-period', { periodId: 3, paymentIds: [attendanceOnly] })).rejects.toMatchObject({ code: 'REFUSED', field: 'paymentIds' });
    expect(await snapshot(w.core)).toEqual(s);
    expect(before).not.toEqual(s);
    await expect(w.payor.call('reconcile-period', { periodId: 3 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('P11. the recorded attendance of a payment made in advance cannot be recorded twice, nor on a payment not made in advance', async () => {
    const { childId } = await w.child(1, [{}]);
    const p = await advance(3);
    await w.record(p.id, days(childId, 3, [2], 8), 'record-attendance-paid-in-advance');
    await expect(w.record(p.id, days(childId, 3, [3], 8), 'record-attendance-paid-in-advance')).rejects.toMatchObject({ code: 'REFUSED', rule: 'record-attendance-paid-in-advance.not-received' });
    await w.setBasis('attendance', '2026-04-01');
    await w.generate(4);
    const april = await w.payment(1, 4);
    await expect(w.record(april.id, days(childId, 4, [1], 8), 'record-attendance-paid-in-advance')).rejects.toMatchObject({ code: 'REFUSED' });
  });
});
