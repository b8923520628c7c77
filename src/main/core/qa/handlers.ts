import type { QaSampleView, QaSettings } from '../../../shared/api/contract/qa';
import { drawQaSample } from '../../../shared/qa/sample';
import { AUDIT_CHAIN_LOCK } from '../audit/chain';
import type { Queryable } from '../db/engine/port';
import { periodOrThrow } from '../generation/generate';
import { adminActor, nowIso, today } from '../reference/db';
import type { HandlerImpls } from '../registry';
import { recordSetting } from '../settings/record';
import { datedSetting } from '../settings/settings';
import { isFirstPayment, readFirstPayments } from './draw';

// The QA sample's settings (effective-dated, read by the draw as in force on a period's first day)
// and a period's draws, shown and re-drawn from their recorded seeds (docs/qa-sample.md).

export async function qaSettingsOn(db: Queryable, onDate: string): Promise<QaSettings> {
  return {
    samplePercent: await datedSetting(db, 'qa.samplePercent', onDate),
    alwaysSampleFirstPayment: await datedSetting(db, 'qa.alwaysSampleFirstPayment', onDate),
  } as QaSettings;
}

interface DrawRow {
  drawId: number;
  payorId: number;
  payorName: string;
  seed: string;
  percent: number;
  firstPaymentRule: number;
  drawnAt: string;
  drawnBy: string;
}

interface ItemRow {
  paymentId: number;
  providerId: number;
  providerName: string;
  firstPayment: number;
  sampled: number;
  reason: 'random draw' | 'first payment of a new provider' | null;
  state: 'not sampled' | 'sampled' | 'checked';
}

/** The period's draws, one per payor, with their sampled payments; `redrawCheck`: each drawn again from its seed. */
export async function qaSample(db: Queryable, periodId: number, redrawCheck: boolean): Promise<QaSampleView> {
  const period = await periodOrThrow(db, periodId);
  const draws = await db.rows<DrawRow>(
    `SELECT d.id AS drawId, d.payor_id AS payorId, y.name AS payorName, d.seed, d.percent, d.first_payment_rule AS firstPaymentRule,
            d.drawn_at AS drawnAt, d.drawn_by AS drawnBy
       FROM qa_draw d JOIN payor y ON y.id = d.payor_id WHERE d.period_id = ? ORDER BY y.name, d.id`,
    [periodId],
  );
  const out: QaSampleView = { periodId, periodCode: period.code, draws: [] };
  for (const d of draws) {
    const items = await db.rows<ItemRow>(
      `SELECT i.payment_id AS paymentId, p.provider_id AS providerId, v.name AS providerName, i.first_payment AS firstPayment, i.sampled,
              i.reason, p.qa_sample AS state
         FROM qa_draw_item i JOIN payment p ON p.id = i.payment_id JOIN provider v ON v.id = p.provider_id
        WHERE i.draw_id = ? ORDER BY i.payment_id`,
      [d.drawId],
    );
    const percent = Number(d.percent);
    const firstPaymentRule = Number(d.firstPaymentRule) === 1;
    let redraw: QaSampleView['draws'][number]['redraw'] = null;
    if (redrawCheck) {
      // The auditor's re-draw: the pure function, from the recorded seed and percent, over the draw's payments (sorted by id).
      const again = drawQaSample(period.code, d.seed, { percent, firstPaymentAlwaysSampled: firstPaymentRule }, items.map((i) => ({
        paymentId: Number(i.paymentId),
        firstPaymentOfNewProvider: Number(i.firstPayment) === 1,
      })));
      const redrawn = new Set(again.sampled.map((s) => s.paymentId));
      const differences = items
        .map((i) => ({ paymentId: Number(i.paymentId), recorded: Number(i.sampled) === 1, redrawn: redrawn.has(Number(i.paymentId)) }))
        .filter((x) => x.recorded !== x.redrawn);
      const firstPaymentChanged: number[] = [];
      await readFirstPayments(db, items.map((i) => Number(i.providerId)), period.startDate);
      for (const i of items) {
        if ((await isFirstPayment(db, Number(i.providerId), period.startDate)) !== (Number(i.firstPayment) === 1)) firstPaymentChanged.push(Number(i.paymentId));
      }
      const notInDraw = await db.values<number>(
        `SELECT id FROM payment WHERE period_id = ? AND payor_id = ? AND kind = 'payment' AND amount_cents IS NOT NULL AND qa_sample IS NULL ORDER BY id`,
        [periodId, d.payorId],
      );
      redraw = { matches: differences.length === 0, items: items.length, sampledAgain: [...redrawn], differences, firstPaymentChanged, notInDraw: notInDraw.map(Number) };
    }
    out.draws.push({
      drawId: Number(d.drawId),
      payorId: Number(d.payorId),
      payorName: d.payorName,
      seed: d.seed,
      percent,
      firstPaymentRule,
      drawnAt: d.drawnAt,
      drawnBy: d.drawnBy,
      items: items.length,
      sampled: items
        .filter((i) => Number(i.sampled) === 1)
        .map((i) => ({ paymentId: Number(i.paymentId), providerId: Number(i.providerId), providerName: i.providerName, reason: i.reason!, state: i.state })),
      redraw,
    });
  }
  return out;
}

export const qaHandlers: HandlerImpls<'qa-settings-get' | 'qa-settings-save' | 'qa-sample'> = {
  'qa-settings-get': (_args, ctx) => ctx.store.read(async ({ db }) => qaSettingsOn(db, await today(ctx, db))),

  'qa-settings-save': (args, ctx) =>
    ctx.store.run(
      async ({ db }) => {
        const from = args.effectiveFrom ?? (await today(ctx, db));
        const inForce = (await datedSetting(db, args.key, from)).value;
        await recordSetting(db, args.key, from, args.value, inForce, adminActor(ctx), nowIso(ctx));
        return qaSettingsOn(db, await today(ctx, db));
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),

  'qa-sample': (args, ctx) => ctx.store.read(({ db }) => qaSample(db, args.periodId, args.redrawCheck)),
};
