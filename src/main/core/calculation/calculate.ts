import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import { calculate, type CalcInputs, type CalculationLine } from '../../../shared/calculation/rules';
import type { CalculationLineInput } from '../workflow/engine';
import type { CalcBatch } from './batch';
import { AUTH_ORDER, AUTH_SELECT, PAYMENT_SELECT, RATE_ORDER, RATE_SELECT, type AttendanceRow, type AuthRow, type PaymentRow, type RateRow } from './rows';

// The loader around the pure rules: reads one payment's inputs with prepared statements (rates and
// settings as in effect on the period's first day) and returns the amount and the lines. The
// workflow engine's Calculate action stores them; nothing here writes.

function prepare(sql: BetterSqlite3.Database) {
  return {
    payment: sql.prepare(`${PAYMENT_SELECT} WHERE p.id = ?`),
    providerRates: sql.prepare(`${RATE_SELECT} WHERE provider_id = ? AND effective_from <= ? ${RATE_ORDER}`),
    maxRates: sql.prepare(
      `SELECT age_group AS ageGroup, day_kind AS dayKind, cents FROM max_rate
       WHERE provider_type = ? AND effective_from <= ? ORDER BY effective_from`,
    ),
    authorizations: sql.prepare(`${AUTH_SELECT} WHERE a.provider_id = ? AND a.start_date <= ? AND a.end_date >= ? ${AUTH_ORDER}`),
    attendance: sql.prepare(
      `SELECT child_id AS childId, date, hours, absence_code AS absenceCode FROM attendance
       WHERE payment_id = ? ORDER BY child_id, date`,
    ),
    childLabel: sql.prepare(`SELECT last_name || ', ' || first_name || ' (' || case_number || ')' AS label FROM child WHERE id = ?`),
    setting: sql.prepare(`SELECT value FROM setting WHERE key = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1`),
  };
}

// One set of prepared statements per connection: the bulk path calculates thousands of payments.
const statements = new WeakMap<BetterSqlite3.Database, ReturnType<typeof prepare>>();
function stmts(sql: BetterSqlite3.Database): ReturnType<typeof prepare> {
  let s = statements.get(sql);
  if (!s) statements.set(sql, (s = prepare(sql)));
  return s;
}

function rateTable(rows: ReadonlyArray<Omit<RateRow, 'providerId'>>): CalcInputs['providerRates'] {
  const table: CalcInputs['providerRates'] = {};
  for (const r of rows) (table[r.ageGroup] ??= {})[r.dayKind] = r.cents;
  return table;
}

function numberSetting(sql: BetterSqlite3.Database, key: string, onDate: string, fallback: number): number {
  const row = stmts(sql).setting.get(key, onDate) as { value: string } | undefined;
  const value = row ? (JSON.parse(row.value) as unknown) : fallback;
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * Reads everything the rules need for one payment. Throws NOT_FOUND / REFUSED as AppError. A bulk
 * run passes its CalcBatch (one transaction) so that what it read for the slice is not read again.
 */
export function loadCalcInputs(sql: BetterSqlite3.Database, paymentId: number, batch?: CalcBatch): CalcInputs {
  const s = stmts(sql);
  const p = batch?.payment(paymentId) ?? (s.payment.get(paymentId) as PaymentRow | undefined);
  if (!p) throw new AppError({ code: 'NOT_FOUND', message: `There is no payment ${paymentId}.` });
  if (p.kind !== 'payment') {
    throw new AppError({ code: 'REFUSED', message: `Item ${paymentId} is an adjustment: its amount is entered, not calculated.` });
  }
  const on = p.startDate;
  const key = `${p.providerType}|${on}`;
  let common = batch?.common.get(key);
  if (!common) {
    common = {
      maxRates: { [p.providerType]: rateTable(s.maxRates.all(p.providerType, on) as RateRow[]) },
      fullDayThresholdHours: numberSetting(sql, 'calculation.fullDayThresholdHours', on, 5),
      paidAbsenceAllowance: numberSetting(sql, 'calculation.paidAbsenceAllowance', on, 5),
    };
    batch?.common.set(key, common);
  }
  const read = batch?.providerInputs(p);
  return {
    ...common,
    period: { startDate: p.startDate, endDate: p.endDate },
    providerType: p.providerType,
    providerRates: rateTable(read?.rates ?? (s.providerRates.all(p.providerId, on) as RateRow[])),
    authorizations: read?.auths ?? (s.authorizations.all(p.providerId, p.endDate, p.startDate) as AuthRow[]),
    attendance: s.attendance.all(paymentId) as AttendanceRow[],
  };
}

/**
 * The amount and lines of one payment, exactly as DESIGN.md section 4. Called by the workflow
 * engine's Calculate action (payments-act) and by bulk calculation, inside their transaction.
 */
export function calculatePayment(
  sql: BetterSqlite3.Database,
  paymentId: number,
  batch?: CalcBatch,
): { amountCents: number; lines: CalculationLineInput[] } {
  const inputs = loadCalcInputs(sql, paymentId, batch);
  const result = calculate(inputs);
  if (result.missingRates.length > 0) {
    const which = result.missingRates.map((m) => `${m.ageGroup} ${m.dayKind} day`).join(', ');
    throw new AppError({
      code: 'REFUSED',
      message: `No agency maximum rate for ${inputs.providerType} (${which}) in effect on ${inputs.period.startDate}; an Administrator adds it to the rate table.`,
      rule: 'calculate: needs the agency maximum rates',
    });
  }
  return { amountCents: result.amountCents, lines: result.lines.map((l) => withChildLabel(sql, l)) };
}

/** Lines for attendance without an authorization carry only the child's id; name the child. */
function withChildLabel(sql: BetterSqlite3.Database, line: CalculationLine): CalculationLine {
  if (line.authorizationId !== null || line.childId === null) return line;
  const row = stmts(sql).childLabel.get(line.childId) as { label: string } | undefined;
  return row ? { ...line, label: `${row.label}: no authorization in the period` } : line;
}
