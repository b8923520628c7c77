import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import { calculate, type CalcInputs, type CalculationLine } from '../../../shared/calculation/rules';
import type { AbsenceCode, AgeGroup, CareLevel, DayKind, ProviderType } from '../../../shared/domain/words';
import type { CalculationLineInput } from '../workflow/engine';

// The loader around the pure rules: reads one payment's inputs with prepared statements (rates and
// settings as in effect on the period's first day) and returns the amount and the lines. The
// workflow engine's Calculate action stores them; nothing here writes.

interface PaymentRow {
  kind: 'payment' | 'adjustment';
  providerId: number;
  providerType: ProviderType;
  startDate: string;
  endDate: string;
}
interface RateRow { ageGroup: AgeGroup; dayKind: DayKind; cents: number }
interface AuthRow {
  id: number;
  childId: number;
  childLabel: string;
  birthDate: string;
  startDate: string;
  endDate: string;
  careLevel: CareLevel;
  daysPerWeek: number;
  copayCents: number;
}
interface AttendanceRow { childId: number; date: string; hours: number | null; absenceCode: AbsenceCode | null }

function prepare(sql: BetterSqlite3.Database) {
  return {
    payment: sql.prepare(
      `SELECT p.kind, p.provider_id AS providerId, pr.type AS providerType, sp.start_date AS startDate, sp.end_date AS endDate
       FROM payment p JOIN provider pr ON pr.id = p.provider_id JOIN service_period sp ON sp.id = p.period_id
       WHERE p.id = ?`,
    ),
    // Oldest first: a later effective date overrides an earlier one for the same age group and day kind.
    providerRates: sql.prepare(
      `SELECT age_group AS ageGroup, day_kind AS dayKind, cents FROM provider_rate
       WHERE provider_id = ? AND effective_from <= ? ORDER BY effective_from`,
    ),
    maxRates: sql.prepare(
      `SELECT age_group AS ageGroup, day_kind AS dayKind, cents FROM max_rate
       WHERE provider_type = ? AND effective_from <= ? ORDER BY effective_from`,
    ),
    authorizations: sql.prepare(
      `SELECT a.id, a.child_id AS childId, c.last_name || ', ' || c.first_name || ' (' || c.case_number || ')' AS childLabel,
         c.birth_date AS birthDate, a.start_date AS startDate, a.end_date AS endDate, a.care_level AS careLevel,
         a.days_per_week AS daysPerWeek, a.copay_cents AS copayCents
       FROM authorization a JOIN child c ON c.id = a.child_id
       WHERE a.provider_id = ? AND a.start_date <= ? AND a.end_date >= ?
       ORDER BY a.child_id, a.start_date, a.id`,
    ),
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

function rateTable(rows: RateRow[]): CalcInputs['providerRates'] {
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
 * Inputs shared by every payment of a period and provider type (agency maximums, threshold,
 * allowance), kept for the length of one transaction by a bulk run: read once, not 5,000 times.
 */
export type CalcCache = Map<string, Pick<CalcInputs, 'maxRates' | 'fullDayThresholdHours' | 'paidAbsenceAllowance'>>;

/** Reads everything the rules need for one payment. Throws NOT_FOUND / REFUSED as AppError. */
export function loadCalcInputs(sql: BetterSqlite3.Database, paymentId: number, cache?: CalcCache): CalcInputs {
  const s = stmts(sql);
  const p = s.payment.get(paymentId) as PaymentRow | undefined;
  if (!p) throw new AppError({ code: 'NOT_FOUND', message: `There is no payment ${paymentId}.` });
  if (p.kind !== 'payment') {
    throw new AppError({ code: 'REFUSED', message: `Item ${paymentId} is an adjustment: its amount is entered, not calculated.` });
  }
  const on = p.startDate;
  const key = `${p.providerType}|${on}`;
  let common = cache?.get(key);
  if (!common) {
    common = {
      maxRates: { [p.providerType]: rateTable(s.maxRates.all(p.providerType, on) as RateRow[]) },
      fullDayThresholdHours: numberSetting(sql, 'calculation.fullDayThresholdHours', on, 5),
      paidAbsenceAllowance: numberSetting(sql, 'calculation.paidAbsenceAllowance', on, 5),
    };
    cache?.set(key, common);
  }
  return {
    ...common,
    period: { startDate: p.startDate, endDate: p.endDate },
    providerType: p.providerType,
    providerRates: rateTable(s.providerRates.all(p.providerId, on) as RateRow[]),
    authorizations: s.authorizations.all(p.providerId, p.endDate, p.startDate) as AuthRow[],
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
  cache?: CalcCache,
): { amountCents: number; lines: CalculationLineInput[] } {
  const inputs = loadCalcInputs(sql, paymentId, cache);
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
