import { ageInMonths, overlap, toDate } from '../domain/dates';
import type { AbsenceCode, AgeGroup, CareLevel, DayKind, ProviderType } from '../domain/words';

// The calculation of DESIGN.md section 4 as one pure function: no database, no clock. The core's
// loader reads the inputs (rates and settings in effect on the period's first day) and stores the
// lines; the tests and the property checks call this directly.

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
  /** The cap: round half up of weekdays in the overlap × days per week ÷ 5. */
  authorizedDays: number;
  absencePaidAs: DayKind | null;
  /** Σ of the paid days' rates, before the co-payment. */
  grossCents: number;
  rates: { full: { own: number | null; max: number | null }; part: { own: number | null; max: number | null } };
  cutDates: string[];
  unpaid: Array<{ date: string; reason: UnpaidReason }>;
}

/** Same fields as the workflow engine's CalculationLineInput (structural), so lines pass straight through. */
export interface CalculationLine {
  childId: number | null;
  authorizationId: number | null;
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

type Payable = { date: string; kind: 'full' | 'part' | 'absence' };

interface Bucket {
  auth: CalcAuthorization;
  payable: Payable[];
  unpaid: LineDetails['unpaid'];
}

export function calculate(inputs: CalcInputs): CalculationResult {
  const { period } = inputs;
  const auths = inputs.authorizations
    .filter((a) => overlap({ start: a.startDate, end: a.endDate }, { start: period.startDate, end: period.endDate }))
    .sort((a, b) => a.childId - b.childId || cmp(a.startDate, b.startDate) || a.id - b.id);
  const rowsByChild = new Map<number, CalcAttendance[]>();
  for (const row of inputs.attendance) {
    const list = rowsByChild.get(row.childId);
    if (list) list.push(row);
    else rowsByChild.set(row.childId, [row]);
  }
  const childIds = [...new Set([...auths.map((a) => a.childId), ...rowsByChild.keys()])].sort((a, b) => a - b);

  const lines: CalculationLine[] = [];
  const missing = new Map<string, { ageGroup: AgeGroup; dayKind: DayKind }>();
  for (const childId of childIds) {
    const childAuths = auths.filter((a) => a.childId === childId);
    const rows = (rowsByChild.get(childId) ?? []).slice().sort((a, b) => cmp(a.date, b.date));
    const buckets = childAuths.map((auth): Bucket => ({ auth, payable: [], unpaid: [] }));
    const stray: LineDetails['unpaid'] = [];
    let absencesUsed = 0; // the allowance is per child and period, shared by its authorizations
    for (const row of rows) {
      const bucket = buckets.find((b) => b.auth.startDate <= row.date && row.date <= b.auth.endDate);
      const inPeriod = period.startDate <= row.date && row.date <= period.endDate;
      if (!bucket || !inPeriod) {
        (buckets[0]?.unpaid ?? stray).push({ date: row.date, reason: inPeriod ? 'not authorized on this date' : 'outside the period' });
        continue;
      }
      if (row.absenceCode === 'CLOSED') bucket.unpaid.push({ date: row.date, reason: 'provider closed' });
      else if (row.absenceCode === 'ABSENT') {
        if (absencesUsed < inputs.paidAbsenceAllowance) {
          absencesUsed += 1;
          bucket.payable.push({ date: row.date, kind: 'absence' });
        } else bucket.unpaid.push({ date: row.date, reason: 'absence over the allowance' });
      } else if (row.hours !== null && row.hours >= inputs.fullDayThresholdHours) bucket.payable.push({ date: row.date, kind: 'full' });
      else if (row.hours !== null && row.hours > 0) bucket.payable.push({ date: row.date, kind: 'part' });
      else bucket.unpaid.push({ date: row.date, reason: 'no hours' });
    }
    for (const bucket of buckets) lines.push(lineFor(bucket, inputs, missing));
    if (stray.length > 0) lines.push(strayLine(childId, rows, stray));
  }
  return { amountCents: lines.reduce((sum, l) => sum + l.subtotalCents, 0), lines, missingRates: [...missing.values()] };
}

function lineFor(bucket: Bucket, inputs: CalcInputs, missing: Map<string, { ageGroup: AgeGroup; dayKind: DayKind }>): CalculationLine {
  const { auth } = bucket;
  const covered = overlap({ start: auth.startDate, end: auth.endDate }, { start: inputs.period.startDate, end: inputs.period.endDate })!;
  const cap = authorizedDays(weekdaysBetween(covered.start, covered.end), auth.daysPerWeek);
  const paid = bucket.payable.slice(0, cap);
  const cut = bucket.payable.slice(cap);
  const ageMonths = ageInMonths(auth.birthDate, inputs.period.startDate);
  const ageGroup = ageGroupOf(ageMonths);
  const absencePaidAs: DayKind = auth.careLevel === 'full_time' ? 'full' : 'part';
  const fullDays = paid.filter((d) => d.kind === 'full').length;
  const partDays = paid.filter((d) => d.kind === 'part').length;
  const paidAbsences = paid.filter((d) => d.kind === 'absence').length;
  const fullCount = fullDays + (absencePaidAs === 'full' ? paidAbsences : 0);
  const partCount = partDays + (absencePaidAs === 'part' ? paidAbsences : 0);

  const rate = (kind: DayKind, count: number) => {
    const own = inputs.providerRates[ageGroup]?.[kind] ?? null;
    const max = inputs.maxRates[inputs.providerType]?.[ageGroup]?.[kind] ?? null;
    if (max === null && count > 0) missing.set(`${ageGroup}/${kind}`, { ageGroup, dayKind: kind });
    const cents = max === null ? 0 : own === null ? max : Math.min(own, max);
    return { own, max, cents };
  };
  const full = rate('full', fullCount);
  const part = rate('part', partCount);
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
    daysCut: cut.length,
    fullRateCents: full.cents,
    partRateCents: part.cents,
    copayCents: auth.copayCents,
    subtotalCents: Math.max(0, grossCents - auth.copayCents),
    details: {
      ageMonths,
      careLevel: auth.careLevel,
      daysPerWeek: auth.daysPerWeek,
      coveredFrom: covered.start,
      coveredTo: covered.end,
      authorizedDays: cap,
      absencePaidAs,
      grossCents,
      rates: { full: { own: full.own, max: full.max }, part: { own: part.own, max: part.max } },
      cutDates: cut.map((d) => d.date),
      unpaid: bucket.unpaid,
    },
  };
}

/** Attendance of a child with no authorization at the provider in the period: shown, never paid. */
function strayLine(childId: number, rows: CalcAttendance[], unpaid: LineDetails['unpaid']): CalculationLine {
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
    details: {
      ageMonths: null,
      careLevel: null,
      daysPerWeek: null,
      coveredFrom: null,
      coveredTo: null,
      authorizedDays: 0,
      absencePaidAs: null,
      grossCents: 0,
      rates: { full: { own: null, max: null }, part: { own: null, max: null } },
      cutDates: [],
      unpaid,
    },
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
