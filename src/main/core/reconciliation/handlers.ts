import type { CalculationSettings } from '../../../shared/api/contract/basis';
import { AUDIT_CHAIN_LOCK } from '../audit/chain';
import type { Queryable } from '../db/engine/port';
import { adminActor, nowIso, signedIn, today } from '../reference/db';
import type { HandlerImpls } from '../registry';
import { recordSetting } from '../settings/record';
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
        await recordSetting(db, args.key, from, value, inForce, adminActor(ctx), nowIso(ctx));
        return calculationSettingsOn(db, await today(ctx, db));
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),

  'reconcile-period': (args, ctx) =>
    ctx.store.run(({ db }) => reconcilePeriod(db, args.periodId, signedIn(ctx), nowIso(ctx), args.paymentIds), { locks: [AUDIT_CHAIN_LOCK] }),
};
