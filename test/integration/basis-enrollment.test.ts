import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INFANT, TODDLER } from '../unit/basis-fixture';
import { testSql } from '../helpers/sql';
import { days, openBasisWorld, type BasisWorld } from './basis-fixture';

// The enrollment basis on a real database through the core's handlers (cases E1–E10 of
// test/unit/calculation-basis.test.ts, by hand to the cent): every authorized weekday up to the
// cap is payable whatever the attendance says; no attendance is needed to calculate or authorize
// (Calculate on enrollment, then Authorize of an amount calculated on enrollment).

let w: BasisWorld;
beforeEach(async () => {
  w = await openBasisWorld();
  await w.setBasis('enrollment', '2026-01-01');
});
afterEach(async () => w.close());

async function calculated(month: number, providerId = 1) {
  await w.generate(month);
  await w.calculate(month);
  return await w.payment(providerId, month);
}

describe('enrollment basis, stored', () => {
  it('E1. no attendance at all: 22 × 5400 = 118,800, calculated and authorized without any attendance; lines say "enrollment"', async () => {
    await w.child(1, [{}]);
    const p = await calculated(3);
    expect(p).toMatchObject({ amountCents: 118_800, basis: 'enrollment', receivedAt: null, paymentStatus: 'New' });
    expect(await w.lines(p.id)).toEqual([{ basis: 'enrollment', subtotalCents: 118_800, fullDays: 22, partDays: 0, paidAbsences: 0, daysCut: 0 }]);
    await w.authorize(p.id);
    expect(await w.payment(1, 3)).toMatchObject({ invoiceStatus: 'Pending Payment', paymentStatus: 'Authorized' });
    const events = await testSql(w).rows(`SELECT action, group_name AS g, username FROM audit_event WHERE entity = 'payment' AND entity_id = ? ORDER BY id`, [p.id]);
    expect(events).toEqual([
      { action: 'create', g: 'System', username: 'system' },
      { action: 'calculate-on-enrollment', g: 'System', username: 'approver' },
      { action: 'authorize', g: 'Approver', username: 'approver' },
    ]);
  });

  it('E2. absences, closed days and short days keyed change nothing: still 118,800', async () => {
    const { childId } = await w.child(1, [{}]);
    await w.generate(3);
    const p = await w.payment(1, 3);
    await w.record(p.id, [...days(childId, 3, [2, 3, 4, 5, 6, 9, 10, 11, 12, 13], 'A'), ...days(childId, 3, [16, 17, 18, 19, 20], 'C'), ...days(childId, 3, [23, 24], 1)]);
    await w.calculate(3);
    expect(await w.payment(1, 3)).toMatchObject({ amountCents: 118_800, basis: 'enrollment' });
    expect((await w.lines(p.id))[0]).toMatchObject({ fullDays: 22, paidAbsences: 0 });
  });

  it('E3. part-time 3 days/week: 13 part days × 3200 = 41,600, 9 cut', async () => {
    await w.child(1, [{ careLevel: 'part_time', daysPerWeek: 3 }]);
    const p = await calculated(3);
    expect(p.amountCents).toBe(41_600);
    expect((await w.lines(p.id))[0]).toMatchObject({ partDays: 13, daysCut: 9 });
  });

  it('E4. holidays are not paid nor counted: Mon 16 and Sat 21 March -> 21 × 5400 = 113,400', async () => {
    await w.setHolidays(['2026-03-21', '2026-03-16']);
    await w.child(1, [{}]);
    const p = await calculated(3);
    expect(p.amountCents).toBe(113_400);
    expect((await w.lines(p.id))[0]).toMatchObject({ fullDays: 21, daysCut: 0 });
  });

  it('E5. an authorization from 18 March covers 10 weekdays -> 54,000', async () => {
    await w.child(1, [{ startDate: '2026-03-18', endDate: '2026-06-30' }]);
    expect((await calculated(3)).amountCents).toBe(54_000);
  });

  it('E6. a child with two authorizations one after the other: 10 × 5400 + 7 × 3200 = 76,400', async () => {
    await w.child(1, [{ endDate: '2026-03-15' }, { startDate: '2026-03-16', careLevel: 'part_time', daysPerWeek: 3 }]);
    const p = await calculated(3);
    expect(p.amountCents).toBe(76_400);
    expect((await w.lines(p.id)).map((l) => [l.fullDays, l.partDays, l.daysCut, l.subtotalCents])).toEqual([
      [10, 0, 0, 54_000],
      [0, 7, 5, 22_400],
    ]);
  });

  it('E7. two overlapping authorizations are not paid twice a day: the earliest takes each weekday (2 days/week: cap 9) -> 48,600', async () => {
    await w.child(1, [{ daysPerWeek: 2 }, { startDate: '2026-03-01' }]);
    const p = await calculated(3);
    expect(p.amountCents).toBe(48_600);
    expect((await w.lines(p.id)).map((l) => [l.fullDays, l.daysCut, l.subtotalCents])).toEqual([
      [9, 13, 48_600],
      [0, 0, 0],
    ]);
  });

  it('E8. back to attendance from 15 April: April stays enrollment (118,800 with 3 days attended); May is attendance', async () => {
    await w.setBasis('attendance', '2026-04-15');
    const { childId } = await w.child(1, [{}]);
    await w.generate(4);
    const april = await w.payment(1, 4);
    await w.record(april.id, days(childId, 4, [1, 2, 3], 8));
    await w.calculate(4);
    expect(await w.payment(1, 4)).toMatchObject({ amountCents: 118_800, basis: 'enrollment' });
    await w.generate(5);
    const may = await w.payment(1, 5);
    await w.record(may.id, days(childId, 5, [4, 5], 8));
    await w.calculate(5);
    expect(await w.payment(1, 5)).toMatchObject({ amountCents: 10_800, basis: 'attendance' });
  });

  it('E9. the provider\u2019s own rate and the co-payment: own 5000 < 5400 -> 22 × 5000 − 10,000 = 100,000', async () => {
    await testSql(w).run(`INSERT INTO provider_rate (provider_id, age_group, day_kind, effective_from, cents) VALUES (1, 'preschool', 'full', '2026-01-01', 5000)`);
    await w.child(1, [{ copayCents: 10_000 }]);
    expect((await calculated(3)).amountCents).toBe(100_000);
  });

  it('E10. two children by age group: infant 22 × 6800 − 10,000 = 139,600; toddler part-time 22 × 3700 = 81,400; 221,000', async () => {
    await w.child(1, [{ birthDate: INFANT, copayCents: 10_000 }]);
    await w.child(1, [{ birthDate: TODDLER, careLevel: 'part_time' }]);
    const p = await calculated(3);
    expect(p.amountCents).toBe(221_000);
    expect((await w.lines(p.id)).map((l) => l.subtotalCents)).toEqual([139_600, 81_400]);
  });
});
