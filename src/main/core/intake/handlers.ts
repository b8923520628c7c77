import type { HandlerContext } from '../context';
import type { HandlerImpls } from '../registry';
import { createAdjustment } from '../adjustments/create';
import { calculatePeriod } from '../calculation/bulk';
import { generatePayments } from '../generation/generate';
import { loadItem, stateOf } from '../workflow/item';
import { importPaperCsv } from './paper-csv';
import { importSubmission } from './submission';
import { AUDIT_CHAIN_LOCK } from '../audit/chain';

// Thin handlers: the registry has validated the arguments and the caller's groups; the work is in
// the services, each in one write transaction (or slices of them, with progress, for bulk runs).

const nowOf = (ctx: HandlerContext) => () => ctx.now().toISOString();
/** Lets the event loop go (progress events reach the window) inside a long transaction. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

export const intakeHandlers: HandlerImpls<
  'payments-generate' | 'payments-calculate-period' | 'intake-import-submission' | 'intake-import-paper-csv' | 'adjustments-create'
> = {
  'payments-generate': (args, ctx) =>
    generatePayments(ctx.store, args.periodId, {
      now: nowOf(ctx),
      onProgress: (done, total) => ctx.emit({ kind: 'progress', task: 'generate', done, total, message: 'Creating the payments' }),
    }),

  'payments-calculate-period': (args, ctx) =>
    calculatePeriod(ctx.store, {
      periodId: args.periodId,
      paymentIds: args.paymentIds,
      user: ctx.caller!,
      now: nowOf(ctx),
      onProgress: (done, total) => ctx.emit({ kind: 'progress', task: 'calculate', done, total, message: 'Calculating the payments' }),
    }),

  'intake-import-submission': (args, ctx) => ctx.store.run(({ db }) => importSubmission({ db }, args, ctx.caller, nowOf(ctx)()), { locks: [AUDIT_CHAIN_LOCK] }),

  // One all-or-nothing transaction; an `await` inside it lets the progress reach the window.
  'intake-import-paper-csv': (args, ctx) =>
    ctx.store.run(
      ({ db }) =>
        importPaperCsv({ db }, args, ctx.caller!, nowOf(ctx)(), {
          pause,
          report: (done, total, message) => ctx.emit({ kind: 'progress', task: 'import-paper', done, total, message }),
        }),
      { locks: [AUDIT_CHAIN_LOCK] },
    ),

  'adjustments-create': (args, ctx) =>
    ctx.store.run(
      async ({ db }) => {
        const id = await createAdjustment(db, args, ctx.caller!, nowOf(ctx)());
        return { id, state: stateOf(await loadItem(db, id)) };
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),
};
