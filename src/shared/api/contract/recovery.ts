import { z } from 'zod';
import { cents, id, isoDate, timestamp } from '../common';
import { date } from '../../reference/fields';

// Overpayment recovery and the provider's ledger (DESIGN.md section 4, docs/recovery.md): an
// Approver creates a recovery (a negative adjustment with a reason code, service dates and a plan)
// or makes a negative adjustment not authorized yet one; an Approver authorizes it as any item;
// the agency's exports take it; a second user may waive the rest; anyone signed in reads a
// provider's ledger (a Provider user only their own) and prints a recovery's notice.

const reasonCode = z.string().trim().regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'must be a reason code (capital letters, digits and _, e.g. DUPLICATE_BILLING)');

/** Whole from the next payments, or at most N% of each later payment (N: default and maximum the setting recovery.maxPercent). */
export const recoveryPlanArg = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('whole') }).strict(),
  z.object({ kind: z.literal('percent'), percent: z.number().int('must be a whole percent').min(1, 'must be at least 1').max(100, 'must be at most 100').optional() }).strict(),
]);

export const recoveryCreateArgs = z
  .object({
    providerId: id,
    /** What the provider owes back: negative whole cents. */
    amountCents: z.number().int('must be whole cents').max(-1, 'must be negative: a recovery takes money back').min(-9_999_999_999, 'must be at most $99,999,999.99'),
    reasonCode,
    serviceFrom: date,
    serviceTo: date,
    plan: recoveryPlanArg,
    comment: z.string().trim().max(500, 'must be at most 500 characters').optional(),
    /** The period its adjustment belongs to (default: the latest that starts on or before serviceTo). */
    periodId: id.optional(),
    correctsPaymentId: id.optional(),
  })
  .strict()
  .refine((r) => r.serviceFrom <= r.serviceTo, { path: ['serviceTo'], message: 'must not be before serviceFrom' });

export const recoveryFromAdjustmentArgs = z
  .object({
    adjustmentId: id,
    reasonCode,
    serviceFrom: date.optional(),
    serviceTo: date.optional(),
    plan: recoveryPlanArg,
    comment: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  })
  .strict();

export const RECOVERY_STATES = ['waiting for authorization', 'open', 'repaid', 'waived', 'denied'] as const;

export const recoveryView = z.object({
  recoveryId: id,
  providerId: id,
  periodId: id,
  amountCents: cents,
  reasonCode: z.string(),
  serviceFrom: isoDate,
  serviceTo: isoDate,
  plan: z.object({ kind: z.enum(['whole', 'percent']), percent: z.number().int().nullable() }),
  planText: z.string(),
  comment: z.string(),
  createdAt: timestamp,
  state: z.enum(RECOVERY_STATES),
  recoveredCents: cents,
  waivedCents: cents,
  balanceCents: cents,
  waivedAt: timestamp.nullable(),
  waiveReason: z.string().nullable(),
  noticeDate: isoDate.nullable(),
  contestBy: isoDate.nullable(),
  steps: z.array(z.object({ batchId: id, cents, balanceAfterCents: cents, takenAt: timestamp, eventId: id })),
});
export type RecoveryView = z.infer<typeof recoveryView>;

export const ledgerLine = z.object({
  at: timestamp,
  kind: z.enum(['paid', 'recovery', 'recovered', 'waived']),
  description: z.string(),
  paymentId: id.nullable(),
  recoveryId: id.nullable(),
  batchId: id.nullable(),
  paidCents: cents,
  recoveredCents: cents,
  waivedCents: cents,
  owedCents: cents,
  balanceOwedCents: cents,
  eventIds: z.array(z.number().int()),
});
export type LedgerLineView = z.infer<typeof ledgerLine>;

export const providerLedgerView = z.object({
  provider: z.object({ id, name: z.string(), licenseNumber: z.string() }),
  totals: z.object({ paidCents: cents, recoveredCents: cents, netPaidCents: cents, owedCents: cents, waivedCents: cents, balanceOwedCents: cents }),
  lines: z.array(ledgerLine),
  recoveries: z.array(recoveryView),
});
export type ProviderLedgerView = z.infer<typeof providerLedgerView>;

export const recoveryContract = {
  /** A new recovery (its negative adjustment goes to Pending Approval: an Approver authorizes it). */
  'recovery-create': { access: ['Approver'], writes: 'data', args: recoveryCreateArgs, result: recoveryView },
  /** A negative adjustment not authorized yet (a reconciliation's overpayment) becomes a recovery with a plan. */
  'recovery-from-adjustment': { access: ['Approver'], writes: 'data', args: recoveryFromAdjustmentArgs, result: recoveryView },
  /** Waives the rest: a second user, neither the one who created it nor the one who authorized it, with a reason. */
  'recovery-waive': {
    access: ['Approver', 'Payor'], writes: 'data',
    args: z.object({ recoveryId: id, reason: z.string().trim().min(1, 'must say why the rest is waived').max(500, 'must be at most 500 characters') }).strict(),
    result: recoveryView,
  },
  'recovery-get': { access: 'signed-in', args: z.object({ recoveryId: id }).strict(), result: recoveryView },
  /** The notice PDF (as printed with the batch that took the first step, or dated today before). */
  'recovery-notice': { access: 'signed-in', args: z.object({ recoveryId: id }).strict(), result: z.object({ fileName: z.string(), pdfBase64: z.string() }) },
  /** A provider's ledger: paid, recovered, waived, balance owed, each line with its audit events. */
  'provider-ledger': { access: 'signed-in', args: z.object({ providerId: id }).strict(), result: providerLedgerView },
} as const;
