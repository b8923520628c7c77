import type { Queryable, Tx } from '../../src/main/core/db/engine/port';
import { applyAction } from '../../src/main/core/workflow/engine';
import type { Actor } from '../../src/main/core/audit/chain';
import { openTestCore, type TestCore } from '../helpers/core';
import type { EngineName } from '../helpers/engine';
import { testSql } from '../helpers/sql';
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

async function approverActor(db: Queryable): Promise<Actor> {
  const u = (await db.one<{ id: number; username: string }>(`SELECT id, username FROM app_user WHERE username = 'approver'`))!;
  return { userId: u.id, username: u.username, group: 'Approver' };
}

/** Records paper attendance for every generated payment of the period (the engine's own action). */
export async function recordAttendance(db: Tx, periodId: number): Promise<void> {
  const actor = await approverActor(db);
  const childIds = new Map((await db.rows<{ id: number; c: string }>(`SELECT id, case_number AS c FROM child`)).map((r) => [r.c, r.id]));
  const payments = await db.rows<{ id: number; providerId: number }>(
    `SELECT id, provider_id AS providerId FROM payment WHERE period_id = ? AND kind = 'payment' ORDER BY id`,
    [periodId],
  );
  for (const p of payments) {
    const rows = (await authorizedDays(db, p.providerId, CODE)).map((d) => ({
      childId: childIds.get(d.caseNumber)!,
      date: d.date,
      hours: d.hours ?? null,
      absenceCode: (d.absence ?? null) as 'ABSENT' | null,
    }));
    if (rows.length) await applyAction(db, { paymentId: p.id, action: 'record-paper-attendance', actor, attendance: { rows, source: 'paper' } }, T);
  }
}

/** `engine`: the database's engine, this project's by default. */
export async function openExportWorld(options: { scale?: DemoScale; adjustments?: boolean; leftOut?: boolean; engine?: EngineName } = {}): Promise<ExportWorld> {
  const t = await openTestCore({ demo: true, scale: options.scale ?? 'S', now: () => new Date(T), skipStartupTasks: true, engine: options.engine });
  const sql = testSql(t);
  const periodId = (await periodOf(t, CODE)).id;
  // The export tests use the default folder ("exports" in the data folder of whichever copy runs),
  // not the one beside the demo's own batches: an Administrator clears it (as the folder dialog's choice does).
  const admin = await t.as('admin');
  const cleared = await admin.setExportFolder('');
  if (!cleared.ok) throw new Error(cleared.error.message);
  const approver = await t.as('approver');
  await approver.call('payments-generate', { periodId });
  await sql.tx((db) => recordAttendance(db, periodId));
  await approver.call('payments-calculate-period', { periodId });

  if (options.adjustments !== false) {
    // Provider with the lowest id per payor: a positive adjustment; the next: one that nets below zero.
    const firsts = await sql.rows<{ providerId: number; amount: number; id: number }>(
      `SELECT provider_id AS providerId, amount_cents AS amount, id FROM payment WHERE period_id = ? AND kind = 'payment' ORDER BY provider_id LIMIT 4`,
      [periodId],
    );
    await approver.call('adjustments-create', { providerId: firsts[0].providerId, periodId, amountCents: 1234, reasonText: 'Rate correction', correctsPaymentId: firsts[0].id });
    await approver.call('adjustments-create', { providerId: firsts[1].providerId, periodId, amountCents: -(firsts[1].amount + 500), reasonText: 'Overpaid in December' });
    await approver.call('adjustments-create', { providerId: firsts[2].providerId, periodId, amountCents: -700, reasonText: 'Duplicate day' });
  }

  const ids = await sql.values<number>(`SELECT id FROM payment WHERE period_id = ? AND amount_cents IS NOT NULL ORDER BY id`, [periodId]);
  const result = await approver.call('payments-apply-bulk', { ids, action: 'authorize' });
  if (result.refused > 0) throw new Error(`authorize refused ${result.refused}: ${JSON.stringify(result.results.find((r) => !r.ok))}`);

  if (options.leftOut !== false) {
    // Left-out cases among the direct payor's providers: one item held by the Payor, one ACH
    // provider with a mistyped routing number, one with no account number (legacy data).
    const ach = await sql.rows<{ paymentId: number; providerId: number }>(
      `SELECT p.id AS paymentId, p.provider_id AS providerId FROM payment p JOIN provider v ON v.id = p.provider_id
        WHERE p.period_id = ? AND p.payor_id = 1 AND p.kind = 'payment' AND v.payment_method = 'ach' ORDER BY p.provider_id DESC LIMIT 3`,
      [periodId],
    );
    const payor = await t.as('payor');
    await payor.call('payments-act', { paymentId: ach[0].paymentId, action: 'place-hold', reason: { code: 'OUTSIDE_REVIEW', comment: 'audit' } });
    const r = await sql.value<string>(`SELECT routing_number FROM provider WHERE id = ?`, [ach[1].providerId]);
    await sql.run(`UPDATE provider SET routing_number = ? WHERE id = ?`, [r.slice(0, 8) + String((Number(r[8]) + 1) % 10), ach[1].providerId]);
    await sql.run(`UPDATE provider SET account_number = NULL WHERE id = ?`, [ach[2].providerId]);
  }

  const authorized = new Map<number, number[]>();
  const rows = await sql.rows<{ id: number; payorId: number }>(
    `SELECT id, payor_id AS payorId FROM payment WHERE period_id = ? AND invoice_status = 'Pending Payment' ORDER BY id`,
    [periodId],
  );
  for (const r of rows) authorized.set(r.payorId, [...(authorized.get(r.payorId) ?? []), r.id]);
  return { ...t, periodId, authorized };
}
