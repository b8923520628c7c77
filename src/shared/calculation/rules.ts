import { ageInMonths, eachDay, isWeekday, overlap, toDate } from '../domain/dates';
import type { AbsenceCode, AgeGroup, CareLevel, DayKind, PaymentBasis, ProviderType } from '../domain/words';

// The calculation of DESIGN.md section 4 as one pure function: no database, no clock. The core's
// loader reads the inputs (rates and settings in effect on the period's first day) and stores the
// lines; the tests and the property checks call this directly. The payment basis (basis.ts)
// decides which days are payable: attended ones, or every authorized weekday (enrollment).

export interface CalcAuthorization {
  id: number;
  childId: number;
  /** How the child reads on the line: "Last, First (CASE-…)". */
  childLabel: string;
  birthDate: string;
  startDate: string;
  endDate: string;
  careLevel: CareLevel;
  daysPerWeek: number;
  copayCents: number;
}

export interface CalcAttendance {
  childId: number;
  date: string;
  hours: number | null;
  absenceCode: AbsenceCode | null;
}

/** Daily rates in cents by age group and day kind; a missing entry means "no such rate". */
export type RateTable = Partial<Record<AgeGroup, Partial<Record<DayKind, number>>>>;

export interface CalcInputs {
  period: { startDate: string; endDate: string };
  providerType: ProviderType;
  /** The provider's own (private-pay) rates in effect on the period's first day; {} when it has none. */
  providerRates: RateTable;
  /** The agency's maximum rates by provider type, in effect on the period's first day. */
  maxRates: Partial<Record<ProviderType, RateTable>>;
  /** Authorizations at the provider that overlap the period (others are ignored). */
  authorizations: CalcAuthorization[];
  attendance: CalcAttendance[];
  fullDayThresholdHours: number;
  paidAbsenceAllowance: number;
  /**
   * The basis in effect on the period's first day (basis.ts picks it); attendance when absent.
   * Enrollment and prospective pay every authorized weekday up to the cap, whatever the
   * attendance says; the lines carry the basis that produced them.
   */
  basis?: PaymentBasis;
  /** The agency's holidays (ISO dates): not weekdays to authorize, so not counted for the cap. None when absent. */
  holidays?: readonly string[];
}

export type UnpaidReason =
  | 'no hours'
  | 'absence over the allowance'
  | 'provider closed'
  | 'not authorized on this date'
  | 'outside the period';

export interface LineDetails {
  ageMonths: number | null;
  careLevel: CareLevel | null;
  daysPerWeek: number | null;
  /** The days of the period the authorization covers. */
  coveredFrom: string | null;
  coveredTo: string | null;
  /** The cap: round half up of weekdays (holidays excluded) in the overlap × days per week ÷ 5. */
  authorizedDays: number;
  absencePaidAs: DayKind | null;
  /** Σ of the paid days' rates, before the co-payment. */
  grossCents: number;
  /** The provider's own rates (null: none) and the agency maximums the day rates were taken from. */
  ownFullCents: number | null;
  maxFullCents: number | null;
  ownPartCents: number | null;
  maxPartCents: number | null;
  cutDates: string[];
  unpaid: Array<{ date: string; reason: UnpaidReason }>;
}

/** The counted part of a calculation line: what the detail screen, the PDFs and the engine share. */
export interface CalculationLineCounts {
  label: string;
  ageGroup: AgeGroup | null;
  fullDays: number;
  partDays: number;
  paidAbsences: number;
  unpaidDays: number;
  daysCut: number;
  fullRateCents: number;
  partRateCents: number;
  copayCents: number;
  subtotalCents: number;
  /** The payment basis that produced the line; absent on lines stored before the basis existed (attendance). */
  basis?: PaymentBasis;
}

/** One stored line of a payment's calculation (the engine's CalculationLineInput is this shape). */
export interface CalculationLine extends CalculationLineCounts {
  childId: number | null;
  authorizationId: number | null;
  details: LineDetails;
}

export interface CalculationResult {
  amountCents: number;
  lines: CalculationLine[];
  /** Agency maximum rates needed for a paid day but missing from the table: the caller refuses. */
  missingRates: Array<{ ageGroup: AgeGroup; dayKind: DayKind }>;
}

export function ageGroupOf(months: number): AgeGroup {
  if (months < 18) return 'infant';
  if (months < 36) return 'toddler';
  if (months < 72) return 'preschool';
  return 'school_age';
}

const DAY_MS = 86_400_000;

/** Weekdays (Monday to Friday) from start to end, both included; arithmetic, no day-by-day walk. */
export function weekdaysBetween(start: string, end: string): number {
  const from = toDate(start).getTime();
  const days = Math.round((toDate(end).getTime() - from) / DAY_MS) + 1;
  if (days <= 0) return 0;
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  const firstDow = new Date(from).getUTCDay();
  for (let i = 0; i < days % 7; i++) {
    const dow = (firstDow + weeks * 7 + i) % 7;
    if (dow !== 0 && dow !== 6) count += 1;
  }
  return count;
}

/** Round half up of weekdays × days per week ÷ 5, in integers (no floating point). */
export function authorizedDays(weekdays: number, daysPerWeek: number): number {
  return Math.floor((2 * weekdays * daysPerWeek + 5) / 10);
}

// A payable day's kind; a bucket keeps its payable days as two parallel lists (no object per day).
const FULL = 0;
const PART = 1;
const ABSENCE = 2;

interface Bucket {
  auth: CalcAuthorization;
  /** The payable days in date order, and each one's kind. */
  payableDates: string[];
  payableKinds: number[];
  unpaid: LineDetails['unpaid'];
}

// The hot loops below use plain for-loops and no closures per row: bulk Calculate runs them for
// 5,000 payments and close to a million attendance rows at once.

export function calculate(inputs: CalcInputs): CalculationResult {
  const { period } = inputs;
  const basis = inputs.basis ?? 'attendance';
  const holidays = weekdayHolidays(period.startDate, period.endDate, inputs.holidays);
  // Enrollment (and the prospective advance) pay the authorized weekdays; attendance is not read.
  const enrollmentDays = basis === 'attendance' ? null : openWeekdays(period.startDate, period.endDate, holidays);
  const authsByChild = new Map<number, CalcAuthorization[]>();
  for (const a of inputs.authorizations) {
    if (a.startDate > period.endDate || a.endDate < period.startDate) continue;
    const list = authsByChild.get(a.childId);
    if (list) list.push(a);
    else authsByChild.set(a.childId, [a]);
  }
  const rowsByChild = new Map<number, CalcAttendance[]>();
  for (const row of enrollmentDays ? [] : inputs.attendance) {
    const list = rowsByChild.get(row.childId);
    if (list) list.push(row);
    else rowsByChild.set(row.childId, [row]);
  }
  const childIds = [...new Set([...authsByChild.keys(), ...rowsByChild.keys()])].sort(byNumber);

  const lines: CalculationLine[] = [];
  const missing = new Map<string, { ageGroup: AgeGroup; dayKind: DayKind }>();
  for (const childId of childIds) {
    const childAuths = (authsByChild.get(childId) ?? []).sort(byStartThenId);
    const rows = byDate(rowsByChild.get(childId) ?? []);
    const buckets = childAuths.map((auth): Bucket => ({ auth, payableDates: [], payableKinds: [], unpaid: [] }));
    const stray: LineDetails['unpaid'] = [];
    if (enrollmentDays) {
      // Each open weekday goes to the earliest authorization covering it, as an attended day would.
      for (const date of enrollmentDays) {
        const bucket = bucketOn(buckets, date);
        if (bucket) payable(bucket, date, bucket.auth.careLevel === 'full_time' ? FULL : PART);
      }
    }
    let absencesUsed = 0; // the allowance is per child and period, shared by its authorizations
    for (const row of rows) {
      const bucket = bucketOn(buckets, row.date);
      const inPeriod = period.startDate <= row.date && row.date <= period.endDate;
      if (!bucket || !inPeriod) {
        (buckets[0]?.unpaid ?? stray).push({ date: row.date, reason: inPeriod ? 'not authorized on this date' : 'outside the period' });
        continue;
      }
      if (row.absenceCode === 'CLOSED') bucket.unpaid.push({ date: row.date, reason: 'provider closed' });
      else if (row.absenceCode === 'ABSENT') {
        if (absencesUsed < inputs.paidAbsenceAllowance) {
          absencesUsed += 1;
          payable(bucket, row.date, ABSENCE);
        } else bucket.unpaid.push({ date: row.date, reason: 'absence over the allowance' });
      } else if (row.hours !== null && row.hours >= inputs.fullDayThresholdHours) payable(bucket, row.date, FULL);
      else if (row.hours !== null && row.hours > 0) payable(bucket, row.date, PART);
      else bucket.unpaid.push({ date: row.date, reason: 'no hours' });
    }
    for (const bucket of buckets) lines.push(lineFor(bucket, inputs, basis, holidays, missing));
    if (stray.length > 0) lines.push(strayLine(childId, rows, stray, basis));
  }
  let amountCents = 0;
  for (const l of lines) amountCents += l.subtotalCents;
  return { amountCents, lines, missingRates: [...missing.values()] };
}

/** The holidays on a weekday from start to end, each once, in date order (a handful a year). */
function weekdayHolidays(start: string, end: string, holidays: readonly string[] = []): string[] {
  if (holidays.length === 0) return [];
  return [...new Set(holidays)].filter((h) => start <= h && h <= end && isWeekday(h)).sort();
}

// The open weekdays of the last period asked for: a bulk run calculates thousands of payments of one period.
let openDays: { key: string; days: readonly string[] } | null = null;

/** The weekdays from start to end that are not holidays: the days the enrollment basis pays. Read only. */
function openWeekdays(start: string, end: string, holidays: readonly string[]): readonly string[] {
  const key = `${start}|${end}|${holidays.join(',')}`;
  if (openDays?.key !== key) {
    const closed = new Set(holidays);
    openDays = { key, days: eachDay(start, end).filter((d) => isWeekday(d) && !closed.has(d)) };
  }
  return openDays.days;
}

/** Weekdays from start to end, less the holidays on a weekday among them (each counted once). */
export function weekdaysLessHolidays(start: string, end: string, holidays: readonly string[] = []): number {
  let count = weekdaysBetween(start, end);
  for (let i = 0; i < holidays.length; i++) {
    const h = holidays[i];
    if (start <= h && h <= end && isWeekday(h) && holidays.indexOf(h) === i) count -= 1;
  }
  return count;
}

function payable(bucket: Bucket, date: string, kind: number): void {
  bucket.payableDates.push(date);
  bucket.payableKinds.push(kind);
}

function byNumber(a: number, b: number): number {
  return a - b;
}

function byStartThenId(a: CalcAuthorization, b: CalcAuthorization): number {
  return cmp(a.startDate, b.startDate) || a.id - b.id;
}

/** The rows in date order (usually they come sorted: then no copy is made). */
function byDate(rows: CalcAttendance[]): CalcAttendance[] {
  for (let i = 1; i < rows.length; i++) if (rows[i - 1].date > rows[i].date) return rows.slice().sort((a, b) => cmp(a.date, b.date));
  return rows;
}

/** The authorization whose dates contain the day (the earliest first), if any. */
function bucketOn(buckets: Bucket[], date: string): Bucket | undefined {
  for (const b of buckets) if (b.auth.startDate <= date && date <= b.auth.endDate) return b;
  return undefined;
}

/** min(the provider's own rate when it has one, the agency maximum); a needed but missing maximum is noted. */
function rateFor(inputs: CalcInputs, ageGroup: AgeGroup, kind: DayKind, count: number, missing: Map<string, { ageGroup: AgeGroup; dayKind: DayKind }>) {
  const own = inputs.providerRates[ageGroup]?.[kind] ?? null;
  const max = inputs.maxRates[inputs.providerType]?.[ageGroup]?.[kind] ?? null;
  if (max === null && count > 0) missing.set(`${ageGroup}/${kind}`, { ageGroup, dayKind: kind });
  const cents = max === null ? 0 : own === null ? max : Math.min(own, max);
  return { own, max, cents };
}

function lineFor(bucket: Bucket, inputs: CalcInputs, basis: PaymentBasis, holidays: readonly string[], missing: Map<string, { ageGroup: AgeGroup; dayKind: DayKind }>): CalculationLine {
  const { auth } = bucket;
  const covered = overlap({ start: auth.startDate, end: auth.endDate }, { start: inputs.period.startDate, end: inputs.period.endDate })!;
  const cap = authorizedDays(weekdaysLessHolidays(covered.start, covered.end, holidays), auth.daysPerWeek);
  const { payableDates, payableKinds } = bucket;
  const paidCount = Math.min(cap, payableDates.length);
  const cutDates = payableDates.length > cap ? payableDates.slice(cap) : [];
  const ageMonths = ageInMonths(auth.birthDate, inputs.period.startDate);
  const ageGroup = ageGroupOf(ageMonths);
  const absencePaidAs: DayKind = auth.careLevel === 'full_time' ? 'full' : 'part';
  let fullDays = 0;
  let partDays = 0;
  let paidAbsences = 0;
  for (let i = 0; i < paidCount; i++) {
    const kind = payableKinds[i];
    if (kind === FULL) fullDays += 1;
    else if (kind === PART) partDays += 1;
    else paidAbsences += 1;
  }
  const fullCount = fullDays + (absencePaidAs === 'full' ? paidAbsences : 0);
  const partCount = partDays + (absencePaidAs === 'part' ? paidAbsences : 0);
  const full = rateFor(inputs, ageGroup, 'full', fullCount, missing);
  const part = rateFor(inputs, ageGroup, 'part', partCount, missing);
  const grossCents = fullCount * full.cents + partCount * part.cents;
  return {
    childId: auth.childId,
    authorizationId: auth.id,
    label: auth.childLabel,
    ageGroup,
    fullDays,
    partDays,
    paidAbsences,
    unpaidDays: bucket.unpaid.length,
    daysCut: cutDates.length,
    fullRateCents: full.cents,
    partRateCents: part.cents,
    copayCents: auth.copayCents,
    subtotalCents: Math.max(0, grossCents - auth.copayCents),
    basis,
    details: {
      ageMonths,
      careLevel: auth.careLevel,
      daysPerWeek: auth.daysPerWeek,
      coveredFrom: covered.start,
      coveredTo: covered.end,
      authorizedDays: cap,
      absencePaidAs,
      grossCents,
      ownFullCents: full.own,
      maxFullCents: full.max,
      ownPartCents: part.own,
      maxPartCents: part.max,
      cutDates,
      unpaid: bucket.unpaid,
    },
  };
}

/** Attendance of a child with no authorization at the provider in the period: shown, never paid. */
function strayLine(childId: number, rows: CalcAttendance[], unpaid: LineDetails['unpaid'], basis: PaymentBasis): CalculationLine {
  return {
    childId,
    authorizationId: null,
    label: `Child ${childId}: no authorization in the period`,
    ageGroup: null,
    fullDays: 0,
    partDays: 0,
    paidAbsences: 0,
    unpaidDays: rows.length,
    daysCut: 0,
    fullRateCents: 0,
    partRateCents: 0,
    copayCents: 0,
    subtotalCents: 0,
    basis,
    details: {
      ageMonths: null,
      careLevel: null,
      daysPerWeek: null,
      coveredFrom: null,
      coveredTo: null,
      authorizedDays: 0,
      absencePaidAs: null,
      grossCents: 0,
      ownFullCents: null,
      maxFullCents: null,
      ownPartCents: null,
      maxPartCents: null,
      cutDates: [],
      unpaid,
    },
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
