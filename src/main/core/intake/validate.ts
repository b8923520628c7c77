import type { ErrorIssue } from '../../../shared/api/errors';
import { isIsoDate } from '../../../shared/domain/dates';
import type { Queryable } from '../db/engine/port';
import type { AttendanceInput } from '../workflow/engine';
import { dayProblem, Lookup } from './lookup';

/**
 * Checks attendance rows (as Record paper attendance / Edit attendance receive them) against the
 * payment's service period and the children's authorizations at its provider, day by day. Returns
 * every problem, each naming its row (1-based) and field; an empty list means the rows are good.
 * Both hours and absenceCode null is allowed: it removes that day (the engine's convention).
 */
export async function validateAttendance(db: Queryable, paymentId: number, rows: readonly AttendanceInput[], today: string | null = null): Promise<ErrorIssue[]> {
  const lookup = new Lookup(db);
  const payment = await lookup.paymentById(paymentId);
  if (!payment) return [{ path: 'paymentId', field: 'paymentId', message: `There is no payment ${paymentId} (adjustments carry no attendance).` }];
  const period = (await lookup.periodById(payment.periodId))!;
  const authorized = await lookup.authorized(payment.providerId, period);
  // The rows' children in one statement.
  const ids = [...new Set(rows.map((r) => r.childId).filter((id) => Number.isSafeInteger(id)))];
  const caseNumbers = new Map(
    (await db.rows<{ id: number; c: string }>(`SELECT id, case_number AS c FROM child WHERE id IN ${db.dialect.idsFromJson}`, [JSON.stringify(ids)])).map((r) => [r.id, r]),
  );
  const childName = (id: number) => caseNumbers.get(id);

  const issues: ErrorIssue[] = [];
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const row = i + 1;
    const at = (field: string, message: string) => issues.push({ path: `attendance.rows.${i}.${field}`, row, field, message });
    if (r.hours !== null && r.absenceCode !== null) at('hours', 'give hours or an absence code, not both');
    if (r.hours !== null && !(typeof r.hours === 'number' && Number.isFinite(r.hours) && r.hours >= 0 && r.hours <= 24)) {
      at('hours', 'must be a number of hours from 0 to 24');
    }
    if (r.absenceCode !== null && r.absenceCode !== 'ABSENT' && r.absenceCode !== 'CLOSED') at('absenceCode', 'must be ABSENT or CLOSED');
    if (typeof r.date !== 'string' || !isIsoDate(r.date)) {
      at('date', 'must be a date as YYYY-MM-DD');
      return;
    }
    const child = childName(r.childId);
    if (!child) {
      at('childId', `there is no child ${r.childId}`);
      return;
    }
    const problem = dayProblem(r.date, authorized.get(r.childId), period, 'childId', child.c, today);
    if (problem) at(problem.field, problem.message);
    const key = `${r.childId}|${r.date}`;
    const first = seen.get(key);
    if (first !== undefined) at('date', `${child.c} on ${r.date} is already on row ${first}: one row per child per day`);
    else seen.set(key, row);
  });
  return issues;
}
