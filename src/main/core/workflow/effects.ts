import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import { prepared } from './prepared';
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

const LINE_COLUMNS = `INSERT INTO calculation_line (payment_id, line_no, child_id, authorization_id, label, age_group, full_days, part_days,
    paid_absences, unpaid_days, days_cut, full_rate_cents, part_rate_cents, copay_cents, subtotal_cents, details) VALUES `;
const LINE_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Lines inserted this many to a statement (a period's calculation writes tens of thousands). */
const LINE_BATCH = 16;
const LINE_SQL = Array.from({ length: LINE_BATCH + 1 }, (_, n) => LINE_COLUMNS + new Array(n).fill(LINE_ROW).join(', '));

/**
 * Replaces the payment's lines. The details are stored as JSON.stringify writes them: the rules
 * build them in a fixed key order, so the same inputs store the same text.
 */
export function writeCalculation(sql: BetterSqlite3.Database, paymentId: number, lines: readonly CalculationLineInput[]): void {
  prepared(sql, `DELETE FROM calculation_line WHERE payment_id = ?`).run(paymentId);
  const values: unknown[] = [];
  let inBatch = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    values.push(paymentId, i + 1, l.childId, l.authorizationId, l.label, l.ageGroup, l.fullDays, l.partDays, l.paidAbsences, l.unpaidDays, l.daysCut,
      l.fullRateCents, l.partRateCents, l.copayCents, l.subtotalCents, JSON.stringify(l.details ?? {}));
    if (++inBatch === LINE_BATCH) {
      prepared(sql, LINE_SQL[LINE_BATCH]).run(values);
      values.length = 0;
      inBatch = 0;
    }
  }
  if (inBatch > 0) prepared(sql, LINE_SQL[inBatch]).run(values);
}

export function clearCalculation(sql: BetterSqlite3.Database, paymentId: number): void {
  prepared(sql, `DELETE FROM calculation_line WHERE payment_id = ?`).run(paymentId);
}
