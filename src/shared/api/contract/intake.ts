import { z } from 'zod';
import { cents, id } from '../common';
import { ITEM_LIMIT_TEXT, ITEM_MAX_CENTS } from '../../domain/limits';
import { PAPER_CSV_MAX_CHARS } from '../../intake/paper-csv';
import { SUBMISSION_MAX_CHARS } from '../../intake/submission';
import { itemState } from './payments';
import { PAYMENT_BASES } from '../../domain/words';

// Generation, imports, bulk calculation and adjustments (DESIGN.md sections 1, 4 and 6).
// Import refusals are AppError INVALID_FILE whose issues[] name each problem's row and field.

const fileName = z.string().trim().min(1, 'must not be empty').max(260);
const rowError = z.object({ code: z.string(), message: z.string(), rule: z.string().optional() });

export const calcRowResult = z.object({ paymentId: id, ok: z.boolean(), amountCents: cents.optional(), error: rowError.optional() });

/** A new adjustment, as the New adjustment dialog checks it before sending and the core again. */
export const adjustmentArgs = z
  .object({
    providerId: id,
    periodId: id,
    amountCents: z
      .number()
      .int('must be whole cents')
      .min(-ITEM_MAX_CENTS, ITEM_LIMIT_TEXT)
      .max(ITEM_MAX_CENTS, ITEM_LIMIT_TEXT)
      .refine((c) => c !== 0, 'must not be zero'),
    reasonText: z.string().trim().min(1, 'give the reason').max(500),
    correctsPaymentId: id.optional(),
  })
  .strict();

export const intakeContract = {
  /** One payment per provider × period × payor for every active provider authorized in the period. Approver. */
  'payments-generate': {
    access: ['Approver'], writes: 'data',
    args: z.object({ periodId: id }).strict(),
    result: z.object({
      periodId: id,
      created: z.number().int().min(0),
      existing: z.number().int().min(0),
      createdIds: z.array(id),
      /** The payment basis in effect on the period's first day. */
      basis: z.enum(PAYMENT_BASES),
      /** Prospective period: payments calculated on enrollment at once (ready to authorize), and those that could not be. */
      calculatedInAdvance: z.number().int().min(0),
      notCalculated: z.array(z.object({ paymentId: id, message: z.string() })),
    }),
  },
  /** Calculate (the workflow action) for every calculable payment of the period, or for the given ones. */
  'payments-calculate-period': {
    access: ['Approver'], writes: 'data',
    args: z.object({ periodId: id, paymentIds: z.array(id).min(1).max(20_000).optional() }).strict(),
    result: z.object({
      periodId: id,
      calculated: z.number().int().min(0),
      refused: z.number().int().min(0),
      totalCents: cents,
      results: z.array(calcRowResult),
    }),
  },
  /** A digital submission file (docs/formats/submission-v1.md). The same file again is a no-op. */
  'intake-import-submission': {
    access: ['Approver', 'Provider'], writes: 'data',
    args: z.object({ fileName, content: z.string().max(SUBMISSION_MAX_CHARS, 'the file is larger than 20 MB') }).strict(),
    result: z.object({
      fileName: z.string(),
      status: z.enum(['imported', 'already-imported']),
      paymentId: id,
      days: z.number().int().min(0),
      state: itemState.nullable(),
      message: z.string(),
    }),
  },
  /** Paper attendance as CSV (docs/formats/paper-attendance-csv.md): Record paper attendance, Edit attendance or Submit corrections. */
  'intake-import-paper-csv': {
    access: ['Approver'], writes: 'data',
    args: z.object({ fileName, content: z.string().max(PAPER_CSV_MAX_CHARS, 'the file is larger than 64 MB') }).strict(),
    result: z.object({
      fileName: z.string(),
      rows: z.number().int().min(0),
      recorded: z.number().int().min(0),
      edited: z.number().int().min(0),
      corrected: z.number().int().min(0),
      /** Payments whose days in the file are all recorded as they are: left alone. */
      unchanged: z.number().int().min(0),
      items: z.array(
        z.object({
          paymentId: id,
          licenseNumber: z.string(),
          period: z.string(),
          action: z.enum(['record-paper-attendance', 'edit-attendance', 'submit-corrections', 'record-attendance-paid-in-advance']),
          rows: z.number().int().min(0),
        }),
      ),
      message: z.string(),
    }),
  },
  /** A correction for one provider and period (± cents, never 0); then the same workflow as a payment. */
  'adjustments-create': {
    access: ['Approver'], writes: 'data',
    args: adjustmentArgs,
    result: z.object({ id, state: itemState }),
  },
} as const;
