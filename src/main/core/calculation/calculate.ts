import type { Queryable } from '../db/engine/port';
import { AppError } from '../../../shared/api/errors';
import { calculate, type CalcInputs, type CalculationLine } from '../../../shared/calculation/rules';
import type { CalculationLineInput } from '../workflow/engine';
import type { CalcBatch } from './batch';
import { AUTH_ORDER, AUTH_SELECT, PAYMENT_SELECT, RATE_ORDER, RATE_SELECT, type AttendanceRow, type AuthRow, type PaymentRow, type RateRow } from './rows';

// The loader around the pure rules: reads one payment's inputs (rates and
// settings as in effect on the period's first day) and returns the amount and the lines. The
// workflow engine's Calculate action stores them; nothing here writes.

const T = {
  payment: `${PAYMENT_SELECT} WHERE p.id = ?`,
  providerRates: `${RATE_SELECT} WHERE provider_id = ? AND effective_from <= ? ${RATE_ORDER}`,
  maxRates: `SELECT age_group AS ageGroup, day_kind AS dayKind, cents FROM max_rate
       WHERE provider_type = ? AND effective_from <= ? ORDER BY effective_from`,
  authorizations: `${AUTH_SELECT} WHERE a.provider_id = ? AND a.start_date <= ? AND a.end_date >= ? ${AUTH_ORDER}`,
  attendance: `SELECT child_id AS childId, date, hours, absence_code AS absenceCode FROM attendance
       WHERE payment_id = ? ORDER BY child_id, date`,
  childLabel: `SELECT last_name || ', ' || first_name || ' (' || case_number || ')' AS label FROM child WHERE id = ?`,
  setting: `SELECT value FROM setting WHERE key = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1`,
};

function rateTable(rows: ReadonlyArray<Omit<RateRow, 'providerId'>>): CalcInputs['providerRates'] {
  const table: CalcInputs['providerRates'] = {};
  for (const r of rows) (table[r.ageGroup] ??= {})[r.dayKind] = r.cents;
  return table;
}

async function numberSetting(db: Queryable, key: string, onDate: string, fallback: number): Promise<number> {
  const row = await db.one<{ value: string }>(T.setting, [key, onDate]);
  const value = row ? (JSON.parse(row.value) as unknown) : fallback;
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * Reads everything the rules need for one payment. Throws NOT_FOUND / REFUSED as AppError. A bulk
 * run passes its CalcBatch (one transaction) so that what it read for the slice is not read again.
 */
export async function loadCalcInputs(db: Queryable, paymentId: number, batch?: CalcBatch): Promise<CalcInputs> {
  const p = batch?.payment(paymentId) ?? (await db.one<PaymentRow>(T.payment, [paymentId]));
  if (!p) throw new AppError({ code: 'NOT_FOUND', message: `There is no payment ${paymentId}.` });
  if (p.kind !== 'payment') {
    throw new AppError({ code: 'REFUSED', message: `Item ${paymentId} is an adjustment: its amount is entered, not calculated.` });
  }
  const on = p.startDate;
  const key = `${p.providerType}|${on}`;
  let common = batch?.common.get(key);
  if (!common) {
    common = {
      maxRates: { [p.providerType]: rateTable(await db.rows<RateRow>(T.maxRates, [p.providerType, on])) },
      fullDayThresholdHours: await numberSetting(db, 'calculation.fullDayThresholdHours', on, 5),
      paidAbsenceAllowance: await numberSetting(db, 'calculation.paidAbsenceAllowance', on, 5),
    };
    batch?.common.set(key, common);
  }
  const read = batch?.providerInputs(p);
  return {
    ...common,
    period: { startDate: p.startDate, endDate: p.endDate },
    providerType: p.providerType,
    providerRates: rateTable(read?.rates ?? (await db.rows<RateRow>(T.providerRates, [p.providerId, on]))),
    authorizations: read?.auths ?? (await db.rows<AuthRow>(T.authorizations, [p.providerId, p.endDate, p.startDate])),
    attendance: await db.rows<AttendanceRow>(T.attendance, [paymentId]),
  };
}

/**
 * The amount and lines of one payment, exactly as DESIGN.md section 4. Called by the workflow
 * engine's Calculate action (payments-act) and by bulk calculation, inside their transaction.
 */
export async function calculatePayment(
  db: Queryable,
  paymentId: number,
  batch?: CalcBatch,
): Promise<{ amountCents: number; lines: CalculationLineInput[] }> {
  const inputs = await loadCalcInputs(db, paymentId, batch);
  const result = calculate(inputs);
  if (result.missingRates.length > 0) {
    const which = result.missingRates.map((m) => `${m.ageGroup} ${m.dayKind} day`).join(', ');
    throw new AppError({
      code: 'REFUSED',
      message: `No agency maximum rate for ${inputs.providerType} (${which}) in effect on ${inputs.period.startDate}; an Administrator adds it to the rate table.`,
      rule: 'calculate: needs the agency maximum rates',
    });
  }
  const lines: CalculationLine[] = [];
  for (const l of result.lines) lines.push(await withChildLabel(db, l));
  return { amountCents: result.amountCents, lines };
}

/** Lines for attendance without an authorization carry only the child's id; name the child. */
async function withChildLabel(db: Queryable, line: CalculationLine): Promise<CalculationLine> {
  if (line.authorizationId !== null || line.childId === null) return line;
  const row = await db.one<{ label: string }>(T.childLabel, [line.childId]);
  return row ? { ...line, label: `${row.label}: no authorization in the period` } : line;
}
