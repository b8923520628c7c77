import { z } from 'zod';
import { cents, id, isoDate } from '../common';
import { date } from '../../reference/fields';
import { PAYMENT_BASES } from '../../domain/words';
import { ITEM_LIMIT_TEXT, ITEM_MAX_CENTS } from '../../domain/limits';

// The payment basis (DESIGN.md section 4, issue #16): the three effective-dated calculation
// settings of Settings > Calculation and `paydesk settings`, and the reconciliation of a period
// paid in advance (`paydesk reconcile`).

const ADMIN = ['Administrator'] as const;

/** A setting's value in force today, since when, and every value with its start date (oldest first). */
function dated<T extends z.ZodType>(value: T) {
  return z.object({ value, effectiveFrom: isoDate, history: z.array(z.object({ effectiveFrom: isoDate, value })) });
}

export const calculationSettings = z.object({
  paymentBasis: dated(z.enum(PAYMENT_BASES)),
  recoveryThresholdCents: dated(cents),
  holidays: dated(z.array(isoDate)),
  /** Overpayment recovery: the largest share of each later payment a plan may take, and the days to contest a notice. */
  recoveryMaxPercent: dated(z.number().int()),
  recoveryContestDays: dated(z.number().int()),
});
export type CalculationSettings = z.infer<typeof calculationSettings>;

/** The agency's holidays: dates, each once (sorted when stored), at most a year's worth of days. */
export const holidayList = z
  .array(date)
  .max(366, 'at most 366 dates')
  .refine((list) => new Set(list).size === list.length, 'a date is listed twice');

export const calculationSettingsSave = z.discriminatedUnion('key', [
  z.object({ key: z.literal('calculation.paymentBasis'), value: z.enum(PAYMENT_BASES, { message: 'must be attendance, enrollment or prospective' }), effectiveFrom: date.optional() }).strict(),
  z
    .object({
      key: z.literal('calculation.recoveryThresholdCents'),
      value: z.number().int('must be whole cents').min(0, 'must not be negative').max(ITEM_MAX_CENTS, ITEM_LIMIT_TEXT),
      effectiveFrom: date.optional(),
    })
    .strict(),
  z.object({ key: z.literal('calculation.holidays'), value: holidayList, effectiveFrom: date.optional() }).strict(),
  z
    .object({
      key: z.literal('recovery.maxPercent'),
      value: z.number().int('must be a whole percent').min(1, 'must be at least 1%').max(100, 'must be at most 100%'),
      effectiveFrom: date.optional(),
    })
    .strict(),
  z
    .object({
      key: z.literal('recovery.contestDays'),
      value: z.number().int('must be whole days').min(10, 'must be at least 10 days').max(365, 'must be at most 365 days'),
      effectiveFrom: date.optional(),
    })
    .strict(),
]);
export type CalculationSettingsSave = z.input<typeof calculationSettingsSave>;

const reconciledPayment = z.object({
  paymentId: id,
  providerId: id,
  advanceCents: cents,
  attendanceCents: cents,
  differenceCents: z.number().int(),
  adjustmentCents: z.number().int(),
  notRecoveredCents: cents,
  thresholdCents: cents,
  outcome: z.enum(['none', 'underpayment', 'overpayment', 'overpayment below the threshold']),
  adjustmentId: id.nullable(),
});

export const reconcileOutcome = z.object({
  periodId: id,
  thresholdCents: cents,
  reconciled: z.array(reconciledPayment),
  waiting: z.array(z.object({ paymentId: id, providerId: id, reason: z.string() })),
  alreadyReconciled: z.number().int().min(0),
});
export type ReconcileOutcomeView = z.infer<typeof reconcileOutcome>;

export const basisContract = {
  'calculation-settings-get': { access: 'signed-in', args: z.object({}).strict(), result: calculationSettings },
  /** A new value from a date on (default: today); the values of earlier dates stay for earlier periods. */
  'calculation-settings-save': { access: ADMIN, writes: 'data', args: calculationSettingsSave, result: calculationSettings },
  /** Reconciles the period's payments made in advance whose attendance is received (± adjustments). Approver. */
  'reconcile-period': {
    access: ['Approver'], writes: 'data',
    args: z.object({ periodId: id, paymentIds: z.array(id).min(1).max(20_000).optional() }).strict(),
    result: reconcileOutcome,
  },
} as const;
