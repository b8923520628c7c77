import fs from 'node:fs';
import path from 'node:path';
import type { BatchDetail, ExportAttention, ExportPreview, ReleaseRow } from '../../shared/api/contract/export';
import { MONEY_ALERT_REASONS, REPORT_KINDS } from '../../shared/api/contract/export';
import { formatCents } from '../../shared/domain/money';
import type { Connection } from '../../main/core/core';
import { type CliContext, type Command, intOption, stringOption, table, usageError } from '../command';
import { PAY_METHOD_LABELS } from '../labels';

// The export from the command line (DESIGN.md section 7, headless): preview and run an export,
// import a third-party payor's confirmation file, render a batch's reports, repair batches.
// The same handlers as the app.

async function periodId(connection: Connection, value: string): Promise<number> {
  const periods = await connection.call('periods-list', {});
  const found = periods.find((p) => p.code === value || String(p.id) === value);
  if (!found) throw usageError(`--period: no service period "${value}" (codes: ${periods.map((p) => p.code).join(', ')})`);
  return found.id;
}

async function payorId(connection: Connection, value: string): Promise<number> {
  const payors = await connection.call('payors-list', {});
  const found = payors.find((p) => String(p.id) === value || p.code.toLowerCase() === value.toLowerCase());
  if (!found) throw usageError(`--payor: no payor "${value}" (${payors.map((p) => `${p.id} ${p.code}`).join(', ')})`);
  return found.id;
}

/** Items left out because their money differs from the audit trail: printed first, loudly. */
function alertLines(leftOut: ExportPreview['leftOut']): string[] {
  return leftOut
    .filter((l) => MONEY_ALERT_REASONS.includes(l.reason))
    .map((l) => `ALERT: ${l.providerName} (provider ${l.providerId}), items ${l.paymentIds.join(' ')} left out: ${l.message}. Tell an administrator.`);
}

function previewText(p: ExportPreview): string {
  const providers = p.providers.map((r) => ({ ...r, method: PAY_METHOD_LABELS[r.method], items: r.paymentIds.length, net: formatCents(r.netCents), account: r.accountMasked ?? '' }));
  const left = p.leftOut.map((l) => ({ ...l, items: l.paymentIds.join(' '), amount: formatCents(l.amountCents) }));
  return [
    ...alertLines(p.leftOut),
    `Export preview: ${p.period.label}, ${p.payor.name}: ${p.itemCount} items, ${p.providerCount} providers, total ${formatCents(p.totalCents)}`,
    ...p.byMethod.map((m) => `  ${PAY_METHOD_LABELS[m.method]}: ${m.providers} providers, ${m.items} items, ${formatCents(m.cents)}`),
    '',
    table(providers, [{ key: 'providerId', label: 'Provider ID' }, { key: 'providerName', label: 'Provider' }, { key: 'method', label: 'Paid by' }, 'account', 'items', 'net']),
    '',
    `Left out: ${p.leftOut.length}`,
    p.leftOut.length ? table(left, [{ key: 'providerId', label: 'Provider ID' }, { key: 'providerName', label: 'Provider' }, 'items', 'amount', { key: 'message', label: 'Why' }]) : '',
    p.refusal ? `\nThis user may not run it: ${p.refusal}` : '',
    p.release
      ? `\nAbove the agency's batch limit of ${formatCents(p.release.limitCents)}: ${
          p.release.waiting
            ? `release ${p.release.waiting.id}, asked for by ${p.release.waiting.requestedBy}, waits for a second Payor (paydesk export --release ${p.release.waiting.id}).`
            : 'request a release (paydesk export --request-release); a second Payor releases it.'
        }`
      : '',
  ].join('\n');
}

function releaseText(r: ReleaseRow): string {
  return `Release ${r.id} (${r.status}): ${r.period.label}, ${r.payor.name}: ${r.itemCount} items, ${formatCents(r.totalCents)} (batch limit ${formatCents(r.limitCents)}), asked for by ${r.requestedBy} at ${r.requestedAt}${r.decidedBy ? `; ${r.status} by ${r.decidedBy}` : ''}${r.batchId ? `; batch ${r.batchId}` : ''}.`;
}

function batchText(d: BatchDetail): string {
  const b = d.batch;
  const main = d.files.filter((f) => f.kind !== 'remittance');
  return [
    ...alertLines(d.leftOut),
    `Batch ${b.id}: ${b.period.label}, ${b.payor.name}: ${b.itemCount} items, ${b.providerCount} providers, total ${formatCents(b.totalCents)}`,
    `Folder: ${b.folder}`,
    ...main.map((f) => `  ${f.name}  ${f.bytes ?? 'MISSING'} bytes  ${f.sha256 ?? ''}`),
    `  remittance/  ${d.files.length - main.length} provider PDFs`,
    d.leftOut.length ? `Left out: ${d.leftOut.map((l) => `${l.providerName} (${l.message})`).join('; ')}` : '',
  ].join('\n');
}

async function openAs(ctx: CliContext) {
  const opened = await ctx.open({ as: stringOption(ctx.values, 'as')! });
  opened.core.onEvent((e) => e.task === 'export' && e.total > 0 && ctx.progress(`${e.message ?? 'export'}: ${e.done}/${e.total}`));
  return opened;
}

/** Prints a batch; the batch's folder is the database's, and --out gets a copy where the CLI's own user says. */
function printBatch(ctx: CliContext, d: BatchDetail, out: string | undefined): void {
  const copy = out ? path.join(path.resolve(out), path.basename(d.batch.folder)) : null;
  if (copy) fs.cpSync(d.batch.folder, copy, { recursive: true, errorOnExist: true, force: false });
  ctx.out(copy ? { ...d, copiedTo: copy } : d, `${batchText(d)}${copy ? `\nCopied to ${copy}` : ''}`);
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'export (pay or hand over) a period for one payor, or --preview it',
  usage:
    'paydesk export --period CODE|ID --payor ID|CODE --as USER [--out DIR] [--preview | --request-release] [--db FILE] [--json]\n' +
    '       paydesk export --release ID --as USER   (a second Payor releases a batch above the batch limit)\n' +
    '       paydesk export --cancel-release ID --as USER',
  options: {
    period: { type: 'string' }, payor: { type: 'string' }, as: { type: 'string' }, out: { type: 'string' }, preview: { type: 'boolean' },
    'request-release': { type: 'boolean' }, release: { type: 'string' }, 'cancel-release': { type: 'string' },
  },
  async run(ctx) {
    const preview = !!ctx.values.preview;
    const releaseId = intOption(ctx.values, 'release', false);
    const cancelId = intOption(ctx.values, 'cancel-release', false);
    const request = !!ctx.values['request-release'];
    if ([preview, request, releaseId !== undefined, cancelId !== undefined].filter(Boolean).length > 1) {
      throw usageError('give one of --preview, --request-release, --release ID, --cancel-release ID');
    }
    const out = stringOption(ctx.values, 'out', false);
    const { core, connection } = await openAs(ctx);
    try {
      if (cancelId !== undefined) {
        const r = await connection.call('export-release-cancel', { releaseId: cancelId });
        ctx.out(r, releaseText(r));
        return;
      }
      if (releaseId !== undefined) {
        // A released batch goes to the agency's export folder (Settings → Agency and bank); --out copies it.
        const d = await connection.call('export-release', { releaseId });
        printBatch(ctx, d, out);
        return;
      }
      const args = {
        periodId: await periodId(connection, stringOption(ctx.values, 'period')!),
        payorId: await payorId(connection, stringOption(ctx.values, 'payor')!),
      };
      if (preview) {
        const p = await connection.call('export-preview', args);
        ctx.out(p, previewText(p));
        return;
      }
      if (request) {
        const r = await connection.call('export-release-request', args);
        ctx.out(r, `${releaseText(r)}\nA second Payor releases it: paydesk export --release ${r.id} --as USER [--out DIR]`);
        return;
      }
      printBatch(ctx, await connection.call('export-run', args), out);
    } finally {
      await core.close();
    }
  },
};

export const confirmCommand: Command = {
  name: 'confirm',
  summary: "import a third-party payor's confirmation file (docs/formats/confirmation-csv.md)",
  usage: 'paydesk confirm FILE --as USER [--db FILE] [--json]',
  options: { as: { type: 'string' } },
  async run(ctx) {
    if (ctx.positionals.length !== 1) throw usageError('give exactly one confirmation file');
    const file = ctx.positionals[0];
    const { core, connection } = await openAs(ctx);
    try {
      const r = await connection.call('export-import-confirmation', { fileName: path.basename(file), content: fs.readFileSync(file, 'utf8') });
      ctx.out(r, `${r.fileName}: ${r.rows} rows: ${r.processed} processed, ${r.paid} paid, ${r.unchanged} unchanged (batches ${r.batchIds.join(', ')}).`);
    } finally {
      await core.close();
    }
  },
};

export const reportCommand: Command = {
  name: 'report',
  summary: "render a batch's remittance PDF (all providers, or --provider), summary PDF or payment register CSV",
  usage: 'paydesk report remittance|summary|register --batch ID --out FILE [--provider ID] [--as USER] [--db FILE] [--json]',
  options: { batch: { type: 'string' }, out: { type: 'string' }, provider: { type: 'string' }, as: { type: 'string' } },
  async run(ctx) {
    const kind = ctx.positionals[0] as (typeof REPORT_KINDS)[number];
    if (!REPORT_KINDS.includes(kind)) throw usageError(`say which report: ${REPORT_KINDS.join(', ')}`);
    const { core, connection } = await ctx.open();
    try {
      const outFile = path.resolve(stringOption(ctx.values, 'out')!);
      const r = await connection.call('export-report', { batchId: intOption(ctx.values, 'batch')!, kind, providerId: intOption(ctx.values, 'provider', false) });
      // Rendered into the batch folder by the core; the CLI's own user chose where the copy goes.
      fs.mkdirSync(path.dirname(outFile), { recursive: true });
      fs.copyFileSync(r.file, outFile);
      ctx.out({ ...r, file: outFile }, `Wrote ${outFile} (${r.bytes} bytes, sha256 ${r.sha256}).`);
    } finally {
      await core.close();
    }
  },
};

export const exportRepairCommand: Command = {
  name: 'export-repair',
  summary: 'write the files of every export batch whose files are missing or unfinished',
  usage: 'paydesk export-repair [--quick] [--db FILE] [--json]',
  options: { quick: { type: 'boolean' } },
  async run(ctx) {
    const { core, connection } = await ctx.open();
    try {
      const r = await connection.call('export-repair', { full: !ctx.values.quick });
      ctx.out(
        r,
        [
          r.repaired.length
            ? `Checked ${r.checked} batches; wrote the files of ${r.repaired.map((x) => `batch ${x.batchId} (${x.folder})`).join(', ')}.`
            : r.failed.length
              ? `Checked ${r.checked} batches.`
              : `Checked ${r.checked} batches; all files are in place.`,
          ...r.failed.map((f) => `FAILED: batch ${f.batchId} (${f.folder}): its files could not be written: ${f.error}`),
        ].join('\n'),
      );
      // A batch left without its files is an error for a scheduled job, even though the others were repaired.
      return r.failed.length > 0 ? 1 : 0;
    } finally {
      await core.close();
    }
  },
};

function attentionText(a: ExportAttention): string {
  const lines: string[] = [];
  for (const alert of a.alerts) {
    lines.push(`ALERT: ${alert.period.label}, ${alert.payor.name}: ${alert.providerName} (provider ${alert.providerId}), items ${alert.paymentIds.join(' ')}: ${alert.message}. Tell an administrator.`);
  }
  for (const f of a.failedBatches) lines.push(`FAILED: batch ${f.batchId} (${f.folder}): its files could not be written: ${f.error}`);
  for (const r of a.releases) lines.push(`WAITING: ${releaseText(r)}`);
  const routine = a.leftOut.filter((l) => !a.alerts.includes(l));
  if (routine.length) {
    lines.push('', 'Left out of the next exports:');
    lines.push(table(routine.map((l) => ({ period: l.period.code, payor: l.payor.code, provider: `${l.providerName} (${l.providerId})`, items: l.paymentIds.join(' '), why: l.message })), ['period', 'payor', 'provider', 'items', 'why']));
  }
  return lines.length ? lines.join('\n') : 'Nothing needs attention: no release waits, every batch has its files, no authorized item is left out.';
}

export const exportAttentionCommand: Command = {
  name: 'export-attention',
  summary: 'what the export needs a person for: money alerts, batches whose files failed, releases waiting, items left out',
  usage: 'paydesk export-attention [--as USER] [--db FILE] [--json]',
  options: { as: { type: 'string' } },
  async run(ctx) {
    const { core, connection } = await ctx.open();
    try {
      const a = await connection.call('export-attention', {});
      ctx.out(a, attentionText(a));
      // A money alert or a batch without its files fails a scheduled job.
      return a.alerts.length > 0 || a.failedBatches.length > 0 ? 1 : 0;
    } finally {
      await core.close();
    }
  },
};

export const EXPORT_COMMANDS: Command[] = [exportCommand, confirmCommand, reportCommand, exportRepairCommand, exportAttentionCommand];
