import { randomBytes } from 'node:crypto';
import { drawQaSample, type QaSampleReason } from '../../../shared/qa/sample';
import type { QaSampleState } from '../../../shared/domain/words';
import { appendAudit, type Actor } from '../audit/chain';
import type { Queryable, Tx } from '../db/engine/port';

// The QA sample's draw (issue #16; docs/qa-sample.md). When is it drawn: each time the workflow
// engine stores a payment's calculation (Calculate, Calculate on enrollment: the table's effect
// `draw-qa-sample`). The first calculation of a period and payor while sampling is on records the
// draw (a random seed, the percent and the first-payment rule in effect on the period's first
// day, when, by whom); that payment and every one calculated after it go into that draw with the
// same seed, each drawn or not by the pure function of src/shared/qa/sample.ts (a ticket per
// payment from the seed, the period and its id: the same whichever order they were calculated
// in). A payment goes into the draw once: calculated again, it stays drawn or not.

/** The QA settings in effect on the period's first day, and the period's code: read once per transaction. */
interface PeriodQa {
  code: string;
  startDate: string;
  percent: number;
  firstPaymentRule: boolean;
}

const PERIODS = new WeakMap<Queryable, Map<number, PeriodQa>>();

const SETTING = `SELECT value FROM setting WHERE key = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1`;

async function periodQa(db: Queryable, periodId: number): Promise<PeriodQa> {
  let map = PERIODS.get(db);
  if (!map) PERIODS.set(db, (map = new Map()));
  const kept = map.get(periodId);
  if (kept) return kept;
  const period = await db.one<{ code: string; startDate: string }>(`SELECT code, start_date AS startDate FROM service_period WHERE id = ?`, [periodId]);
  if (!period) throw new Error(`QA draw: no service period ${periodId}`);
  const setting = async (key: string) => {
    const row = await db.one<{ value: string }>(SETTING, [key, period.startDate]);
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  };
  const percent = Number(await setting('qa.samplePercent'));
  const qa: PeriodQa = {
    code: period.code,
    startDate: period.startDate,
    percent: Number.isFinite(percent) ? Math.round(Math.min(100, Math.max(0, percent))) : 0,
    firstPaymentRule: (await setting('qa.alwaysSampleFirstPayment')) === true,
  };
  map.set(periodId, qa);
  return qa;
}

export interface QaDrawRow {
  id: number;
  periodId: number;
  payorId: number;
  seed: string;
  percent: number;
  firstPaymentRule: boolean;
  drawnAt: string;
  drawnBy: string;
}

const DRAW = `SELECT id, period_id AS periodId, payor_id AS payorId, seed, percent, first_payment_rule AS firstPaymentRule, drawn_at AS drawnAt, drawn_by AS drawnBy
  FROM qa_draw`;

export async function drawOf(db: Queryable, periodId: number, payorId: number): Promise<QaDrawRow | undefined> {
  const row = await db.cached('qa_draw', `${periodId}:${payorId}`, () => db.one<QaDrawRow>(`${DRAW} WHERE period_id = ? AND payor_id = ?`, [periodId, payorId]));
  return row && { ...row, percent: Number(row.percent), firstPaymentRule: Number(row.firstPaymentRule) === 1 };
}

/**
 * A provider's first payment: it has no payment of an earlier service period (by start date).
 * Kept for the transaction: the engine's own UPDATEs of payments never change a payment's
 * provider, period or kind (workflow/held-update.ts), and any other write to the table forgets it.
 */
export async function isFirstPayment(db: Queryable, providerId: number, periodStart: string): Promise<boolean> {
  const earlier = await db.cached('payment', earlierKey(providerId, periodStart), async () =>
    (await db.one(
      `SELECT 1 AS x FROM payment x JOIN service_period s ON s.id = x.period_id
        WHERE x.provider_id = ? AND x.kind = 'payment' AND s.start_date < ? LIMIT 1`,
      [providerId, periodStart],
    )) !== undefined,
  );
  return !earlier;
}

/** isFirstPayment of many providers at once, kept for the transaction: one statement where a period's calculations would read one each. */
export async function readFirstPayments(db: Queryable, providerIds: readonly number[], periodStart: string): Promise<void> {
  const earlier = new Set(
    await db.values<number>(
      `SELECT DISTINCT x.provider_id FROM payment x JOIN service_period s ON s.id = x.period_id
        WHERE x.provider_id IN ${db.dialect.idsFromJson} AND x.kind = 'payment' AND s.start_date < ?`,
      [JSON.stringify([...new Set(providerIds)]), periodStart],
    ),
  );
  for (const id of providerIds) db.remember('payment', earlierKey(id, periodStart), earlier.has(id));
}

const earlierKey = (providerId: number, periodStart: string) => `earlier-payment:${providerId}|${periodStart}`;

/** What the draw decides for one payment (nothing written yet): writeQaDraw records it. */
export interface QaPlan {
  periodId: number;
  payorId: number;
  paymentId: number;
  /** The period's draw, or the one to record (no id yet) with this payment. */
  draw: Omit<QaDrawRow, 'id' | 'drawnAt' | 'drawnBy'> & { id: number | null };
  firstPayment: boolean;
  sampled: boolean;
  reason: QaSampleReason | null;
}

/**
 * The draw for a payment being calculated that is in no draw yet: null when its period and payor
 * have no draw and sampling is off (0% and no first-payment rule) on the period's first day.
 */
export async function planQaDraw(db: Queryable, item: { id: number; periodId: number; payorId: number; providerId: number }): Promise<QaPlan | null> {
  const qa = await periodQa(db, item.periodId);
  const existing = await drawOf(db, item.periodId, item.payorId);
  if (!existing && qa.percent === 0 && !qa.firstPaymentRule) return null;
  const draw = existing ?? { id: null, periodId: item.periodId, payorId: item.payorId, seed: randomBytes(8).toString('hex'), percent: qa.percent, firstPaymentRule: qa.firstPaymentRule };
  const firstPayment = await isFirstPayment(db, item.providerId, qa.startDate);
  const result = drawQaSample(qa.code, draw.seed, { percent: draw.percent, firstPaymentAlwaysSampled: draw.firstPaymentRule }, [
    { paymentId: item.id, firstPaymentOfNewProvider: firstPayment },
  ]);
  const hit = result.sampled[0];
  return { periodId: item.periodId, payorId: item.payorId, paymentId: item.id, draw, firstPayment, sampled: hit !== undefined, reason: hit?.reason ?? null };
}

export function stateOfPlan(plan: QaPlan): QaSampleState {
  return plan.sampled ? 'sampled' : 'not sampled';
}

/**
 * Records the plan: the period's draw first if it is new (with its audit event: entity qa_draw,
 * action qa-draw), then the payment's place in it. Inside the engine's transaction (under the
 * audit chain's lock, so two desktops never record two draws for one period and payor).
 */
export async function writeQaDraw(db: Tx, plan: QaPlan, actor: Actor, now: string): Promise<number> {
  let drawId = plan.draw.id;
  if (drawId === null) {
    const { draw } = plan;
    drawId = await db.insert(
      `INSERT INTO qa_draw (period_id, payor_id, seed, percent, first_payment_rule, drawn_at, drawn_by, drawn_by_user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [draw.periodId, draw.payorId, draw.seed, draw.percent, draw.firstPaymentRule ? 1 : 0, now, actor.username, actor.userId],
    );
    await appendAudit(db, {
      actor,
      at: now,
      entity: 'qa_draw',
      entityId: drawId,
      action: 'qa-draw',
      after: { periodId: draw.periodId, payorId: draw.payorId, seed: draw.seed, percent: draw.percent, firstPaymentRule: draw.firstPaymentRule },
    });
  }
  await db.run(`INSERT INTO qa_draw_item (payment_id, draw_id, first_payment, sampled, reason, drawn_at) VALUES (?, ?, ?, ?, ?, ?)`, [
    plan.paymentId,
    drawId,
    plan.firstPayment ? 1 : 0,
    plan.sampled ? 1 : 0,
    plan.reason,
    now,
  ]);
  return drawId;
}
