import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcileProspective } from '../../src/shared/calculation/basis';
import { calculate, type CalcAttendance, type CalcInputs } from '../../src/shared/calculation/rules';
import { addDays, lastDayOfMonth } from '../../src/shared/domain/dates';

// Properties of the payment bases over random periods, authorizations, holidays and attendance.

const value = fc.oneof(
  fc.integer({ min: 0, max: 2400 }).map((h) => ({ hours: h / 100, absenceCode: null })),
  fc.constantFrom({ hours: null, absenceCode: 'ABSENT' as const }, { hours: null, absenceCode: 'CLOSED' as const }),
);

const rate = fc.tuple(fc.integer({ min: 100, max: 9000 }), fc.integer({ min: 100, max: 9000 })).map(([a, b]) => ({ full: Math.max(a, b), part: Math.min(a, b) }));

const world = fc
  .record({
    month: fc.integer({ min: 1, max: 12 }),
    rates: fc.record({ infant: rate, toddler: rate, preschool: rate, school_age: rate }),
    threshold: fc.integer({ min: 1, max: 10 }),
    allowance: fc.integer({ min: 0, max: 8 }),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 4 }),
    auths: fc.array(
      fc.record({
        childId: fc.integer({ min: 1, max: 3 }),
        startOffset: fc.integer({ min: -40, max: 28 }),
        length: fc.integer({ min: 0, max: 80 }),
        fullTime: fc.boolean(),
        dpw: fc.integer({ min: 1, max: 5 }),
        copay: fc.integer({ min: 0, max: 30_000 }),
        birthOffset: fc.integer({ min: 30, max: 4000 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    rows: fc.array(fc.record({ childId: fc.integer({ min: 1, max: 3 }), day: fc.integer({ min: 0, max: 30 }), v: value }), { maxLength: 60 }),
  })
  .map((r): CalcInputs => {
    const start = `2026-${String(r.month).padStart(2, '0')}-01`;
    const end = lastDayOfMonth(2026, r.month);
    const seen = new Set<string>();
    const attendance: CalcAttendance[] = [];
    for (const row of r.rows) {
      const date = addDays(start, row.day);
      if (date > end || seen.has(`${row.childId}/${date}`)) continue;
      seen.add(`${row.childId}/${date}`);
      attendance.push({ childId: row.childId, date, ...row.v });
    }
    return {
      period: { startDate: start, endDate: end },
      providerType: 'center',
      providerRates: {},
      maxRates: { center: r.rates },
      fullDayThresholdHours: r.threshold,
      paidAbsenceAllowance: r.allowance,
      holidays: r.holidays.map((d) => addDays(start, d)),
      authorizations: r.auths.map((a, i) => {
        const s = addDays(start, a.startOffset);
        return {
          id: i + 1, childId: a.childId, childLabel: `Child ${a.childId}`, birthDate: addDays(start, -a.birthOffset), startDate: s, endDate: addDays(s, a.length),
          careLevel: a.fullTime ? ('full_time' as const) : ('part_time' as const), daysPerWeek: a.dpw, copayCents: a.copay,
        };
      }),
      attendance,
    };
  });

describe('payment basis properties', () => {
  it('for any attendance, the prospective payment + its reconciliation = the attendance-basis amount (within the threshold rule)', () => {
    fc.assert(
      fc.property(world, fc.integer({ min: 0, max: 50_000 }), (i, threshold) => {
        const advance = calculate({ ...i, basis: 'prospective' }).amountCents;
        const attendanceAmount = calculate(i).amountCents; // the default basis is attendance
        const { attendance, reconciliation: r } = reconcileProspective(i, advance, threshold);
        expect(attendance.amountCents).toBe(attendanceAmount);
        if (r.outcome === 'overpayment below the threshold') {
          // Not recovered: the provider keeps an overpayment smaller than the threshold.
          expect(r.adjustmentCents).toBe(0);
          expect(advance - attendanceAmount).toBe(r.notRecoveredCents);
          expect(r.notRecoveredCents).toBeGreaterThan(0);
          expect(r.notRecoveredCents).toBeLessThan(threshold);
        } else {
          expect(advance + r.adjustmentCents).toBe(attendanceAmount);
          expect(r.notRecoveredCents).toBe(0);
        }
        expect(Number.isSafeInteger(r.adjustmentCents)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('the enrollment amount does not depend on the attendance, and never pays more days than the cap', () => {
    fc.assert(
      fc.property(world, (i) => {
        const r = calculate({ ...i, basis: 'enrollment' });
        expect(calculate({ ...i, basis: 'enrollment', attendance: [] })).toEqual(r);
        for (const l of r.lines) {
          expect(l.basis).toBe('enrollment');
          expect(l.paidAbsences + l.unpaidDays).toBe(0);
          expect(l.fullDays + l.partDays).toBeLessThanOrEqual(l.details.authorizedDays);
        }
        expect(r.amountCents).toBe(r.lines.reduce((s, l) => s + l.subtotalCents, 0));
      }),
      { numRuns: 400 },
    );
  });

  it('holidays never raise an amount, on either basis', () => {
    fc.assert(
      fc.property(world, (i) => {
        const without = { ...i, holidays: [] };
        expect(calculate(i).amountCents).toBeLessThanOrEqual(calculate(without).amountCents);
        expect(calculate({ ...i, basis: 'enrollment' }).amountCents).toBeLessThanOrEqual(calculate({ ...without, basis: 'enrollment' }).amountCents);
      }),
      { numRuns: 400 },
    );
  });

  it('with no holidays, the attendance basis gives exactly the lines of the rules without a basis (today\u2019s results)', () => {
    fc.assert(
      fc.property(world, (i) => {
        const { holidays: _h, ...plain } = i;
        expect(calculate({ ...plain, basis: 'attendance', holidays: [] })).toEqual(calculate(plain));
      }),
      { numRuns: 200 },
    );
  });
});
