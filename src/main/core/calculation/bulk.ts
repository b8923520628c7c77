import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { actorOf } from '../context';
import type { Store } from '../db/store';
import { periodOrThrow } from '../generation/generate';
import { writeTx } from '../intake/tx';
import { AUDIT_CHAIN_LOCK } from '../audit/chain';
import type { Queryable, Tx } from '../db/engine/port';
import { applyAction } from '../workflow/engine';
import { CalcBatch } from './batch';
import { basisInEffect, calculatePayment } from './calculate';
import type { PaymentBasis } from '../../../shared/domain/words';

// Bulk Calculate for a period or a tab selection: the workflow engine's Calculate action row by
// row, each in its own savepoint, so one refusal costs only its own row.

export interface CalcRowResult {
  paymentId: number;
  ok: boolean;
  amountCents?: number;
  error?: { code: string; message: string; rule?: string };
}

export interface CalcPeriodOutcome {
  periodId: number;
  calculated: number;
  refused: number;
  totalCents: number;
  results: CalcRowResult[];
}

/**
 * Every payment of the period that Calculate applies to now (received, Pending Approval, not held);
 * on a period paid on enrollment or in advance, also those not received (Calculate on enrollment).
 */
export function calculable(db: Queryable, periodId: number, basis: PaymentBasis = 'attendance'): Promise<number[]> {
  return db.values<number>(
    `SELECT id FROM payment WHERE period_id = ? AND kind = 'payment' ${basis === 'attendance' ? 'AND received_at IS NOT NULL' : ''}
       AND invoice_status = 'Pending Approval' AND sub_status IN ('Awaiting Action', 'In Review')
     ORDER BY id`,
    [periodId],
  );
}

export async function calculateOne(
  db: Tx,
  paymentId: number,
  periodId: number,
  user: SessionUser,
  now: string,
  batch?: CalcBatch,
): Promise<CalcRowResult> {
  try {
    return await db.savepoint(async () => {
      const known = batch?.payment(paymentId);
      const inPeriod = known
        ? { periodId, receivedAt: known.receivedAt }
        : await db.one<{ periodId: number; receivedAt: string | null }>(`SELECT period_id AS periodId, received_at AS receivedAt FROM payment WHERE id = ?`, [paymentId]);
      if (inPeriod && inPeriod.periodId !== periodId) {
        throw new AppError({ code: 'REFUSED', rule: 'calculate.period', message: `Payment ${paymentId} belongs to another service period.` });
      }
      const calculation = await calculatePayment(db, paymentId, batch);
      // Not received, on a period paid on enrollment: the System's Calculate on enrollment, at the Approver's request (named in the history).
      const action = inPeriod && inPeriod.receivedAt === null && calculation.basis !== 'attendance' ? 'calculate-on-enrollment' : 'calculate';
      const actor = action === 'calculate' ? actorOf(user, 'Approver') : { userId: user.id > 0 ? user.id : null, username: user.username, group: 'System' as const };
      await applyAction(db, { paymentId, action, actor, user: action === 'calculate' ? user : null, calculation }, now);
      return { paymentId, ok: true, amountCents: calculation.amountCents };
    });
  } catch (err) {
    // A refusal is this row's; anything else (a full disk, a bug) stops the run, rolled back.
    if (!(err instanceof AppError) || err.code === 'INTERNAL') throw err;
    return { paymentId, ok: false, error: { code: err.code, message: err.message, ...(err.rule ? { rule: err.rule } : {}) } };
  }
}

export async function calculatePeriod(
  store: Store,
  input: { periodId: number; paymentIds?: number[]; user: SessionUser; now: () => string; onProgress?: (done: number, total: number) => void; chunk?: number },
): Promise<CalcPeriodOutcome> {
  const ids = await store.read(async ({ db }) => {
    const period = await periodOrThrow(db, input.periodId);
    return input.paymentIds ? [...new Set(input.paymentIds)] : calculable(db, input.periodId, await basisInEffect(db, period.startDate));
  });
  const chunk = input.chunk ?? 2500;
  const out: CalcPeriodOutcome = { periodId: input.periodId, calculated: 0, refused: 0, totalCents: 0, results: [] };
  input.onProgress?.(0, ids.length);
  // A transaction per slice of 2,500 (under a second each): each payment's calculation stands on
  // its own, and between slices other work (another desktop on a shared database) gets its turn
  // at the write lock. Fewer, larger slices write the pages they share (audit index, payments) fewer times.
  for (let start = 0; start < ids.length; start += chunk) {
    const slice = ids.slice(start, start + chunk);
    const results = await writeTx(
      store,
      async ({ db }) => {
        const now = input.now();
        // The slice's payments locked first, in one statement (PostgreSQL; SQLite's write lock covers it).
        await db.values(`SELECT id FROM payment WHERE id IN ${db.dialect.idsFromJson} ORDER BY id`, [JSON.stringify(slice)], { lock: 'update' });
        const batch = await CalcBatch.prefetch(db, input.periodId, slice); // one transaction: nothing changes under it
        const out: CalcRowResult[] = [];
        for (const id of slice) out.push(await calculateOne(db, id, input.periodId, input.user, now, batch));
        return out;
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    );
    for (const r of results) {
      if (r.ok) {
        out.calculated += 1;
        out.totalCents += r.amountCents!;
      } else out.refused += 1;
      out.results.push(r);
    }
    input.onProgress?.(Math.min(start + chunk, ids.length), ids.length);
  }
  return out;
}
