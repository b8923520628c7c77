import { AppError } from '../../../shared/api/errors';
import { AUDIT_CHAIN_LOCK, SYSTEM_ACTOR } from '../audit/chain';
import type { Queryable, Tx } from '../db/engine/port';
import type { Store } from '../db/store';
import { applyAction, createItems } from '../workflow/engine';
import { writeTx } from '../intake/tx';
import { CalcBatch } from '../calculation/batch';
import { basisInEffect, calculatePayment } from '../calculation/calculate';
import type { PaymentBasis } from '../../../shared/domain/words';

// Generate payments (DESIGN.md section 1): one payment per provider × period × payor for every
// active provider with an authorization overlapping the period, made by the System's Create
// action. The unique index payment_one_per_period decides what already exists: an insert it
// refuses is counted as existing, so two runs at once can never create a payment twice.

export interface Candidate {
  providerId: number;
  payorId: number;
}

export interface GenerateOutcome {
  periodId: number;
  created: number;
  existing: number;
  /** The ids of the payments this run created, in provider order. */
  createdIds: number[];
  /** The basis in effect on the period's first day. */
  basis: PaymentBasis;
  /** Prospective period: payments created and calculated on enrollment (Calculate on enrollment), ready to authorize. */
  calculatedInAdvance: number;
  /** Prospective period: payments that could not be calculated in advance, each with the reason (they stay to calculate). */
  notCalculated: Array<{ paymentId: number; message: string }>;
}

export async function periodOrThrow(db: Queryable, periodId: number): Promise<{ id: number; code: string; startDate: string; endDate: string }> {
  const period = await db.one<{ id: number; code: string; startDate: string; endDate: string }>(
    `SELECT id, code, start_date AS startDate, end_date AS endDate FROM service_period WHERE id = ?`,
    [periodId],
  );
  if (!period) throw new AppError({ code: 'NOT_FOUND', field: 'periodId', message: `There is no service period ${periodId}.` });
  return period;
}

export async function candidates(db: Queryable, periodId: number): Promise<Candidate[]> {
  const period = await periodOrThrow(db, periodId);
  return db.rows<Candidate>(
    `SELECT p.id AS providerId, p.payor_id AS payorId FROM provider p
       WHERE p.active = 1 AND EXISTS (
         SELECT 1 FROM "authorization" a WHERE a.provider_id = p.id AND a.start_date <= ? AND a.end_date >= ?)
       ORDER BY p.id`,
    [period.endDate, period.startDate],
  );
}

type SliceOutcome = Omit<GenerateOutcome, 'periodId' | 'basis'>;

/**
 * Creates the payments of one slice of candidates; call inside a write transaction. On a period
 * paid in advance (the prospective basis in effect on its first day) each new payment is also
 * calculated on enrollment by the System's Calculate on enrollment, so it can be authorized and
 * exported at once; one that cannot be (a missing agency rate) stays to calculate, with the reason.
 */
export async function createPayments(db: Tx, periodId: number, slice: readonly Candidate[], now: string, basis?: PaymentBasis): Promise<SliceOutcome> {
  const ids = await createItems(
    db,
    slice.map((c) => ({ kind: 'payment', providerId: c.providerId, periodId, payorId: c.payorId, actor: SYSTEM_ACTOR })),
    now,
  );
  const createdIds = ids.filter((id): id is number => id !== null);
  const out: SliceOutcome = { created: createdIds.length, existing: ids.length - createdIds.length, createdIds, calculatedInAdvance: 0, notCalculated: [] };
  const period = await periodOrThrow(db, periodId);
  if ((basis ?? (await basisInEffect(db, period.startDate))) !== 'prospective' || createdIds.length === 0) return out;
  const batch = await CalcBatch.prefetch(db, periodId, createdIds);
  for (const paymentId of createdIds) {
    try {
      await db.savepoint(async () => {
        const calculation = await calculatePayment(db, paymentId, batch);
        await applyAction(db, { paymentId, action: 'calculate-on-enrollment', actor: SYSTEM_ACTOR, calculation }, now);
      });
      out.calculatedInAdvance += 1;
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'INTERNAL') throw err;
      out.notCalculated.push({ paymentId, message: err.message });
    }
  }
  return out;
}

/**
 * The whole run, in slices of `chunk` providers (one transaction each, so progress can be shown
 * and other work can go between slices of a very large run; an agency of 5,000 providers is one
 * slice of a fifth of a second). Running it again, or twice at once, creates nothing twice.
 */
export async function generatePayments(
  store: Store,
  periodId: number,
  options: { now: () => string; onProgress?: (done: number, total: number) => void; chunk?: number },
): Promise<GenerateOutcome> {
  const [all, basis] = await store.read(async ({ db }) => [await candidates(db, periodId), await basisInEffect(db, (await periodOrThrow(db, periodId)).startDate)] as const);
  const chunk = options.chunk ?? 10_000;
  const outcome: GenerateOutcome = { periodId, created: 0, existing: 0, createdIds: [], basis, calculatedInAdvance: 0, notCalculated: [] };
  options.onProgress?.(0, all.length);
  for (let i = 0; i < all.length; i += chunk) {
    const slice = all.slice(i, i + chunk);
    const r = await writeTx(store, ({ db }) => createPayments(db, periodId, slice, options.now(), basis), { locks: [`generate:${periodId}`, AUDIT_CHAIN_LOCK] });
    outcome.created += r.created;
    outcome.existing += r.existing;
    outcome.createdIds.push(...r.createdIds);
    outcome.calculatedInAdvance += r.calculatedInAdvance;
    outcome.notCalculated.push(...r.notCalculated);
    options.onProgress?.(Math.min(i + chunk, all.length), all.length);
  }
  return outcome;
}
