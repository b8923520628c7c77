import type BetterSqlite3 from 'better-sqlite3';
import { AppError, type ErrorIssue } from '../../../shared/api/errors';
import { isIsoDate } from '../../../shared/domain/dates';
import type { ItemRow } from './item';
import { prepared } from './prepared';
import type { AttendanceInput, CalculationLineInput } from './types';

// The side effects of the actions table (store-attendance, store-calculation, clear-amount).
// Each has a check, run before anything is written, and a write.

export interface AttendanceChange {
  childId: number;
  date: string;
  old: { hours: number | null; absenceCode: string | null; source: string } | null;
  new: { hours: number | null; absenceCode: string | null } | null;
}

// Dates already found valid: an import checks the same twenty-odd days for every child.
const VALID_DATES = new Set<string>();
function validDate(text: string): boolean {
  if (VALID_DATES.has(text)) return true;
  if (!isIsoDate(text)) return false;
  if (VALID_DATES.size > 10_000) VALID_DATES.clear();
  VALID_DATES.add(text);
  return true;
}

export function checkAttendance(sql: BetterSqlite3.Database, item: ItemRow, rows: readonly AttendanceInput[], action: string): void {
  const period = prepared(sql, `SELECT start_date AS start, end_date AS end FROM service_period WHERE id = ?`).get(item.periodId) as {
    start: string;
    end: string;
  };
  // Children with an authorization at this provider during the period: nobody else's days belong here.
  const children = new Set(
    (
      prepared(
        sql,
        `SELECT DISTINCT child_id AS id FROM authorization WHERE provider_id = ? AND start_date <= ? AND end_date >= ?`,
      ).all(item.providerId, period.end, period.start) as { id: number }[]
    ).map((c) => c.id),
  );
  const issues: ErrorIssue[] = [];
  const seen = new Set<string>();
  let i = 0;
  // A plain loop and one shared reporter: this runs for every day of an import (hundreds of thousands).
  const at = (field: string, message: string) => issues.push({ path: `attendance.rows.${i}.${field}`, row: i + 1, field, message });
  for (; i < rows.length; i++) {
    const r = rows[i];
    if (!Number.isInteger(r.childId) || !children.has(r.childId)) {
      at('childId', `child ${r.childId} has no authorization at this provider during ${period.start} to ${period.end}`);
    }
    if (typeof r.date !== 'string' || !validDate(r.date)) at('date', 'must be a date as YYYY-MM-DD');
    else if (r.date < period.start || r.date > period.end) at('date', `${r.date} is outside the service period ${period.start} to ${period.end}`);
    if (r.hours !== null && r.absenceCode !== null) at('hours', 'give hours or an absence code, not both');
    if (r.hours !== null && !(typeof r.hours === 'number' && Number.isFinite(r.hours) && r.hours >= 0 && r.hours <= 24)) {
      at('hours', 'hours must be between 0 and 24');
    }
    if (r.absenceCode !== null && r.absenceCode !== 'ABSENT' && r.absenceCode !== 'CLOSED') at('absenceCode', 'must be ABSENT or CLOSED');
    const key = `${r.childId}|${r.date}`;
    if (seen.has(key)) at('date', `child ${r.childId} on ${r.date} is given twice`);
    seen.add(key);
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

const BATCH = 50;

/** Replaces the given days and returns old and new values for the audit event. */
export function writeAttendance(
  sql: BetterSqlite3.Database,
  paymentId: number,
  rows: readonly AttendanceInput[],
  source: 'digital' | 'paper',
): AttendanceChange[] {
  // One read of the payment's days, then one statement per given day (an import sends thousands).
  const existing = new Map<string, NonNullable<AttendanceChange['old']> & { id: number }>();
  const all = prepared(
    sql,
    `SELECT id, child_id AS childId, date, hours, absence_code AS absenceCode, source FROM attendance WHERE payment_id = ?`,
  ).all(paymentId) as { id: number; childId: number; date: string; hours: number | null; absenceCode: string | null; source: string }[];
  for (const a of all) existing.set(`${a.childId}|${a.date}`, { id: a.id, hours: a.hours, absenceCode: a.absenceCode, source: a.source });
  const remove = prepared(sql, `DELETE FROM attendance WHERE id = ?`);
  const update = prepared(sql, `UPDATE attendance SET hours = ?, absence_code = ?, source = ? WHERE id = ?`);
  const insert = prepared(
    sql,
    `INSERT INTO attendance (payment_id, child_id, date, hours, absence_code, source) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  // New days go in many to a statement: per-statement overhead was a large part of an import.
  const batch = prepared(
    sql,
    `INSERT INTO attendance (payment_id, child_id, date, hours, absence_code, source) VALUES ${new Array(BATCH).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`,
  );
  const pending: unknown[] = [];
  const changes = new Array<AttendanceChange>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const found = existing.size > 0 ? existing.get(`${r.childId}|${r.date}`) : undefined;
    const removed = r.hours === null && r.absenceCode === null;
    let old: AttendanceChange['old'] = null;
    if (found) {
      old = { hours: found.hours, absenceCode: found.absenceCode, source: found.source };
      if (removed) remove.run(found.id);
      else update.run(r.hours, r.absenceCode, source, found.id);
    } else if (!removed) {
      pending.push(paymentId, r.childId, r.date, r.hours, r.absenceCode, source);
      if (pending.length === BATCH * 6) {
        batch.run(pending);
        pending.length = 0;
      }
    }
    changes[i] = { childId: r.childId, date: r.date, old, new: removed ? null : { hours: r.hours, absenceCode: r.absenceCode } };
  }
  for (let j = 0; j < pending.length; j += 6) insert.run(pending.slice(j, j + 6));
  return changes;
}

const num = (n: number | null): string => (n === null ? 'null' : JSON.stringify(n));
const str = (t: string | null): string => (t === null ? 'null' : JSON.stringify(t));

/**
 * The attendance changes as canonical JSON (keys sorted, exactly what canonicalJson gives), written
 * by hand: an import records hundreds of thousands of days and the generic walk dominated it.
 */
export function attendanceChangesJson(changes: readonly AttendanceChange[]): string {
  const parts = new Array<string>(changes.length);
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i];
    const n = c.new === null ? 'null' : `{"absenceCode":${str(c.new.absenceCode)},"hours":${num(c.new.hours)}}`;
    const o = c.old === null ? 'null' : `{"absenceCode":${str(c.old.absenceCode)},"hours":${num(c.old.hours)},"source":${str(c.old.source)}}`;
    parts[i] = `{"childId":${num(c.childId)},"date":${str(c.date)},"new":${n},"old":${o}}`;
  }
  return `[${parts.join(',')}]`;
}

const INT_FIELDS = [
  'fullDays',
  'partDays',
  'paidAbsences',
  'unpaidDays',
  'daysCut',
  'fullRateCents',
  'partRateCents',
  'copayCents',
  'subtotalCents',
] as const;

/** The amount is the sum of the lines (DESIGN.md section 4): a calculation that disagrees is refused. */
export function checkCalculation(calc: { amountCents: number; lines: readonly CalculationLineInput[] }): void {
  const bad = (message: string) => new AppError({ code: 'REFUSED', rule: 'calculate.lines', message });
  if (!Number.isSafeInteger(calc.amountCents)) throw bad('The calculated amount must be whole cents.');
  let sum = 0;
  calc.lines.forEach((line, i) => {
    for (const f of INT_FIELDS) {
      if (!Number.isSafeInteger(line[f])) throw bad(`Calculation line ${i + 1}: ${f} must be a whole number.`);
    }
    sum += line.subtotalCents;
  });
  if (sum !== calc.amountCents) {
    throw bad(`The calculation lines add up to ${sum} cents but the amount is ${calc.amountCents} cents.`);
  }
}

const LINE_COLUMNS = `INSERT INTO calculation_line (payment_id, line_no, child_id, authorization_id, label, age_group, full_days, part_days,
    paid_absences, unpaid_days, days_cut, full_rate_cents, part_rate_cents, copay_cents, subtotal_cents, details) VALUES `;
const LINE_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Lines inserted this many to a statement (a period's calculation writes tens of thousands). */
const LINE_BATCH = 16;
const LINE_SQL = Array.from({ length: LINE_BATCH + 1 }, (_, n) => LINE_COLUMNS + new Array(n).fill(LINE_ROW).join(', '));

/**
 * Replaces the payment's lines. The details are stored as JSON.stringify writes them: the rules
 * build them in a fixed key order, so the same inputs store the same text.
 */
export function writeCalculation(sql: BetterSqlite3.Database, paymentId: number, lines: readonly CalculationLineInput[]): void {
  prepared(sql, `DELETE FROM calculation_line WHERE payment_id = ?`).run(paymentId);
  const values: unknown[] = [];
  let inBatch = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    values.push(paymentId, i + 1, l.childId, l.authorizationId, l.label, l.ageGroup, l.fullDays, l.partDays, l.paidAbsences, l.unpaidDays, l.daysCut,
      l.fullRateCents, l.partRateCents, l.copayCents, l.subtotalCents, JSON.stringify(l.details ?? {}));
    if (++inBatch === LINE_BATCH) {
      prepared(sql, LINE_SQL[LINE_BATCH]).run(values);
      values.length = 0;
      inBatch = 0;
    }
  }
  if (inBatch > 0) prepared(sql, LINE_SQL[inBatch]).run(values);
}

export function clearCalculation(sql: BetterSqlite3.Database, paymentId: number): void {
  prepared(sql, `DELETE FROM calculation_line WHERE payment_id = ?`).run(paymentId);
}
