import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { reconcile, type Reconciliation } from '../../../shared/calculation/basis';
import { formatCents } from '../../../shared/domain/money';
import { createAdjustment } from '../adjustments/create';
import { appendAudit } from '../audit/chain';
import { calculatePayment } from '../calculation/calculate';
import type { Queryable, Tx } from '../db/engine/port';
import { periodOrThrow } from '../generation/generate';
import { getSetting } from '../settings/settings';

// The reconciliation of a prospective period (DESIGN.md section 4, "Payment basis"): each payment
// made in advance (its amount calculated on the prospective basis), once authorized or paid and
// its attendance received, is calculated again on attendance; the difference becomes a ±
// adjustment linked to it (System Create, then the ordinary workflow: an Approver authorizes, a
// Payor exports). An overpayment below the recovery threshold creates none. Every reconciliation
// is stored (one per payment, so it is never made twice) with an audit event, adjustment or not.

export interface ReconciledPayment extends Reconciliation {
  paymentId: number;
  providerId: number;
  thresholdCents: number;
  /** The adjustment created (null: none, the difference was 0 or an overpayment below the threshold). */
  adjustmentId: number | null;
}

export interface ReconcileOutcome {
  periodId: number;
  thresholdCents: number;
  reconciled: ReconciledPayment[];
  /** Payments made in advance not reconciled yet, and why (attendance not received, not authorized yet, denied). */
  waiting: Array<{ paymentId: number; providerId: number; reason: string }>;
  /** Reconciled earlier (left as they are). */
  alreadyReconciled: number;
}

interface AdvanceRow {
  id: number;
  providerId: number;
  amountCents: number;
  invoiceStatus: string;
  subStatus: string;
  receivedAt: string | null;
  reconciled: number | null;
}

/** The recovery threshold in force on the period's first day (cents; 0 recovers every cent). */
export async function recoveryThreshold(db: Queryable, onDate: string): Promise<number> {
  const value = await getSetting<unknown>(db, 'calculation.recoveryThresholdCents', onDate);
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

/** Why a payment made in advance cannot be reconciled yet (null: it can). */
function waitingReason(p: AdvanceRow): string | null {
  if (p.subStatus === 'Denied') return 'the payment made in advance was denied: there is nothing to reconcile';
  if (p.invoiceStatus === 'Pending Approval' || p.invoiceStatus === 'Corrections Required') {
    return `the payment made in advance is not authorized yet (${p.invoiceStatus} / ${p.subStatus})`;
  }
  if (p.receivedAt === null) return 'its attendance has not been received';
  return null;
}

/** Reconciles one payment made in advance, whose attendance is received; inside a write transaction. */
export async function reconcilePayment(
  db: Tx,
  p: Pick<AdvanceRow, 'id' | 'providerId' | 'amountCents'>,
  period: { id: number; code: string },
  thresholdCents: number,
  user: SessionUser,
  now: string,
): Promise<ReconciledPayment> {
  const attendance = await calculatePayment(db, p.id, undefined, 'attendance');
  const r = reconcile(p.amountCents, attendance.amountCents, thresholdCents);
  let adjustmentId: number | null = null;
  if (r.adjustmentCents !== 0) {
    adjustmentId = await createAdjustment(
      db,
      {
        providerId: p.providerId,
        periodId: period.id,
        amountCents: r.adjustmentCents,
        correctsPaymentId: p.id,
        reasonText: `Reconciliation of payment ${p.id} paid in advance for ${period.code}: attendance ${formatCents(r.attendanceCents)} − advance ${formatCents(r.advanceCents)}`,
      },
      user,
      now,
    );
  }
  await db.run(
    `INSERT INTO reconciliation (payment_id, period_id, provider_id, advance_cents, attendance_cents, difference_cents, threshold_cents,
       adjustment_cents, not_recovered_cents, outcome, adjustment_id, lines, reconciled_at, reconciled_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [p.id, period.id, p.providerId, r.advanceCents, r.attendanceCents, r.differenceCents, thresholdCents, r.adjustmentCents, r.notRecoveredCents,
      r.outcome, adjustmentId, JSON.stringify(attendance.lines), now, user.username],
  );
  await appendAudit(db, {
    actor: { userId: user.id > 0 ? user.id : null, username: user.username, group: 'System' },
    at: now,
    entity: 'reconciliation',
    entityId: p.id,
    action: 'reconcile',
    after: {
      paymentId: p.id,
      periodId: period.id,
      outcome: r.outcome,
      advanceCents: r.advanceCents,
      attendanceCents: r.attendanceCents,
      differenceCents: r.differenceCents,
      thresholdCents,
      adjustmentCents: r.adjustmentCents,
      notRecoveredCents: r.notRecoveredCents,
      adjustmentId,
    },
  });
  return { ...r, paymentId: p.id, providerId: p.providerId, thresholdCents, adjustmentId };
}

/**
 * Reconciles every payment of the period made in advance that can be now (authorized or paid,
 * attendance received, not reconciled before); the others are listed with the reason they wait.
 * Call inside one write transaction (locks: the audit chain). Running it again reconciles nothing twice.
 */
export async function reconcilePeriod(db: Tx, periodId: number, user: SessionUser, now: string, onlyPaymentIds?: readonly number[]): Promise<ReconcileOutcome> {
  const period = await periodOrThrow(db, periodId);
  const thresholdCents = await recoveryThreshold(db, period.startDate);
  const rows = await db.rows<AdvanceRow>(
    `SELECT p.id, p.provider_id AS providerId, p.amount_cents AS amountCents, p.invoice_status AS invoiceStatus, p.sub_status AS subStatus,
       p.received_at AS receivedAt, r.payment_id AS reconciled
     FROM payment p LEFT JOIN reconciliation r ON r.payment_id = p.id
     WHERE p.period_id = ? AND p.kind = 'payment' AND p.basis = 'prospective' ORDER BY p.id`,
    [periodId],
  );
  const wanted = onlyPaymentIds ? new Set(onlyPaymentIds) : null;
  // Checked before anything is written: a refusal changes nothing.
  for (const id of wanted ?? []) {
    if (!rows.some((r) => r.id === id)) {
      throw new AppError({ code: 'REFUSED', field: 'paymentIds', message: `Payment ${id} was not paid in advance in period ${period.code}: there is nothing to reconcile.` });
    }
  }
  const out: ReconcileOutcome = { periodId, thresholdCents, reconciled: [], waiting: [], alreadyReconciled: 0 };
  for (const p of rows) {
    if (wanted && !wanted.has(p.id)) continue;
    if (p.reconciled !== null) {
      out.alreadyReconciled += 1;
      continue;
    }
    const reason = waitingReason(p);
    if (reason) {
      out.waiting.push({ paymentId: p.id, providerId: p.providerId, reason });
      continue;
    }
    out.reconciled.push(await reconcilePayment(db, p, period, thresholdCents, user, now));
  }
  return out;
}
