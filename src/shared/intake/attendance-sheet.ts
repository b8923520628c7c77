import { eachDay, isIsoDate, isWeekday, overlap, toDate } from '../domain/dates';
import type { CareLevel } from '../domain/words';
import { PAPER_CSV_COLUMNS } from './paper-csv';

// The printed attendance sheet (CareControl 4's "Printed") as plain data: one provider and
// period, its authorized children, the period's days with weekends and the agency's holidays
// marked, and which days each child is authorized. Its layout is the paper attendance CSV's
// (docs/formats/paper-attendance-csv.md): the sheet prints the license number and period code,
// each child's case number and each column's date, so every filled-in box keys as one CSV row
// (license_number, period, case_number, date, hours or absence_code).

export interface SheetInput {
  provider: { id: number; name: string; licenseNumber: string };
  period: { code: string; label: string; startDate: string; endDate: string };
  /** The provider's authorizations overlapping the period (a child may have several). */
  authorizations: ReadonlyArray<{
    childId: number;
    caseNumber: string;
    /** As printed: "Last, First". */
    childName: string;
    startDate: string;
    endDate: string;
    careLevel: CareLevel;
    daysPerWeek: number;
  }>;
  /** The agency's holiday calendar (any dates; those in the period are shaded). */
  holidays: ReadonlyArray<{ date: string; name: string }>;
}

export const WEEKDAY_SHORT = ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'] as const;

export interface SheetDay {
  date: string;
  dayOfMonth: number;
  weekday: (typeof WEEKDAY_SHORT)[number];
  weekend: boolean;
  /** The holiday's name ('' when the calendar gives none), or null: not a holiday. */
  holiday: string | null;
  /** Printed shaded: a weekend day or one of the agency's holidays. */
  shaded: boolean;
}

export interface SheetChild {
  childId: number;
  caseNumber: string;
  name: string;
  /** One flag per day of the sheet: authorized at this provider that day. */
  authorized: boolean[];
  /** "Full-time, 5 days/week" (with the dates when an authorization covers only part of the period). */
  authorizationText: string;
}

export interface AttendanceSheetModel {
  provider: SheetInput['provider'];
  period: SheetInput['period'];
  days: SheetDay[];
  children: SheetChild[];
  /** The holidays in the period, in date order. */
  holidays: Array<{ date: string; name: string }>;
}

const CARE: Record<CareLevel, string> = { full_time: 'Full-time', part_time: 'Part-time' };

export function attendanceSheet(input: SheetInput): AttendanceSheetModel {
  const { period } = input;
  if (!isIsoDate(period.startDate) || !isIsoDate(period.endDate) || period.startDate > period.endDate) {
    throw new Error(`attendance sheet: the period ${period.code} has no valid dates (${period.startDate} – ${period.endDate})`);
  }
  const holidayNames = new Map<string, string>();
  for (const h of input.holidays) if (period.startDate <= h.date && h.date <= period.endDate) holidayNames.set(h.date, h.name);
  const days: SheetDay[] = eachDay(period.startDate, period.endDate).map((date) => {
    const weekend = !isWeekday(date);
    const holiday = holidayNames.get(date) ?? null;
    return { date, dayOfMonth: Number(date.slice(8)), weekday: WEEKDAY_SHORT[toDate(date).getUTCDay()], weekend, holiday, shaded: weekend || holiday !== null };
  });
  const byChild = new Map<number, SheetChild>();
  const span = { start: period.startDate, end: period.endDate };
  for (const a of input.authorizations) {
    const covered = overlap({ start: a.startDate, end: a.endDate }, span);
    if (!covered) continue;
    let child = byChild.get(a.childId);
    if (!child) {
      child = { childId: a.childId, caseNumber: a.caseNumber, name: a.childName, authorized: days.map(() => false), authorizationText: '' };
      byChild.set(a.childId, child);
    }
    days.forEach((d, i) => {
      if (covered.start <= d.date && d.date <= covered.end) child.authorized[i] = true;
    });
    const whole = covered.start === period.startDate && covered.end === period.endDate;
    const text = `${CARE[a.careLevel]}, ${a.daysPerWeek} day${a.daysPerWeek === 1 ? '' : 's'}/week${whole ? '' : `, ${covered.start} to ${covered.end}`}`;
    child.authorizationText = child.authorizationText ? `${child.authorizationText}; ${text}` : text;
  }
  const children = [...byChild.values()].sort((a, b) => compare(a.name, b.name) || compare(a.caseNumber, b.caseNumber));
  const holidays = [...holidayNames].map(([date, name]) => ({ date, name })).sort((a, b) => compare(a.date, b.date));
  return { provider: input.provider, period: input.period, days, children, holidays };
}

/** What a box holds once filled in: hours attended, or A (absent) / C (provider closed). */
export type SheetEntry = number | 'A' | 'C';

/** A filled-in sheet: by case number, by date. */
export type SheetEntries = Readonly<Record<string, Readonly<Record<string, SheetEntry>>>>;

/** One row of the paper attendance CSV, as text cells. */
export type PaperCsvRow = Record<(typeof PAPER_CSV_COLUMNS)[number], string>;

/**
 * The CSV rows a filled-in sheet keys as, in the sheet's reading order (children top to bottom,
 * days left to right). An entry for a child or date the sheet does not show is refused, naming it.
 */
export function keySheet(model: AttendanceSheetModel, entries: SheetEntries): PaperCsvRow[] {
  const onSheet = new Set(model.children.map((c) => c.caseNumber));
  const dates = new Set(model.days.map((d) => d.date));
  for (const [caseNumber, byDate] of Object.entries(entries)) {
    if (!onSheet.has(caseNumber)) throw new Error(`attendance sheet ${model.provider.licenseNumber} ${model.period.code}: ${caseNumber} is not on the sheet`);
    for (const date of Object.keys(byDate)) {
      if (!dates.has(date)) throw new Error(`attendance sheet ${model.provider.licenseNumber} ${model.period.code}: ${date} is not a day of the sheet`);
    }
  }
  const rows: PaperCsvRow[] = [];
  for (const child of model.children) {
    const byDate = entries[child.caseNumber] ?? {};
    for (const day of model.days) {
      const entry = byDate[day.date];
      if (entry === undefined) continue;
      if (typeof entry === 'number' && !(Number.isFinite(entry) && entry >= 0 && entry <= 24)) {
        throw new Error(`attendance sheet: ${child.caseNumber} on ${day.date}: ${entry} is not a number of hours from 0 to 24`);
      }
      rows.push({
        license_number: model.provider.licenseNumber,
        period: model.period.code,
        case_number: child.caseNumber,
        date: day.date,
        hours: typeof entry === 'number' ? String(Math.round(entry * 100) / 100) : '',
        absence_code: entry === 'A' ? 'ABSENT' : entry === 'C' ? 'CLOSED' : '',
      });
    }
  }
  return rows;
}

/**
 * The CSV template of a sheet: the paper attendance CSV's columns, one row per child and day the
 * child is authorized (the sheet's boxes that are not crossed out), in the sheet's reading order,
 * with hours and absence_code left empty for the clerk to fill in from the paper. A row left with
 * both empty is a day the child did not come: the paper import skips it.
 */
export function sheetTemplate(model: AttendanceSheetModel): PaperCsvRow[] {
  const rows: PaperCsvRow[] = [];
  for (const child of model.children) {
    model.days.forEach((day, i) => {
      if (!child.authorized[i]) return;
      rows.push({ license_number: model.provider.licenseNumber, period: model.period.code, case_number: child.caseNumber, date: day.date, hours: '', absence_code: '' });
    });
  }
  return rows;
}

const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The paper attendance CSV text of the rows: the header, then one line per row. */
export function paperCsv(rows: readonly PaperCsvRow[]): string {
  const lines = [PAPER_CSV_COLUMNS.join(',')];
  for (const r of rows) lines.push(PAPER_CSV_COLUMNS.map((c) => cell(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
