import type { Queryable } from '../db/engine/port';
import { AppError } from '../../../shared/api/errors';
import { calculate, type CalcInputs, type CalculationLine } from '../../../shared/calculation/rules';
import { basisOn, type BasisSetting } from '../../../shared/calculation/basis';
import type { PaymentBasis } from '../../../shared/domain/words';
import type { CalculationLineInput } from '../workflow/engine';
import type { CalcBatch } from './batch';
import { calculatedDays } from '../workflow/attendance';
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
  basisHistory: `SELECT effective_from AS effectiveFrom, value FROM setting WHERE key = 'calculation.paymentBasis' ORDER BY effective_from`,
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

/** The payment basis in effect on `onDate` (the period's first day): the setting's history read by the pure basisOn. */
export async function basisInEffect(db: Queryable, onDate: string): Promise<PaymentBasis> {
  const rows = await db.rows<{ effectiveFrom: string; value: string }>(T.basisHistory);
  const settings: BasisSetting[] = rows.map((r) => ({ effectiveFrom: r.effectiveFrom, basis: JSON.parse(r.value) as PaymentBasis }));
  return basisOn(settings, onDate);
}

/** The agency's holidays as in effect on `onDate` (a list of ISO dates; none when unset). */
export async function holidaysInEffect(db: Queryable, onDate: string): Promise<string[]> {
  const row = await db.one<{ value: string }>(T.setting, ['calculation.holidays', onDate]);
  const value = row ? (JSON.parse(row.value) as unknown) : [];
  return Array.isArray(value) ? value.filter((d): d is string => typeof d === 'string') : [];
}

/**
 * Reads everything the rules need for one payment. Throws NOT_FOUND / REFUSED as AppError. A bulk
 * run passes its CalcBatch (one transaction) so that what it read for the slice is not read again.
 */
export async function loadCalcInputs(db: Queryable, paymentId: number, batch?: CalcBatch): Promise<CalcInputs & { basis: PaymentBasis }> {
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
      // The basis in effect on the period's first day decides the whole period (never a mix).
      basis: await basisInEffect(db, on),
      holidays: await holidaysInEffect(db, on),
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
    attendance: await calculatedDays(db, paymentId, () => db.rows<AttendanceRow>(T.attendance, [paymentId])),
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
  /** Another basis than the period's (the reconciliation's attendance amount of a prospective period). */
  basis?: PaymentBasis,
): Promise<{ amountCents: number; lines: CalculationLineInput[]; basis: PaymentBasis }> {
  const loaded = await loadCalcInputs(db, paymentId, batch);
  const inputs = basis ? { ...loaded, basis } : loaded;
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
  return { amountCents: result.amountCents, lines, basis: inputs.basis };
}

/** Lines for attendance without an authorization carry only the child's id; name the child. */
async function withChildLabel(db: Queryable, line: CalculationLine): Promise<CalculationLine> {
  if (line.authorizationId !== null || line.childId === null) return line;
  const row = await db.one<{ label: string }>(T.childLabel, [line.childId]);
  return row ? { ...line, label: `${row.label}: no authorization in the period` } : line;
}
