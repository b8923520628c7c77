import { describe, expect, it } from 'vitest';
import { basisOn, calculateOnBasis, reconcile, reconcileProspective, type BasisSetting } from '../../src/shared/calculation/basis';
import { INFANT, TODDLER, auth, inputs, rows, weekdaysOf } from './basis-fixture';

// The payment bases of DESIGN.md section 4, worked by hand to the cent (rates and calendar in
// basis-fixture.ts). The basis in effect on the period's first day decides; holidays are not
// weekdays for the cap.

const ALL_MARCH = weekdaysOf(3); // 22 weekdays
const from = (effectiveFrom: string, basis: BasisSetting['basis']): BasisSetting => ({ effectiveFrom, basis });
const ATTENDANCE = [from('2026-01-01', 'attendance')];
const ENROLLMENT = [from('2026-01-01', 'enrollment')];
const PROSPECTIVE = [from('2026-01-01', 'prospective')];
/** An agency that switches to enrollment on 15 March, in the middle of the March period. */
const SWITCH_MID_MARCH = [from('2026-01-01', 'attendance'), from('2026-03-15', 'enrollment')];

describe('attendance basis (the default, today\u2019s rules)', () => {
  it('A1. with no basis setting at all it is attendance: 5 full days -> 5 × 5400 = 27,000, lines say "attendance"', () => {
    const r = calculateOnBasis(inputs(3, [auth(1, 1)], rows(1, 3, [2, 3, 4, 5, 6], 8)), []);
    expect(r.amountCents).toBe(27_000);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ basis: 'attendance', fullDays: 5, subtotalCents: 27_000 });
  });

  it('A2. absences and closed days as before: 3 full + 2 ABSENT + 1 CLOSED -> 5 × 5400 = 27,000, 1 unpaid', () => {
    const r = calculateOnBasis(inputs(3, [auth(1, 1)], [...rows(1, 3, [2, 3, 4], 8), ...rows(1, 3, [5, 6], 'A'), ...rows(1, 3, [9], 'C')]), ATTENDANCE);
    expect(r.lines[0]).toMatchObject({ fullDays: 3, paidAbsences: 2, unpaidDays: 1, subtotalCents: 27_000, basis: 'attendance' });
  });

  it('A3. a weekday holiday lowers the cap: 22 days attended, holiday Mon 16 March -> cap 21 -> 21 × 5400 = 113,400, the 31st cut', () => {
    const r = calculateOnBasis(inputs(3, [auth(1, 1)], rows(1, 3, ALL_MARCH, 8), { holidays: ['2026-03-16', '2026-03-16'] }), ATTENDANCE);
    expect(r.amountCents).toBe(113_400); // a holiday listed twice counts once
    expect(r.lines[0]).toMatchObject({ fullDays: 21, daysCut: 1 });
    // Attendance on the holiday itself is a day attended (the provider was open): paid in date order.
    expect(r.lines[0].details).toMatchObject({ authorizedDays: 21, cutDates: ['2026-03-31'] });
  });

  it('A4. a holiday on a Saturday is not a weekday anyway: cap stays 22 -> 22 × 5400 = 118,800', () => {
    const r = calculateOnBasis(inputs(3, [auth(1, 1)], rows(1, 3, ALL_MARCH, 8), { holidays: ['2026-03-07', '2026-03-07'] }), ATTENDANCE);
    expect(r.amountCents).toBe(118_800);
    expect(r.lines[0].details.authorizedDays).toBe(22);
  });

  it('A5. 3 days/week with two holidays: (22 − 2) × 3 ÷ 5 = 12 (not 13) -> 12 × 5400 = 64,800, 10 cut', () => {
    const without = calculateOnBasis(inputs(3, [auth(1, 1, { daysPerWeek: 3 })], rows(1, 3, ALL_MARCH, 8)), ATTENDANCE);
    expect(without.amountCents).toBe(13 * 5400); // 22 × 3 ÷ 5 = 13.2 -> 13
    const r = calculateOnBasis(inputs(3, [auth(1, 1, { daysPerWeek: 3 })], rows(1, 3, ALL_MARCH, 8), { holidays: ['2026-03-16', '2026-03-17'] }), ATTENDANCE);
    expect(r.amountCents).toBe(64_800);
    expect(r.lines[0]).toMatchObject({ fullDays: 12, daysCut: 10 });
  });

  it('A6. basis changed to enrollment on 15 March: March (first day 1 March) is still attendance -> 5 × 5400 = 27,000', () => {
    expect(basisOn(SWITCH_MID_MARCH, '2026-03-01')).toBe('attendance');
    const r = calculateOnBasis(inputs(3, [auth(1, 1)], rows(1, 3, [2, 3, 4, 5, 6], 8)), SWITCH_MID_MARCH);
    expect(r.amountCents).toBe(27_000);
    expect(r.lines.every((l) => l.basis === 'attendance')).toBe(true);
  });

  it('A7. a child with two authorizations: full-time to 15 March (10 days × 5400 = 54,000), then 3 days/week part-time (cap 7 × 3200 = 22,400) = 76,400', () => {
    const auths = [auth(1, 1, { endDate: '2026-03-15' }), auth(2, 1, { startDate: '2026-03-16', careLevel: 'part_time', daysPerWeek: 3 })];
    const attended = [...rows(1, 3, [2, 3, 4, 5, 6, 9, 10, 11, 12, 13], 8), ...rows(1, 3, [16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30, 31], 4)];
    const r = calculateOnBasis(inputs(3, auths, attended), ATTENDANCE);
    expect(r.lines.map((l) => [l.authorizationId, l.fullDays, l.partDays, l.daysCut, l.subtotalCents])).toEqual([
      [1, 10, 0, 0, 54_000],
      [2, 0, 7, 5, 22_400], // 12 weekdays × 3 ÷ 5 = 7.2 -> 7
    ]);
    expect(r.amountCents).toBe(76_400);
  });

  it('A8. co-payment above the gross gives 0 for that child; an infant\u2019s 3 full days -> 3 × 6800 = 20,400', () => {
    const r = calculateOnBasis(
      inputs(3, [auth(1, 1, { copayCents: 30_000 }), auth(2, 2, { birthDate: INFANT })], [...rows(1, 3, [2, 3, 4, 5, 6], 8), ...rows(2, 3, [2, 3, 4], 9)]),
      ATTENDANCE,
    );
    expect(r.lines.map((l) => [l.childId, l.ageGroup, l.subtotalCents])).toEqual([
      [1, 'preschool', 0],
      [2, 'infant', 20_400],
    ]);
    expect(r.amountCents).toBe(20_400);
  });
});

describe('enrollment basis: every authorized weekday up to the cap, whatever the attendance says', () => {
  it('E1. no attendance at all: full-time, 22 weekdays -> 22 × 5400 = 118,800, lines say "enrollment"', () => {
    const r = calculateOnBasis(inputs(3, [auth(1, 1)]), ENROLLMENT);
    expect(r.amountCents).toBe(118_800);
    expect(r.lines[0]).toMatchObject({ basis: 'enrollment', fullDays: 22, partDays: 0, paidAbsences: 0, unpaidDays: 0, daysCut: 0 });
  });

  it('E2. absences, closed days and short days change nothing: still 118,800', () => {
    const attended = [...rows(1, 3, [2, 3, 4, 5, 6, 9, 10, 11, 12, 13], 'A'), ...rows(1, 3, [16, 17, 18, 19, 20], 'C'), ...rows(1, 3, [23, 24], 1)];
    const r = calculateOnBasis(inputs(3, [auth(1, 1)], attended), ENROLLMENT);
    expect(r.amountCents).toBe(118_800);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ fullDays: 22, paidAbsences: 0, unpaidDays: 0 });
  });

  it('E3. part-time 3 days/week is paid part days up to the cap: 22 × 3 ÷ 5 = 13.2 -> 13 × 3200 = 41,600, the last 9 weekdays cut', () => {
    const r = calculateOnBasis(inputs(3, [auth(1, 1, { careLevel: 'part_time', daysPerWeek: 3 })]), ENROLLMENT);
    expect(r.amountCents).toBe(41_600);
    expect(r.lines[0]).toMatchObject({ fullDays: 0, partDays: 13, daysCut: 9 });
    expect(r.lines[0].details.cutDates).toEqual(['19', '20', '23', '24', '25', '26', '27', '30', '31'].map((d) => `2026-03-${d}`));
  });

  it('E4. holidays are not paid and not counted: Mon 16 March and Sat 21 March -> 21 × 5400 = 113,400, nothing cut', () => {
    const r = calculateOnBasis(inputs(3, [auth(1, 1)], [], { holidays: ['2026-03-16', '2026-03-21'] }), ENROLLMENT);
    expect(r.amountCents).toBe(113_400);
    expect(r.lines[0]).toMatchObject({ fullDays: 21, daysCut: 0 });
    expect(r.lines[0].details.authorizedDays).toBe(21);
  });

  it('E5. an authorization from 18 March covers 10 weekdays -> 10 × 5400 = 54,000', () => {
    const r = calculateOnBasis(inputs(3, [auth(1, 1, { startDate: '2026-03-18', endDate: '2026-06-30' })]), ENROLLMENT);
    expect(r.amountCents).toBe(54_000);
    expect(r.lines[0].details).toMatchObject({ coveredFrom: '2026-03-18', coveredTo: '2026-03-31', authorizedDays: 10 });
  });

  it('E6. a child with two authorizations one after the other: 10 × 5400 + 7 × 3200 = 76,400', () => {
    const auths = [auth(1, 1, { endDate: '2026-03-15' }), auth(2, 1, { startDate: '2026-03-16', careLevel: 'part_time', daysPerWeek: 3 })];
    const r = calculateOnBasis(inputs(3, auths), ENROLLMENT);
    expect(r.lines.map((l) => [l.authorizationId, l.fullDays, l.partDays, l.daysCut, l.subtotalCents])).toEqual([
      [1, 10, 0, 0, 54_000],
      [2, 0, 7, 5, 22_400],
    ]);
    expect(r.amountCents).toBe(76_400);
  });

  it('E7. a child with two overlapping authorizations is not paid twice a day: each weekday goes to the earliest (2 days/week: cap 9) -> 48,600', () => {
    const auths = [auth(1, 1, { daysPerWeek: 2 }), auth(2, 1, { startDate: '2026-03-01' })];
    const r = calculateOnBasis(inputs(3, auths), ENROLLMENT);
    expect(r.lines.map((l) => [l.authorizationId, l.fullDays, l.daysCut, l.subtotalCents])).toEqual([
      [1, 9, 13, 48_600], // 22 × 2 ÷ 5 = 8.8 -> 9
      [2, 0, 0, 0],
    ]);
    expect(r.amountCents).toBe(48_600);
  });

  it('E8. basis changed on 15 March: April is enrollment (22 × 5400 = 118,800 with 3 days attended); a change back on 15 April does not touch April', () => {
    const attended = rows(1, 4, [1, 2, 3], 8);
    expect(calculateOnBasis(inputs(4, [auth(1, 1)], attended), SWITCH_MID_MARCH).amountCents).toBe(118_800);
    const back = [...SWITCH_MID_MARCH, from('2026-04-15', 'attendance')];
    const r = calculateOnBasis(inputs(4, [auth(1, 1)], attended), back);
    expect(r.amountCents).toBe(118_800);
    expect(r.lines[0].basis).toBe('enrollment');
    // May starts after the change back: attendance again, 0 days attended in May.
    expect(calculateOnBasis(inputs(5, [auth(1, 1)], []), back).amountCents).toBe(0);
  });

  it('E9. the provider\u2019s own rate and the co-payment apply: own 5000 < 5400 -> 22 × 5000 − 10,000 = 100,000', () => {
    const r = calculateOnBasis(inputs(3, [auth(1, 1, { copayCents: 10_000 })], [], { providerRates: { preschool: { full: 5000 } } }), ENROLLMENT);
    expect(r.lines[0]).toMatchObject({ fullRateCents: 5000, subtotalCents: 100_000 });
  });

  it('E10. two children by age group: infant full-time 22 × 6800 − 10,000 = 139,600; toddler part-time 22 × 3700 = 81,400; 221,000', () => {
    const r = calculateOnBasis(
      inputs(3, [auth(1, 1, { birthDate: INFANT, copayCents: 10_000 }), auth(2, 2, { birthDate: TODDLER, careLevel: 'part_time' })]),
      ENROLLMENT,
    );
    expect(r.lines.map((l) => [l.ageGroup, l.fullDays, l.partDays, l.subtotalCents])).toEqual([
      ['infant', 22, 0, 139_600],
      ['toddler', 0, 22, 81_400],
    ]);
    expect(r.amountCents).toBe(221_000);
  });
});

describe('prospective basis: the enrollment amount in advance, reconciled with the attendance amount after the period', () => {
  const THRESHOLD = 2500; // do not recover overpayments below $25.00

  it('P1. the advance at the period\u2019s start is the enrollment amount, before any attendance: 118,800, lines say "prospective"', () => {
    const r = calculateOnBasis(inputs(3, [auth(1, 1)]), PROSPECTIVE);
    expect(r.amountCents).toBe(118_800);
    expect(r.lines[0]).toMatchObject({ basis: 'prospective', fullDays: 22 });
  });

  it('P2. reconciliation positive: part-time child paid 22 × 3200 = 70,400 in advance, attended 22 full days (118,800): +48,400', () => {
    const i = inputs(3, [auth(1, 1, { careLevel: 'part_time' })], rows(1, 3, ALL_MARCH, 8));
    const advance = calculateOnBasis(i, PROSPECTIVE).amountCents;
    expect(advance).toBe(70_400);
    const { attendance, reconciliation } = reconcileProspective(i, advance, THRESHOLD);
    expect(attendance.amountCents).toBe(118_800);
    expect(attendance.lines[0].basis).toBe('attendance');
    expect(reconciliation).toEqual({ advanceCents: 70_400, attendanceCents: 118_800, differenceCents: 48_400, adjustmentCents: 48_400, notRecoveredCents: 0, outcome: 'underpayment' });
  });

  it('P3. reconciliation negative: 15 full days + 2 absences = 17 × 5400 = 91,800 against 118,800 paid: −27,000 recovered', () => {
    const i = inputs(3, [auth(1, 1)], [...rows(1, 3, ALL_MARCH.slice(0, 15), 8), ...rows(1, 3, ALL_MARCH.slice(15, 17), 'A')]);
    const { reconciliation } = reconcileProspective(i, calculateOnBasis(i, PROSPECTIVE).amountCents, THRESHOLD);
    expect(reconciliation).toMatchObject({ attendanceCents: 91_800, differenceCents: -27_000, adjustmentCents: -27_000, outcome: 'overpayment' });
  });

  it('P4. reconciliation under the threshold: 21 full + 1 part day = 116,600, overpaid 2,200 < 2,500: not recovered', () => {
    const i = inputs(3, [auth(1, 1)], [...rows(1, 3, ALL_MARCH.slice(0, 21), 8), ...rows(1, 3, [31], 4)]);
    const { reconciliation } = reconcileProspective(i, 118_800, THRESHOLD);
    expect(reconciliation).toEqual({
      advanceCents: 118_800, attendanceCents: 116_600, differenceCents: -2_200, adjustmentCents: 0, notRecoveredCents: 2_200, outcome: 'overpayment below the threshold',
    });
  });

  it('P5. an overpayment of exactly the threshold is recovered: the same 2,200 with a $22.00 threshold', () => {
    const i = inputs(3, [auth(1, 1)], [...rows(1, 3, ALL_MARCH.slice(0, 21), 8), ...rows(1, 3, [31], 4)]);
    expect(reconcileProspective(i, 118_800, 2_200).reconciliation).toMatchObject({ adjustmentCents: -2_200, outcome: 'overpayment' });
    // With no threshold every cent is recovered.
    expect(reconcile(100, 99, 0)).toMatchObject({ adjustmentCents: -1, outcome: 'overpayment' });
  });

  it('P6. attendance equal to the advance: no adjustment', () => {
    const i = inputs(3, [auth(1, 1)], rows(1, 3, ALL_MARCH, 8));
    expect(reconcileProspective(i, calculateOnBasis(i, PROSPECTIVE).amountCents, THRESHOLD).reconciliation).toMatchObject({ differenceCents: 0, adjustmentCents: 0, outcome: 'none' });
  });

  it('P7. prospective from 1 April, back to attendance from 15 May: March attendance, April and May in advance (May: 21 weekdays less Memorial Day = 20 × 5400)', () => {
    const settings = [from('2026-01-01', 'attendance'), from('2026-04-01', 'prospective'), from('2026-05-15', 'attendance')];
    expect(calculateOnBasis(inputs(3, [auth(1, 1)]), settings).amountCents).toBe(0); // attendance, nothing attended
    expect(calculateOnBasis(inputs(4, [auth(1, 1)]), settings)).toMatchObject({ amountCents: 118_800, lines: [{ basis: 'prospective' }] });
    const may = calculateOnBasis(inputs(5, [auth(1, 1)], [], { holidays: ['2026-05-25', '2026-01-19'] }), settings);
    expect(may.amountCents).toBe(108_000);
    expect(may.lines[0].basis).toBe('prospective');
    expect(basisOn(settings, '2026-06-01')).toBe('attendance');
  });

  it('P8. a child with two authorizations: advance 76,400; attended 7 full days then 12 part days -> 37,800 + 22,400 = 60,200: −16,200', () => {
    const auths = [auth(1, 1, { endDate: '2026-03-15' }), auth(2, 1, { startDate: '2026-03-16', careLevel: 'part_time', daysPerWeek: 3 })];
    const attended = [...rows(1, 3, [2, 3, 4, 5, 6, 9, 10], 8), ...rows(1, 3, [16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30, 31], 4)];
    const i = inputs(3, auths, attended);
    const advance = calculateOnBasis(i, PROSPECTIVE);
    expect(advance.amountCents).toBe(76_400);
    const { attendance, reconciliation } = reconcileProspective(i, advance.amountCents, THRESHOLD);
    expect(attendance.lines.map((l) => l.subtotalCents)).toEqual([37_800, 22_400]);
    expect(reconciliation).toMatchObject({ attendanceCents: 60_200, adjustmentCents: -16_200, outcome: 'overpayment' });
  });

  it('P9. bad amounts are refused with the field named', () => {
    expect(() => reconcile(100, 50, -1)).toThrow(/recovery threshold must be whole cents/);
    expect(() => reconcile(100.5, 50, 0)).toThrow(/advance must be whole cents/);
    expect(() => basisOn([{ effectiveFrom: '2026-13-01', basis: 'enrollment' }], '2026-03-01')).toThrow(/not a date/);
    expect(() => basisOn([{ effectiveFrom: '2026-01-01', basis: 'weekly' as never }], '2026-03-01')).toThrow(/not a payment basis/);
  });
});
