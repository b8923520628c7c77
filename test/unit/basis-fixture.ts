import type { CalcAttendance, CalcAuthorization, CalcInputs } from '../../src/shared/calculation/rules';
import { eachDay, isWeekday, lastDayOfMonth } from '../../src/shared/domain/dates';

// Pure inputs for the payment-basis cases: one center, the agency maximums of
// calculation-fixture.ts (preschool 5400 / 3200, toddler 6200 / 3700, infant 6800 / 4100,
// school-age 4200 / 2500, full / part), no provider rates, threshold 5 h, allowance 5.
// March 2026 starts on a Sunday and has 22 weekdays (2–6, 9–13, 16–20, 23–27, 30–31);
// April 2026 starts on a Wednesday and has 22 weekdays (1–3, 6–10, 13–17, 20–24, 27–30).

export const PRESCHOOLER = '2022-01-15';
export const INFANT = '2025-06-10';
export const TODDLER = '2024-01-20';

export function period(month: number): CalcInputs['period'] {
  const m = String(month).padStart(2, '0');
  return { startDate: `2026-${m}-01`, endDate: lastDayOfMonth(2026, month) };
}

export function auth(id: number, childId: number, a: Partial<CalcAuthorization> = {}): CalcAuthorization {
  return {
    id,
    childId,
    childLabel: `Doe, Kid${childId} (CASE-${childId})`,
    birthDate: PRESCHOOLER,
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    careLevel: 'full_time',
    daysPerWeek: 5,
    copayCents: 0,
    ...a,
  };
}

export function inputs(month: number, authorizations: CalcAuthorization[], attendance: CalcAttendance[] = [], more: Partial<CalcInputs> = {}): CalcInputs {
  return {
    period: period(month),
    providerType: 'center',
    providerRates: {},
    maxRates: {
      center: {
        infant: { full: 6800, part: 4100 },
        toddler: { full: 6200, part: 3700 },
        preschool: { full: 5400, part: 3200 },
        school_age: { full: 4200, part: 2500 },
      },
    },
    authorizations,
    attendance,
    fullDayThresholdHours: 5,
    paidAbsenceAllowance: 5,
    ...more,
  };
}

/** Rows for a child: hours, or 'A' / 'C', on each given day of the month. */
export function rows(childId: number, month: number, dayNumbers: number[], value: number | 'A' | 'C'): CalcAttendance[] {
  return dayNumbers.map((d) => ({
    childId,
    date: `2026-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    hours: typeof value === 'number' ? value : null,
    absenceCode: value === 'A' ? ('ABSENT' as const) : value === 'C' ? ('CLOSED' as const) : null,
  }));
}

/** The day numbers of the month's weekdays. */
export function weekdaysOf(month: number): number[] {
  const p = period(month);
  return eachDay(p.startDate, p.endDate).filter(isWeekday).map((d) => Number(d.slice(8)));
}
