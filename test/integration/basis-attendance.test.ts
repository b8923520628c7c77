import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INFANT, weekdaysOf } from '../unit/basis-fixture';
import { days, openBasisWorld, type BasisWorld } from './basis-fixture';

// The attendance basis (the default) on a real database through the core's handlers: the cases of
// test/unit/calculation-basis.test.ts (A1–A8), worked by hand to the cent, now generated, keyed,
// calculated and stored; each stored line says which basis produced it.

const ALL_MARCH = weekdaysOf(3);
let w: BasisWorld;
beforeEach(async () => {
  w = await openBasisWorld();
});
afterEach(async () => w.close());

/** Generates the month, keys the days on provider 1's payment, calculates the period: the stored payment. */
async function paid(month: number, rows: ReturnType<typeof days>, providerId = 1) {
  await w.generate(month);
  const p = await w.payment(providerId, month);
  if (rows.length) await w.record(p.id, rows);
  await w.calculate(month);
  return await w.payment(providerId, month);
}

describe('attendance basis (the default, today\u2019s rules), stored', () => {
  it('A1. with no basis ever set it is attendance: 5 full days -> 27,000; the payment and its line say "attendance"', async () => {
    const { childId } = await w.child(1, [{}]);
    const p = await paid(3, days(childId, 3, [2, 3, 4, 5, 6], 8));
    expect(p).toMatchObject({ amountCents: 27_000, basis: 'attendance' });
    expect(await w.lines(p.id)).toEqual([{ basis: 'attendance', subtotalCents: 27_000, fullDays: 5, partDays: 0, paidAbsences: 0, daysCut: 0 }]);
  });

  it('A2. 3 full + 2 ABSENT + 1 CLOSED -> 5 × 5400 = 27,000', async () => {
    const { childId } = await w.child(1, [{}]);
    const p = await paid(3, [...days(childId, 3, [2, 3, 4], 8), ...days(childId, 3, [5, 6], 'A'), ...days(childId, 3, [9], 'C')]);
    expect(p.amountCents).toBe(27_000);
    expect((await w.lines(p.id))[0]).toMatchObject({ fullDays: 3, paidAbsences: 2 });
  });

  it('A3. a weekday holiday (Mon 16 March) lowers the cap: 22 days attended -> 21 × 5400 = 113,400, one day cut', async () => {
    await w.setHolidays(['2026-03-16']);
    const { childId } = await w.child(1, [{}]);
    const p = await paid(3, days(childId, 3, ALL_MARCH, 8));
    expect(p.amountCents).toBe(113_400);
    expect((await w.lines(p.id))[0]).toMatchObject({ fullDays: 21, daysCut: 1 });
  });

  it('A4. a Saturday holiday changes nothing: 22 × 5400 = 118,800', async () => {
    await w.setHolidays(['2026-03-07']);
    const { childId } = await w.child(1, [{}]);
    expect((await paid(3, days(childId, 3, ALL_MARCH, 8))).amountCents).toBe(118_800);
  });

  it('A5. 3 days/week with two holidays: (22 − 2) × 3 ÷ 5 = 12 -> 64,800; the holidays of a later list do not touch March', async () => {
    await w.setHolidays(['2026-03-16', '2026-03-17']);
    await w.setHolidays(['2026-04-03'], '2026-04-01'); // April's list (effective-dated): March keeps its own
    const { childId } = await w.child(1, [{ daysPerWeek: 3 }]);
    const p = await paid(3, days(childId, 3, ALL_MARCH, 8));
    expect(p.amountCents).toBe(64_800);
    expect((await w.lines(p.id))[0]).toMatchObject({ fullDays: 12, daysCut: 10 });
  });

  it('A6. basis changed to enrollment from 15 March: March (first day 1 March) stays attendance, also when recalculated after the change', async () => {
    const { childId } = await w.child(1, [{}]);
    const before = await paid(3, days(childId, 3, [2, 3, 4, 5, 6], 8));
    expect(before).toMatchObject({ amountCents: 27_000, basis: 'attendance' });
    await w.setBasis('enrollment', '2026-03-15');
    // An edit clears the amount; calculating again uses the basis of 1 March: attendance, never a mix.
    await w.approver.call('payments-act', { paymentId: before.id, action: 'edit-attendance', attendance: { rows: days(childId, 3, [9], 8) } });
    await w.calculate(3);
    const after = await w.payment(1, 3);
    expect(after).toMatchObject({ amountCents: 32_400, basis: 'attendance' });
    expect((await w.lines(after.id)).map((l) => l.basis)).toEqual(['attendance']);
    // April (first day after the change) is enrollment: 22 weekdays with no attendance at all.
    await w.generate(4);
    await w.calculate(4);
    expect(await w.payment(1, 4)).toMatchObject({ amountCents: 118_800, basis: 'enrollment', receivedAt: null });
  });

  it('A7. a child with two authorizations: 10 full days × 5400 + 7 part days × 3200 (cap of 12 weekdays × 3 ÷ 5) = 76,400', async () => {
    const { childId } = await w.child(1, [{ endDate: '2026-03-15' }, { startDate: '2026-03-16', careLevel: 'part_time', daysPerWeek: 3 }]);
    const p = await paid(3, [...days(childId, 3, [2, 3, 4, 5, 6, 9, 10, 11, 12, 13], 8), ...days(childId, 3, [16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30, 31], 4)]);
    expect(p.amountCents).toBe(76_400);
    expect((await w.lines(p.id)).map((l) => [l.fullDays, l.partDays, l.daysCut, l.subtotalCents, l.basis])).toEqual([
      [10, 0, 0, 54_000, 'attendance'],
      [0, 7, 5, 22_400, 'attendance'],
    ]);
  });

  it('A8. co-payment above the gross gives 0; an infant\u2019s 3 full days -> 20,400', async () => {
    const a = await w.child(1, [{ copayCents: 30_000 }]);
    const b = await w.child(1, [{ birthDate: INFANT }]);
    const p = await paid(3, [...days(a.childId, 3, [2, 3, 4, 5, 6], 8), ...days(b.childId, 3, [2, 3, 4], 9)]);
    expect(p.amountCents).toBe(20_400);
    expect((await w.lines(p.id)).map((l) => l.subtotalCents)).toEqual([0, 20_400]);
  });

  it('A9. on attendance a payment not received is neither calculated nor authorized: no attendance, no amount', async () => {
    await w.child(1, [{}]);
    await w.generate(3);
    const r = await w.calculate(3);
    expect(r).toMatchObject({ calculated: 0, refused: 0 });
    const p = await w.payment(1, 3);
    expect(p).toMatchObject({ amountCents: null, basis: null });
    await expect(w.authorize(p.id)).rejects.toMatchObject({ code: 'REFUSED', rule: 'authorize.received' });
  });
});
