import type { Queryable } from '../db/engine/port';
import type { CalcInputs } from '../../../shared/calculation/rules';
import type { PaymentBasis } from '../../../shared/domain/words';
import { AUTH_ORDER, AUTH_SELECT, PAYMENT_SELECT, RATE_ORDER, RATE_SELECT, type AuthRow, type PaymentRow, type RateRow } from './rows';

/** Inputs shared by every payment of a period and provider type: agency maximums, threshold, allowance, basis, holidays. */
export type CommonInputs = Pick<CalcInputs, 'maxRates' | 'fullDayThresholdHours' | 'paidAbsenceAllowance' | 'holidays'> & { basis: PaymentBasis };

/**
 * What a bulk Calculate reads once for a slice of payments instead of once per payment: the
 * payments, their providers' authorizations for the period and own rates, and the inputs shared
 * by the whole period. Valid for one transaction only (nothing can change under it then).
 */
export class CalcBatch {
  readonly common = new Map<string, CommonInputs>();
  private readonly payments = new Map<number, PaymentRow>();
  private readonly auths = new Map<number, AuthRow[]>();
  private readonly rates = new Map<number, RateRow[]>();
  private period: { startDate: string; endDate: string } | null = null;

  /** Reads the slice's payments of `periodId` and their providers' inputs, one query each. */
  static async prefetch(db: Queryable, periodId: number, paymentIds: readonly number[]): Promise<CalcBatch> {
    const batch = new CalcBatch();
    const ids = JSON.stringify(paymentIds);
    const inIds = db.dialect.idsFromJson;
    const rows = await db.rows<PaymentRow>(`${PAYMENT_SELECT} WHERE p.id IN ${inIds} AND p.period_id = ?`, [ids, periodId]);
    if (rows.length === 0) return batch;
    for (const p of rows) batch.payments.set(p.id, p);
    const period = (batch.period = { startDate: rows[0].startDate, endDate: rows[0].endDate });
    const providers = JSON.stringify([...new Set(rows.map((p) => p.providerId))]);
    const auths = await db.rows<AuthRow>(`${AUTH_SELECT} WHERE a.provider_id IN ${inIds} AND a.start_date <= ? AND a.end_date >= ? ${AUTH_ORDER}`, [
      providers,
      period.endDate,
      period.startDate,
    ]);
    for (const a of auths) push(batch.auths, a.providerId, a);
    const rates = await db.rows<RateRow>(`${RATE_SELECT} WHERE provider_id IN ${inIds} AND effective_from <= ? ${RATE_ORDER}`, [providers, period.startDate]);
    for (const r of rates) push(batch.rates, r.providerId, r);
    return batch;
  }

  payment(id: number): PaymentRow | undefined {
    return this.payments.get(id);
  }

  /** The provider's authorizations and own rates, when this batch read them (same payment, same period). */
  providerInputs(p: PaymentRow): { auths: AuthRow[]; rates: RateRow[] } | null {
    if (!this.payments.has(p.id) || this.period?.startDate !== p.startDate || this.period.endDate !== p.endDate) return null;
    return { auths: this.auths.get(p.providerId) ?? [], rates: this.rates.get(p.providerId) ?? [] };
  }
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
