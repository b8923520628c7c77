import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { actorOf } from '../context';
import type { Store } from '../db/store';
import { periodOrThrow } from '../generation/generate';
import { savepoint, writeTx } from '../intake/tx';
import { applyAction } from '../workflow/engine';
import { prepared } from '../db/prepared';
import { CalcBatch } from './batch';
import { calculatePayment } from './calculate';

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

/** Every payment of the period that Calculate applies to now (received, Pending Approval, not held). */
export function calculable(sql: BetterSqlite3.Database, periodId: number): number[] {
  return (
    sql
      .prepare(
        `SELECT id FROM payment WHERE period_id = ? AND kind = 'payment' AND received_at IS NOT NULL
           AND invoice_status = 'Pending Approval' AND sub_status IN ('Awaiting Action', 'In Review')
         ORDER BY id`,
      )
      .all(periodId) as { id: number }[]
  ).map((r) => r.id);
}

export function calculateOne(
  sql: BetterSqlite3.Database,
  paymentId: number,
  periodId: number,
  user: SessionUser,
  now: string,
  batch?: CalcBatch,
): CalcRowResult {
  try {
    return savepoint(sql, () => {
      const inPeriod = prepared(sql, `SELECT period_id AS periodId FROM payment WHERE id = ?`).get(paymentId) as { periodId: number } | undefined;
      if (inPeriod && inPeriod.periodId !== periodId) {
        throw new AppError({ code: 'REFUSED', rule: 'calculate.period', message: `Payment ${paymentId} belongs to another service period.` });
      }
      const calculation = calculatePayment(sql, paymentId, batch);
      applyAction(sql, { paymentId, action: 'calculate', actor: actorOf(user, 'Approver'), user, calculation }, now);
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
  const ids = await store.read(({ sql }) => {
    periodOrThrow(sql, input.periodId);
    return input.paymentIds ? [...new Set(input.paymentIds)] : calculable(sql, input.periodId);
  });
  const chunk = input.chunk ?? 2500;
  const out: CalcPeriodOutcome = { periodId: input.periodId, calculated: 0, refused: 0, totalCents: 0, results: [] };
  input.onProgress?.(0, ids.length);
  // A transaction per slice of 2,500 (under a second each): each payment's calculation stands on
  // its own, and between slices other work (another desktop on a shared database) gets its turn
  // at the write lock. Fewer, larger slices write the pages they share (audit index, payments) fewer times.
  for (let start = 0; start < ids.length; start += chunk) {
    const slice = ids.slice(start, start + chunk);
    const results = await writeTx(store, (sql) => {
      const now = input.now();
      const batch = CalcBatch.prefetch(sql, input.periodId, slice); // one transaction: nothing changes under it
      return slice.map((id) => calculateOne(sql, id, input.periodId, input.user, now, batch));
    });
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
