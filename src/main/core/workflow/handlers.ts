import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { ACTION_LABELS, rowsFor, type ActionName } from '../../../shared/workflow/actions';
import { verifyAudit } from '../audit/verify';
import { AUDIT_CHAIN_LOCK } from '../audit/chain';
import type { Tx } from '../db/engine/port';
import { loadItem, loadItems, ownItem, type ItemRow } from './item';
import type { HandlerImpls } from '../registry';
import { calculatePayment } from '../calculation/calculate';
import { reconcilePeriod } from '../reconciliation/reconcile';
import { actorForAction, allowedActions, applyAction, applyPrepared, checkAction, prepareAction, type ApplyInput, type AttendanceInput, type PreparedAction } from './engine';
import { activeReasons, REASON_KIND } from './reasons';
import { listIds } from '../payments/queries';
import { BULK_MAX } from '../../../shared/api/contract/workflow';

// The workflow's handlers: thin; the engine does the work and the checking.

/** System-only actions (auto-deny, export, …) are never taken through a user's request. */
function refuseSystemOnly(action: ActionName): void {
  if (rowsFor(action).every((r) => r.groups.every((g) => g === 'System'))) {
    throw new AppError({
      code: 'REFUSED',
      rule: `${action}.system-only`,
      message: `${ACTION_LABELS[action]} is done by PayDesk itself (System), not by a user.`,
    });
  }
}

interface UserAct {
  paymentId: number;
  action: ActionName;
  reason?: { code: string; comment?: string };
  attendance?: { rows: AttendanceInput[] };
  expectedVersion?: number;
}

/**
 * One user action: picks the acting group, checks, computes a calculation if asked, applies.
 * `loaded`: the item as read (locked) in this transaction, when the caller read it (a bulk action).
 */
export async function actAsUser(db: Tx, user: SessionUser, args: UserAct, now: string, loaded?: ItemRow) {
  // Locked until the transaction ends (PostgreSQL): its version check then holds for the whole action.
  const item = loaded ?? (await loadItem(db, args.paymentId, user, { lock: 'update' }));
  const input = await userInput(db, user, args, item, now);
  if (args.action === 'calculate') {
    await checkAction(db, input, now, item); // refuse before calculating an item that may not be calculated
    input.calculation = await calculatePayment(db, args.paymentId);
  }
  const result = await applyAction(db, input, now, item);
  // The attendance of a payment made in advance, received after it was authorized: reconciled at once.
  if (args.action === 'record-attendance-paid-in-advance') await reconcilePeriod(db, item.periodId, user, now, [item.id]);
  return result;
}

/** The engine's input for a user's action on an item: the acting group chosen, the reason, the attendance's source. */
async function userInput(db: Tx, user: SessionUser, args: UserAct, item: ItemRow, now: string): Promise<ApplyInput> {
  const actor = await actorForAction(db, args.paymentId, args.action, user, now, item);
  const input: ApplyInput = {
    paymentId: args.paymentId,
    action: args.action,
    actor,
    user,
    reason: args.reason?.code || args.reason?.comment ? args.reason : undefined,
    expectedVersion: args.expectedVersion,
  };
  if (args.attendance) {
    // A provider submits digitally (in the app); staff key paper sheets.
    input.attendance = { rows: args.attendance.rows, source: actor.group === 'Provider' ? 'digital' : 'paper' };
  }
  if (args.action === 'submit-for-payment') input.signedAt = now;
  return input;
}

type BulkResult = { id: number; ok: true; paymentStatus: string } | { id: number; ok: false; error: { code: string; message: string; rule?: string; field?: string } };

/** A row's refusal as the bulk result says it; anything but a refusal (a full disk, a bug) stops the whole action. */
function refusalOf(id: number, err: unknown): BulkResult {
  if (!(err instanceof AppError) || err.code === 'INTERNAL') throw err;
  const { code, message, rule, field } = err;
  return { id, ok: false, error: { code, message, rule, field } };
}

/**
 * A bulk action whose rows need nothing written but the item and its event (Authorize, Deny,
 * holds, …) on distinct items: every row checked first (nothing written), then the rows that pass
 * written together (engine applyPrepared: one UPDATE per 250 rows, events 32 to a statement); a
 * refused row is simply not written. Null, with nothing written, when a row needs more (attendance,
 * a calculation): the caller then takes the rows one by one.
 */
async function bulkPrepared(db: Tx, user: SessionUser, ids: readonly number[], items: Map<number, ItemRow>, args: Pick<UserAct, 'action' | 'reason'>, now: string, progress: (done: number) => void): Promise<BulkResult[] | null> {
  if (args.action === 'calculate' || args.action === 'record-attendance-paid-in-advance' || new Set(ids).size !== ids.length) return null;
  const slots: Array<BulkResult | PreparedAction> = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (i % 500 === 0) progress(i);
    try {
      const item = ownItem(items.get(id), id, user);
      const { prepared, alone } = await prepareAction(db, await userInput(db, user, { paymentId: id, action: args.action, reason: args.reason }, item, now), now, item);
      if (!alone) return null;
      slots.push(prepared);
    } catch (err) {
      slots.push(refusalOf(id, err));
    }
  }
  const prepared = slots.filter((s): s is PreparedAction => 'checked' in s);
  const applied = await applyPrepared(db, prepared, now);
  let k = 0;
  return slots.map((s) => ('checked' in s ? { id: s.checked.item.id, ok: true as const, paymentStatus: applied[k++].after.paymentStatus } : s));
}

export const workflowHandlers: HandlerImpls<
  'payments-allowed-actions' | 'payments-reasons' | 'payments-act' | 'payments-apply-bulk' | 'audit-verify'
> = {
  'payments-allowed-actions': (args, ctx) =>
    ctx.store.read(({ db }) => allowedActions(db, args.paymentId, ctx.caller!, ctx.now().toISOString())),

  'payments-reasons': (args, ctx) =>
    ctx.store.read(({ db }) => {
      const kind = REASON_KIND[args.action];
      return kind ? activeReasons(db, kind) : [];
    }),

  'payments-act': (args, ctx) => {
    refuseSystemOnly(args.action);
    const user = ctx.caller!;
    const now = ctx.now().toISOString();
    return ctx.store.run(
      async ({ db }) => {
        const result = await actAsUser(db, user, args, now);
        return { paymentId: args.paymentId, state: result.after, eventId: result.eventId, allowedActions: await allowedActions(db, args.paymentId, user, now) };
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    );
  },

  'payments-apply-bulk': (args, ctx) => {
    refuseSystemOnly(args.action);
    const user = ctx.caller!;
    const now = ctx.now().toISOString();
    return ctx.store.run(async ({ db }) => {
      // A view's items are read in the same transaction, from the grid's own query.
      const ids = args.ids ?? (await listIds(db, args.view!, user));
      if (ids.length === 0) throw new AppError({ code: 'REFUSED', message: 'This view holds no items: nothing to do.' });
      const expected = args.view?.expectedCount;
      if (expected !== undefined && expected !== ids.length) {
        throw new AppError({
          code: 'CONFLICT',
          rule: 'bulk.view-changed',
          message: `This view now holds ${ids.length} item${ids.length === 1 ? '' : 's'}, not the ${expected} you selected: it changed meanwhile. Look at it again and repeat the action.`,
        });
      }
      if (ids.length > BULK_MAX) {
        throw new AppError({
          code: 'REFUSED',
          message: `This view holds ${ids.length} items; one bulk action takes at most ${BULK_MAX}. Filter or search to narrow it.`,
        });
      }
      // Every row read in one statement and locked until the end (PostgreSQL: another server's
      // action on the same items waits), rather than one read per row.
      const items = await loadItems(db, ids, { lock: 'update' });
      const progress = (done: number) => ctx.emit({ kind: 'progress', task: 'payments-apply-bulk', done, total: ids.length });
      const together = await bulkPrepared(db, user, ids, items, args, now, progress);
      if (together) {
        progress(ids.length);
        const succeeded = together.filter((r) => r.ok).length;
        return { results: together, succeeded, refused: together.length - succeeded };
      }
      // Each row in its own savepoint: a refused row rolls back alone and the others go on.
      const one = (paymentId: number) =>
        db.savepoint(async () => {
          // Read once: a second action on an id given twice reads the item as the first left it.
          const loaded = items.get(paymentId);
          items.delete(paymentId);
          return actAsUser(db, user, { paymentId, action: args.action, reason: args.reason }, now, loaded && ownItem(loaded, paymentId, user));
        });
      const results: BulkResult[] = [];
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (i % 500 === 0) progress(i);
        try {
          results.push({ id, ok: true, paymentStatus: (await one(id)).after.paymentStatus });
        } catch (err) {
          // A refusal is this row's; anything else (a full disk, a bug) stops the action, rolled back.
          results.push(refusalOf(id, err));
        }
      }
      progress(ids.length);
      const succeeded = results.filter((r) => r.ok).length;
      return { results, succeeded, refused: results.length - succeeded };
    }, { locks: [AUDIT_CHAIN_LOCK] });
  },

  'audit-verify': (_args, ctx) => ctx.store.read(({ db }) => verifyAudit(db)),
};
