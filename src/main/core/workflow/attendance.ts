import { AppError, type ErrorIssue } from '../../../shared/api/errors';
import { isIsoDate } from '../../../shared/domain/dates';
import type { ItemRow } from './item';
import type { Queryable, Tx, Value } from '../db/engine/port';
import { insertHeld } from '../db/held-insert';
import type { AttendanceInput } from './types';

// The store-attendance effect of the actions table: its check (before anything is written), its
// write, and the record of old and new values for the audit event. Hot path: an import sends
// close to a million days, so nothing here makes an object or a string per day it can avoid.

// Dates already found valid: an import checks the same twenty-odd days for every child.
const VALID_DATES = new Set<string>();
function validDate(text: string): boolean {
  if (VALID_DATES.has(text)) return true;
  if (!isIsoDate(text)) return false;
  if (VALID_DATES.size > 10_000) VALID_DATES.clear();
  VALID_DATES.add(text);
  return true;
}

/** A valid ISO date as the number yyyymmdd, from its characters (no string made). */
function dayNumber(date: string): number {
  let n = 0;
  for (let i = 0; i < 10; i++) if (i !== 4 && i !== 7) n = n * 10 + (date.charCodeAt(i) - 48);
  return n;
}

/** One number per child and day (child ids stay far below 2^53 / 10^8). */
const dayKey = (childId: number, date: string): number => childId * 100_000_000 + dayNumber(date);

function covers(spans: ReadonlyArray<{ start: string; end: string }>, date: string): boolean {
  for (const s of spans) if (s.start <= date && date <= s.end) return true;
  return false;
}

/**
 * Each child's authorization spans at a provider that overlap the dates, oldest first. Kept for the
 * transaction (an import looks them up, then the engine's check reads them again for the same
 * payment); the map is shared, so callers only read it.
 */
export function authorizationSpans(db: Queryable, providerId: number, start: string, end: string): Promise<ReadonlyMap<number, ReadonlyArray<{ start: string; end: string }>>> {
  return db.cached('authorization', spansKey(providerId, start, end), async () =>
    spansByChild(
      await db.rows<{ childId: number; start: string; end: string }>(
        `SELECT child_id AS childId, start_date AS start, end_date AS end FROM "authorization"
         WHERE provider_id = ? AND start_date <= ? AND end_date >= ? ORDER BY start_date, child_id`,
        [providerId, end, start],
      ),
    ),
  );
}

/**
 * authorizationSpans of many providers at once, kept for the transaction: one statement where
 * work that moves many providers' payments (the demo, a batch of imports) would read one each.
 */
export async function readAuthorizationSpans(db: Queryable, providerIds: readonly number[], start: string, end: string): Promise<void> {
  const rows = await db.rows<{ providerId: number; childId: number; start: string; end: string }>(
    `SELECT provider_id AS providerId, child_id AS childId, start_date AS start, end_date AS end FROM "authorization"
     WHERE provider_id IN ${db.dialect.idsFromJson} AND start_date <= ? AND end_date >= ? ORDER BY provider_id, start_date, child_id`,
    [JSON.stringify(providerIds), end, start],
  );
  const byProvider = new Map<number, typeof rows>(providerIds.map((id) => [id, []]));
  for (const r of rows) byProvider.get(r.providerId)?.push(r);
  for (const [providerId, list] of byProvider) db.remember('authorization', spansKey(providerId, start, end), spansByChild(list));
}

const spansKey = (providerId: number, start: string, end: string) => `spans:${providerId}|${start}|${end}`;

function spansByChild(rows: ReadonlyArray<{ childId: number; start: string; end: string }>): Map<number, Array<{ start: string; end: string }>> {
  const children = new Map<number, Array<{ start: string; end: string }>>();
  for (const { childId, start: s, end: e } of rows) {
    const list = children.get(childId);
    if (list) list.push({ start: s, end: e });
    else children.set(childId, [{ start: s, end: e }]);
  }
  return children;
}

export async function checkAttendance(db: Queryable, item: ItemRow, rows: readonly AttendanceInput[], action: string, today: string): Promise<void> {
  const period = (await db.cached('service_period', `range:${item.periodId}`, () =>
    db.one<{ start: string; end: string }>(`SELECT start_date AS start, end_date AS end FROM service_period WHERE id = ?`, [item.periodId]),
  ))!;
  // Each child's authorizations at this provider during the period: nobody else's days belong
  // here, and a child's days only those its authorizations cover (as the imports require).
  const children = await authorizationSpans(db, item.providerId, period.start, period.end);
  const issues: ErrorIssue[] = [];
  const seen = new Set<number>();
  let i = 0;
  // A plain loop and one shared reporter: this runs for every day of an import.
  const at = (field: string, message: string) => issues.push({ path: `attendance.rows.${i}.${field}`, row: i + 1, field, message });
  for (; i < rows.length; i++) {
    const r = rows[i];
    const authorized = Number.isInteger(r.childId) ? children.get(r.childId) : undefined;
    const knownChild = authorized !== undefined;
    if (!knownChild) at('childId', `child ${r.childId} has no authorization at this provider during ${period.start} to ${period.end}`);
    const date = typeof r.date === 'string' && validDate(r.date);
    if (!date) at('date', 'must be a date as YYYY-MM-DD');
    else if (r.date > today) at('date', `${r.date} is after today (${today}): attendance is recorded for days that have passed`);
    else if (r.date < period.start || r.date > period.end) at('date', `${r.date} is outside the service period ${period.start} to ${period.end}`);
    else if (authorized && !covers(authorized, r.date)) {
      at('date', `child ${r.childId} is not authorized at this provider on ${r.date} (authorized ${authorized.map((a) => `${a.start} to ${a.end}`).join(', ')})`);
    }
    if (r.hours !== null && r.absenceCode !== null) at('hours', 'give hours or an absence code, not both');
    if (r.hours !== null && !(typeof r.hours === 'number' && Number.isFinite(r.hours) && r.hours >= 0 && r.hours <= 24)) {
      at('hours', 'hours must be between 0 and 24');
    }
    if (r.absenceCode !== null && r.absenceCode !== 'ABSENT' && r.absenceCode !== 'CLOSED') at('absenceCode', 'must be ABSENT or CLOSED');
    if (knownChild && date) {
      const key = dayKey(r.childId, r.date);
      if (seen.has(key)) at('date', `child ${r.childId} on ${r.date} is given twice`);
      seen.add(key);
    }
  }
  if (issues.length > 0) {
    throw new AppError({
      code: 'BAD_REQUEST',
      rule: `${action}.attendance`,
      field: issues[0].field,
      issues,
      message: `The attendance has ${issues.length} problem${issues.length === 1 ? '' : 's'}; the first: row ${issues[0].row}, ${issues[0].message}.`,
    });
  }
}

/** A day's value as the audit event records it: its hours, its absence code, or null (no row). */
type DayValue = number | 'ABSENT' | 'CLOSED' | null;
interface OldDay {
  hours: number | null;
  absenceCode: string | null;
  source: string;
}

/**
 * The old and new values of the days an action stored, for its audit event: the rows given (in
 * their order) with, for each that replaced a stored day, what was there before.
 */
export class AttendanceChanges {
  constructor(
    readonly source: 'digital' | 'paper',
    readonly rows: readonly AttendanceInput[],
    /** The stored day each row replaced, by row index; absent for a new day. */
    readonly old: ReadonlyMap<number, OldDay>,
  ) {}

  /**
   * The audit details as canonical JSON (exactly canonicalJson's output, written by hand):
   * `{"byChild":{"<child id>":{"new":{"<date>":<hours | absence code | null>,…},"old":{"<date>":
   * {"absenceCode":…,"hours":…,"source":…},…}},…},"days":<rows>,"source":"paper"}`. A new value
   * of null removed the day; "old" is left out for a child none of whose days was there before.
   */
  toJson(): string {
    const byChild = new Map<number, number[]>();
    for (let i = 0; i < this.rows.length; i++) {
      const list = byChild.get(this.rows[i].childId);
      if (list) list.push(i);
      else byChild.set(this.rows[i].childId, [i]);
    }
    // Canonical order: object keys as strings, in code-unit order (so "10" before "9").
    const children = [...byChild.keys()].map(String).sort();
    const parts: string[] = [];
    for (const child of children) {
      const indexes = byChild.get(Number(child))!;
      indexes.sort((a, b) => (this.rows[a].date < this.rows[b].date ? -1 : 1)); // one row per day: no ties
      let fresh = '';
      let old = '';
      for (const i of indexes) {
        const r = this.rows[i];
        fresh += `${fresh ? ',' : ''}"${r.date}":${dayJson(r.absenceCode ?? r.hours)}`;
        const was = this.old.get(i);
        if (was) old += `${old ? ',' : ''}"${r.date}":{"absenceCode":${str(was.absenceCode)},"hours":${num(was.hours)},"source":${str(was.source)}}`;
      }
      parts.push(`${JSON.stringify(child)}:{"new":{${fresh}}${old ? `,"old":{${old}}` : ''}}`);
    }
    return `{"byChild":{${parts.join(',')}},"days":${this.rows.length},"source":${str(this.source)}}`;
  }
}

const num = (n: number | null): string => (n === null ? 'null' : JSON.stringify(n));
const str = (t: string | null): string => (t === null ? 'null' : JSON.stringify(t));
const dayJson = (v: DayValue): string => (v === null ? 'null' : typeof v === 'number' ? JSON.stringify(v) : `"${v}"`);

/**
 * The given days that differ from what the payment stores (an unchanged day is not an edit: a
 * file imported twice records nothing the second time). A removal of a day not stored is no change.
 */
export async function changedRows(db: Queryable, paymentId: number, rows: readonly AttendanceInput[]): Promise<AttendanceInput[]> {
  const stored = await storedDays(db, paymentId);
  if (stored.length === 0) return rows.filter((r) => r.hours !== null || r.absenceCode !== null);
  const byDay = new Map<number, (typeof stored)[number]>();
  for (const s of stored) byDay.set(dayKey(s.childId, s.date), s);
  return rows.filter((r) => {
    const s = byDay.get(dayKey(r.childId, r.date));
    if (!s) return r.hours !== null || r.absenceCode !== null;
    return s.hours !== r.hours || s.absenceCode !== r.absenceCode;
  });
}

const COLUMNS = ['payment_id', 'child_id', 'date', 'hours', 'absence_code', 'source'];

type StoredDay = OldDay & { id: number; childId: number; date: string };
const STORED_DAYS = `SELECT id, payment_id AS paymentId, child_id AS childId, date, hours, absence_code AS absenceCode, source FROM attendance`;
const storedDaysKey = (paymentId: number) => `days:${paymentId}`;

/** The payment's stored days, read once per transaction until it writes attendance (changedRows, then writeAttendance). */
function storedDays(db: Queryable, paymentId: number): Promise<StoredDay[]> {
  return db.cached('attendance', storedDaysKey(paymentId), () => db.rows(`${STORED_DAYS} WHERE payment_id = ?`, [paymentId]));
}

/**
 * The stored days of many payments, kept for the transaction: one statement where work that
 * records many payments' attendance (the demo, a batch of imports) would read one each.
 */
export async function readStoredDays(db: Queryable, paymentIds: readonly number[]): Promise<void> {
  const byPayment = new Map<number, StoredDay[]>(paymentIds.map((id) => [id, []]));
  for (const r of await db.rows<StoredDay & { paymentId: number }>(`${STORED_DAYS} WHERE payment_id IN ${db.dialect.idsFromJson}`, [JSON.stringify(paymentIds)])) {
    const { paymentId, ...day } = r;
    byPayment.get(paymentId)?.push(day);
  }
  for (const [paymentId, days] of byPayment) db.remember('attendance', storedDaysKey(paymentId), days);
}

/** Replaces the given days (hours and absence code both null removes a day); returns what changed. */
export async function writeAttendance(db: Tx, paymentId: number, rows: readonly AttendanceInput[], source: 'digital' | 'paper'): Promise<AttendanceChanges> {
  // One read of the payment's days (none, for a first recording), then one statement per given day.
  const stored = await storedDays(db, paymentId);
  const existing = new Map<number, (typeof stored)[number]>();
  for (const a of stored) existing.set(dayKey(a.childId, a.date), a);
  const old = new Map<number, OldDay>();
  // New days go in 100 to a statement on SQLite (per-statement overhead was a large part of an
  // import); PostgreSQL holds them for the transaction's next statement that names the table
  // (each statement a round trip: many payments' days in one). They change only this payment's
  // stored days: the other payments' stay kept (readStoredDays).
  const fresh: Value[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const found = existing.size > 0 ? existing.get(dayKey(r.childId, r.date)) : undefined;
    const removed = r.hours === null && r.absenceCode === null;
    if (found) {
      old.set(i, { hours: found.hours, absenceCode: found.absenceCode, source: found.source });
      if (removed) await db.run(`DELETE FROM attendance WHERE id = ?`, [found.id]);
      else await db.run(`UPDATE attendance SET hours = ?, absence_code = ?, source = ? WHERE id = ?`, [r.hours, r.absenceCode, source, found.id]);
    } else if (!removed) fresh.push([paymentId, r.childId, r.date, r.hours, r.absenceCode, source]);
  }
  await insertHeld(db, 'attendance', COLUMNS, fresh, { batch: Math.max(100, db.dialect.rowsPerStatement), changes: [storedDaysKey(paymentId)] });
  // What the payment now stores, as the calculation reads it (calculatedDays): the Calculate that
  // usually follows in the same transaction does not read back the days just written.
  const now = new Map<number, CalculatedDay>();
  for (const s of stored) now.set(dayKey(s.childId, s.date), { childId: s.childId, date: s.date, hours: s.hours, absenceCode: s.absenceCode });
  for (const r of rows) {
    const key = dayKey(r.childId, r.date);
    if (r.hours === null && r.absenceCode === null) now.delete(key);
    else now.set(key, { childId: r.childId, date: r.date, hours: r.hours, absenceCode: r.absenceCode });
  }
  const days = [...now.values()].sort((a, b) => a.childId - b.childId || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  db.remember('attendance', calculatedDaysKey(paymentId), days);
  return new AttendanceChanges(source, rows, old);
}

type CalculatedDay = Pick<OldDay, 'hours' | 'absenceCode'> & { childId: number; date: string };
const calculatedDaysKey = (paymentId: number) => `calc:${paymentId}`;

/**
 * The payment's days as the calculation reads them (by child, then date): the ones writeAttendance
 * just kept, else read. A read is not kept: a period's calculation reads each payment's days once,
 * and keeping them all would hold every row of the period until its commit.
 */
export async function calculatedDays<R>(db: Queryable, paymentId: number, read: () => Promise<R[]>): Promise<R[]> {
  const kept = await db.cached<R[] | undefined>('attendance', calculatedDaysKey(paymentId), () => Promise.resolve(undefined));
  return kept ?? read();
}
