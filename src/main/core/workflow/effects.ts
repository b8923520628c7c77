import { AppError } from '../../../shared/api/errors';
import type { Tx } from '../db/engine/port';
import { insertHeld } from '../db/held-insert';
import { formatCents } from '../../../shared/domain/money';
import { ITEM_MAX_CENTS } from '../../../shared/domain/limits';
import type { CalculationLineInput } from './types';

// The side effects of the actions table about the amount (store-calculation, clear-amount); the
// store-attendance effect is in attendance.ts. Each has a check, run before anything is written, and a write.

const INT_FIELDS = [
  'fullDays',
  'partDays',
  'paidAbsences',
  'unpaidDays',
  'daysCut',
  'fullRateCents',
  'partRateCents',
  'copayCents',
  'subtotalCents',
] as const;

/** The amount is the sum of the lines (DESIGN.md section 4): a calculation that disagrees is refused. */
export function checkCalculation(calc: { amountCents: number; lines: readonly CalculationLineInput[] }): void {
  const bad = (message: string) => new AppError({ code: 'REFUSED', rule: 'calculate.lines', message });
  if (!Number.isSafeInteger(calc.amountCents)) throw bad('The calculated amount must be whole cents.');
  // Entered amounts are bounded (rates, co-payments): a sum that still exceeds what one entry can
  // carry is refused here, so it can never be authorized and then fail to be written.
  if (calc.amountCents < 0 || calc.amountCents > ITEM_MAX_CENTS) {
    throw new AppError({ code: 'REFUSED', rule: 'calculate.amount-limit', field: 'amountCents', message: `The calculated amount ${formatCents(calc.amountCents)} is refused: a payment's amount must be from $0.00 to ${formatCents(ITEM_MAX_CENTS)} (the most one ACH entry can carry).` });
  }
  let sum = 0;
  calc.lines.forEach((line, i) => {
    for (const f of INT_FIELDS) {
      if (!Number.isSafeInteger(line[f])) throw bad(`Calculation line ${i + 1}: ${f} must be a whole number.`);
    }
    sum += line.subtotalCents;
  });
  if (sum !== calc.amountCents) {
    throw bad(`The calculation lines add up to ${sum} cents but the amount is ${calc.amountCents} cents.`);
  }
}

const LINE_COLUMNS = ['payment_id', 'line_no', 'child_id', 'authorization_id', 'label', 'age_group', 'full_days', 'part_days', 'paid_absences',
  'unpaid_days', 'days_cut', 'full_rate_cents', 'part_rate_cents', 'copay_cents', 'subtotal_cents', 'details', 'basis'];

/**
 * Replaces the payment's lines (16 to a statement: a period's calculation writes tens of
 * thousands). The details are stored as JSON.stringify writes them: the rules build them in a
 * fixed key order, so the same inputs store the same text.
 */
export async function writeCalculation(db: Tx, paymentId: number, lines: readonly CalculationLineInput[], options: { first?: boolean } = {}): Promise<void> {
  // `first`: the payment has no amount, so it has no lines (the engine clears them when it drops
  // an amount, and only the engine writes them): nothing to delete, one statement fewer.
  if (!options.first) await db.run(`DELETE FROM calculation_line WHERE payment_id = ?`, [paymentId]);
  // The lines are the rules' own (nothing a user typed): on PostgreSQL they wait for the next
  // statement that reads lines, or the commit, with other payments' lines (db/held-insert.ts).
  const rows = lines.map((l, i) => [paymentId, i + 1, l.childId, l.authorizationId, l.label, l.ageGroup, l.fullDays, l.partDays, l.paidAbsences, l.unpaidDays,
    l.daysCut, l.fullRateCents, l.partRateCents, l.copayCents, l.subtotalCents, JSON.stringify(l.details ?? {}), l.basis ?? 'attendance']);
  await insertHeld(db, 'calculation_line', LINE_COLUMNS, rows, { batch: 16 });
}

export async function clearCalculation(db: Tx, paymentId: number): Promise<void> {
  await db.run(`DELETE FROM calculation_line WHERE payment_id = ?`, [paymentId]);
}
