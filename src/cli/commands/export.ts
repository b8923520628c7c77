import fs from 'node:fs';
import path from 'node:path';
import type { BatchDetail, ExportPreview } from '../../shared/api/contract/export';
import { REPORT_KINDS } from '../../shared/api/contract/export';
import { formatCents } from '../../shared/domain/money';
import type { Connection } from '../../main/core/core';
import { type CliContext, type Command, intOption, stringOption, table, usageError } from '../command';

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

function previewText(p: ExportPreview): string {
  const providers = p.providers.map((r) => ({ ...r, items: r.paymentIds.length, net: formatCents(r.netCents), account: r.accountMasked ?? '' }));
  const left = p.leftOut.map((l) => ({ ...l, items: l.paymentIds.join(' '), amount: formatCents(l.amountCents) }));
  return [
    `Export preview: ${p.period.label}, ${p.payor.name}: ${p.itemCount} items, ${p.providerCount} providers, total ${formatCents(p.totalCents)}`,
    ...p.byMethod.map((m) => `  ${m.method}: ${m.providers} providers, ${m.items} items, ${formatCents(m.cents)}`),
    '',
    table(providers, ['providerId', 'providerName', 'method', 'account', 'items', 'net']),
    '',
    `Left out: ${p.leftOut.length}`,
    p.leftOut.length ? table(left, ['providerId', 'providerName', 'items', 'amount', 'message']) : '',
    p.refusal ? `\nThis user may not run it: ${p.refusal}` : '',
  ].join('\n');
}

function batchText(d: BatchDetail): string {
  const b = d.batch;
  const main = d.files.filter((f) => f.kind !== 'remittance');
  return [
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

export const exportCommand: Command = {
  name: 'export',
  summary: 'export (pay or hand over) a period for one payor, or --preview it',
  usage: 'paydesk export --period CODE|ID --payor ID|CODE --as USER [--out DIR] [--preview] [--db FILE] [--json]',
  options: { period: { type: 'string' }, payor: { type: 'string' }, as: { type: 'string' }, out: { type: 'string' }, preview: { type: 'boolean' } },
  async run(ctx) {
    const preview = !!ctx.values.preview;
    const out = stringOption(ctx.values, 'out', false);
    const { core, connection } = await openAs(ctx);
    try {
      const args = {
        periodId: await periodId(connection, stringOption(ctx.values, 'period')!),
        payorId: await payorId(connection, stringOption(ctx.values, 'payor')!),
      };
      if (preview) {
        const p = await connection.call('export-preview', args);
        ctx.out(p, previewText(p));
        return;
      }
      const d = await connection.call('export-run', args);
      // The batch's folder is the database's; --out gets a copy where the CLI's own user says.
      const copy = out ? path.join(path.resolve(out), path.basename(d.batch.folder)) : null;
      if (copy) fs.cpSync(d.batch.folder, copy, { recursive: true, errorOnExist: true, force: false });
      ctx.out(copy ? { ...d, copiedTo: copy } : d, `${batchText(d)}${copy ? `\nCopied to ${copy}` : ''}`);
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
        r.repaired.length
          ? `Checked ${r.checked} batches; wrote the files of ${r.repaired.map((x) => `batch ${x.batchId} (${x.folder})`).join(', ')}.`
          : `Checked ${r.checked} batches; all files are in place.`,
      );
    } finally {
      await core.close();
    }
  },
};

export const EXPORT_COMMANDS: Command[] = [exportCommand, confirmCommand, reportCommand, exportRepairCommand];
