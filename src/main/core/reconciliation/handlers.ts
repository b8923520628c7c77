import type { CalculationSettings } from '../../../shared/api/contract/basis';
import { AUDIT_CHAIN_LOCK, appendAudit } from '../audit/chain';
import type { Queryable } from '../db/engine/port';
import { adminActor, nowIso, signedIn, today } from '../reference/db';
import type { HandlerImpls } from '../registry';
import { datedSetting } from '../settings/settings';
import { reconcilePeriod } from './reconcile';

// Settings > Calculation (the payment basis, the recovery threshold, the holidays: effective-dated,
// read by the calculation as in force on a period's first day) and the reconciliation of a period
// paid in advance.

type Key = 'calculation.paymentBasis' | 'calculation.recoveryThresholdCents' | 'calculation.holidays' | 'recovery.maxPercent' | 'recovery.contestDays';
const KEYS: Record<keyof CalculationSettings, Key> = {
  paymentBasis: 'calculation.paymentBasis',
  recoveryThresholdCents: 'calculation.recoveryThresholdCents',
  holidays: 'calculation.holidays',
  recoveryMaxPercent: 'recovery.maxPercent',
  recoveryContestDays: 'recovery.contestDays',
};


export async function calculationSettingsOn(db: Queryable, onDate: string): Promise<CalculationSettings> {
  return {
    paymentBasis: await datedSetting(db, KEYS.paymentBasis, onDate),
    recoveryThresholdCents: await datedSetting(db, KEYS.recoveryThresholdCents, onDate),
    holidays: await datedSetting(db, KEYS.holidays, onDate),
    recoveryMaxPercent: await datedSetting(db, KEYS.recoveryMaxPercent, onDate),
    recoveryContestDays: await datedSetting(db, KEYS.recoveryContestDays, onDate),
  } as CalculationSettings;
}

export const basisHandlers: HandlerImpls<'calculation-settings-get' | 'calculation-settings-save' | 'reconcile-period'> = {
  'calculation-settings-get': (_args, ctx) => ctx.store.read(async ({ db }) => calculationSettingsOn(db, await today(ctx, db))),

  'calculation-settings-save': (args, ctx) =>
    ctx.store.run(
      async ({ db }) => {
        const from = args.effectiveFrom ?? (await today(ctx, db));
        const value = args.key === 'calculation.holidays' ? [...args.value].sort() : args.value;
        const inForce = (await datedSetting(db, args.key, from)).value;
        // Already the value in force from that date: nothing to record.
        if (JSON.stringify(inForce) !== JSON.stringify(value)) {
          const old = await db.one<{ id: number }>(`SELECT id FROM setting WHERE key = ? AND effective_from = ?`, [args.key, from]);
          const [{ id }] = await db.rows<{ id: number }>(
            `INSERT INTO setting (key, effective_from, value) VALUES (?, ?, ?)
             ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value RETURNING id`,
            [args.key, from, JSON.stringify(value)],
          );
          await appendAudit(db, {
            actor: adminActor(ctx),
            at: nowIso(ctx),
            entity: 'setting',
            entityId: id,
            action: 'save-setting',
            before: { key: args.key, effectiveFrom: from, value: inForce, replaced: old !== undefined },
            after: { key: args.key, effectiveFrom: from, value },
          });
        }
        return calculationSettingsOn(db, await today(ctx, db));
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),

  'reconcile-period': (args, ctx) =>
    ctx.store.run(({ db }) => reconcilePeriod(db, args.periodId, signedIn(ctx), nowIso(ctx), args.paymentIds), { locks: [AUDIT_CHAIN_LOCK] }),
};
