import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import { SYSTEM_ACTOR } from '../audit/chain';
import type { HandlerContext } from '../context';
import { agencyToday } from '../settings/today';
import { getSetting } from '../settings/settings';
import { applyAction } from './engine';
import { prepared } from '../db/prepared';
import { CORRECTIONS_OVERDUE_REASON } from './reasons';
import { daysIn } from './rules';
import type { ItemRow } from './item';

const DAY_MS = 86_400_000;

export interface AutoDenyResult {
  autoDenyDays: number;
  denied: Array<{ paymentId: number; days: number }>;
  /** Items that could not be denied (a concurrent change); they are tried again next time. */
  skipped: Array<{ paymentId: number; message: string }>;
}

/**
 * The System's Auto-deny (DESIGN.md section 3): every item in Corrections Required for longer than
 * workflow.autoDenyDays (0 = off) is denied with reason CORRECTIONS_OVERDUE. The time an item
 * entered Corrections Required is its status_changed_at: the engine sets it on every change of
 * status or sub-status, and nothing moves an item within Corrections Required, so it is the
 * time of its Request corrections. Each item is denied in its own savepoint. Call inside store.run.
 */
export function autoDenyOverdue(sql: BetterSqlite3.Database, now: string): AutoDenyResult {
  const autoDenyDays = Number(getSetting<number>(sql, 'workflow.autoDenyDays', agencyToday(sql, now)));
  const result: AutoDenyResult = { autoDenyDays, denied: [], skipped: [] };
  if (!(autoDenyDays > 0)) return result;
  const cutoff = new Date(Date.parse(now) - autoDenyDays * DAY_MS).toISOString();
  const overdue = prepared(
    sql,
    `SELECT id, status_changed_at AS statusChangedAt FROM payment
     WHERE invoice_status = 'Corrections Required' AND status_changed_at < ? ORDER BY id`,
  ).all(cutoff) as Array<Pick<ItemRow, 'id' | 'statusChangedAt'>>;
  const denyOne = sql.transaction((item: Pick<ItemRow, 'id' | 'statusChangedAt'>, days: number) =>
    applyAction(
      sql,
      {
        paymentId: item.id,
        action: 'auto-deny',
        actor: SYSTEM_ACTOR,
        user: null,
        reason: {
          code: CORRECTIONS_OVERDUE_REASON,
          comment: `Corrections were requested ${days} days ago; the limit is ${autoDenyDays} days.`,
        },
      },
      now,
    ),
  );
  for (const item of overdue) {
    const days = daysIn(item as ItemRow, now);
    try {
      denyOne(item, days);
      result.denied.push({ paymentId: item.id, days });
    } catch (err) {
      result.skipped.push({ paymentId: item.id, message: AppError.from(err).message });
    }
  }
  return result;
}

/** The start-up task and the app's daily timer: auto-deny in one transaction on the core's clock. */
export function autoDenyTask(ctx: Pick<HandlerContext, 'store' | 'now' | 'log'>): Promise<AutoDenyResult> {
  return ctx.store.run(({ sql }) => {
    const result = autoDenyOverdue(sql, ctx.now().toISOString());
    if (result.denied.length > 0) ctx.log('info', `auto-denied ${result.denied.length} item(s) overdue in Corrections Required`);
    return result;
  });
}
