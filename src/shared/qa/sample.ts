import { z } from 'zod';

// The QA sample (CareControl 4 sends a random ~20% of calculated payments to a second reviewer).
// The draw is reproducible: each payment gets a ticket computed from the seed recorded with the
// period's draw, the period's code and the payment's id, and is sampled when its ticket falls
// under the percent. An auditor with the seed re-draws exactly the same items; a payment's draw
// does not depend on which other payments were drawn with it or in what order.
//
// Ticket (for an auditor redoing it by hand): the text `${seed}|${periodCode}|${paymentId}`,
// FNV-1a 32-bit over its UTF-16 code units, then MurmurHash3's 32-bit finalizer; the payment is
// sampled when ticket × 100 < percent × 2^32.

export const qaSampleSettings = z.object({
  /** Share of calculated payments drawn for a second review, 0 to 100 (decimals allowed). */
  percent: z.number().min(0, 'at least 0%').max(100, 'at most 100%'),
  /** A new provider's first payment is always sampled. */
  firstPaymentAlwaysSampled: z.boolean(),
});
export type QaSampleSettings = z.infer<typeof qaSampleSettings>;

/** A seed as recorded with a draw: 1 to 64 letters, digits or dashes (PayDesk writes 16 hex digits). */
export const qaSeed = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a seed is 1 to 64 letters, digits or dashes');

export interface QaCandidate {
  paymentId: number;
  /** This is the first payment of a provider new to the agency (the caller knows from the database). */
  firstPaymentOfNewProvider: boolean;
}

export type QaSampleReason = 'random draw' | 'first payment of a new provider';

export interface QaDraw {
  periodCode: string;
  seed: string;
  settings: QaSampleSettings;
  /** The sampled payments in id order, each with why. */
  sampled: Array<{ paymentId: number; reason: QaSampleReason }>;
}

const TWO_32 = 4_294_967_296;

/** The payment's ticket in this draw: a whole number from 0 to 2^32 − 1. */
export function qaTicket(seed: string, periodCode: string, paymentId: number): number {
  const text = `${seed}|${periodCode}|${paymentId}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Whether the random draw picks this payment (the first-payment rule aside). */
export function drawnAtRandom(seed: string, periodCode: string, paymentId: number, percent: number): boolean {
  return qaTicket(seed, periodCode, paymentId) * 100 < percent * TWO_32;
}

/** Draws the sample of a period's calculated payments. Throws on a bad seed or settings (the caller validated them). */
export function drawQaSample(periodCode: string, seed: string, settings: QaSampleSettings, candidates: readonly QaCandidate[]): QaDraw {
  qaSeed.parse(seed);
  const s = qaSampleSettings.parse(settings);
  const sampled: QaDraw['sampled'] = [];
  const seen = new Set<number>();
  for (const c of [...candidates].sort((a, b) => a.paymentId - b.paymentId)) {
    if (seen.has(c.paymentId)) throw new Error(`QA sample: payment ${c.paymentId} is a candidate twice`);
    seen.add(c.paymentId);
    if (s.firstPaymentAlwaysSampled && c.firstPaymentOfNewProvider) sampled.push({ paymentId: c.paymentId, reason: 'first payment of a new provider' });
    else if (drawnAtRandom(seed, periodCode, c.paymentId, s.percent)) sampled.push({ paymentId: c.paymentId, reason: 'random draw' });
  }
  return { periodCode, seed, settings: s, sampled };
}
