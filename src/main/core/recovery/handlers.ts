import { AppError } from '../../../shared/api/errors';
import type { ProviderLedgerView, RecoveryView } from '../../../shared/api/contract/recovery';
import { addDays } from '../../../shared/domain/dates';
import { planText } from '../../../shared/recovery/recovery';
import { AUDIT_CHAIN_LOCK } from '../audit/chain';
import type { Queryable } from '../db/engine/port';
import { nowIso, signedIn, today } from '../reference/db';
import type { HandlerImpls } from '../registry';
import { scopedProviderId } from '../workflow/item';
import type { SessionUser } from '../../../shared/api/contract/session';
import { renderRecoveryNotice } from './notice-pdf';
import { balanceOf, createRecovery, ledgerOf, loadRecovery, noticeOf, planOf, recoveriesOfProvider, recoveryFromAdjustment, recoveryState, waiveRecovery, type RecoveryRow } from './service';

// Overpayment recovery and the provider's ledger (docs/recovery.md). A Provider user reads only
// their own provider's recoveries and ledger (NOT_FOUND for any other).

async function viewOf(db: Queryable, r: RecoveryRow): Promise<RecoveryView> {
  const steps = await db.rows<{ batchId: number; cents: number; balanceAfterCents: number; takenAt: string; eventId: number }>(
    `SELECT batch_id AS "batchId", cents, balance_after_cents AS "balanceAfterCents", taken_at AS "takenAt", event_id AS "eventId" FROM recovery_step WHERE recovery_id = ? ORDER BY id`,
    [r.recoveryId],
  );
  const plan = planOf(r);
  return {
    recoveryId: r.recoveryId, providerId: r.providerId, periodId: r.periodId, amountCents: r.amountCents, reasonCode: r.reasonCode,
    serviceFrom: r.serviceFrom, serviceTo: r.serviceTo, plan: { kind: plan.kind, percent: plan.kind === 'percent' ? plan.percent : null }, planText: planText(plan),
    comment: r.comment, createdAt: r.createdAt, state: recoveryState(r), recoveredCents: r.recoveredCents, waivedCents: r.waivedCents, balanceCents: balanceOf(r),
    waivedAt: r.waivedAt, waiveReason: r.waiveReason, noticeDate: r.noticeDate, contestBy: r.noticeDate && r.contestDays ? addDays(r.noticeDate, r.contestDays) : null,
    steps: steps.map((s) => ({ batchId: Number(s.batchId), cents: Number(s.cents), balanceAfterCents: Number(s.balanceAfterCents), takenAt: s.takenAt, eventId: Number(s.eventId) })),
  };
}

function notFoundFor(user: SessionUser | null | undefined, providerId: number, what: string): void {
  const own = scopedProviderId(user);
  if (own !== null && own !== providerId) throw new AppError({ code: 'NOT_FOUND', field: what === 'provider' ? 'providerId' : 'recoveryId', message: `There is no ${what}.` });
}

async function visibleRecovery(db: Queryable, recoveryId: number, user: SessionUser | null | undefined): Promise<RecoveryRow> {
  const r = await loadRecovery(db, recoveryId);
  notFoundFor(user, r.providerId, `recovery ${recoveryId}`);
  return r;
}

export async function providerLedgerView(db: Queryable, providerId: number, user: SessionUser | null | undefined): Promise<ProviderLedgerView> {
  notFoundFor(user, providerId, 'provider');
  const provider = await db.one<{ id: number; name: string; licenseNumber: string }>(`SELECT id, name, license_number AS "licenseNumber" FROM provider WHERE id = ?`, [providerId]);
  if (!provider) throw new AppError({ code: 'NOT_FOUND', field: 'providerId', message: `There is no provider ${providerId}.` });
  const ledger = await ledgerOf(db, providerId);
  const recoveries = await Promise.all((await recoveriesOfProvider(db, providerId)).map((r) => viewOf(db, r)));
  return { provider, totals: ledger.totals, lines: ledger.lines, recoveries };
}

export const recoveryHandlers: HandlerImpls<'recovery-create' | 'recovery-from-adjustment' | 'recovery-waive' | 'recovery-get' | 'recovery-notice' | 'provider-ledger'> = {
  'recovery-create': (args, ctx) =>
    ctx.store.run(
      async ({ db }) => {
        const id = await createRecovery(db, { ...args, comment: args.comment ?? '' }, signedIn(ctx), nowIso(ctx), await today(ctx, db));
        return viewOf(db, await loadRecovery(db, id));
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),
  'recovery-from-adjustment': (args, ctx) =>
    ctx.store.run(
      async ({ db }) => {
        const id = await recoveryFromAdjustment(db, args, signedIn(ctx), nowIso(ctx), await today(ctx, db));
        return viewOf(db, await loadRecovery(db, id));
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),
  'recovery-waive': (args, ctx) =>
    ctx.store.run(async ({ db }) => viewOf(db, await waiveRecovery(db, args, signedIn(ctx), nowIso(ctx))), { locks: [AUDIT_CHAIN_LOCK] }),
  'recovery-get': (args, ctx) => ctx.store.read(async ({ db }) => viewOf(db, await visibleRecovery(db, args.recoveryId, ctx.caller))),
  'recovery-notice': async (args, ctx) => {
    const model = await ctx.store.read(async ({ db }) => {
      await visibleRecovery(db, args.recoveryId, ctx.caller);
      return noticeOf(db, args.recoveryId, await today(ctx, db));
    });
    const pdf = await renderRecoveryNotice(model);
    return { fileName: `notice-recovery-${args.recoveryId}.pdf`, pdfBase64: pdf.toString('base64') };
  },
  'provider-ledger': (args, ctx) => ctx.store.read(({ db }) => providerLedgerView(db, args.providerId, ctx.caller)),
};
