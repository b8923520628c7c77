import type BetterSqlite3 from 'better-sqlite3';
import type { Tx } from '../../src/main/core/db/engine/port';
import { applyAction } from '../../src/main/core/workflow/engine';
import type { Actor } from '../../src/main/core/audit/chain';
import { openTestCore, type TestCore } from '../helpers/core';
import { authorizedDays, periodOf } from './intake-fixture';
import type { DemoScale } from '../../src/main/core/demo/demo';

// A demo database taken to the export's starting line through the real workflow: payments of a
// period generated, paper attendance recorded, calculated, authorized by "approver" (so that
// "payor" may export them), plus adjustments (a negative one that nets a provider below zero),
// a held item, a provider with a mistyped routing number and one without an account number.

export const CODE = '2026-01';
const T = '2026-02-03T10:00:00.000Z';

export interface ExportWorld extends TestCore {
  periodId: number;
  /** Every item id authorized for the period, by payor id. */
  authorized: Map<number, number[]>;
}

function approverActor(sql: BetterSqlite3.Database): Actor {
  const u = sql.prepare(`SELECT id, username FROM app_user WHERE username = 'approver'`).get() as { id: number; username: string };
  return { userId: u.id, username: u.username, group: 'Approver' };
}

/** Records paper attendance for every generated payment of the period (the engine's own action). */
export async function recordAttendance(sql: BetterSqlite3.Database, db: Tx, periodId: number): Promise<void> {
  const actor = approverActor(sql);
  const childIds = new Map(
    (sql.prepare(`SELECT id, case_number AS c FROM child`).all() as Array<{ id: number; c: string }>).map((r) => [r.c, r.id]),
  );
  const payments = sql.prepare(`SELECT id, provider_id AS providerId FROM payment WHERE period_id = ? AND kind = 'payment'`).all(periodId) as Array<{
    id: number;
    providerId: number;
  }>;
  for (const p of payments) {
    const rows = authorizedDays(sql, p.providerId, CODE).map((d) => ({
      childId: childIds.get(d.caseNumber)!,
      date: d.date,
      hours: d.hours ?? null,
      absenceCode: (d.absence ?? null) as 'ABSENT' | null,
    }));
    if (rows.length) await applyAction(db, { paymentId: p.id, action: 'record-paper-attendance', actor, attendance: { rows, source: 'paper' } }, T);
  }
}

export async function openExportWorld(options: { scale?: DemoScale; adjustments?: boolean; leftOut?: boolean } = {}): Promise<ExportWorld> {
  const t = await openTestCore({ demo: true, scale: options.scale ?? 'S', now: () => new Date(T), skipStartupTasks: true });
  const sql = t.core.store.sql;
  const periodId = periodOf(sql, CODE).id;
  // The export tests use the default folder ("exports" in the data folder of whichever copy runs),
  // not the one beside the demo's own batches: an Administrator clears it.
  const admin = await t.as('admin');
  await admin.call('agency-save', { ...(await admin.call('agency-get', {})), exportRoot: '' });
  const approver = await t.as('approver');
  await approver.call('payments-generate', { periodId });
  await t.core.store.run(({ sql: s, db }) => recordAttendance(s, db, periodId));
  await approver.call('payments-calculate-period', { periodId });

  if (options.adjustments !== false) {
    // Provider with the lowest id per payor: a positive adjustment; the next: one that nets below zero.
    const firsts = sql
      .prepare(`SELECT provider_id AS providerId, amount_cents AS amount, id FROM payment WHERE period_id = ? AND kind = 'payment' ORDER BY provider_id LIMIT 4`)
      .all(periodId) as Array<{ providerId: number; amount: number; id: number }>;
    await approver.call('adjustments-create', { providerId: firsts[0].providerId, periodId, amountCents: 1234, reasonText: 'Rate correction', correctsPaymentId: firsts[0].id });
    await approver.call('adjustments-create', { providerId: firsts[1].providerId, periodId, amountCents: -(firsts[1].amount + 500), reasonText: 'Overpaid in December' });
    await approver.call('adjustments-create', { providerId: firsts[2].providerId, periodId, amountCents: -700, reasonText: 'Duplicate day' });
  }

  const ids = (sql.prepare(`SELECT id FROM payment WHERE period_id = ? AND amount_cents IS NOT NULL ORDER BY id`).all(periodId) as { id: number }[]).map((r) => r.id);
  const result = await approver.call('payments-apply-bulk', { ids, action: 'authorize' });
  if (result.refused > 0) throw new Error(`authorize refused ${result.refused}: ${JSON.stringify(result.results.find((r) => !r.ok))}`);

  if (options.leftOut !== false) {
    // Left-out cases among the direct payor's providers: one item held by the Payor, one ACH
    // provider with a mistyped routing number, one with no account number (legacy data).
    const ach = sql
      .prepare(`SELECT p.id AS paymentId, p.provider_id AS providerId FROM payment p JOIN provider v ON v.id = p.provider_id
        WHERE p.period_id = ? AND p.payor_id = 1 AND p.kind = 'payment' AND v.payment_method = 'ach' ORDER BY p.provider_id DESC LIMIT 3`)
      .all(periodId) as Array<{ paymentId: number; providerId: number }>;
    const payor = await t.as('payor');
    await payor.call('payments-act', { paymentId: ach[0].paymentId, action: 'place-hold', reason: { code: 'OUTSIDE_REVIEW', comment: 'audit' } });
    const r = sql.prepare(`SELECT routing_number AS r FROM provider WHERE id = ?`).get(ach[1].providerId) as { r: string };
    sql.prepare(`UPDATE provider SET routing_number = ? WHERE id = ?`).run(r.r.slice(0, 8) + String((Number(r.r[8]) + 1) % 10), ach[1].providerId);
    sql.prepare(`UPDATE provider SET account_number = NULL WHERE id = ?`).run(ach[2].providerId);
  }

  const authorized = new Map<number, number[]>();
  for (const r of sql.prepare(`SELECT id, payor_id AS payorId FROM payment WHERE period_id = ? AND invoice_status = 'Pending Payment' ORDER BY id`).all(periodId) as Array<{ id: number; payorId: number }>) {
    authorized.set(r.payorId, [...(authorized.get(r.payorId) ?? []), r.id]);
  }
  return { ...t, periodId, authorized };
}
