import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import { rowsFor } from '../../../shared/workflow/actions';
import { derivePaymentStatus } from '../../../shared/workflow/paymentStatus';
import { appendAudit } from '../audit/chain';
import type { ItemState } from './item';
import { prepared } from './prepared';
import type { CreateItemInput } from './types';

const refuse = (rule: string, message: string, field?: string) => new AppError({ code: 'REFUSED', rule, message, field });

/**
 * The Create action (System): a new item in Pending Approval / Awaiting Action, with its audit
 * event. Returns the new id.
 *
 * An adjustment is created received and calculated, with the amount given: it has no attendance
 * to receive and nothing to calculate from (the table keeps Record attendance and Calculate to
 * payments), so its amount is decided by the staff who create it and the item goes straight to
 * review and Authorize like any calculated payment.
 */
export function createItem(sql: BetterSqlite3.Database, input: CreateItemInput, now: string): number {
  const row = rowsFor('create')[0];
  if (!row.groups.includes(input.actor.group)) {
    throw new AppError({ code: 'FORBIDDEN', rule: 'create.group', message: 'Payments and adjustments are created by PayDesk itself (System).' });
  }
  // The four existence checks in one statement: generating a period creates thousands of items.
  const found = prepared(
    sql,
    `SELECT (SELECT id FROM provider WHERE id = @providerId) AS provider,
       (SELECT id FROM service_period WHERE id = @periodId) AS period,
       (SELECT id FROM payor WHERE id = @payorId) AS payor,
       (SELECT id FROM payment WHERE kind = 'payment' AND provider_id = @providerId AND period_id = @periodId
          AND payor_id = @payorId) AS existing`,
  ).get({ providerId: input.providerId, periodId: input.periodId, payorId: input.payorId }) as {
    provider: number | null;
    period: number | null;
    payor: number | null;
    existing: number | null;
  };
  if (found.provider === null) throw refuse('create.provider', `There is no provider ${input.providerId}.`, 'providerId');
  if (found.period === null) throw refuse('create.period', `There is no service period ${input.periodId}.`, 'periodId');
  if (found.payor === null) throw refuse('create.payor', `There is no payor ${input.payorId}.`, 'payorId');
  const adjustment = input.kind === 'adjustment';
  if (adjustment) {
    if (input.amountCents === undefined || !Number.isSafeInteger(input.amountCents)) {
      throw refuse('create.amount', 'An adjustment needs its amount in whole cents.', 'amountCents');
    }
    if (input.correctsPaymentId !== undefined) {
      const corrected = prepared(sql, `SELECT provider_id AS providerId FROM payment WHERE id = ?`).get(input.correctsPaymentId) as
        | { providerId: number }
        | undefined;
      if (!corrected || corrected.providerId !== input.providerId) {
        throw refuse('create.corrects', `Payment ${input.correctsPaymentId} is not a payment of provider ${input.providerId}.`, 'correctsPaymentId');
      }
    }
  } else {
    if (input.amountCents !== undefined || input.correctsPaymentId !== undefined) {
      throw refuse('create.amount', 'A payment gets its amount by Calculate, not when it is created.', 'amountCents');
    }
    const existing = found.existing === null ? undefined : { id: found.existing };
    if (existing) {
      throw refuse('create.one-per-period', `Provider ${input.providerId} already has payment ${existing.id} for this period and payor.`);
    }
  }

  const state: Omit<ItemState, 'paymentStatus' | 'version'> = {
    invoiceStatus: row.to!.status === 'same' ? 'Pending Approval' : row.to!.status,
    subStatus: row.to!.subStatus,
    submissionStatus: 'New',
    receivedAt: adjustment ? now : null,
    amountCents: adjustment ? input.amountCents! : null,
    exportBatchId: null,
    holdKind: null,
  };
  const after: ItemState = { ...state, paymentStatus: derivePaymentStatus(state), version: 1 };
  const id = Number(
    prepared(
      sql,
      `INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status,
         payment_status, received_at, amount_cents, calculated_at, corrects_payment_id, adjustment_reason,
         status_changed_at, created_at, updated_at, version)
       VALUES (@kind, @providerId, @periodId, @payorId, @submissionStatus, @invoiceStatus, @subStatus, @paymentStatus,
         @receivedAt, @amountCents, @calculatedAt, @correctsPaymentId, @adjustmentReason, @now, @now, @now, 1)`,
    ).run({
      ...after,
      kind: input.kind,
      providerId: input.providerId,
      periodId: input.periodId,
      payorId: input.payorId,
      calculatedAt: adjustment ? now : null,
      correctsPaymentId: input.correctsPaymentId ?? null,
      adjustmentReason: input.adjustmentReason ?? null,
      now,
    }).lastInsertRowid,
  );
  appendAudit(sql, {
    actor: input.actor,
    at: now,
    entity: 'payment',
    entityId: id,
    action: 'create',
    before: null,
    after,
    details: {
      kind: input.kind,
      providerId: input.providerId,
      periodId: input.periodId,
      payorId: input.payorId,
      correctsPaymentId: input.correctsPaymentId,
      adjustmentReason: input.adjustmentReason,
    },
  });
  return id;
}
