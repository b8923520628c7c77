import { z } from 'zod';
import { id, isoDate, timestamp } from '../common';
import { date } from '../../reference/fields';
import { QA_SAMPLE_STATES } from '../../domain/words';

// The QA sample (issue #16; docs/qa-sample.md): its two effective-dated settings (Settings >
// Calculation and workflow > QA sample, `paydesk settings --qa-percent`), and a period's draws
// with a re-draw from the recorded seeds (`paydesk qa-sample --period P --redraw-check`).

const ADMIN = ['Administrator'] as const;

function dated<T extends z.ZodType>(value: T) {
  return z.object({ value, effectiveFrom: isoDate, history: z.array(z.object({ effectiveFrom: isoDate, value })) });
}

export const qaPercent = z.number().int('a whole percent').min(0, 'at least 0 (0 turns the QA sample off)').max(100, 'at most 100');

export const qaSettings = z.object({
  samplePercent: dated(qaPercent),
  alwaysSampleFirstPayment: dated(z.boolean()),
});
export type QaSettings = z.infer<typeof qaSettings>;

export const qaSettingsSave = z.discriminatedUnion('key', [
  z.object({ key: z.literal('qa.samplePercent'), value: qaPercent, effectiveFrom: date.optional() }).strict(),
  z.object({ key: z.literal('qa.alwaysSampleFirstPayment'), value: z.boolean({ message: 'must be true or false' }), effectiveFrom: date.optional() }).strict(),
]);
export type QaSettingsSave = z.input<typeof qaSettingsSave>;

const sampledItem = z.object({
  paymentId: id,
  providerId: id,
  providerName: z.string(),
  reason: z.enum(['random draw', 'first payment of a new provider']),
  state: z.enum(QA_SAMPLE_STATES),
});

/** A re-draw from the recorded seed: the pure draw over the draw's items, compared with what was recorded. */
const redraw = z.object({
  /** The re-draw picked exactly the payments recorded as drawn. */
  matches: z.boolean(),
  items: z.number().int().min(0),
  sampledAgain: z.array(id),
  /** Recorded as drawn but not drawn again, or drawn again but not recorded. */
  differences: z.array(z.object({ paymentId: id, recorded: z.boolean(), redrawn: z.boolean() })),
  /** Payments whose first-payment flag differs from the database today (a payment of an earlier period added since). */
  firstPaymentChanged: z.array(id),
  /** Payments of the period and payor calculated but in no draw (calculated before the sampling was on). */
  notInDraw: z.array(id),
});

export const qaDrawView = z.object({
  drawId: id,
  payorId: id,
  payorName: z.string(),
  seed: z.string(),
  percent: z.number().int(),
  firstPaymentRule: z.boolean(),
  drawnAt: timestamp,
  drawnBy: z.string(),
  /** How many payments went into the draw (drawn or not). */
  items: z.number().int().min(0),
  sampled: z.array(sampledItem),
  redraw: redraw.nullable(),
});

export const qaSampleView = z.object({
  periodId: id,
  periodCode: z.string(),
  draws: z.array(qaDrawView),
});
export type QaSampleView = z.infer<typeof qaSampleView>;

export const qaContract = {
  'qa-settings-get': { access: 'signed-in', args: z.object({}).strict(), result: qaSettings },
  /** A new value from a date on (default: today); a period samples with the values in effect on its first day. */
  'qa-settings-save': { access: ADMIN, writes: 'data', args: qaSettingsSave, result: qaSettings },
  /** The period's QA draws and sampled payments; `redrawCheck`: drawn again from the recorded seeds. */
  'qa-sample': {
    access: ['Approver', 'Payor', 'Administrator'],
    args: z.object({ periodId: id, redrawCheck: z.boolean().default(false) }).strict(),
    result: qaSampleView,
  },
} as const;
