import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { ACTION_LABELS, rowsFor, type ActionName } from '../../../shared/workflow/actions';
import { verifyAudit } from '../audit/verify';
import type { HandlerImpls } from '../registry';
import { calculatePayment } from '../calculation/calculate';
import { actorForAction, allowedActions, applyAction, checkAction, type ApplyInput, type AttendanceInput } from './engine';
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

/** One user action: picks the acting group, checks, computes a calculation if asked, applies. */
export function actAsUser(sql: BetterSqlite3.Database, user: SessionUser, args: UserAct, now: string) {
  const actor = actorForAction(sql, args.paymentId, args.action, user, now);
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
  if (args.action === 'calculate') {
    checkAction(sql, input, now); // refuse before calculating an item that may not be calculated
    input.calculation = calculatePayment(sql, args.paymentId);
  }
  return applyAction(sql, input, now);
}

export const workflowHandlers: HandlerImpls<
  'payments-allowed-actions' | 'payments-reasons' | 'payments-act' | 'payments-apply-bulk' | 'audit-verify'
> = {
  'payments-allowed-actions': (args, ctx) =>
    ctx.store.read(({ sql }) => allowedActions(sql, args.paymentId, ctx.caller!, ctx.now().toISOString())),

  'payments-reasons': (args, ctx) =>
    ctx.store.read(({ sql }) => {
      const kind = REASON_KIND[args.action];
      return kind ? activeReasons(sql, kind) : [];
    }),

  'payments-act': (args, ctx) => {
    refuseSystemOnly(args.action);
    const user = ctx.caller!;
    const now = ctx.now().toISOString();
    return ctx.store.run(({ sql }) => {
      const result = actAsUser(sql, user, args, now);
      return { paymentId: args.paymentId, state: result.after, eventId: result.eventId, allowedActions: allowedActions(sql, args.paymentId, user, now) };
    });
  },

  'payments-apply-bulk': (args, ctx) => {
    refuseSystemOnly(args.action);
    const user = ctx.caller!;
    const now = ctx.now().toISOString();
    return ctx.store.run(({ sql }) => {
      // A view's items are read in the same transaction, from the grid's own query.
      const ids = args.ids ?? listIds(sql, args.view!, user);
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
      // Each row in its own savepoint: a refused row rolls back alone and the others go on.
      const one = sql.transaction((paymentId: number) => actAsUser(sql, user, { paymentId, action: args.action, reason: args.reason }, now));
      const results = ids.map((id, i) => {
        if (i % 500 === 0) ctx.emit({ kind: 'progress', task: 'payments-apply-bulk', done: i, total: ids.length });
        try {
          return { id, ok: true, paymentStatus: one(id).after.paymentStatus };
        } catch (err) {
          // A refusal is this row's; anything else (a full disk, a bug) stops the action, rolled back.
          if (!(err instanceof AppError) || err.code === 'INTERNAL') throw err;
          const { code, message, rule, field } = err;
          return { id, ok: false, error: { code, message, rule, field } };
        }
      });
      ctx.emit({ kind: 'progress', task: 'payments-apply-bulk', done: ids.length, total: ids.length });
      const succeeded = results.filter((r) => r.ok).length;
      return { results, succeeded, refused: results.length - succeeded };
    });
  },

  'audit-verify': (_args, ctx) => ctx.store.read(({ sql }) => verifyAudit(sql)),
};
