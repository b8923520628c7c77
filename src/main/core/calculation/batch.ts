import type { Queryable } from '../db/engine/port';
import type { CalcInputs } from '../../../shared/calculation/rules';
import type { PaymentBasis } from '../../../shared/domain/words';
import { readFirstPayments } from '../qa/draw';
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
  /** The providers whose authorizations and rates this batch read, and for which period's dates. */
  private readonly providers = new Set<number>();
  private period: { startDate: string; endDate: string } | null = null;

  /**
   * Reads the slice's payments of `periodId` and their providers' inputs, one query each. What a
   * calculation reads of a payment (kind, provider, period) does not change through the workflow,
   * so work that moves the payments between their calculations may keep the batch; `receivedAt`
   * is as it was at this read.
   */
  static async prefetch(db: Queryable, periodId: number, paymentIds: readonly number[]): Promise<CalcBatch> {
    const batch = new CalcBatch();
    const rows = await db.rows<PaymentRow>(`${PAYMENT_SELECT} WHERE p.id IN ${db.dialect.idsFromJson} AND p.period_id = ?`, [JSON.stringify(paymentIds), periodId]);
    if (rows.length === 0) return batch;
    for (const p of rows) batch.payments.set(p.id, p);
    await batch.readProviders(db, { startDate: rows[0].startDate, endDate: rows[0].endDate }, rows.map((p) => p.providerId));
    // Calculate's QA draw asks of each provider whether this is its first payment: kept for the transaction.
    await readFirstPayments(db, rows.map((p) => p.providerId), rows[0].startDate);
    return batch;
  }

  private async readProviders(db: Queryable, period: { startDate: string; endDate: string }, providerIds: readonly number[]): Promise<void> {
    this.period = period;
    const ids = [...new Set(providerIds)];
    const providers = JSON.stringify(ids);
    const inIds = db.dialect.idsFromJson;
    const auths = await db.rows<AuthRow>(`${AUTH_SELECT} WHERE a.provider_id IN ${inIds} AND a.start_date <= ? AND a.end_date >= ? ${AUTH_ORDER}`, [
      providers,
      period.endDate,
      period.startDate,
    ]);
    for (const a of auths) push(this.auths, a.providerId, a);
    const rates = await db.rows<RateRow>(`${RATE_SELECT} WHERE provider_id IN ${inIds} AND effective_from <= ? ${RATE_ORDER}`, [providers, period.startDate]);
    for (const r of rates) push(this.rates, r.providerId, r);
    for (const id of ids) this.providers.add(id);
  }

  payment(id: number): PaymentRow | undefined {
    return this.payments.get(id);
  }

  /** The provider's authorizations and own rates, when this batch read them (same provider, same period's dates). */
  providerInputs(p: PaymentRow): { auths: AuthRow[]; rates: RateRow[] } | null {
    if (!this.providers.has(p.providerId) || this.period?.startDate !== p.startDate || this.period.endDate !== p.endDate) return null;
    return { auths: this.auths.get(p.providerId) ?? [], rates: this.rates.get(p.providerId) ?? [] };
  }
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
