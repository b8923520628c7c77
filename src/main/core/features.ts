import type { HandlerContext } from './context';
import type { Registry } from './registry';
import { sessionHandlers } from './session/handlers';
import { referenceHandlers } from './reference/handlers';
import { paymentsHandlers } from './payments/handlers';
import { workflowHandlers } from './workflow/handlers';
import { usersHandlers } from './users/handlers';
import { intakeHandlers } from './intake/handlers';
import { autoDenyTask } from './workflow/autoDeny';
import { exportHandlers } from './export/handlers';
import { repairBatches } from './export/repair';
import { auditHandlers } from './audit/handlers';

/**
 * Every feature's handlers, registered once. A feature adds one line here and one map to the
 * contract; the registry refuses a name registered twice and the core refuses to start with a
 * contract handler left unimplemented.
 */
export function registerAllHandlers(registry: Registry): void {
  registry.register(sessionHandlers);
  registry.register(referenceHandlers);
  registry.register(paymentsHandlers);
  registry.register(workflowHandlers);
  registry.register(usersHandlers);
  registry.register(intakeHandlers);
  registry.register(exportHandlers);
  registry.register(auditHandlers);
}

/** Housekeeping run when a database is opened (and daily by the app): features add theirs here. */
export const STARTUP_TASKS: Array<{ name: string; run: (ctx: HandlerContext) => Promise<unknown> }> = [
  { name: 'auto-deny', run: autoDenyTask },
  { name: 'export-repair', run: (ctx) => repairBatches(ctx, { full: false }) },
];

export async function runStartupTasks(ctx: HandlerContext): Promise<void> {
  for (const task of STARTUP_TASKS) {
    try {
      await task.run(ctx);
    } catch (err) {
      ctx.log('error', `start-up task ${task.name} failed`, err);
    }
  }
}
