import type { Queryable } from '../db/engine/port';
import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import type { ProviderItem, ProviderPayments, ProviderYear } from '../../../shared/api/contract/payments';
import { scopedProviderId } from '../workflow/item';

// The provider's page (issue #15): every payment and adjustment of one provider across all
// periods, what each export paid, and the totals per calendar year of the service periods. Sums
// are integer cents, added here. A Provider user reads only their own provider.

interface RawItem extends Omit<ProviderItem, 'period' | 'recovery'> {
  periodId: number;
  periodCode: string;
  periodLabel: string;
  startDate: string;
}

export async function providerPayments(db: Queryable, providerId: number, user: SessionUser | null): Promise<ProviderPayments> {
  const own = scopedProviderId(user);
  const missing = () => new AppError({ code: 'NOT_FOUND', field: 'providerId', message: `There is no provider ${providerId}.` });
  if (own !== null && own !== providerId) throw missing();
  const provider = await db.one<ProviderPayments['provider']>(
    `SELECT v.id, v.name, v.license_number AS licenseNumber, v.type, y.name AS payorName FROM provider v JOIN payor y ON y.id = v.payor_id WHERE v.id = ?`,
    [providerId],
  );
  if (!provider) throw missing();

  const raw = await db.rows<RawItem>(
    `SELECT p.id, p.kind, p.period_id AS periodId, s.code AS periodCode, s.label AS periodLabel, s.start_date AS startDate,
         y.name AS payorName, p.amount_cents AS amountCents, p.payment_status AS paymentStatus, p.invoice_status AS invoiceStatus,
         p.sub_status AS subStatus, p.adjustment_reason AS adjustmentReason, p.corrects_payment_id AS correctsPaymentId,
         p.export_batch_id AS exportBatchId, e.amount_cents AS paidCents
       FROM payment p JOIN service_period s ON s.id = p.period_id JOIN payor y ON y.id = p.payor_id
       LEFT JOIN export_item e ON e.payment_id = p.id
       WHERE p.provider_id = ? ORDER BY s.start_date DESC, p.kind DESC, p.id`,
    [providerId],
  );
  const items: ProviderItem[] = raw.map(({ periodId, periodCode, periodLabel, startDate, ...r }) => ({
    ...r,
    period: { id: periodId, code: periodCode, label: periodLabel, startDate },
    recovery: r.kind === 'adjustment' && (r.amountCents ?? 0) < 0,
  }));

  // Grouped by the period too: PostgreSQL takes only the batch's own columns as following from b.id.
  const remittances = (
    await db.rows<{ batchId: number; periodId: number; periodLabel: string; createdAt: string; itemCount: number; amountCents: number; writtenAt: string | null }>(
      `SELECT b.id AS batchId, s.id AS periodId, s.label AS periodLabel, b.created_at AS createdAt, count(*) AS itemCount,
           sum(e.amount_cents) AS amountCents, b.files_written_at AS writtenAt
         FROM export_item e JOIN export_batch b ON b.id = e.batch_id JOIN service_period s ON s.id = b.period_id
         WHERE e.provider_id = ? GROUP BY b.id, s.id, s.label ORDER BY b.created_at DESC, b.id DESC`,
      [providerId],
    )
  ).map((r) => ({
    batchId: r.batchId,
    period: { id: r.periodId, label: r.periodLabel },
    createdAt: r.createdAt,
    itemCount: Number(r.itemCount),
    amountCents: Number(r.amountCents),
    filesWritten: r.writtenAt !== null,
  }));

  const byYear = new Map<number, ProviderYear>();
  for (const item of items) {
    const year = Number(item.period.startDate.slice(0, 4));
    let y = byYear.get(year);
    if (!y) {
      y = { year, payments: { count: 0, cents: 0 }, adjustments: { count: 0, cents: 0 }, recoveries: { count: 0, cents: 0 }, netCents: 0, paidCents: 0 };
      byYear.set(year, y);
    }
    // A denied item pays nothing: it is listed, not added.
    const cents = item.paymentStatus === 'Denied' ? 0 : (item.amountCents ?? 0);
    const bucket = item.kind === 'payment' ? y.payments : item.recovery ? y.recoveries : y.adjustments;
    bucket.count += 1;
    bucket.cents += cents;
    y.netCents += cents;
    y.paidCents += item.paidCents ?? 0;
  }
  const years = [...byYear.values()].sort((a, b) => b.year - a.year);
  return { provider, items, remittances, years };
}
