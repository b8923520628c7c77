import type { SessionUser } from '../../../shared/api/contract/session';
import { addDays, eachDay, isWeekday, localDateIn } from '../../../shared/domain/dates';
import { DEFAULT_TIME_ZONE } from '../settings/today';
import { SUBMISSION_FORMAT } from '../../../shared/intake/submission';
import { CalcBatch } from '../calculation/batch';
import { calculatePayment } from '../calculation/calculate';
import { actorOf } from '../context';
import type { Store, Tx as StoreTx } from '../db/store';
import type { Tx } from '../db/engine/port';
import { candidates, createPayments } from '../generation/generate';
import { importSubmission } from '../intake/submission';
import { readForImports } from '../intake/lookup';
import { writeTx } from '../intake/tx';
import { loadSessionUserByName } from '../users/users';
import type { ActionName } from '../../../shared/workflow/actions';
import { applyAction, createItem, type AttendanceInput } from '../workflow/engine';
import { readAuthorizationSpans, readStoredDays } from '../workflow/attendance';
import { loadItems } from '../workflow/item';
import type { DemoOptions } from './demo';
import { exportDemoStage } from './exports';
import type { Random } from './random';

// The demo's payments: generated for the last periods up to the demo's "now" and moved through
// the real workflow engine (every move is an audit event) so that every tab and status has rows.
// Each period's story runs in time order: this intake work, then its export stage (exports.ts:
// the Payor's export runs, what the approvers authorize after them, the third-party payor's
// confirmation). Older periods end mostly paid; the current one — the newest, which the app opens
// on — is spread over every state. Deterministic: the same seed gives the same database.

type Scenario =
  | 'new' | 'ready' | 'submitted' | 'paper' | 'review' | 'authorized' | 'payor-review' | 'hold' | 'payor-hold'
  | 'corrections' | 'resubmitted' | 'denied'
  // Received and calculated before the period's export runs, authorized after them (then, for
  // late-review, reviewed by the Payor): Authorized, waiting for the next run.
  | 'late' | 'late-review';

const CURRENT: Array<[Scenario, number]> = [
  ['new', 12], ['ready', 12], ['submitted', 18], ['paper', 14], ['review', 6], ['authorized', 12],
  ['payor-review', 4], ['hold', 6], ['payor-hold', 4], ['corrections', 6], ['resubmitted', 2], ['denied', 4],
  ['late', 6], ['late-review', 2],
];
const OLDER: Array<[Scenario, number]> = [
  ['new', 3], ['submitted', 3], ['paper', 2], ['authorized', 70], ['payor-review', 4], ['hold', 3],
  ['payor-hold', 3], ['corrections', 4], ['resubmitted', 2], ['denied', 6], ['late', 6], ['late-review', 2],
];

/** Providers by who pays them: the agency by ACH or by check, or the third-party payor. */
type Kind = 'ach' | 'check' | 'third';
type Needs = Record<Kind, Scenario[]>;
/**
 * Scenarios the demo shows whatever the draws (a small scale has few check and third-party
 * providers): in each period the first providers of a kind, by id, take that period's needs in
 * order, the rest are drawn.
 */
const NEEDS: { current: Needs; previous: Needs; anywhere: Needs } = {
  // The period the app opens on: rows in every tab; ACH and check providers paid by the agency's
  // batch; three hand-offs to the third-party payor (its confirmation leaves one In Process, marks
  // one Processed, one Paid); items authorized after the runs, one of them in the Payor's review.
  current: {
    ach: ['ready', 'submitted', 'paper', 'authorized', 'authorized', 'late', 'late-review', 'payor-hold', 'corrections'],
    check: ['authorized'],
    third: ['authorized', 'authorized', 'authorized', 'late', 'late-review', 'payor-hold'],
  },
  // The month before: the same batches a month on, and items authorized after them.
  previous: {
    ach: ['authorized', 'authorized', 'late', 'payor-hold'],
    check: ['authorized'],
    third: ['authorized', 'authorized', 'authorized', 'late', 'late', 'corrections'],
  },
  // The first period with room: every other invoice status / sub-status of each payor kind.
  anywhere: {
    ach: ['review', 'hold', 'denied'],
    check: [],
    third: ['submitted', 'review', 'hold', 'denied'],
  },
};
/** Periods generated and how many providers' payments move, per scale (L stays fast for the bench). */
const PLAN = { S: { periods: 3, moved: Infinity }, M: { periods: 2, moved: 300 }, L: { periods: 2, moved: 100 } } as const;

export interface Period { id: number; code: string; startDate: string; endDate: string }
/** A demo period as its stages see it, one after the other. */
export interface DemoPeriod extends Period {
  /** The newest period: the one the app opens on. */
  current: boolean;
  /** The demo period before this one, if any. */
  previous: Period | null;
  /** The day work on the period begins (09:00 UTC). */
  workStart: string;
  /** Timestamps of the steps: from `t` on, a little apart, never later than `limit` (the demo's now). Shared by the stages. */
  clock: { t: number; limit: number };
  /** Payments the intake left for after the export runs: authorized then (and reviewed by the Payor). */
  afterRun: Array<{ paymentId: number; review: boolean }>;
}
interface Ctx {
  tx: StoreTx;
  db: Tx;
  rnd: Random;
  users: Record<'approver' | 'approver2' | 'payor', SessionUser>;
  clock: DemoPeriod['clock'];
  batch: CalcBatch;
  afterRun: DemoPeriod['afterRun'];
  /** The moved providers' authorizations within the period up to its last day, read once for them all. */
  spans: Map<number, AuthSpan[]>;
}
interface AuthSpan { childId: number; caseNumber: string; start: string; end: string }

function pick(rnd: Random, weights: Array<[Scenario, number]>): Scenario {
  let roll = rnd.next() * weights.reduce((s, [, w]) => s + w, 0);
  for (const [scenario, w] of weights) if ((roll -= w) < 0) return scenario;
  return weights[0][0];
}

/** Each step a little later than the last, so the history reads in order. */
function tick(c: Ctx, seconds = 23): string {
  c.clock.t = Math.min(c.clock.t + seconds * 1000, c.clock.limit);
  return new Date(c.clock.t).toISOString();
}

async function act(c: Ctx, paymentId: number, action: ActionName, who: keyof Ctx['users'], extra: object = {}): Promise<void> {
  const user = c.users[who];
  const group = who === 'payor' ? 'Payor' : 'Approver';
  const now = tick(c);
  const calculation = action === 'calculate' ? await calculatePayment(c.db, paymentId, c.batch) : undefined;
  await applyAction(c.db, { paymentId, action, actor: actorOf(user, group), user, calculation, ...extra }, now);
}

/** A month of care: mostly full days, some short ones and absences, a few days with no row. */
function attendance(c: Ctx, providerId: number, period: Period, lastDay: string): Array<AttendanceInput & { caseNumber: string }> {
  // The authorization's days within the period up to lastDay (clamped here: scalar max/min differ between the engines).
  const auths = (c.spans.get(providerId) ?? []).map((a) => ({
    ...a,
    start: a.start > period.startDate ? a.start : period.startDate,
    end: a.end < lastDay ? a.end : lastDay,
  }));
  const rows: Array<AttendanceInput & { caseNumber: string }> = [];
  const seen = new Set<string>();
  for (const a of auths) {
    for (const date of eachDay(a.start, a.end).filter(isWeekday)) {
      if (seen.has(`${a.childId}|${date}`)) continue;
      seen.add(`${a.childId}|${date}`);
      const roll = c.rnd.next();
      if (roll < 0.03) continue;
      const base = { childId: a.childId, caseNumber: a.caseNumber, date };
      if (roll < 0.1) rows.push({ ...base, hours: null, absenceCode: 'ABSENT' });
      else if (roll < 0.2) rows.push({ ...base, hours: c.rnd.int(4, 9) / 2, absenceCode: null });
      else rows.push({ ...base, hours: c.rnd.int(12, 20) / 2, absenceCode: null });
    }
  }
  return rows;
}

async function submitDigitally(c: Ctx, paymentId: number, license: string, period: Period, rows: Array<AttendanceInput & { caseNumber: string }>, parentSigns: boolean): Promise<void> {
  const providerSignedAt = tick(c, 240);
  const file = {
    format: SUBMISSION_FORMAT,
    version: 1,
    licenseNumber: license,
    period: period.code,
    providerSignedAt,
    parentSignedAt: parentSigns ? tick(c, 420) : null,
    attendance: rows.map((r) => (r.absenceCode ? { caseNumber: r.caseNumber, date: r.date, absence: r.absenceCode } : { caseNumber: r.caseNumber, date: r.date, hours: r.hours })),
  };
  await importSubmission(c.tx, { fileName: `${license}-${period.code}.json`, content: JSON.stringify(file) }, null, tick(c));
}

async function play(c: Ctx, p: { id: number; providerId: number; license: string }, period: Period, lastDay: string, scenario: Scenario): Promise<void> {
  if (scenario === 'new') return;
  const rows = attendance(c, p.providerId, period, lastDay);
  if (rows.length === 0) return;
  const digital = scenario === 'ready' || scenario === 'submitted' || c.rnd.chance(0.5);
  if (digital) await submitDigitally(c, p.id, p.license, period, rows, scenario !== 'ready');
  else await act(c, p.id, 'record-paper-attendance', 'approver', { attendance: { rows: rows.map(({ caseNumber: _c, ...r }) => r), source: 'paper' } });
  if (scenario === 'ready' || ((scenario === 'submitted' || scenario === 'paper') && c.rnd.chance(0.6))) return;
  if (scenario === 'corrections' || scenario === 'resubmitted') {
    await act(c, p.id, 'request-corrections', 'approver', { reason: { code: c.rnd.pick(['MISSING_ATTENDANCE', 'SIGNATURE_MISSING', 'HOURS_INCORRECT']) } });
    if (scenario === 'corrections') return;
    await act(c, p.id, 'submit-corrections', 'approver2');
  }
  await act(c, p.id, 'calculate', c.rnd.chance(0.5) ? 'approver' : 'approver2');
  if (scenario === 'submitted' || scenario === 'paper' || scenario === 'resubmitted') return;
  if (scenario === 'late' || scenario === 'late-review') return void c.afterRun.push({ paymentId: p.id, review: scenario === 'late-review' });
  if (scenario === 'review') return act(c, p.id, 'start-review', 'approver');
  if (scenario === 'hold') return act(c, p.id, 'place-hold', 'approver', { reason: { code: c.rnd.pick(['OUTSIDE_REVIEW', 'LICENSE_CHECK', 'DUPLICATE_SUSPECTED']) } });
  if (scenario === 'denied') return act(c, p.id, 'deny', 'approver', { reason: { code: c.rnd.pick(['NOT_ELIGIBLE', 'DUPLICATE']) } });
  await act(c, p.id, 'authorize', 'approver');
  if (scenario === 'payor-review') await act(c, p.id, 'start-review', 'payor');
  if (scenario === 'payor-hold') await act(c, p.id, 'place-hold', 'payor', { reason: { code: 'OUTSIDE_REVIEW' } });
}

/** A few corrections of older periods' authorized payments, half of them authorized too. */
async function adjustments(c: Ctx, period: Period): Promise<void> {
  const authorized = await c.db.rows<{ id: number; providerId: number; payorId: number }>(
    `SELECT id, provider_id AS providerId, payor_id AS payorId FROM payment WHERE period_id = ? AND kind = 'payment' AND payment_status = 'Authorized' ORDER BY id`,
    [period.id],
  );
  for (const p of authorized.filter((_, i) => i % 8 === 3)) {
    const amountCents = (c.rnd.chance(0.6) ? 1 : -1) * c.rnd.int(10, 240) * 250;
    const reason = amountCents > 0 ? 'Attendance days missed on the original sheet' : 'Overpayment: absences over the allowance';
    const actor = { ...actorOf(c.users.approver, 'Approver'), group: 'System' as const };
    const id = await createItem(c.db, { kind: 'adjustment', providerId: p.providerId, periodId: period.id, payorId: p.payorId, amountCents, correctsPaymentId: p.id, adjustmentReason: reason, actor }, tick(c));
    if (c.rnd.chance(0.5)) await act(c, id, 'authorize', 'approver2');
  }
}

/** Who pays a provider: the agency by ACH or check, or a third-party payor. */
function kindOf(p: { payorKind: string; method: string }): Kind {
  return p.payorKind === 'third_party' ? 'third' : p.method === 'check' ? 'check' : 'ach';
}

export async function intakeDemoStage(store: Store, options: DemoOptions, rnd: Random): Promise<void> {
  // The agency's calendar (the demo keeps the default time zone).
  const today = localDateIn(DEFAULT_TIME_ZONE, options.now);
  const yesterday = addDays(today, -1);
  const all = await store.read(({ db }) => db.rows<Period>(`SELECT id, code, start_date AS startDate, end_date AS endDate FROM service_period ORDER BY start_date`));
  // Periods with care up to yesterday: on the first of a month, the month just ended is the newest.
  const started = all.filter((p) => p.startDate <= yesterday);
  const plan = PLAN[options.scale];
  const periods = (started.length > 0 ? started : all.slice(0, 1)).slice(-plan.periods);
  const anywhere: Needs = { ach: [...NEEDS.anywhere.ach], check: [...NEEDS.anywhere.check], third: [...NEEDS.anywhere.third] };
  let last: DemoPeriod | null = null;
  for (const [index, period] of periods.entries()) {
    const current = index === periods.length - 1;
    // Work on a period happens once it is over; the current one's, these last two days, on the
    // days before them (attendance is never recorded for a day after the day it is recorded on).
    const workStart = current ? addDays(today, -2) : addDays(period.endDate, 3);
    const lastDay = period.endDate < workStart ? period.endDate : addDays(workStart, -1);
    // Never before the last step of the period before (near a month's start their days meet).
    const start = Math.max(Date.parse(`${workStart}T09:00:00Z`), (last?.clock.t ?? 0) + 60_000);
    const limit = Math.min(options.now.getTime() - 60_000, start + 20 * 86_400_000);
    const demoPeriod: DemoPeriod = { ...period, current, previous: periods[index - 1] ?? null, workStart, clock: { t: start, limit }, afterRun: [] };
    last = demoPeriod;
    const role = current ? NEEDS.current : index === periods.length - 2 ? NEEDS.previous : null;
    await writeTx(store, async (tx) => {
      const { db } = tx;
      const users: Ctx['users'] = { approver: (await loadSessionUserByName(db, 'approver'))!, approver2: (await loadSessionUserByName(db, 'approver2'))!, payor: (await loadSessionUserByName(db, 'payor'))! };
      const c: Ctx = { tx, db, rnd, users, clock: demoPeriod.clock, batch: new CalcBatch(), afterRun: demoPeriod.afterRun, spans: new Map() };
      await createPayments(db, period.id, await candidates(db, period.id), tick(c));
      const moved = Number.isFinite(plan.moved) ? ` LIMIT ${Math.floor(plan.moved)}` : '';
      const payments = await db.rows<{ id: number; providerId: number; license: string; payorKind: string; method: string }>(
        `SELECT p.id, p.provider_id AS providerId, pr.license_number AS license, y.kind AS payorKind, pr.payment_method AS method
                  FROM payment p JOIN provider pr ON pr.id = p.provider_id JOIN payor y ON y.id = p.payor_id
                  WHERE p.period_id = ? AND p.kind = 'payment' ORDER BY p.provider_id${moved}`,
        [period.id],
      );
      // What the moved providers' attendance and calculations read, once for them all (one
      // statement each instead of one per provider: on PostgreSQL each is a round trip).
      const providerIds = payments.map((p) => p.providerId);
      c.batch = await CalcBatch.prefetch(db, period.id, payments.map((p) => p.id));
      await readAuthorizationSpans(db, providerIds, period.startDate, period.endDate);
      await readForImports(db, providerIds, period.id);
      await readStoredDays(db, payments.map((p) => p.id));
      await loadItems(db, payments.map((p) => p.id), { lock: 'update' });
      for (const a of await db.rows<AuthSpan & { providerId: number }>(
        `SELECT a.provider_id AS providerId, a.child_id AS childId, c.case_number AS caseNumber, a.start_date AS start, a.end_date AS end
         FROM "authorization" a JOIN child c ON c.id = a.child_id
         WHERE a.provider_id IN ${db.dialect.idsFromJson} AND a.start_date <= ? AND a.end_date >= ? ORDER BY a.provider_id, a.child_id, a.start_date`,
        [JSON.stringify(providerIds), lastDay, period.startDate],
      )) {
        const { providerId, ...span } = a;
        const list = c.spans.get(providerId);
        if (list) list.push(span);
        else c.spans.set(providerId, [span]);
      }
      const needs: Needs = { ach: [...(role?.ach ?? [])], check: [...(role?.check ?? [])], third: [...(role?.third ?? [])] };
      for (const p of payments) {
        // Provider 1 belongs to the demo's Provider user: its current payment waits for them to submit.
        if (current && p.providerId === 1) continue;
        const kind = kindOf(p);
        const scenario = needs[kind].shift() ?? anywhere[kind].shift() ?? pick(rnd, current ? CURRENT : OLDER);
        await play(c, p, period, lastDay, scenario);
      }
      if (!current) await adjustments(c, period);
    });
    await exportDemoStage(store, demoPeriod);
  }
}
