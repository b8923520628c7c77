// Dates are ISO YYYY-MM-DD in the agency's calendar. We do date arithmetic in UTC on purpose:
// a calendar date has no time zone, and UTC has no daylight-saving gaps.

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

const DAY_MS = 86_400_000;

export function toDate(iso: string): Date {
  return new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));
}

// Formatted by hand: this runs for every attendance day of every child, and toISOString is slow.
export function fromDate(d: Date): string {
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${d.getUTCFullYear()}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

export function addDays(iso: string, days: number): string {
  return fromDate(new Date(toDate(iso).getTime() + days * DAY_MS));
}

/** Every date from start to end, both included. */
export function eachDay(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) out.push(d);
  return out;
}

export function isWeekday(iso: string): boolean {
  const day = toDate(iso).getUTCDay();
  return day !== 0 && day !== 6;
}

export function lastDayOfMonth(year: number, month: number): string {
  return fromDate(new Date(Date.UTC(year, month, 0)));
}

/** Whole months from birth to the given date (a child born 2024-01-31 is 1 month old on 2024-02-29? no: on 2024-03-01). */
function part(iso: string, from: number, to: number): number {
  return Number(iso.slice(from, to));
}

export function ageInMonths(birthDate: string, on: string): number {
  // By slices, not split: a period's calculation asks this for every child.
  let months = (part(on, 0, 4) - part(birthDate, 0, 4)) * 12 + (part(on, 5, 7) - part(birthDate, 5, 7));
  if (part(on, 8, 10) < part(birthDate, 8, 10)) months -= 1;
  return months;
}

/** Overlap of two inclusive date ranges, or null. */
export function overlap(
  a: { start: string; end: string },
  b: { start: string; end: string },
): { start: string; end: string } | null {
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  return start <= end ? { start, end } : null;
}

// The agency's calendar: "today" is the date in the agency's time zone (setting agency.timeZone),
// not the UTC date, which is already tomorrow on a Chicago evening.
const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** Whether the text names a time zone this runtime knows (IANA, such as America/Chicago). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/.test(zone)) return false;
  // Asked on every read of the agency's time zone; making a format costs a fifth of a millisecond.
  if (DATE_FORMATS.has(zone) || KNOWN_ZONES.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    KNOWN_ZONES.add(zone);
    return true;
  } catch {
    return false;
  }
}
const KNOWN_ZONES = new Set<string>();

/** The calendar date (YYYY-MM-DD) in `zone` at the given instant. */
export function localDateIn(zone: string, instant: Date): string {
  let format = DATE_FORMATS.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    DATE_FORMATS.set(zone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
