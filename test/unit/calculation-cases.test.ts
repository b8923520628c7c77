import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calculatePayment } from '../../src/main/core/calculation/calculate';
import { april, days, march, openFixture, type Fixture } from './calculation-fixture';

// Cases worked out by hand, exact to the cent, through the real loader on a real SQLite file.
// Rules (DESIGN.md section 4): full day when hours ≥ threshold (5), part day when 0 < hours < 5;
// ABSENT paid in date order up to the allowance (5) as a full day (full-time) or part day
// (part-time); CLOSED never; cap = round half up of weekdays in the overlap × days per week ÷ 5;
// rate = min(provider's own, agency max) in effect on the period's first day; child amount =
// Σ − co-payment, never below 0. Center maximums: preschool 5400/3200, toddler 6200/3700,
// infant 6800/4100 (full/part). March 2026 has 22 weekdays (2–6, 9–13, 16–20, 23–27, 30–31).

const PRESCHOOLER = '2022-01-15'; // on 2026-03-01: 4 years 1 month, minus a day -> 49 months: preschool
const FULL_WEEK = march(2, 3, 4, 5, 6);

let f: Fixture;
beforeEach(async () => {
  f = await openFixture();
});
afterEach(async () => {
  await f.close();
});

function run(paymentId: number) {
  return calculatePayment(f.store.db, paymentId);
}

describe('calculation, cases worked by hand', () => {
  it('1. full days: 5 days of 8 h, preschool, no provider rate -> 5 × 5400 = 27,000', async () => {
    const c = f.child(PRESCHOOLER);
    f.auth(c, {});
    const p = f.payment('2026-03');
    f.attend(p, c, days(FULL_WEEK, 8));
    const r = await run(p);
    expect(r.amountCents).toBe(27_000);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ ageGroup: 'preschool', fullDays: 5, partDays: 0, fullRateCents: 5400, partRateCents: 3200, subtotalCents: 27_000 });
  });

  it('2. part days and the threshold: 3 h ×4, 4.99 h ×1 (part), 5 h ×1 (full) -> 5400 + 5 × 3200 = 21,400', async () => {
    const c = f.child(PRESCHOOLER);
    f.auth(c, {});
    const p = f.payment('2026-03');
    f.attend(p, c, { ...days(march(2, 3, 4, 5), 3), '2026-03-06': 4.99, '2026-03-09': 5 });
    const r = await run(p);
    expect(r.lines[0]).toMatchObject({ fullDays: 1, partDays: 5, subtotalCents: 21_400 });
    expect(r.amountCents).toBe(21_400);
  });

  it('3. absences over the allowance, full-time: 7 ABSENT + 3 full -> (5 + 3) × 5400 = 43,200; 2 absences unpaid', async () => {
    const c = f.child(PRESCHOOLER);
    f.auth(c, { care: 'full_time' });
    const p = f.payment('2026-03');
    f.attend(p, c, { ...days(march(2, 3, 4, 5, 6, 9, 10), 'A'), ...days(march(11, 12, 13), 8) });
    const r = await run(p);
    expect(r.lines[0]).toMatchObject({ fullDays: 3, paidAbsences: 5, unpaidDays: 2, subtotalCents: 43_200 });
    // The first five in date order are paid; 9 and 10 March are over the allowance.
    expect((r.lines[0].details as { unpaid: unknown[] }).unpaid).toEqual([
      { date: '2026-03-09', reason: 'absence over the allowance' },
      { date: '2026-03-10', reason: 'absence over the allowance' },
    ]);
  });

  it('4. absences of a part-time authorization are paid as part days: 7 ABSENT, 3 days/week -> 5 × 3200 = 16,000', async () => {
    const c = f.child(PRESCHOOLER);
    f.auth(c, { care: 'part_time', dpw: 3 }); // cap 22 × 3 ÷ 5 = 13.2 -> 13, not reached
    const p = f.payment('2026-03');
    f.attend(p, c, days(march(2, 3, 4, 5, 6, 9, 10), 'A'));
    expect((await run(p)).lines[0]).toMatchObject({ paidAbsences: 5, unpaidDays: 2, fullDays: 0, partDays: 0, subtotalCents: 16_000 });
  });

  it('5. provider rate below the maximum: own 5000 < 5400 -> 5 × 5000 = 25,000; part uses the max (no own part rate)', async () => {
    f.providerRate('preschool', 'full', 5000);
    const c = f.child(PRESCHOOLER);
    f.auth(c, {});
    const p = f.payment('2026-03');
    f.attend(p, c, days(FULL_WEEK, 7));
    const r = await run(p);
    expect(r.lines[0]).toMatchObject({ fullRateCents: 5000, partRateCents: 3200, subtotalCents: 25_000 });
  });

  it('6. provider rate above the maximum: own 6000 > 5400 -> 5 × 5400 = 27,000; own part 3000 < 3200 is used: +2 × 3000', async () => {
    f.providerRate('preschool', 'full', 6000);
    f.providerRate('preschool', 'part', 3000);
    const c = f.child(PRESCHOOLER);
    f.auth(c, {});
    const p = f.payment('2026-03');
    f.attend(p, c, { ...days(FULL_WEEK, 9), ...days(march(9, 10), 2) });
    // 5 × 5400 + 2 × 3000 = 27,000 + 6,000 = 33,000
    const line = (await run(p)).lines[0];
    expect(line).toMatchObject({ fullRateCents: 5400, partRateCents: 3000, fullDays: 5, partDays: 2, subtotalCents: 33_000 });
    // The line says where each rate came from.
    expect(line.details).toMatchObject({ ownFullCents: 6000, maxFullCents: 5400, ownPartCents: 3000, maxPartCents: 3200 });
  });

  it('7. closed days are never paid and use no allowance: 3 CLOSED + 2 ABSENT + 2 full -> 4 × 5400 = 21,600', async () => {
    const c = f.child(PRESCHOOLER);
    f.auth(c, {});
    const p = f.payment('2026-03');
    f.attend(p, c, { ...days(march(2, 3, 4), 'C'), ...days(march(5, 6), 'A'), ...days(march(9, 10), 6) });
    expect((await run(p)).lines[0]).toMatchObject({ fullDays: 2, paidAbsences: 2, unpaidDays: 3, subtotalCents: 21_600 });
  });

  it('8. cap by authorization: 2 days/week -> 22 × 2 ÷ 5 = 8.8 -> 9 days; 12 part days attended -> 9 × 3200 = 28,800, 3 cut', async () => {
    const c = f.child(PRESCHOOLER);
    f.auth(c, { care: 'part_time', dpw: 2 });
    const p = f.payment('2026-03');
    f.attend(p, c, days(march(2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17), 3));
    const r = await run(p);
    expect(r.lines[0]).toMatchObject({ partDays: 9, daysCut: 3, subtotalCents: 28_800 });
    // Payable days are taken in date order: the last three are cut.
    expect((r.lines[0].details as { cutDates: string[]; authorizedDays: number })).toMatchObject({
      authorizedDays: 9,
      cutDates: march(13, 16, 17),
    });
  });

  it('9. authorization starting mid-period: from 16 March, 3 days/week -> 12 weekdays × 3 ÷ 5 = 7.2 -> 7; 10 full days -> 7 × 5400 = 37,800', async () => {
    const c = f.child(PRESCHOOLER);
    f.auth(c, { start: '2026-03-16', dpw: 3 });
    const p = f.payment('2026-03');
    // 12 and 13 March are before the authorization: not payable.
    f.attend(p, c, { ...days(march(12, 13), 8), ...days(march(16, 17, 18, 19, 20, 23, 24, 25, 26, 27), 8) });
    const r = await run(p);
    expect(r.lines[0]).toMatchObject({ fullDays: 7, daysCut: 3, unpaidDays: 2, subtotalCents: 37_800 });
    expect(r.lines[0].details).toMatchObject({ coveredFrom: '2026-03-16', coveredTo: '2026-03-31', authorizedDays: 7 });
  });

  it('10. age group changes across periods: born 2024-09-15 is 17 months on 1 March (infant), 18 on 1 April (toddler)', async () => {
    const c = f.child('2024-09-15');
    f.auth(c, {});
    const mar = f.payment('2026-03');
    const apr = f.payment('2026-04');
    f.attend(mar, c, days(FULL_WEEK, 8));
    f.attend(apr, c, days(april(1, 2, 3, 6, 7), 8));
    // March: 5 × 6800 = 34,000 (infant). April: 5 × 6200 = 31,000 (toddler).
    expect((await run(mar)).lines[0]).toMatchObject({ ageGroup: 'infant', fullRateCents: 6800, subtotalCents: 34_000 });
    expect((await run(apr)).lines[0]).toMatchObject({ ageGroup: 'toddler', fullRateCents: 6200, subtotalCents: 31_000 });
  });

  it('11. co-payment larger than the amount: 2 full days = 10,800 − 12,000 -> 0, never negative', async () => {
    const c = f.child(PRESCHOOLER);
    f.auth(c, { copay: 12_000 });
    const p = f.payment('2026-03');
    f.attend(p, c, days(march(2, 3), 8));
    const r = await run(p);
    expect(r.lines[0]).toMatchObject({ copayCents: 12_000, subtotalCents: 0 });
    expect(r.lines[0].details).toMatchObject({ grossCents: 10_800 });
    expect(r.amountCents).toBe(0);
  });

  it('12. two children: 5 × 5400 − 2,500 = 24,500 and 4 × 3700 − 5,000 = 9,800 -> 34,300', async () => {
    const a = f.child(PRESCHOOLER);
    const b = f.child('2024-01-10'); // 25 months on 1 March: toddler
    f.auth(a, { copay: 2_500 });
    f.auth(b, { care: 'part_time', dpw: 4, copay: 5_000 });
    const p = f.payment('2026-03');
    f.attend(p, a, days(FULL_WEEK, 8));
    f.attend(p, b, days(march(2, 3, 4, 5), 4));
    const r = await run(p);
    expect(r.lines.map((l) => [l.childId, l.ageGroup, l.subtotalCents])).toEqual([
      [a, 'preschool', 24_500],
      [b, 'toddler', 9_800],
    ]);
    expect(r.amountCents).toBe(34_300);
  });

  it('13. rate change effective mid-table: max full 5400 -> 5600 from 15 March; March uses 5400, April 5600', async () => {
    f.maxRate('preschool', 'full', 5600, '2026-03-15');
    const c = f.child(PRESCHOOLER);
    f.auth(c, {});
    const mar = f.payment('2026-03');
    const apr = f.payment('2026-04');
    f.attend(mar, c, days(march(16, 17, 18), 8)); // days after the change still use 1 March's rate
    f.attend(apr, c, days(april(1, 2, 3), 8));
    expect((await run(mar)).amountCents).toBe(3 * 5400); // 16,200
    expect((await run(apr)).amountCents).toBe(3 * 5600); // 16,800
  });

  it('14. threshold and allowance are effective-dated settings: from April 6 h and 1 absence', async () => {
    f.setting('calculation.fullDayThresholdHours', 6, '2026-04-01');
    f.setting('calculation.paidAbsenceAllowance', 1, '2026-04-01');
    const c = f.child(PRESCHOOLER);
    f.auth(c, {});
    const mar = f.payment('2026-03');
    const apr = f.payment('2026-04');
    f.attend(mar, c, { ...days(march(2, 3), 5.5), ...days(march(4, 5), 'A') });
    f.attend(apr, c, { ...days(april(1, 2), 5.5), ...days(april(3, 6), 'A') });
    // March: 5.5 h is full (≥ 5), both absences paid: 4 × 5400 = 21,600.
    // April: 5.5 h is part (< 6): 2 × 3200; one absence paid as full: 5400 -> 11,800.
    expect((await run(mar)).amountCents).toBe(21_600);
    expect((await run(apr)).lines[0]).toMatchObject({ fullDays: 0, partDays: 2, paidAbsences: 1, unpaidDays: 1, subtotalCents: 11_800 });
  });

  it('15. zero hours is not payable; a day with no row is not payable', async () => {
    const c = f.child(PRESCHOOLER);
    f.auth(c, {});
    const p = f.payment('2026-03');
    f.attend(p, c, { '2026-03-02': 0, '2026-03-03': 8 });
    expect((await run(p)).lines[0]).toMatchObject({ fullDays: 1, unpaidDays: 1, subtotalCents: 5_400 });
  });

  it('16. one child, two authorizations in the period: one line each; the absence allowance is shared', async () => {
    f.setting('calculation.paidAbsenceAllowance', 2, '2026-01-01');
    const c = f.child(PRESCHOOLER);
    const first = f.auth(c, { end: '2026-03-13', care: 'full_time', copay: 1_000 });
    const second = f.auth(c, { start: '2026-03-16', care: 'part_time', dpw: 2, copay: 1_000 });
    const p = f.payment('2026-03');
    // First: 2 ABSENT (paid as full) + 3 × 8 h -> 5 × 5400 − 1,000 = 26,000.
    // Second (16–31 March: 12 weekdays × 2 ÷ 5 = 4.8 -> 5): 1 ABSENT over the allowance, 6 × 3 h -> 5 paid, 1 cut:
    //   5 × 3200 − 1,000 = 15,000.
    f.attend(p, c, { ...days(march(2, 3), 'A'), ...days(march(4, 5, 6), 8), '2026-03-16': 'A', ...days(march(17, 18, 19, 20, 23, 24), 3) });
    const r = await run(p);
    expect(r.lines.map((l) => [l.authorizationId, l.fullDays, l.partDays, l.paidAbsences, l.unpaidDays, l.daysCut, l.subtotalCents])).toEqual([
      [first, 3, 0, 2, 0, 0, 26_000],
      [second, 0, 5, 0, 1, 1, 15_000],
    ]);
    expect(r.amountCents).toBe(41_000);
  });

  it('17. a child with authorizations but no attendance gets a zero line; no rate is needed then', async () => {
    const c = f.child(PRESCHOOLER);
    f.auth(c, { copay: 3_000 });
    const p = f.payment('2026-03');
    const r = await run(p);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ fullDays: 0, subtotalCents: 0, copayCents: 3_000, label: 'Doe, Kid1 (CASE-1)' });
  });

  it('refuses when a needed agency maximum is missing, naming it', async () => {
    f.sql.prepare(`DELETE FROM max_rate WHERE age_group = 'preschool' AND day_kind = 'part'`).run();
    const c = f.child(PRESCHOOLER);
    f.auth(c, {});
    const p = f.payment('2026-03');
    f.attend(p, c, { '2026-03-02': 3 });
    await expect(run(p)).rejects.toThrow(/No agency maximum rate for center \(preschool part day\) in effect on 2026-03-01/);
  });

  it('the same inputs give the same lines', async () => {
    const c = f.child(PRESCHOOLER);
    f.auth(c, { care: 'part_time', dpw: 3, copay: 700 });
    const p = f.payment('2026-03');
    f.attend(p, c, { ...days(march(2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20), 4), ...days(march(23, 24), 'A') });
    expect(await run(p)).toEqual(await run(p));
  });
});
