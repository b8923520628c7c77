import { z } from 'zod';
import { comment, id, isoDate } from '../common';
import { ABSENCE_CODES } from '../../domain/words';
import { actionName, itemState, paymentsListArgs } from './payments';

// Workflow actions on payments and adjustments (DESIGN.md section 3), and the audit check.

export const reasonInput = z
  .object({ code: z.string().trim().max(50).default(''), comment: comment.optional() })
  .strict();

export const attendanceRowInput = z
  .object({
    childId: id,
    date: isoDate,
    /** hours and absenceCode both null removes the day. */
    hours: z.number().min(0).max(24).nullable(),
    absenceCode: z.enum(ABSENCE_CODES).nullable(),
  })
  .strict();

export const actArgs = z
  .object({
    paymentId: id,
    action: actionName,
    reason: reasonInput.optional(),
    attendance: z.object({ rows: z.array(attendanceRowInput).min(1).max(5000) }).strict().optional(),
    /** The version the user saw: refused with CONFLICT if the item moved meanwhile. */
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict();

/** The most items one bulk action takes. */
export const BULK_MAX = 5000;

/** A tab of a period as the grid shows it (filters and search): a bulk action on every item of it. */
export const bulkView = paymentsListArgs
  .pick({
    periodId: true,
    tab: true,
    paymentStatus: true,
    invoiceStatus: true,
    subStatus: true,
    kind: true,
    providerId: true,
    search: true,
  })
  // How many items the user was shown and confirmed: a view that has changed meanwhile is refused.
  .extend({ expectedCount: z.number().int().min(1).max(BULK_MAX).optional() });

/** The items are the ids given, or every item of the view (the core reads them from the same query as the grid). */
export const bulkArgs = z
  .object({ ids: z.array(id).min(1).max(BULK_MAX).optional(), view: bulkView.optional(), action: actionName, reason: reasonInput.optional() })
  .strict()
  .refine((a) => (a.ids === undefined) !== (a.view === undefined), { message: 'give either the ids or the view, not both', path: ['ids'] });

export const appErrorDto = z.object({ code: z.string(), message: z.string(), rule: z.string().optional(), field: z.string().optional() });

export const bulkOutcome = z.object({ id, ok: z.boolean(), paymentStatus: z.string().optional(), error: appErrorDto.optional() });

export const chainReport = z.object({
  ok: z.boolean(),
  events: z.number().int().min(0),
  /** The first event that does not verify, and why. */
  firstBad: z.object({ id: z.number().int(), problem: z.string() }).optional(),
  /** Why the trail does not verify as a whole (a missing key or seal, an anchor, the money), in words for the user. */
  problem: z.string().optional(),
  /** The event that sealed the trail with its key (later events are keyed). */
  sealId: z.number().int().nullable().optional(),
  /** Export batches' anchors (the chain's head each recorded) checked, and what did not match. */
  anchors: z
    .object({ checked: z.number().int().min(0), problems: z.array(z.object({ batchId: z.number().int(), eventId: z.number().int(), problem: z.string() })) })
    .optional(),
  /** Amounts and bank accounts that differ from the events that set them. */
  money: z.array(z.object({ entity: z.enum(['payment', 'provider']), id: z.number().int(), problem: z.string() })).optional(),
  /** What could not be checked (a batch's manifest missing). */
  warnings: z.array(z.string()).optional(),
});

export const workflowContract = {
  /** Exactly what the Action drop-down may show this user for this item. */
  'payments-allowed-actions': { access: 'signed-in', args: z.object({ paymentId: id }).strict(), result: z.array(actionName) },
  /** The reasons a user chooses from for an action that needs one (empty list: no reason). */
  'payments-reasons': {
    access: 'signed-in',
    args: z.object({ action: actionName }).strict(),
    result: z.array(z.object({ code: z.string(), label: z.string() })),
  },
  'payments-act': {
    access: ['Provider', 'Approver', 'Payor'], writes: 'data',
    args: actArgs,
    result: z.object({ paymentId: id, state: itemState, eventId: id, allowedActions: z.array(actionName) }),
  },
  /** The same rule row by row: each row succeeds or is refused on its own (at most BULK_MAX items). */
  'payments-apply-bulk': {
    access: ['Provider', 'Approver', 'Payor'], writes: 'data',
    args: bulkArgs,
    result: z.object({ results: z.array(bulkOutcome), succeeded: z.number().int(), refused: z.number().int() }),
  },
  'audit-verify': { access: ['Administrator'], args: z.object({}).strict(), result: chainReport },
} as const;
