import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { formatCents } from '../../../shared/domain/money';
import {
  decideWaiver,
  netLaterPayments,
  recoveryInput,
  recoveryPlan,
  type RecoveryInput,
  type RecoveryPlan,
} from '../../../shared/recovery/recovery';
import { providerLedger, type LedgerEvent, type ProviderLedger } from '../../../shared/recovery/ledger';
import { createAdjustment } from '../adjustments/create';
import { appendAudit, actorFor, type Actor } from '../audit/chain';
import { amountProblems } from '../audit/money';
import type { Queryable, Tx } from '../db/engine/port';
import { getSetting } from '../settings/settings';
import { applyAction } from '../workflow/engine';
import { readAgency } from '../reference/agency';
import { recoveryNotice, type RecoveryNoticeModel } from '../../../shared/recovery/notice';

// Overpayment recovery (DESIGN.md section 4, docs/recovery.md). A recovery is a negative
// adjustment (kind 'adjustment', System Create in the Approver's name) with a `recovery` row: its
// reason code, the service dates it concerns and its plan. It goes through the ordinary workflow
// (an Approver authorizes it). It is never exported as an item of its own: once authorized, each
// export of the agency's own money (a direct payor) that pays the provider takes the plan's share
// of the provider's net in that batch (a step: recovery_step, with an audit event) and carries
// the rest forward, until the balance is zero or a second user waives the rest. The batch that
// takes the first step exports the recovery's adjustment (Export action, no export_item: what
// the files write is the provider's items minus the steps) and prints its notice.

export interface RecoveryRow {
  recoveryId: number;
  providerId: number;
  periodId: number;
  amountCents: number;
  reasonCode: string;
  serviceFrom: string;
  serviceTo: string;
  planKind: 'whole' | 'percent';
  planPercent: number | null;
  comment: string;
  createdBy: number | null;
  createdAt: string;
  recoveredCents: number;
  waivedCents: number;
  waivedBy: number | null;
  waivedAt: string | null;
  waiveReason: string | null;
  noticeBatchId: number | null;
  noticeDate: string | null;
  contestDays: number | null;
  invoiceStatus: string;
  subStatus: string;
  authorizedBy: number | null;
  exportBatchId: number | null;
  correctsPaymentId: number | null;
}

const RECOVERY_COLUMNS = `r.payment_id AS recoveryId, r.provider_id AS providerId, p.period_id AS periodId, r.amount_cents AS amountCents,
  r.reason_code AS reasonCode, r.service_from AS serviceFrom, r.service_to AS serviceTo, r.plan_kind AS planKind, r.plan_percent AS planPercent,
  r.comment, r.created_by AS createdBy, r.created_at AS createdAt, r.recovered_cents AS recoveredCents, r.waived_cents AS waivedCents,
  r.waived_by AS waivedBy, r.waived_at AS waivedAt, r.waive_reason AS waiveReason, r.notice_batch_id AS noticeBatchId,
  r.notice_date AS noticeDate, r.contest_days AS contestDays, p.invoice_status AS invoiceStatus, p.sub_status AS subStatus,
  p.authorized_by AS authorizedBy, p.export_batch_id AS exportBatchId, p.corrects_payment_id AS correctsPaymentId`;

export const planOf = (r: Pick<RecoveryRow, 'planKind' | 'planPercent'>): RecoveryPlan =>
  r.planKind === 'whole' ? { kind: 'whole' } : { kind: 'percent', percent: r.planPercent! };

export const balanceOf = (r: Pick<RecoveryRow, 'amountCents' | 'recoveredCents' | 'waivedCents'>): number => -r.amountCents - r.recoveredCents - r.waivedCents;

/** Where a recovery stands, in words (the ledger and the screens). */
export function recoveryState(r: RecoveryRow): 'waiting for authorization' | 'open' | 'repaid' | 'waived' | 'denied' {
  if (r.subStatus === 'Denied') return 'denied';
  if (r.waivedAt) return 'waived';
  if (balanceOf(r) === 0) return 'repaid';
  if (r.invoiceStatus === 'Pending Approval' || r.invoiceStatus === 'Corrections Required') return 'waiting for authorization';
  return 'open';
}

export async function loadRecovery(db: Queryable, recoveryId: number): Promise<RecoveryRow> {
  const r = await db.one<RecoveryRow>(`SELECT ${RECOVERY_COLUMNS} FROM recovery r JOIN payment p ON p.id = r.payment_id WHERE r.payment_id = ?`, [recoveryId]);
  if (!r) throw new AppError({ code: 'NOT_FOUND', field: 'recoveryId', message: `There is no recovery ${recoveryId}.` });
  return r;
}

export async function recoveriesOfProvider(db: Queryable, providerId: number): Promise<RecoveryRow[]> {
  return db.rows<RecoveryRow>(`SELECT ${RECOVERY_COLUMNS} FROM recovery r JOIN payment p ON p.id = r.payment_id WHERE r.provider_id = ? ORDER BY r.payment_id`, [providerId]);
}

const refuse = (rule: string, message: string, field?: string) => new AppError({ code: 'REFUSED', rule: `recovery.${rule}`, field, message });

/** The plan as given, its percent checked against (or defaulted to) the setting in force on `onDate`. */
export type PlanArg = { kind: 'whole' } | { kind: 'percent'; percent?: number };

async function planInForce(db: Queryable, plan: PlanArg, onDate: string): Promise<RecoveryPlan> {
  if (plan.kind === 'whole') return { kind: 'whole' };
  const max = await getSetting<number>(db, 'recovery.maxPercent', onDate);
  const percent = plan.percent ?? max;
  if (percent > max) throw refuse('percent', `A plan may take at most ${max}% of each later payment (setting recovery.maxPercent on ${onDate}); ${percent}% was asked.`, 'plan');
  const parsed = recoveryPlan.safeParse({ kind: 'percent', percent });
  if (!parsed.success) throw refuse('percent', `The plan's percent ${parsed.error.issues[0].message}.`, 'plan');
  return parsed.data;
}

function actorOf(user: SessionUser, group: Actor['group']): Actor {
  return { userId: user.id > 0 ? user.id : null, username: user.username, group };
}

async function assertDirectPayor(db: Queryable, providerId: number): Promise<void> {
  const payor = await db.one<{ kind: string; name: string }>(`SELECT y.kind, y.name FROM provider v JOIN payor y ON y.id = v.payor_id WHERE v.id = ?`, [providerId]);
  if (!payor) throw new AppError({ code: 'NOT_FOUND', field: 'providerId', message: `There is no provider ${providerId}.` });
  if (payor.kind !== 'direct') {
    throw refuse('third-party', `Provider ${providerId} is paid by ${payor.name}, a third-party payor: a recovery is netted only against payments the agency makes itself. Ask ${payor.name} to recover it, or record an ordinary negative adjustment.`, 'providerId');
  }
}

/** The period a recovery's adjustment belongs to: the one given, else the latest that starts on or before its last service date. */
async function periodFor(db: Queryable, serviceTo: string, periodId?: number): Promise<number> {
  if (periodId !== undefined) {
    if (!(await db.one(`SELECT 1 AS found FROM service_period WHERE id = ?`, [periodId]))) {
      throw new AppError({ code: 'NOT_FOUND', field: 'periodId', message: `There is no service period ${periodId}.` });
    }
    return periodId;
  }
  const found = await db.one<{ id: number }>(`SELECT id FROM service_period WHERE start_date <= ? ORDER BY start_date DESC, id DESC LIMIT 1`, [serviceTo]);
  if (!found) throw refuse('period', `No service period starts on or before ${serviceTo}: give the period the recovery belongs to.`, 'periodId');
  return found.id;
}

async function insertRecovery(
  db: Tx,
  r: { paymentId: number; providerId: number; amountCents: number; reasonCode: string; serviceFrom: string; serviceTo: string; plan: RecoveryPlan; comment: string },
  user: SessionUser,
  now: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const eventId = await appendAudit(db, {
    actor: actorOf(user, 'Approver'),
    at: now,
    entity: 'recovery',
    entityId: r.paymentId,
    action: 'create-recovery',
    after: {
      amountCents: r.amountCents, providerId: r.providerId, reasonCode: r.reasonCode, serviceFrom: r.serviceFrom, serviceTo: r.serviceTo,
      plan: r.plan, comment: r.comment, ...extra,
    },
  });
  await db.run(
    `INSERT INTO recovery (payment_id, provider_id, amount_cents, reason_code, service_from, service_to, plan_kind, plan_percent, comment, created_by, created_at, created_event_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [r.paymentId, r.providerId, r.amountCents, r.reasonCode, r.serviceFrom, r.serviceTo, r.plan.kind, r.plan.kind === 'percent' ? r.plan.percent : null, r.comment,
      user.id > 0 ? user.id : null, now, eventId],
  );
  return r.paymentId;
}

/**
 * A new recovery: its negative adjustment (System Create in the user's name) and its row, with an
 * audit event. `onDate`: the agency's date today (the percent setting in force then).
 */
export async function createRecovery(
  db: Tx,
  raw: Omit<RecoveryInput, 'plan'> & { plan: PlanArg; periodId?: number; correctsPaymentId?: number },
  user: SessionUser,
  now: string,
  onDate: string,
): Promise<number> {
  if (!raw.plan || (raw.plan.kind !== 'whole' && raw.plan.kind !== 'percent')) throw refuse('plan', 'The plan must be whole or percent.', 'plan');
  const plan = await planInForce(db, raw.plan, onDate);
  const input = recoveryInput.parse({ ...raw, plan });
  await assertDirectPayor(db, input.providerId);
  const periodId = await periodFor(db, input.serviceTo, raw.periodId);
  const paymentId = await createAdjustment(
    db,
    {
      providerId: input.providerId,
      periodId,
      amountCents: input.amountCents,
      correctsPaymentId: raw.correctsPaymentId,
      reasonText: `Recovery of an overpayment: ${input.reasonCode}, service ${input.serviceFrom} – ${input.serviceTo}${input.comment ? ` (${input.comment})` : ''}`,
    },
    user,
    now,
  );
  return insertRecovery(db, { paymentId, providerId: input.providerId, amountCents: input.amountCents, reasonCode: input.reasonCode, serviceFrom: input.serviceFrom, serviceTo: input.serviceTo, plan, comment: input.comment }, user, now);
}

/**
 * Makes an existing negative adjustment not authorized yet (a reconciliation's overpayment, say) a
 * recovery with a plan. Its service dates default to those of the period of the payment it corrects.
 */
export async function recoveryFromAdjustment(
  db: Tx,
  args: { adjustmentId: number; reasonCode: string; serviceFrom?: string; serviceTo?: string; plan: PlanArg; comment?: string },
  user: SessionUser,
  now: string,
  onDate: string,
): Promise<number> {
  const adj = await db.one<{ id: number; kind: string; providerId: number; amountCents: number | null; invoiceStatus: string; from: string; to: string; correctsPaymentId: number | null }>(
    `SELECT p.id, p.kind, p.provider_id AS providerId, p.amount_cents AS amountCents, p.invoice_status AS invoiceStatus, p.corrects_payment_id AS correctsPaymentId,
       COALESCE(cs.start_date, s.start_date) AS "from", COALESCE(cs.end_date, s.end_date) AS "to"
     FROM payment p JOIN service_period s ON s.id = p.period_id
     LEFT JOIN payment c ON c.id = p.corrects_payment_id LEFT JOIN service_period cs ON cs.id = c.period_id
     WHERE p.id = ?`,
    [args.adjustmentId],
  );
  if (!adj) throw new AppError({ code: 'NOT_FOUND', field: 'adjustmentId', message: `There is no item ${args.adjustmentId}.` });
  if (adj.kind !== 'adjustment' || adj.amountCents === null || adj.amountCents >= 0) {
    throw refuse('not-negative', `Item ${adj.id} is not a negative adjustment: only an overpayment can be recovered.`, 'adjustmentId');
  }
  if (adj.invoiceStatus !== 'Pending Approval') {
    throw refuse('authorized', `Adjustment ${adj.id} is ${adj.invoiceStatus}: only an adjustment not authorized yet can become a recovery (its plan is authorized with it).`, 'adjustmentId');
  }
  if (await db.one(`SELECT 1 AS found FROM recovery WHERE payment_id = ?`, [adj.id])) throw refuse('twice', `Adjustment ${adj.id} is already recovery ${adj.id}.`, 'adjustmentId');
  const plan = await planInForce(db, args.plan, onDate);
  const input = recoveryInput.parse({
    providerId: adj.providerId, amountCents: adj.amountCents, reasonCode: args.reasonCode, serviceFrom: args.serviceFrom ?? adj.from, serviceTo: args.serviceTo ?? adj.to,
    plan, comment: args.comment ?? '',
  });
  await assertDirectPayor(db, adj.providerId);
  return insertRecovery(db, { paymentId: adj.id, providerId: adj.providerId, amountCents: adj.amountCents, reasonCode: input.reasonCode, serviceFrom: input.serviceFrom, serviceTo: input.serviceTo, plan, comment: input.comment }, user, now, { fromAdjustment: adj.id });
}

/** Waives the rest of a recovery: a second user (neither its creator nor its authorizer), with a reason. */
export async function waiveRecovery(db: Tx, args: { recoveryId: number; reason: string }, user: SessionUser, now: string): Promise<RecoveryRow> {
  const r = await loadRecovery(db, args.recoveryId);
  if (r.waivedAt) throw refuse('waived', `Recovery ${r.recoveryId} was already waived on ${r.waivedAt.slice(0, 10)}.`, 'recoveryId');
  if (r.subStatus === 'Denied') throw refuse('denied', `Recovery ${r.recoveryId} was denied: nothing is owed.`, 'recoveryId');
  if (r.authorizedBy !== null && r.authorizedBy === user.id) {
    throw refuse('separation', `Recovery ${r.recoveryId} was authorized by you: a second user waives the rest (separation of duties).`, 'recoveryId');
  }
  const decision = decideWaiver({ recoveryId: r.recoveryId, amountCents: r.amountCents, createdBy: r.createdBy ?? -1, recoveredCents: r.recoveredCents, waivedCents: r.waivedCents }, user.id, args.reason);
  if (!decision.ok) throw refuse(/created by you/.test(decision.message) ? 'separation' : /reason/.test(decision.message) ? 'reason' : 'settled', decision.message, /reason/.test(decision.message) ? 'reason' : 'recoveryId');
  const reason = args.reason.trim();
  const eventId = await appendAudit(db, {
    actor: actorFor(user),
    at: now,
    entity: 'recovery',
    entityId: r.recoveryId,
    action: 'waive-recovery',
    before: { balanceCents: balanceOf(r), waivedCents: r.waivedCents },
    after: { waivedCents: decision.waivedCents, balanceCents: 0 },
    comment: reason,
  });
  const done = await db.run(
    `UPDATE recovery SET waived_cents = waived_cents + ?, waived_by = ?, waived_at = ?, waive_reason = ?, waived_event_id = ? WHERE payment_id = ? AND waived_at IS NULL AND recovered_cents = ?`,
    [decision.waivedCents, user.id, now, reason, eventId, r.recoveryId, r.recoveredCents],
  );
  if (done.changes !== 1) throw new AppError({ code: 'CONFLICT', rule: 'recovery.version', message: `Recovery ${r.recoveryId} changed meanwhile; look at it again and retry.` });
  return loadRecovery(db, r.recoveryId);
}

// ---- The export's side -------------------------------------------------------------------------

export interface RecoveryTake {
  recoveryId: number;
  reasonCode: string;
  /** The recovery's amount (negative). */
  amountCents: number;
  /** The provider's net in the batch before any recovery. */
  grossCents: number;
  cents: number;
  balanceAfterCents: number;
  /** This batch takes its first step: it exports the recovery's adjustment and prints its notice. */
  first: boolean;
}

/**
 * The recoveries a batch may take from: authorized (Pending Payment, not held) or already started
 * (exported), not waived, with a balance. Checked against the trail: the amount authorized (the
 * Authorize event, audit/money.ts) and what the recorded steps took (recovered_cents = Σ steps).
 * Returns the open ones by provider and, for a provider whose recovery does not check, why.
 */
export async function openRecoveries(db: Queryable, providerIds: readonly number[]): Promise<{ open: Map<number, RecoveryRow[]>; problems: Map<number, string> }> {
  const open = new Map<number, RecoveryRow[]>();
  const problems = new Map<number, string>();
  if (providerIds.length === 0) return { open, problems };
  const rows = await db.rows<RecoveryRow & { stepCents: number | null; itemCents: number | null }>(
    `SELECT ${RECOVERY_COLUMNS}, (SELECT sum(s.cents) FROM recovery_step s WHERE s.recovery_id = r.payment_id) AS "stepCents", p.amount_cents AS "itemCents"
     FROM recovery r JOIN payment p ON p.id = r.payment_id JOIN ${db.dialect.idsFromJson} j ON j.value = r.provider_id
     WHERE r.waived_at IS NULL AND r.recovered_cents + r.waived_cents < -r.amount_cents
       AND ((p.invoice_status = 'Pending Payment' AND p.sub_status IN ('Awaiting Action', 'In Review')) OR p.export_batch_id IS NOT NULL)
     ORDER BY r.provider_id, r.payment_id`,
    [JSON.stringify(providerIds)],
  );
  // The amount each recovery's Authorize recorded (an exported one was checked when its first step was taken, and is again here).
  const amounts = await amountProblems(db, rows.map((r) => ({ paymentId: r.recoveryId, amountCents: r.itemCents === null ? null : Number(r.itemCents) })));
  for (const r of rows) {
    const problem = amounts.get(r.recoveryId) ?? (Number(r.itemCents) !== Number(r.amountCents) ? `Recovery ${r.recoveryId}: its amount ${formatCents(Number(r.amountCents))} differs from its adjustment's ${r.itemCents === null ? 'none' : formatCents(Number(r.itemCents))}` : undefined) ?? (Number(r.stepCents ?? 0) !== Number(r.recoveredCents) ? `Recovery ${r.recoveryId}: ${formatCents(Number(r.recoveredCents))} recorded as recovered, but its steps took ${formatCents(Number(r.stepCents ?? 0))}` : undefined);
    if (problem) {
      problems.set(r.providerId, problems.has(r.providerId) ? `${problems.get(r.providerId)}; ${problem}` : problem);
      continue;
    }
    const list = open.get(r.providerId);
    if (list) list.push(r);
    else open.set(r.providerId, [r]);
  }
  return { open, problems };
}

/** What the plans take from one provider's net in this batch (oldest recovery first), the rest carried forward. */
export function takeFromNet(grossCents: number, firstPaymentId: number, recoveries: readonly RecoveryRow[]): RecoveryTake[] {
  const netting = netLaterPayments([{ paymentId: firstPaymentId, amountCents: grossCents }], recoveries.map((r) => ({ recoveryId: r.recoveryId, plan: planOf(r), balanceCents: balanceOf(r) })));
  const byId = new Map(recoveries.map((r) => [r.recoveryId, r]));
  return netting.recoveries
    .filter((t) => t.takenCents > 0)
    .map((t) => {
      const r = byId.get(t.recoveryId)!;
      return { recoveryId: t.recoveryId, reasonCode: r.reasonCode, amountCents: r.amountCents, grossCents, cents: t.takenCents, balanceAfterCents: t.balanceCents, first: r.exportBatchId === null };
    });
}

/**
 * Records a batch's steps, inside the export's transaction: each step's row and audit event, the
 * recovery's recovered amount, and for a first step the Export of the recovery's adjustment (no
 * export_item: the batch writes the provider's items minus the steps) and the notice's date.
 */
export async function recordSteps(
  db: Tx,
  batch: { id: number; date: string },
  steps: ReadonlyArray<RecoveryTake & { providerId: number; firstPaymentId: number }>,
  caller: SessionUser,
  now: string,
): Promise<void> {
  if (steps.length === 0) return;
  const contestDays = await getSetting<number>(db, 'recovery.contestDays', batch.date);
  const system: Actor = { userId: caller.id, username: caller.username, group: 'System' };
  for (const s of steps) {
    const eventId = await appendAudit(db, {
      actor: system,
      at: now,
      entity: 'recovery',
      entityId: s.recoveryId,
      action: 'recovery-step',
      after: { batchId: batch.id, providerId: s.providerId, paymentId: s.firstPaymentId, grossCents: s.grossCents, cents: s.cents, balanceAfterCents: s.balanceAfterCents },
    });
    await db.run(
      `INSERT INTO recovery_step (recovery_id, batch_id, provider_id, gross_cents, cents, balance_after_cents, taken_at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [s.recoveryId, batch.id, s.providerId, s.grossCents, s.cents, s.balanceAfterCents, now, eventId],
    );
    const done = await db.run(
      `UPDATE recovery SET recovered_cents = recovered_cents + ? WHERE payment_id = ? AND waived_at IS NULL AND -amount_cents - recovered_cents - waived_cents = ?`,
      [s.cents, s.recoveryId, s.cents + s.balanceAfterCents],
    );
    if (done.changes !== 1) throw new AppError({ code: 'CONFLICT', rule: 'recovery.version', message: `Recovery ${s.recoveryId} changed during the export; nothing was exported. Run it again.` });
    if (s.first) {
      await applyAction(db, { paymentId: s.recoveryId, action: 'export', actor: system, exportBatchId: batch.id, details: { batchId: batch.id, startedBy: caller.username, recoveryStep: s.cents } }, now);
      await db.run(`UPDATE recovery SET notice_batch_id = ?, notice_date = ?, contest_days = ? WHERE payment_id = ?`, [batch.id, batch.date, contestDays, s.recoveryId]);
    }
  }
}

/** The steps a committed batch took, by provider (the batch model: remittances, files, notices). */
export async function stepsOfBatch(db: Queryable, batchId: number): Promise<Array<RecoveryTake & { providerId: number }>> {
  const rows = await db.rows<Omit<RecoveryTake, 'first'> & { providerId: number; first: number }>(
    `SELECT s.provider_id AS providerId, s.recovery_id AS recoveryId, r.reason_code AS reasonCode, r.amount_cents AS amountCents, s.gross_cents AS grossCents,
       s.cents, s.balance_after_cents AS balanceAfterCents, CASE WHEN r.notice_batch_id = s.batch_id THEN 1 ELSE 0 END AS first
     FROM recovery_step s JOIN recovery r ON r.payment_id = s.recovery_id WHERE s.batch_id = ? ORDER BY s.provider_id, s.recovery_id`,
    [batchId],
  );
  return rows.map((r) => ({ ...r, first: Number(r.first) === 1 }));
}

// ---- The ledger --------------------------------------------------------------------------------

/** A provider's ledger (DESIGN.md section 4): read from the exported items, the recoveries and their steps, each with its audit event. */
export async function ledgerOf(db: Queryable, providerId: number): Promise<ProviderLedger> {
  const events: LedgerEvent[] = [];
  const paid = await db.rows<{ eventId: number | null; at: string; paymentId: number; itemKind: 'payment' | 'adjustment'; periodLabel: string; batchId: number; amountCents: number }>(
    `SELECT (SELECT max(e.id) FROM audit_event e WHERE e.entity = 'payment' AND e.entity_id = ei.payment_id AND e.action = 'export') AS "eventId",
       b.created_at AS at, ei.payment_id AS "paymentId", p.kind AS "itemKind", s.label AS "periodLabel", ei.batch_id AS "batchId", ei.amount_cents AS "amountCents"
     FROM export_item ei JOIN payment p ON p.id = ei.payment_id JOIN export_batch b ON b.id = ei.batch_id JOIN service_period s ON s.id = p.period_id
     WHERE ei.provider_id = ? ORDER BY ei.batch_id, ei.payment_id`,
    [providerId],
  );
  for (const p of paid) events.push({ kind: 'paid', ...p, eventId: Number(p.eventId ?? 0), amountCents: Number(p.amountCents), paymentId: Number(p.paymentId), batchId: Number(p.batchId) });
  // A recovery counts from its authorization (before, it owes nothing yet; denied, never).
  const recs = await db.rows<{ recoveryId: number; at: string; eventId: number; amountCents: number; reasonCode: string; serviceFrom: string; serviceTo: string }>(
    `SELECT r.payment_id AS "recoveryId", COALESCE(
         (SELECT min(e.at) FROM audit_event e WHERE e.entity = 'payment' AND e.entity_id = r.payment_id AND e.action = 'authorize'), r.created_at) AS at,
       r.created_event_id AS "eventId", r.amount_cents AS "amountCents", r.reason_code AS "reasonCode", r.service_from AS "serviceFrom", r.service_to AS "serviceTo"
     FROM recovery r JOIN payment p ON p.id = r.payment_id
     WHERE r.provider_id = ? AND (p.invoice_status = 'Pending Payment' OR p.export_batch_id IS NOT NULL) ORDER BY r.payment_id`,
    [providerId],
  );
  for (const r of recs) events.push({ kind: 'recovery', ...r, recoveryId: Number(r.recoveryId), eventId: Number(r.eventId), amountCents: Number(r.amountCents) });
  const steps = await db.rows<{ eventId: number; recoveryId: number; batchId: number; cents: number; at: string; paymentId: number }>(
    `SELECT s.event_id AS "eventId", s.recovery_id AS "recoveryId", s.batch_id AS "batchId", s.cents, s.taken_at AS at,
       (SELECT min(ei.payment_id) FROM export_item ei WHERE ei.batch_id = s.batch_id AND ei.provider_id = s.provider_id) AS "paymentId"
     FROM recovery_step s WHERE s.provider_id = ? ORDER BY s.id`,
    [providerId],
  );
  for (const s of steps) events.push({ kind: 'recovered', eventId: Number(s.eventId), at: s.at, recoveryId: Number(s.recoveryId), paymentId: Number(s.paymentId), batchId: Number(s.batchId), cents: Number(s.cents) });
  const waivers = await db.rows<{ eventId: number; at: string; recoveryId: number; cents: number; reason: string; byUser: string }>(
    `SELECT r.waived_event_id AS "eventId", r.waived_at AS at, r.payment_id AS "recoveryId", r.waived_cents AS cents, r.waive_reason AS reason, u.username AS "byUser"
     FROM recovery r JOIN app_user u ON u.id = r.waived_by WHERE r.provider_id = ? AND r.waived_at IS NOT NULL AND r.waived_cents > 0 ORDER BY r.payment_id`,
    [providerId],
  );
  for (const w of waivers) events.push({ kind: 'waived', ...w, eventId: Number(w.eventId), recoveryId: Number(w.recoveryId), cents: Number(w.cents) });
  return providerLedger(events);
}

// ---- The notice --------------------------------------------------------------------------------

/** "DUPLICATE_BILLING" → "Duplicate billing": how a reason code reads on the notice. */
export function reasonLabel(code: string): string {
  const words = code.toLowerCase().split('_').filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The notice of one recovery: dated as printed with the batch that took its first step (and the
 * contest days in force then), or — asked for before any step — today with today's setting.
 */
export async function noticeOf(
  db: Queryable,
  recoveryId: number,
  today: string,
  frozen?: { agency: RecoveryNoticeModel['agency']; provider: RecoveryNoticeModel['provider'] },
): Promise<RecoveryNoticeModel> {
  const agency = frozen?.agency;
  const r = await loadRecovery(db, recoveryId);
  const p = (await db.one<{ id: number; name: string; licenseNumber: string; a1: string; a2: string; city: string; state: string; zip: string }>(
    `SELECT id, name, license_number AS "licenseNumber", address_line1 AS a1, address_line2 AS a2, city, state, postal_code AS zip FROM provider WHERE id = ?`,
    [r.providerId],
  ))!;
  let who = agency;
  if (!who) {
    const a = await readAgency(db);
    who = { name: a.name, addressLines: [a.addressLine1, a.addressLine2].filter(Boolean), phone: a.phone };
  }
  const cityLine = [p.city, [p.state, p.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return recoveryNotice({
    agency: who,
    provider: frozen?.provider ?? { id: p.id, name: p.name, licenseNumber: p.licenseNumber, addressLines: [p.a1, p.a2, cityLine].filter(Boolean) },
    recovery: {
      id: r.recoveryId, amountCents: r.amountCents, reasonCode: r.reasonCode, reasonLabel: reasonLabel(r.reasonCode), serviceFrom: r.serviceFrom, serviceTo: r.serviceTo,
      plan: planOf(r), correctsPaymentIds: r.correctsPaymentId ? [r.correctsPaymentId] : [],
    },
    noticeDate: r.noticeDate ?? today,
    contestDays: r.contestDays ?? (await getSetting<number>(db, 'recovery.contestDays', today)),
  });
}
