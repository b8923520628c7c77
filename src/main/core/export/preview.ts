import type { Queryable } from '../db/engine/port';
import type { ExportPreview } from '../../../shared/api/contract/export';
import type { SessionUser } from '../../../shared/api/contract/session';
import { AppError } from '../../../shared/api/errors';
import { assertMayExport } from '../workflow/separation';
import { accountMaskedOf, payMethodOf, selectForExport } from './select';
import { agencyToday } from '../settings/today';
import { waitingFor } from './release';

// The preview of an export: the same selection the run makes, as the user sees it before
// starting (count, total, per provider, by payment method, who is left out and why, and whether
// the batch waits for a second Payor's release).

export async function previewExport(db: Queryable, periodId: number, payorId: number, caller: SessionUser, now: Date): Promise<ExportPreview> {
  const selection = await selectForExport(db, periodId, payorId, await agencyToday(db, now));
  const { period, payor, groups, leftOut } = selection;
  const providers = groups.map((g) => ({
    providerId: g.provider.id,
    providerName: g.provider.name,
    method: payMethodOf(selection, g),
    accountMasked: selection.payor.kind === 'direct' ? accountMaskedOf(g.provider) : null,
    paymentIds: g.items.map((i) => i.paymentId),
    paymentCents: g.paymentCents,
    adjustmentCents: g.adjustmentCents,
    recoveredCents: g.recoveries.reduce((s, r) => s + r.cents, 0),
    netCents: g.netCents,
  }));
  const byMethod = (['ach', 'check', 'none'] as const)
    .map((method) => {
      const mine = providers.filter((p) => p.method === method);
      return { method, providers: mine.length, items: mine.reduce((s, p) => s + p.paymentIds.length, 0), cents: mine.reduce((s, p) => s + p.netCents, 0) };
    })
    .filter((m) => m.providers > 0);
  let refusal: string | null = null;
  try {
    await assertMayExport(db, providers.flatMap((p) => p.paymentIds), caller);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    refusal = err.message;
  }
  return {
    period: { id: period.id, code: period.code, label: period.label },
    payor,
    itemCount: providers.reduce((s, p) => s + p.paymentIds.length, 0),
    providerCount: providers.length,
    totalCents: providers.reduce((s, p) => s + p.netCents, 0),
    byMethod,
    providers,
    leftOut,
    refusal,
    release: selection.release
      ? { limitCents: selection.release.limitCents, waiting: await waitingFor(db, { periodId, payorId }, providers.flatMap((p) => p.paymentIds)) }
      : null,
  };
}
