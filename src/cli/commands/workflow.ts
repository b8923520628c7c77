import fs from 'node:fs';
import { AppError } from '../../shared/api/errors';
import { ACTION_LABELS, ACTION_NAMES, type ActionName } from '../../shared/workflow/actions';
import { Core } from '../../main/core/core';
import { HOUSEKEEPING_TASKS } from '../../main/core/features';
import { type CliContext, type Command, intOption, stringOption, table, usageError } from '../command';
import { userCommand } from './users';

// The workflow from the command line: the same handlers as the app, acting as a named user.

/** Opens without the start-up tasks, so that a command that only checks writes nothing. */
async function openQuiet(ctx: CliContext): Promise<Core> {
  if (!fs.existsSync(ctx.db)) {
    throw new AppError({ code: 'NOT_FOUND', message: `No PayDesk database at ${ctx.db}.` });
  }
  return Core.start({ databaseFile: ctx.db, skipStartupTasks: true, log: () => {} });
}

function actionOption(ctx: CliContext): ActionName {
  const action = stringOption(ctx.values, 'action')!;
  if (!(ACTION_NAMES as readonly string[]).includes(action)) {
    throw usageError(`--action must be one of ${ACTION_NAMES.join(', ')}; not "${action.slice(0, 60)}"`);
  }
  return action as ActionName;
}

export const actCommand: Command = {
  name: 'act',
  summary: 'take a workflow action on a payment as a user',
  usage: 'paydesk act --as USER --payment ID --action NAME [--reason CODE] [--comment TEXT] [--db FILE] [--json]',
  options: { as: { type: 'string' }, payment: { type: 'string' }, action: { type: 'string' }, reason: { type: 'string' }, comment: { type: 'string' } },
  async run(ctx) {
    const as = stringOption(ctx.values, 'as')!;
    const paymentId = intOption(ctx.values, 'payment')!;
    const action = actionOption(ctx);
    const code = stringOption(ctx.values, 'reason', false);
    const comment = stringOption(ctx.values, 'comment', false);
    const { core, connection } = await ctx.open({ as });
    try {
      const result = await connection.call('payments-act', {
        paymentId,
        action,
        reason: code || comment ? { code: code ?? '', comment } : undefined,
      });
      const s = result.state;
      ctx.out(
        result,
        `${ACTION_LABELS[action]}: payment ${paymentId} is now ${s.invoiceStatus} / ${s.subStatus}, payment status ${s.paymentStatus} (audit event ${result.eventId}).`,
      );
    } finally {
      await core.close();
    }
  },
};

export const allowedCommand: Command = {
  name: 'allowed',
  summary: "list the actions a user's Action drop-down shows for a payment",
  usage: 'paydesk allowed --as USER --payment ID [--db FILE] [--json]',
  options: { as: { type: 'string' }, payment: { type: 'string' } },
  async run(ctx) {
    const as = stringOption(ctx.values, 'as')!;
    const paymentId = intOption(ctx.values, 'payment')!;
    const { core, connection } = await ctx.open({ as });
    try {
      const actions = await connection.call('payments-allowed-actions', { paymentId });
      ctx.out(actions, actions.length ? actions.map((a) => `${a}  (${ACTION_LABELS[a]})`).join('\n') : '(no action)');
    } finally {
      await core.close();
    }
  },
};

export const historyCommand: Command = {
  name: 'history',
  summary: "show a payment's history (its audit events)",
  usage: 'paydesk history --payment ID [--as USER] [--db FILE] [--json]',
  options: { as: { type: 'string' }, payment: { type: 'string' } },
  async run(ctx) {
    const paymentId = intOption(ctx.values, 'payment')!;
    const { core, connection } = await ctx.open({ as: stringOption(ctx.values, 'as', false) });
    try {
      const events = await connection.call('payments-history', { paymentId });
      const rows = events.map((e) => ({
        at: e.at,
        user: `${e.username} (${e.group})`,
        action: e.actionLabel,
        change: `${e.before ? `${e.before.invoiceStatus} / ${e.before.subStatus}` : '—'} -> ${e.after ? `${e.after.invoiceStatus} / ${e.after.subStatus}` : '—'}`,
        reason: e.reasonCode ? `${e.reasonCode}${e.reasonLabel ? ` (${e.reasonLabel})` : ''}` : '',
        comment: e.comment ?? '',
      }));
      ctx.out(events, table(rows, ['at', 'user', 'action', 'change', 'reason', 'comment']));
    } finally {
      await core.close();
    }
  },
};

export const verifyAuditCommand: Command = {
  name: 'verify-audit',
  summary: "verify the audit trail: its keyed chain, every export batch's anchor, and amounts and bank accounts against it (exit 1 when anything differs)",
  usage: 'paydesk verify-audit [--db FILE] [--json]',
  async run(ctx) {
    const core = await openQuiet(ctx);
    try {
      const report = await core.operator().call('audit-verify', {});
      const lines: string[] = [];
      if (report.ok) {
        lines.push(`The audit trail verifies: ${report.events} events, chain intact${report.sealId ? ` (keyed since event ${report.sealId})` : ''}, ${report.anchors?.checked ?? 0} export anchors match, amounts and bank accounts match.`);
      } else if (report.firstBad) {
        lines.push(`THE AUDIT TRAIL IS BROKEN at event ${report.firstBad.id}: ${report.firstBad.problem}. Nothing was repaired.`);
        if (report.problem) lines.push(report.problem);
      } else {
        lines.push(`THE AUDIT TRAIL DOES NOT VERIFY: ${report.problem ?? 'see the report'}. Nothing was repaired.`);
      }
      for (const a of report.anchors?.problems ?? []) if (a.problem !== report.firstBad?.problem) lines.push(`  anchor: ${a.problem}`);
      for (const m of report.money ?? []) lines.push(`  money: ${m.problem}`);
      for (const w of report.warnings ?? []) lines.push(`  note: ${w}`);
      ctx.out(report, lines.join('\n'));
      return report.ok ? 0 : 1;
    } finally {
      await core.close();
    }
  },
};

export const housekeepingCommand: Command = {
  name: 'housekeeping',
  summary: 'run the daily housekeeping now (the full check of the database file, auto-deny of overdue corrections, export repair)',
  usage: 'paydesk housekeeping [--db FILE] [--json]',
  async run(ctx) {
    const core = await openQuiet(ctx);
    try {
      const system = core.systemContext();
      const results: Array<{ task: string; ok: boolean; result?: unknown; error?: string }> = [];
      for (const task of HOUSEKEEPING_TASKS) {
        try {
          results.push({ task: task.name, ok: true, result: await task.run(system) });
        } catch (err) {
          results.push({ task: task.name, ok: false, error: AppError.from(err).message });
        }
      }
      ctx.out(results, results.map((r) => `${r.task}: ${r.ok ? JSON.stringify(r.result) : `FAILED: ${r.error}`}`).join('\n'));
      return results.every((r) => r.ok) ? 0 : 1;
    } finally {
      await core.close();
    }
  },
};

export const WORKFLOW_COMMANDS: Command[] = [actCommand, allowedCommand, historyCommand, verifyAuditCommand, housekeepingCommand, userCommand];
