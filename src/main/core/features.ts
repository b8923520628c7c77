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
import { integrityTask } from './integrity/checks';
import { noticesHandlers } from './notices/handlers';
import { backupsHandlers } from './backup/handlers';
import { dailyBackupTask } from './backup/backup';
import { viewsHandlers } from './views/handlers';
import { attentionHandlers } from './attention/handlers';
import { yearEndHandlers } from './year-end/handlers';
import { basisHandlers } from './reconciliation/handlers';
import { recoveryHandlers } from './recovery/handlers';
import { qaHandlers } from './qa/handlers';
import { sheetsHandlers } from './attendance-sheets/handlers';

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
  registry.register(noticesHandlers);
  registry.register(backupsHandlers);
  registry.register(viewsHandlers);
  registry.register(attentionHandlers);
  registry.register(yearEndHandlers);
  registry.register(basisHandlers);
  registry.register(recoveryHandlers);
  registry.register(qaHandlers);
  registry.register(sheetsHandlers);
}

/** Housekeeping run when a database is opened (and daily by the app): features add theirs here. */
export const STARTUP_TASKS: Array<{ name: string; run: (ctx: HandlerContext) => Promise<unknown> }> = [
  { name: 'auto-deny', run: autoDenyTask },
  { name: 'export-repair', run: (ctx) => repairBatches(ctx, { full: false }) },
];

/**
 * The daily housekeeping (the app's timer, `paydesk housekeeping`): SQLite's full check of the
 * file first, so that a damaged database turns read-only before anything writes to it, then the
 * start-up tasks, then the daily backup (when the newest backup is a day old).
 */
export const HOUSEKEEPING_TASKS: typeof STARTUP_TASKS = [
  { name: 'integrity-check', run: integrityTask },
  ...STARTUP_TASKS,
  { name: 'backup', run: dailyBackupTask },
];

/** What the daily housekeeping does beyond the start-up tasks (the app runs these once soon after it starts). */
export const DAILY_ONLY_TASKS = HOUSEKEEPING_TASKS.filter((t) => !STARTUP_TASKS.includes(t));

export async function runStartupTasks(ctx: HandlerContext, tasks = STARTUP_TASKS): Promise<void> {
  for (const task of tasks) {
    // A database found damaged (or with a broken audit trail) is left exactly as it is.
    if (ctx.store.readOnlyReason) return;
    try {
      await task.run(ctx);
    } catch (err) {
      ctx.log('error', `start-up task ${task.name} failed`, err);
    }
  }
}
