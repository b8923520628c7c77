// The one formatter (issue #15): every screen, PDF and CSV writes dates, money, counts and age
// groups through these functions, so a value reads the same wherever it appears.
//
// - Money is integer cents in, "$1,234.56" / "-$5.00" out (files: "1234.56").
// - Counts have thousands separators: "5,000".
// - Dates: a calendar date (YYYY-MM-DD) reads "Dec 5, 2026"; an instant (ISO timestamp) reads in
//   the agency's time zone, "Dec 5, 2026, 3:04 PM". Files (CSV) keep sortable text: "2026-12-05",
//   "2026-12-05 15:04" (agency time).
// - Age groups: "Infant", "Toddler", "Preschool", "School age" (with months where a form asks).
//
// The locale and time zone are the agency's: the core passes them, the renderer sets them once
// from app-status (setFormatContext). Defaults: en-US, America/Chicago.

export interface FormatContext {
  locale: string;
  timeZone: string;
}

export const DEFAULT_FORMAT_CONTEXT: FormatContext = { locale: 'en-US', timeZone: 'America/Chicago' };

let current: FormatContext = { ...DEFAULT_FORMAT_CONTEXT };

/** Sets the locale and time zone the renderer's screens format with (from app-status). */
export function setFormatContext(next: Partial<FormatContext>): void {
  const merged = { ...current, ...next };
  if (merged.locale === current.locale && merged.timeZone === current.timeZone) return;
  current = merged;
  FORMATS.clear();
  DAYS.clear();
}

export function formatContext(): FormatContext {
  return current;
}

// ---- money ---------------------------------------------------------------------------------

function group(digits: string, sep = ','): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += sep;
    out += digits[i];
  }
  return out;
}

function checkCents(cents: number): void {
  if (!Number.isSafeInteger(cents)) throw new TypeError(`not a whole number of cents: ${String(cents)}`);
}

/** 123456 -> "$1,234.56"; -500 -> "-$5.00". By hand: grids and PDFs format hundreds a page. */
export function formatMoney(cents: number): string {
  checkCents(cents);
  const abs = Math.abs(cents);
  const rest = abs % 100;
  return `${cents < 0 ? '-' : ''}$${group(String(Math.floor(abs / 100)))}.${rest < 10 ? '0' : ''}${rest}`;
}

/** Like formatMoney, or '' for no amount (a cell of an item not calculated). */
export function formatMoneyOrBlank(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? '' : formatMoney(cents);
}

/** Plain decimal for files (CSV, registers): 123456 -> "1234.56". */
export function fileMoney(cents: number): string {
  checkCents(cents);
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// ---- counts --------------------------------------------------------------------------------

/** 5000 -> "5,000". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`not a count: ${String(n)}`);
  const whole = Math.trunc(n);
  return `${whole < 0 ? '-' : ''}${group(String(Math.abs(whole)))}`;
}

/** (1, 'problem') -> "1 problem"; (5000, 'row') -> "5,000 rows"; an irregular plural as third argument. */
export function formatCountOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/** 1536 -> "1.5 KB". */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'missing';
  if (bytes < 1024) return `${formatCount(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(Math.round(bytes / 102.4) / 10).toFixed(1)} KB`;
  return `${(Math.round(bytes / 1024 / 102.4) / 10).toFixed(1)} MB`;
}

// ---- dates ---------------------------------------------------------------------------------

const FORMATS = new Map<string, Intl.DateTimeFormat>();

function dateFormat(kind: 'date' | 'dateTime' | 'month' | 'parts', ctx: FormatContext): Intl.DateTimeFormat {
  const key = `${kind}|${ctx.locale}|${ctx.timeZone}`;
  let f = FORMATS.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }
        : kind === 'month'
          ? { timeZone: 'UTC', year: 'numeric', month: 'long' }
          : kind === 'dateTime'
            ? { timeZone: ctx.timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }
            : { timeZone: ctx.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    f = new Intl.DateTimeFormat(kind === 'parts' ? 'en-CA' : ctx.locale, options);
    FORMATS.set(key, f);
  }
  return f;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

// Calendar dates already formatted, by locale: a batch's 5,000 remittances print the same few
// dates ~25,000 times, and Intl's format() costs microseconds a call. Bounded: cleared when full.
const DAYS = new Map<string, string>();

function instant(value: string | Date): Date | null {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * A calendar date "2026-12-05" -> "Dec 5, 2026" (no time zone: it is already the agency's date).
 * An instant "2026-12-05T02:00:00Z" -> its date in the agency's time zone ("Dec 4, 2026" in Chicago).
 */
export function formatDate(value: string | Date | null | undefined, ctx: FormatContext = current): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && ISO_DAY.test(value)) {
    const key = `${ctx.locale}|${value}`;
    const known = DAYS.get(key);
    if (known !== undefined) return known;
    const d = instant(`${value}T00:00:00Z`);
    const text = d ? dateFormat('date', ctx).format(d) : value;
    if (DAYS.size >= 4096) DAYS.clear();
    DAYS.set(key, text);
    return text;
  }
  const d = instant(value);
  if (!d) return String(value);
  return formatDate(fileDate(d, ctx), ctx);
}

/** An instant -> "Dec 5, 2026, 3:04 PM" in the agency's time zone. */
export function formatDateTime(value: string | Date | null | undefined, ctx: FormatContext = current): string {
  if (value === null || value === undefined || value === '') return '';
  const d = instant(value);
  return d ? dateFormat('dateTime', ctx).format(d) : String(value);
}

/** "2026-11" or "2026-11-01" -> "November 2026". */
export function formatMonth(value: string, ctx: FormatContext = current): string {
  const d = instant(`${value.slice(0, 7)}-01T00:00:00Z`);
  return d ? dateFormat('month', ctx).format(d) : value;
}

function parts(d: Date, ctx: FormatContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of dateFormat('parts', ctx).formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** For files: a calendar date stays "2026-12-05"; an instant becomes its agency date. */
export function fileDate(value: string | Date | null | undefined, ctx: FormatContext = current): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && ISO_DAY.test(value)) return value;
  const d = instant(value);
  if (!d) return String(value);
  const p = parts(d, ctx);
  return `${p.year}-${p.month}-${p.day}`;
}

/** For files: an instant as "2026-12-05 15:04", agency time. */
export function fileDateTime(value: string | Date | null | undefined, ctx: FormatContext = current): string {
  if (value === null || value === undefined || value === '') return '';
  const d = instant(value);
  if (!d) return String(value);
  const p = parts(d, ctx);
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

// ---- age groups ----------------------------------------------------------------------------

export type AgeGroupCode = 'infant' | 'toddler' | 'preschool' | 'school_age';

export const AGE_GROUP_NAMES: Record<AgeGroupCode, string> = {
  infant: 'Infant',
  toddler: 'Toddler',
  preschool: 'Preschool',
  school_age: 'School age',
};

const AGE_GROUP_MONTHS: Record<AgeGroupCode, string> = {
  infant: '0–17 months',
  toddler: '18–35 months',
  preschool: '36–71 months',
  school_age: '72+ months',
};

/** "school_age" -> "School age"; with months: "School age (72+ months)". An unknown code reads as itself. */
export function formatAgeGroup(code: string | null | undefined, withMonths = false): string {
  if (!code) return '';
  const name = (AGE_GROUP_NAMES as Record<string, string>)[code];
  if (!name) return code;
  return withMonths ? `${name} (${AGE_GROUP_MONTHS[code as AgeGroupCode]})` : name;
}

// ---- import problems -----------------------------------------------------------------------

export interface ImportProblem {
  /** The file's row (1 = the header), or null for a problem of the whole file. */
  row: number | null;
  /** The column's name as in the file, or null. */
  column: string | null;
  message: string;
}

/**
 * One sentence for every import that refuses a file:
 * "FILE: N problem(s); nothing was changed. First: row R, COLUMN: what is wrong".
 */
export function importProblemsMessage(fileName: string, problems: readonly ImportProblem[]): string {
  const first = problems[0];
  const head = `${fileName}: ${formatCountOf(problems.length, 'problem')}; nothing was changed.`;
  if (!first) return head;
  const where = [first.row === null ? null : `row ${formatCount(first.row)}`, first.column].filter(Boolean).join(', ');
  return `${head} First: ${where ? `${where}: ` : ''}${first.message}`;
}
