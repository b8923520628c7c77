import { AppError } from '../../../shared/api/errors';
import { AUDIT_CHAIN_LOCK, SYSTEM_ACTOR } from '../audit/chain';
import type { Tx } from '../db/engine/port';
import type { HandlerContext } from '../context';
import { agencyToday } from '../settings/today';
import { getSetting } from '../settings/settings';
import { applyAction } from './engine';
import { CORRECTIONS_OVERDUE_REASON } from './reasons';
import { daysIn } from './rules';
import { loadItems, type ItemRow } from './item';

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
export async function autoDenyOverdue(db: Tx, now: string): Promise<AutoDenyResult> {
  const autoDenyDays = Number(await getSetting<number>(db, 'workflow.autoDenyDays', await agencyToday(db, now)));
  const result: AutoDenyResult = { autoDenyDays, denied: [], skipped: [] };
  if (!(autoDenyDays > 0)) return result;
  const cutoff = new Date(Date.parse(now) - autoDenyDays * DAY_MS).toISOString();
  const overdue = await db.rows<Pick<ItemRow, 'id' | 'statusChangedAt'>>(
    `SELECT id, status_changed_at AS statusChangedAt FROM payment
     WHERE invoice_status = 'Corrections Required' AND status_changed_at < ? ORDER BY id`,
    [cutoff],
  );
  // The overdue items read again in one statement, locked until the end (PostgreSQL: a user's
  // action on one of them waits, and then finds it denied).
  const items = await loadItems(db, overdue.map((i) => i.id), { lock: 'update' });
  const denyOne = (item: Pick<ItemRow, 'id' | 'statusChangedAt'>, days: number) =>
    db.savepoint(() => applyAction(
      db,
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
      items.get(item.id),
    ));
  for (const item of overdue) {
    const days = daysIn(item as ItemRow, now);
    try {
      await denyOne(item, days);
      result.denied.push({ paymentId: item.id, days });
    } catch (err) {
      result.skipped.push({ paymentId: item.id, message: AppError.from(err).message });
    }
  }
  return result;
}

/** The start-up task and the app's daily timer: auto-deny in one transaction on the core's clock. */
export function autoDenyTask(ctx: Pick<HandlerContext, 'store' | 'now' | 'log'>): Promise<AutoDenyResult> {
  return ctx.store.run(
    async ({ db }) => {
      const result = await autoDenyOverdue(db, ctx.now().toISOString());
      if (result.denied.length > 0) ctx.log('info', `auto-denied ${result.denied.length} item(s) overdue in Corrections Required`);
      return result;
    },
    { locks: ['auto-deny', AUDIT_CHAIN_LOCK] },
  );
}
