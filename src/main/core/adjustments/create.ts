import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { createItem } from '../workflow/engine';
import type { Tx } from '../db/engine/port';
import { ITEM_LIMIT_TEXT, ITEM_MAX_CENTS } from '../../../shared/domain/limits';

// An adjustment (DESIGN.md section 1): a correction, positive or negative, for one provider and
// period, created by the System's Create action at an Approver's request, then moved through the
// same workflow as a payment. Its payor is the corrected payment's, else the provider's.

export interface AdjustmentInput {
  providerId: number;
  periodId: number;
  amountCents: number;
  reasonText: string;
  correctsPaymentId?: number;
}

export async function createAdjustment(db: Tx, input: AdjustmentInput, user: SessionUser, now: string): Promise<number> {
  const refuse = (field: string, message: string) => new AppError({ code: 'REFUSED', rule: `adjustment.${field}`, field, message });
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents === 0) {
    throw refuse('amountCents', 'An adjustment needs an amount in whole cents, positive or negative, not zero.');
  }
  if (Math.abs(input.amountCents) > ITEM_MAX_CENTS) throw refuse('amountCents', `An adjustment's amount ${ITEM_LIMIT_TEXT}.`);
  const provider = await db.one<{ payorId: number }>(`SELECT payor_id AS payorId FROM provider WHERE id = ?`, [input.providerId]);
  if (!provider) throw new AppError({ code: 'NOT_FOUND', field: 'providerId', message: `There is no provider ${input.providerId}.` });
  if (!(await db.one(`SELECT 1 AS found FROM service_period WHERE id = ?`, [input.periodId]))) {
    throw new AppError({ code: 'NOT_FOUND', field: 'periodId', message: `There is no service period ${input.periodId}.` });
  }
  let payorId = provider.payorId;
  if (input.correctsPaymentId !== undefined) {
    const corrected = await db.one<{ providerId: number; payorId: number }>(`SELECT provider_id AS providerId, payor_id AS payorId FROM payment WHERE id = ?`, [
      input.correctsPaymentId,
    ]);
    if (!corrected) throw refuse('correctsPaymentId', `There is no payment ${input.correctsPaymentId} to correct.`);
    if (corrected.providerId !== input.providerId) {
      throw refuse('correctsPaymentId', `Payment ${input.correctsPaymentId} belongs to another provider; an adjustment corrects its own provider's payments.`);
    }
    payorId = corrected.payorId;
  }
  // Create is a System action; the actor keeps the Approver's name so the history shows who asked.
  return createItem(
    db,
    {
      kind: 'adjustment',
      providerId: input.providerId,
      periodId: input.periodId,
      payorId,
      amountCents: input.amountCents,
      correctsPaymentId: input.correctsPaymentId,
      adjustmentReason: input.reasonText.trim(),
      actor: { userId: user.id > 0 ? user.id : null, username: user.username, group: 'System' },
    },
    now,
  );
}
