import { z } from 'zod';
import { formatCents } from '../domain/money';
import { date } from '../reference/fields';

// Overpayment recovery (DESIGN.md section 4) as pure functions: a recovery is a negative
// adjustment with a reason code, the service dates it concerns and a repayment plan; the export
// nets it against the provider's later payments in export order and carries the rest forward;
// a second user may waive the rest. Money is integer cents; no cent is lost or invented.

/** Taken whole from the next payments, or at most `percent`% of each later payment. */
export type RecoveryPlan = { kind: 'whole' } | { kind: 'percent'; percent: number };

export const recoveryPlan = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('whole') }),
  z.object({ kind: z.literal('percent'), percent: z.number().int('must be a whole percent').min(1, 'at least 1%').max(100, 'at most 100%') }),
]);

/** What an Approver enters for a new recovery (the boundary's schema: the contract reuses it). */
export const recoveryInput = z
  .object({
    providerId: z.number().int().positive(),
    /** What the provider owes back, as the adjustment's amount: negative whole cents. */
    amountCents: z.number().int('must be whole cents').max(-1, 'a recovery takes money back: the amount is negative').min(-9_999_999_999, 'at most $99,999,999.99'),
    reasonCode: z.string().trim().regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'a reason code (capital letters, digits and _)'),
    serviceFrom: date,
    serviceTo: date,
    plan: recoveryPlan,
    comment: z.string().trim().max(500, 'at most 500 characters').default(''),
  })
  .refine((r) => r.serviceFrom <= r.serviceTo, { path: ['serviceTo'], message: 'must not be before the first service date' });
export type RecoveryInput = z.input<typeof recoveryInput>;

/** How the plan reads on the notice, the ledger and the Invoice Details screen. */
export function planText(plan: RecoveryPlan): string {
  return plan.kind === 'whole'
    ? 'Taken whole from your next payments until repaid'
    : `At most ${plan.percent}% of each later payment until repaid`;
}

/** A recovery with something still owed, as the export sees it. */
export interface OpenRecovery {
  recoveryId: number;
  plan: RecoveryPlan;
  /** Still owed, in cents (> 0). */
  balanceCents: number;
}

/** A provider's later payment (or positive adjustment) in the export, in export order. */
export interface LaterPayment {
  paymentId: number;
  amountCents: number;
}

export interface Deduction {
  recoveryId: number;
  cents: number;
}

export interface NettedPayment {
  paymentId: number;
  grossCents: number;
  /** What each recovery took from this payment (> 0 each), oldest recovery first. */
  deductions: Deduction[];
  recoveredCents: number;
  /** gross − recovered: what the provider receives for it. */
  netCents: number;
}

export interface Netting {
  payments: NettedPayment[];
  /** Each recovery after this export: taken now, and the balance carried forward to later payments. */
  recoveries: Array<{ recoveryId: number; takenCents: number; balanceCents: number }>;
  recoveredCents: number;
}

function wholeCents(what: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw new Error(`recovery netting: ${what} must be whole cents (got ${String(v)})`);
}

/**
 * The most a percent plan may take from a payment: floor(gross × percent ÷ 100), so never more
 * than the percent (rounding favours the provider by less than a cent).
 */
export function percentLimit(grossCents: number, percent: number): number {
  return grossCents <= 0 ? 0 : Math.floor((grossCents * percent) / 100);
}

/**
 * Nets open recoveries against a provider's later payments, in the order given (the export's).
 * For each payment, the recoveries are taken oldest first (by id): a whole plan takes what is
 * left of the payment, a percent plan at most its percent of the payment's gross amount; all
 * together never more than the payment. What a recovery does not get is carried forward.
 */
export function netLaterPayments(payments: readonly LaterPayment[], recoveries: readonly OpenRecovery[]): Netting {
  const open = [...recoveries].sort((a, b) => a.recoveryId - b.recoveryId).map((r) => {
    wholeCents(`recovery ${r.recoveryId}'s balance`, r.balanceCents);
    if (r.balanceCents < 0) throw new Error(`recovery netting: recovery ${r.recoveryId}'s balance is negative (${r.balanceCents})`);
    const plan = recoveryPlan.safeParse(r.plan);
    if (!plan.success) throw new Error(`recovery netting: recovery ${r.recoveryId}'s plan is not valid: ${plan.error.issues[0].message}`);
    return { ...r, balance: r.balanceCents, taken: 0 };
  });
  const netted: NettedPayment[] = [];
  let recoveredCents = 0;
  for (const p of payments) {
    wholeCents(`payment ${p.paymentId}'s amount`, p.amountCents);
    const deductions: Deduction[] = [];
    let room = Math.max(0, p.amountCents);
    for (const r of open) {
      if (room === 0) break;
      if (r.balance === 0) continue;
      const limit = r.plan.kind === 'whole' ? room : Math.min(room, percentLimit(p.amountCents, r.plan.percent));
      const cents = Math.min(r.balance, limit);
      if (cents <= 0) continue;
      r.balance -= cents;
      r.taken += cents;
      room -= cents;
      deductions.push({ recoveryId: r.recoveryId, cents });
    }
    const taken = deductions.reduce((s, d) => s + d.cents, 0);
    recoveredCents += taken;
    netted.push({ paymentId: p.paymentId, grossCents: p.amountCents, deductions, recoveredCents: taken, netCents: p.amountCents - taken });
  }
  return { payments: netted, recoveries: open.map((r) => ({ recoveryId: r.recoveryId, takenCents: r.taken, balanceCents: r.balance })), recoveredCents };
}

/** Where a recovery stands: from its amount and the events after it. */
export interface RecoveryStanding {
  recoveryId: number;
  /** The recovery's amount (negative). */
  amountCents: number;
  /** The user who created it: the one who may not waive it. */
  createdBy: number;
  recoveredCents: number;
  waivedCents: number;
}

export function balanceOwed(s: RecoveryStanding): number {
  return -s.amountCents - s.recoveredCents - s.waivedCents;
}

export type WaiverDecision = { ok: true; waivedCents: number } | { ok: false; message: string };

/**
 * Waiving the rest of a recovery: a second user (not the one who created it), with a reason, and
 * only while something is owed. The waived amount is the whole balance; it is not recovered.
 */
export function decideWaiver(s: RecoveryStanding, byUserId: number, reason: string): WaiverDecision {
  const balance = balanceOwed(s);
  if (balance <= 0) return { ok: false, message: `Recovery ${s.recoveryId} is settled: nothing is owed to waive.` };
  if (byUserId === s.createdBy) {
    return { ok: false, message: `Recovery ${s.recoveryId} was created by you: a second user waives the rest (separation of duties).` };
  }
  if (reason.trim() === '') return { ok: false, message: `Waiving the rest of recovery ${s.recoveryId} (${formatCents(balance)}) needs a reason.` };
  return { ok: true, waivedCents: balance };
}
