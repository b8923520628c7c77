import { isIsoDate } from '../domain/dates';
import { PAYMENT_BASES, type PaymentBasis } from '../domain/words';
import { calculate, type CalcInputs, type CalculationResult } from './rules';

// The payment basis of DESIGN.md section 4: which basis applies to a period, the prospective
// advance, and its reconciliation with the attendance amount after the period. Pure: the core
// reads the basis setting, the holidays and the threshold, and stores what these return.

/** One value of the effective-dated basis setting (calculation.paymentBasis). */
export interface BasisSetting {
  effectiveFrom: string;
  basis: PaymentBasis;
}

/**
 * The basis in effect on a date: the setting's latest value that starts on or before it,
 * attendance when none does. Called with the period's first day, so a period is calculated
 * under one basis only, also when it is recalculated after the setting changed mid-period.
 */
export function basisOn(settings: readonly BasisSetting[], date: string): PaymentBasis {
  let best: BasisSetting | null = null;
  for (const s of settings) {
    if (!isIsoDate(s.effectiveFrom)) throw new Error(`payment basis setting: "${s.effectiveFrom}" is not a date as YYYY-MM-DD`);
    if (!(PAYMENT_BASES as readonly string[]).includes(s.basis)) throw new Error(`payment basis setting: "${String(s.basis)}" is not a payment basis`);
    if (s.effectiveFrom <= date && (best === null || s.effectiveFrom >= best.effectiveFrom)) best = s;
  }
  return best?.basis ?? 'attendance';
}

/** The calculation of a period under the basis in effect on its first day. */
export function calculateOnBasis(inputs: Omit<CalcInputs, 'basis'>, settings: readonly BasisSetting[]): CalculationResult {
  return calculate({ ...inputs, basis: basisOn(settings, inputs.period.startDate) });
}

/**
 * What the reconciliation of a prospective payment comes to:
 * - `none`: the advance was exactly the attendance amount;
 * - `underpayment`: the attendance amount is higher, the difference is paid;
 * - `overpayment`: the advance was higher by at least the recovery threshold, the difference is recovered;
 * - `overpayment below the threshold`: higher by less than the threshold, not recovered (the agency's rule).
 */
export type ReconciliationOutcome = 'none' | 'underpayment' | 'overpayment' | 'overpayment below the threshold';

export interface Reconciliation {
  /** What was paid in advance (the prospective payment's amount). */
  advanceCents: number;
  /** The attendance-basis amount of the same period. */
  attendanceCents: number;
  /** attendance − advance: what the advance should have been, less what it was. */
  differenceCents: number;
  /** The ± adjustment to create (0: none). advance + adjustment = attendance unless an overpayment is below the threshold. */
  adjustmentCents: number;
  /** An overpayment left with the provider because it is below the threshold (≥ 0). */
  notRecoveredCents: number;
  outcome: ReconciliationOutcome;
}

/**
 * The reconciliation of an advance with the attendance amount. An overpayment smaller than the
 * threshold is not recovered ("do not recover overpayments below $X"); one of exactly the
 * threshold is. Underpayments are always paid. A threshold of 0 recovers every cent.
 */
export function reconcile(advanceCents: number, attendanceCents: number, recoveryThresholdCents: number): Reconciliation {
  for (const [name, v] of [['advance', advanceCents], ['attendance amount', attendanceCents], ['recovery threshold', recoveryThresholdCents]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`reconciliation: the ${name} must be whole cents, not negative (got ${String(v)})`);
  }
  const differenceCents = attendanceCents - advanceCents;
  const base = { advanceCents, attendanceCents, differenceCents };
  if (differenceCents === 0) return { ...base, adjustmentCents: 0, notRecoveredCents: 0, outcome: 'none' };
  if (differenceCents > 0) return { ...base, adjustmentCents: differenceCents, notRecoveredCents: 0, outcome: 'underpayment' };
  if (-differenceCents < recoveryThresholdCents) {
    return { ...base, adjustmentCents: 0, notRecoveredCents: -differenceCents, outcome: 'overpayment below the threshold' };
  }
  return { ...base, adjustmentCents: differenceCents, notRecoveredCents: 0, outcome: 'overpayment' };
}

/**
 * After a prospective period, with its attendance received: the attendance-basis calculation (its
 * lines go with the reconciliation adjustment) and the reconciliation against the advance paid.
 */
export function reconcileProspective(
  inputs: Omit<CalcInputs, 'basis'>,
  advanceCents: number,
  recoveryThresholdCents: number,
): { attendance: CalculationResult; reconciliation: Reconciliation } {
  const attendance = calculate({ ...inputs, basis: 'attendance' });
  return { attendance, reconciliation: reconcile(advanceCents, attendance.amountCents, recoveryThresholdCents) };
}
