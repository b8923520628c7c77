import type BetterSqlite3 from 'better-sqlite3';
import { eachDay, isWeekday } from '../../src/shared/domain/dates';
import type { TestCore } from '../helpers/core';

// Builders of attendance files from the demo database, for the import tests.

export interface Day {
  caseNumber: string;
  date: string;
  hours?: number | null;
  absence?: string | null;
}

export function periodOf(sql: BetterSqlite3.Database, code: string): { id: number; startDate: string; endDate: string } {
  return sql.prepare(`SELECT id, start_date AS startDate, end_date AS endDate FROM service_period WHERE code = ?`).get(code) as {
    id: number;
    startDate: string;
    endDate: string;
  };
}

/** Every weekday each child is authorized at the provider in the period: 8 h, every 7th day ABSENT. */
export function authorizedDays(sql: BetterSqlite3.Database, providerId: number, code: string): Day[] {
  const p = periodOf(sql, code);
  const auths = sql
    .prepare(
      `SELECT c.case_number AS caseNumber, max(a.start_date, ?) AS start, min(a.end_date, ?) AS end
       FROM authorization a JOIN child c ON c.id = a.child_id
       WHERE a.provider_id = ? AND a.start_date <= ? AND a.end_date >= ? ORDER BY c.id`,
    )
    .all(p.startDate, p.endDate, providerId, p.endDate, p.startDate) as Array<{ caseNumber: string; start: string; end: string }>;
  const days: Day[] = [];
  for (const a of auths) {
    eachDay(a.start, a.end)
      .filter(isWeekday)
      .forEach((date, i) => days.push(i % 7 === 6 ? { caseNumber: a.caseNumber, date, absence: 'ABSENT' } : { caseNumber: a.caseNumber, date, hours: 8 }));
  }
  return days;
}

export function licenseOf(sql: BetterSqlite3.Database, providerId: number): string {
  return (sql.prepare(`SELECT license_number AS l FROM provider WHERE id = ?`).get(providerId) as { l: string }).l;
}

export function submission(
  sql: BetterSqlite3.Database,
  providerId: number,
  code: string,
  over: Record<string, unknown> = {},
): Record<string, unknown> & { attendance: Day[] } {
  return {
    format: 'paydesk-submission',
    version: 1,
    licenseNumber: licenseOf(sql, providerId),
    period: code,
    providerSignedAt: '2026-04-02T15:00:00Z',
    parentSignedAt: '2026-04-03T18:30:00Z',
    attendance: authorizedDays(sql, providerId, code),
    ...over,
  };
}

export async function generate(t: TestCore, code: string): Promise<void> {
  const approver = await t.as('approver');
  await approver.call('payments-generate', { periodId: periodOf(t.core.store.sql, code).id });
}

export function paymentOf(sql: BetterSqlite3.Database, providerId: number, code: string) {
  return sql
    .prepare(
      `SELECT p.id, p.submission_status AS submissionStatus, p.payment_status AS paymentStatus, p.received_at AS receivedAt,
         p.provider_signed_at AS providerSignedAt, p.parent_signed_at AS parentSignedAt, p.amount_cents AS amountCents
       FROM payment p JOIN service_period sp ON sp.id = p.period_id WHERE p.provider_id = ? AND sp.code = ? AND p.kind = 'payment'`,
    )
    .get(providerId, code) as {
    id: number;
    submissionStatus: string;
    paymentStatus: string;
    receivedAt: string | null;
    providerSignedAt: string | null;
    parentSignedAt: string | null;
    amountCents: number | null;
  };
}
