import type BetterSqlite3 from 'better-sqlite3';
import { eachDay, isWeekday } from '../../src/shared/domain/dates';
import type { Core } from '../../src/main/core/core';
import type { Queryable } from '../../src/main/core/db/engine/port';
import type { TestCore } from '../helpers/core';

// Builders of attendance files from the demo database, for the import tests.

export interface Day {
  caseNumber: string;
  date: string;
  hours?: number | null;
  absence?: string | null;
}

/**
 * What the builders read from: the test's core or the data port (a Promise, either engine), or a
 * better-sqlite3 connection (at once; for files not converted to the port yet).
 */
export type On = BetterSqlite3.Database | Queryable | { core: Core } | { db: Queryable };
type Period = { id: number; startDate: string; endDate: string };
const PERIOD = `SELECT id, start_date AS startDate, end_date AS endDate FROM service_period WHERE code = ?`;
const AUTHS = `SELECT c.case_number AS caseNumber, a.start_date AS start, a.end_date AS end
  FROM "authorization" a JOIN child c ON c.id = a.child_id
  WHERE a.provider_id = ? AND a.start_date <= ? AND a.end_date >= ? ORDER BY c.id`;
const LICENSE = `SELECT license_number AS l FROM provider WHERE id = ?`;
const PAYMENT = `SELECT p.id, p.submission_status AS submissionStatus, p.payment_status AS paymentStatus, p.received_at AS receivedAt,
    p.provider_signed_at AS providerSignedAt, p.parent_signed_at AS parentSignedAt, p.amount_cents AS amountCents
  FROM payment p JOIN service_period sp ON sp.id = p.period_id WHERE p.provider_id = ? AND sp.code = ? AND p.kind = 'payment'`;
type Payment = {
  id: number;
  submissionStatus: string;
  paymentStatus: string;
  receivedAt: string | null;
  providerSignedAt: string | null;
  parentSignedAt: string | null;
  amountCents: number | null;
};

const isConnection = (on: On): on is BetterSqlite3.Database => 'prepare' in on;
type Port = Queryable | { core: Core } | { db: Queryable };
const portOf = (on: Port): Queryable => ('dialect' in on ? on : 'core' in on ? on.core.store.db : on.db);

export function periodOf(on: BetterSqlite3.Database, code: string): Period;
export function periodOf(on: Port, code: string): Promise<Period>;
export function periodOf(on: On, code: string): Period | Promise<Period> {
  if (isConnection(on)) return on.prepare(PERIOD).get(code) as Period;
  return portOf(on).one<Period>(PERIOD, [code]).then((p) => p!);
}

type Auth = { caseNumber: string; start: string; end: string };
/** Weekdays of each authorization within the period: 8 h, every 7th day ABSENT. */
function daysOf(p: Period, auths: Auth[]): Day[] {
  const days: Day[] = [];
  for (const a of auths) {
    eachDay(a.start > p.startDate ? a.start : p.startDate, a.end < p.endDate ? a.end : p.endDate)
      .filter(isWeekday)
      .forEach((date, i) => days.push(i % 7 === 6 ? { caseNumber: a.caseNumber, date, absence: 'ABSENT' } : { caseNumber: a.caseNumber, date, hours: 8 }));
  }
  return days;
}

/** Every weekday each child is authorized at the provider in the period: 8 h, every 7th day ABSENT. */
export function authorizedDays(on: BetterSqlite3.Database, providerId: number, code: string): Day[];
export function authorizedDays(on: Port, providerId: number, code: string): Promise<Day[]>;
export function authorizedDays(on: On, providerId: number, code: string): Day[] | Promise<Day[]> {
  if (isConnection(on)) {
    const p = periodOf(on, code);
    return daysOf(p, on.prepare(AUTHS).all(providerId, p.endDate, p.startDate) as Auth[]);
  }
  return (async () => {
    const p = await periodOf(on, code);
    return daysOf(p, await portOf(on).rows<Auth>(AUTHS, [providerId, p.endDate, p.startDate]));
  })();
}

export function licenseOf(on: BetterSqlite3.Database, providerId: number): string;
export function licenseOf(on: Port, providerId: number): Promise<string>;
export function licenseOf(on: On, providerId: number): string | Promise<string> {
  if (isConnection(on)) return (on.prepare(LICENSE).get(providerId) as { l: string }).l;
  return portOf(on).one<{ l: string }>(LICENSE, [providerId]).then((r) => r!.l);
}

type Submission = Record<string, unknown> & { attendance: Day[] };
function submissionOf(license: string, code: string, attendance: Day[], over: Record<string, unknown>): Submission {
  return {
    format: 'paydesk-submission',
    version: 1,
    licenseNumber: license,
    period: code,
    providerSignedAt: '2026-04-02T15:00:00Z',
    parentSignedAt: '2026-04-03T18:30:00Z',
    attendance,
    ...over,
  };
}

export function submission(on: BetterSqlite3.Database, providerId: number, code: string, over?: Record<string, unknown>): Submission;
export function submission(on: Port, providerId: number, code: string, over?: Record<string, unknown>): Promise<Submission>;
export function submission(on: On, providerId: number, code: string, over: Record<string, unknown> = {}): Submission | Promise<Submission> {
  if (isConnection(on)) return submissionOf(licenseOf(on, providerId), code, authorizedDays(on, providerId, code), over);
  return (async () => submissionOf(await licenseOf(on, providerId), code, await authorizedDays(on, providerId, code), over))();
}

export async function generate(t: TestCore, code: string): Promise<void> {
  const approver = await t.as('approver');
  await approver.call('payments-generate', { periodId: (await periodOf(t, code)).id });
}

export function paymentOf(on: BetterSqlite3.Database, providerId: number, code: string): Payment;
export function paymentOf(on: Port, providerId: number, code: string): Promise<Payment>;
export function paymentOf(on: On, providerId: number, code: string): Payment | Promise<Payment> {
  if (isConnection(on)) return on.prepare(PAYMENT).get(providerId, code) as Payment;
  return portOf(on).one<Payment>(PAYMENT, [providerId, code]).then((r) => r!);
}
