import { AppError } from '../../shared/api/errors';
import { ACTION_LABELS, ACTION_NAMES, ACTIONS_TABLE, type ActionName } from '../../shared/workflow/actions';
import { Core } from '../../main/core/core';
import { HOUSEKEEPING_TASKS } from '../../main/core/features';
import { REASON_KIND } from '../../main/core/workflow/reasons';
import type { HistoryEvent } from '../../shared/api/contract/payments';
import { type CliContext, type Command, databaseExists, intOption, stringOption, table, usageError } from '../command';
import { userCommand } from './users';

// The workflow from the command line: the same handlers as the app, acting as a named user.

/** Opens without the start-up tasks, so that a command that only checks writes nothing. */
async function openQuiet(ctx: CliContext): Promise<Core> {
  if (!databaseExists(ctx.db)) {
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

/**
 * `act --help`: the actions a person takes (the actions table's, without the System's), who takes
 * each and which list its reason comes from; then the reason codes of the database, if there is one.
 */
async function actHelp({ db }: { db: string }): Promise<string> {
  const people = ACTION_NAMES.filter((a) => ACTIONS_TABLE.some((r) => r.action === a && r.groups.some((g) => g !== 'System')));
  const width = Math.max(...people.map((a) => a.length));
  const lines = ['Actions (--action NAME):'];
  for (const a of people) {
    const rows = ACTIONS_TABLE.filter((r) => r.action === a);
    const groups = [...new Set(rows.flatMap((r) => r.groups).filter((g) => g !== 'System'))].join(', ');
    const kind = REASON_KIND[a];
    const reason = rows.some((r) => r.reasonRequired) ? `; needs --reason (a ${kind} reason)` : kind ? `; --reason optional (${kind})` : '';
    lines.push(`  ${a.padEnd(width)}  ${ACTION_LABELS[a]} (${groups})${reason}`);
  }
  lines.push('', 'Reason codes (--reason CODE):');
  if (!databaseExists(db)) {
    lines.push(`  (no database at ${db}: "paydesk reasons --db FILE" lists a database's reason codes)`);
    return lines.join('\n');
  }
  const core = await Core.start({ databaseFile: db, skipStartupTasks: true, log: () => {} });
  try {
    const reasons = await core.operator().call('reasons-list', {});
    const codeWidth = Math.max(...reasons.map((r) => r.code.length));
    for (const kind of [...new Set(reasons.map((r) => r.kind))]) {
      lines.push(`  ${kind}:`);
      for (const r of reasons.filter((x) => x.kind === kind)) lines.push(`    ${r.code.padEnd(codeWidth)}  ${r.label}`);
    }
  } finally {
    await core.close();
  }
  return lines.join('\n');
}

export const actCommand: Command = {
  name: 'act',
  summary: 'take a workflow action on a payment as a user',
  usage: 'paydesk act --as USER --payment ID --action NAME [--reason CODE] [--comment TEXT] [--db FILE] [--json]',
  help: actHelp,
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
    const { core, connection } = await ctx.open({ as, reading: true });
    try {
      const actions = await connection.call('payments-allowed-actions', { paymentId });
      ctx.out(actions, actions.length ? actions.map((a) => `${a}  (${ACTION_LABELS[a]})`).join('\n') : '(no action)');
    } finally {
      await core.close();
    }
  },
};

/** A payment's audit events as a table (history and payment show). */
export function historyTable(events: HistoryEvent[]): string {
  const rows = events.map((e) => ({
    at: e.at,
    user: `${e.username} (${e.group})`,
    action: e.actionLabel,
    change: `${e.before ? `${e.before.invoiceStatus} / ${e.before.subStatus}` : '—'} -> ${e.after ? `${e.after.invoiceStatus} / ${e.after.subStatus}` : '—'}`,
    reason: e.reasonCode ? `${e.reasonCode}${e.reasonLabel ? ` (${e.reasonLabel})` : ''}` : '',
    comment: e.comment ?? '',
  }));
  return table(rows, [{ key: 'at', label: 'When' }, 'user', 'action', 'change', 'reason', 'comment']);
}

export const historyCommand: Command = {
  name: 'history',
  summary: "show a payment's history (its audit events)",
  usage: 'paydesk history --payment ID [--as USER] [--db FILE] [--json]',
  options: { as: { type: 'string' }, payment: { type: 'string' } },
  async run(ctx) {
    const paymentId = intOption(ctx.values, 'payment')!;
    const { core, connection } = await ctx.open({ as: stringOption(ctx.values, 'as', false), reading: true });
    try {
      const events = await connection.call('payments-history', { paymentId });
      ctx.out(events, historyTable(events));
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
