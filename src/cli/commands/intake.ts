import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import { formatCents } from '../../shared/domain/money';
import type { Connection } from '../../main/core/core';
import { type CliContext, type Command, dollarsOption, intOption, stringOption, table, usageError } from '../command';

// Generation, imports, calculation and adjustments from the command line: the same handlers as
// the app, acting as the user named by --as (an Approver).

async function periodId(connection: Connection, value: string): Promise<number> {
  const periods = await connection.call('periods-list', {});
  const found = periods.find((p) => p.code === value || String(p.id) === value);
  if (!found) throw usageError(`--period: no service period "${value}" (codes: ${periods.map((p) => p.code).join(', ')})`);
  return found.id;
}

function ids(ctx: CliContext, name: string): number[] | undefined {
  const raw = stringOption(ctx.values, name, false);
  if (raw === undefined) return undefined;
  if (!/^\d+(,\d+)*$/.test(raw)) throw usageError(`--${name} takes ids separated by commas, such as 12,13`);
  return raw.split(',').map(Number);
}

/** Opens as --as (required) and shows progress events of the given task on stderr. */
async function openAs(ctx: CliContext, task?: string) {
  const opened = await ctx.open({ as: stringOption(ctx.values, 'as')! });
  if (task) opened.core.onEvent((e) => e.task === task && e.total > 0 && ctx.progress(`${task}: ${e.done}/${e.total}`));
  return opened;
}

/** 1,2,3,7,9,10 -> "1-3, 7, 9-10": thousands of new ids stay readable. */
export function idRanges(ids: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1) j++;
    parts.push(j > i ? `${ids[i]}-${ids[j]}` : String(ids[i]));
    i = j;
  }
  return parts.join(', ');
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'generate the payments of a service period (one per provider × period × payor)',
  usage: 'paydesk generate --as USER --period CODE|ID [--db FILE] [--json]',
  options: { as: { type: 'string' }, period: { type: 'string' } },
  async run(ctx) {
    const { core, connection } = await openAs(ctx, 'generate');
    try {
      const result = await connection.call('payments-generate', { periodId: await periodId(connection, stringOption(ctx.values, 'period')!) });
      ctx.out(
        result,
        `Generated ${result.created} payments; ${result.existing} already existed.` +
          (result.createdIds.length ? `\nNew payment ids: ${idRanges(result.createdIds)}` : '') +
          (result.basis === 'prospective'
            ? `\nPaid in advance (prospective basis): ${result.calculatedInAdvance} calculated on enrollment, ready to authorize.` +
              result.notCalculated.map((n) => `\n  payment ${n.paymentId} not calculated: ${n.message}`).join('')
            : ''),
      );
    } finally {
      await core.close();
    }
  },
};

export const importSubmissionCommand: Command = {
  name: 'import-submission',
  summary: 'import digital submission files (JSON, docs/formats/submission-v1.md), each on its own',
  usage: 'paydesk import-submission --as USER FILE… [--db FILE] [--json]',
  options: { as: { type: 'string' } },
  async run(ctx) {
    if (ctx.positionals.length === 0) throw usageError('give one or more submission files');
    const { core, connection } = await openAs(ctx);
    const reports: unknown[] = [];
    const text: string[] = [];
    let failed = 0;
    try {
      for (const file of ctx.positionals) {
        try {
          const result = await connection.call('intake-import-submission', { fileName: path.basename(file), content: fs.readFileSync(file, 'utf8') });
          reports.push({ file, ok: true, result });
          text.push(`✓ ${result.message}`);
        } catch (err) {
          const error = AppError.from(err);
          failed += 1;
          reports.push({ file, ok: false, error: error.toJSON() });
          text.push(`✗ ${error.code === 'INVALID_FILE' ? error.message : `${file}: ${error.message}`}`, ...(error.issues ?? []).slice(0, 50).map((i) => `    - ${i.path}: ${i.message}`));
        }
      }
    } finally {
      await core.close();
    }
    ctx.out(reports, `${text.join('\n')}\n${ctx.positionals.length - failed} imported or already imported, ${failed} refused.`);
    return failed > 0 ? 1 : 0;
  },
};

export const importPaperCommand: Command = {
  name: 'import-paper',
  summary: 'import paper attendance from a CSV file (docs/formats/paper-attendance-csv.md), all or nothing',
  usage: 'paydesk import-paper --as USER FILE [--db FILE] [--json]',
  options: { as: { type: 'string' } },
  async run(ctx) {
    if (ctx.positionals.length !== 1) throw usageError('give exactly one CSV file');
    const file = ctx.positionals[0];
    const { core, connection } = await openAs(ctx);
    try {
      const result = await connection.call('intake-import-paper-csv', { fileName: path.basename(file), content: fs.readFileSync(file, 'utf8') });
      ctx.out(result, result.message);
    } finally {
      await core.close();
    }
  },
};

export const calculateCommand: Command = {
  name: 'calculate',
  summary: 'calculate the received payments of a period (or the given ones) as an Approver',
  usage: 'paydesk calculate --as USER (--period CODE|ID | --payment ID[,ID…]) [--db FILE] [--json]\n' +
    '  (with --payment alone, each payment is calculated in its own period)',
  options: { as: { type: 'string' }, period: { type: 'string' }, payment: { type: 'string' } },
  async run(ctx) {
    const paymentIds = ids(ctx, 'payment');
    const period = stringOption(ctx.values, 'period', false);
    if (!period && !paymentIds) throw usageError('give --period CODE|ID, or --payment ID[,ID…]');
    const { core, connection } = await openAs(ctx, 'calculate');
    try {
      // Without --period, the payments' own periods (one run of the handler per period).
      const runs = new Map<number, number[] | undefined>();
      if (period) runs.set(await periodId(connection, period), paymentIds);
      else {
        for (const paymentId of paymentIds!) {
          const p = await connection.call('payments-get', { paymentId });
          runs.set(p.period.id, [...(runs.get(p.period.id) ?? []), paymentId]);
        }
      }
      const parts = [];
      for (const [pid, list] of runs) parts.push(await connection.call('payments-calculate-period', { periodId: pid, paymentIds: list }));
      const result =
        parts.length === 1
          ? parts[0]
          : {
              periodIds: parts.map((p) => p.periodId),
              calculated: parts.reduce((n, p) => n + p.calculated, 0),
              refused: parts.reduce((n, p) => n + p.refused, 0),
              totalCents: parts.reduce((n, p) => n + p.totalCents, 0),
              results: parts.flatMap((p) => p.results),
            };
      const refused = result.results.filter((r) => !r.ok).map((r) => ({ payment: r.paymentId, why: r.error?.message }));
      const amounts = result.results.filter((r) => r.ok && r.amountCents !== undefined);
      ctx.out(
        result,
        `Calculated ${result.calculated} payments, ${formatCents(result.totalCents)} in all; ${result.refused} refused.` +
          (paymentIds && amounts.length <= 20 ? amounts.map((r) => `\n  payment ${r.paymentId}: ${formatCents(r.amountCents!)}`).join('') : '') +
          (refused.length ? `\n${table(refused.slice(0, 100), [{ key: 'payment', label: 'Payment' }, { key: 'why', label: 'Why refused' }])}` : ''),
      );
      return result.refused > 0 && paymentIds ? 1 : 0;
    } finally {
      await core.close();
    }
  },
};

export const adjustCommand: Command = {
  name: 'adjust',
  summary: 'create an adjustment (± dollars) for a provider and period as an Approver',
  usage: 'paydesk adjust --as USER --provider ID --period CODE|ID --amount DOLLARS --reason TEXT [--corrects PAYMENT_ID] [--db FILE] [--json]\n' +
    '  (dollars as in the app, such as --amount 125.00; a negative amount is written --amount=-5.00)',
  options: { as: { type: 'string' }, provider: { type: 'string' }, period: { type: 'string' }, amount: { type: 'string' }, reason: { type: 'string' }, corrects: { type: 'string' } },
  async run(ctx) {
    const providerId = intOption(ctx.values, 'provider')!;
    const amountCents = dollarsOption(ctx.values, 'amount');
    const reasonText = stringOption(ctx.values, 'reason')!;
    const corrects = intOption(ctx.values, 'corrects', false);
    const { core, connection } = await openAs(ctx);
    try {
      const result = await connection.call('adjustments-create', {
        providerId,
        periodId: await periodId(connection, stringOption(ctx.values, 'period')!),
        amountCents,
        reasonText,
        correctsPaymentId: corrects,
      });
      ctx.out(result, `Adjustment ${result.id} of ${formatCents(amountCents)} created: ${result.state.invoiceStatus} / ${result.state.subStatus}.`);
    } finally {
      await core.close();
    }
  },
};

export const INTAKE_COMMANDS: Command[] = [generateCommand, importSubmissionCommand, importPaperCommand, calculateCommand, adjustCommand];
