import fs from 'node:fs';
import path from 'node:path';
import type { ProviderTaxInput, YearEndOutputs, YearEndReview } from '../../shared/api/contract/year-end';
import { formatCents } from '../../shared/domain/money';
import { EXEMPT_REASONS, type ExemptReason } from '../../shared/year-end/provider-tax';
import { FORM_BOXES } from '../../shared/year-end/tax-year';
import { type CliContext, type Command, dollarsOption, intOption, stringOption, table, usageError } from '../command';

// The agency's year-end from the command line (issue #17): the review list, the outputs (recipient
// copies, the IRS filing file, the CSV), marking the year filed, corrections; a provider's tax
// data; a tax year's settings. The same handlers as the Year-end screen.

function yearOf(ctx: CliContext): number {
  const year = intOption(ctx.values, 'year')!;
  if (year < 2020 || year > 2099) throw usageError(`--year: ${year} is not a tax year PayDesk files (2020 to 2099)`);
  return year;
}

function reviewText(r: YearEndReview): string {
  const t = r.totals;
  const rows = r.rows.map((x) => ({
    providerId: x.providerId,
    payee: x.payeeName,
    tin: x.tin || '(none)',
    amount: formatCents(x.amountCents),
    form: x.formBox ?? '-',
    why: x.reason,
    warnings: x.warnings.map((w) => `${w.blocksFiling ? 'BLOCKS FILING: ' : ''}${w.message}`).join('; '),
    needsCorrection: x.needsCorrection ?? '',
  }));
  const filed = r.filings.find((f) => f.kind === 'original');
  return [
    `Year-end ${r.taxYear}: ${r.settings.formBox}, threshold ${formatCents(r.settings.thresholdCents)}${r.settings.thresholdSet ? '' : ' (the law’s default)'}`,
    `${t.providers} providers paid: ${t.returns} returns (${formatCents(t.reportedCents)}), ${t.belowThreshold} below the threshold, ${t.exempt} exempt, ${t.thirdPartyOnly} paid only by a third-party payor; ${t.w9Missing} without a W-9; ${t.blocked} returns blocked`,
    filed ? `Filed by ${filed.filedBy} at ${filed.filedAt}; ${r.filings.length - 1} correction file(s) since.` : 'Not filed yet.',
    ...r.missingSettings.map((m) => `TO FILL IN: ${m}`),
    ...(r.changes.length ? [`NEEDS A CORRECTION (${r.changes.length}): ${r.changes.map((c) => `provider ${c.providerId}: ${c.description}`).join('; ')}`] : []),
    '',
    table(rows, [
      { key: 'providerId', label: 'Provider ID' }, 'payee', { key: 'tin', label: 'TIN' }, 'amount', 'form', 'why', 'warnings',
      ...(filed ? [{ key: 'needsCorrection', label: 'Needs a correction' }] : []),
    ]),
  ].join('\n');
}

function outputsText(o: YearEndOutputs, copiedTo: string | null): string {
  return [
    `${o.kind === 'original' ? 'Returns' : 'Corrections'} of ${o.taxYear}: ${o.returnCount} returns, ${formatCents(o.totalCents)}; ${o.recipientCopies} recipient copies.`,
    `Folder: ${o.folder}`,
    ...o.files.map((f) => `  ${f.name}  ${f.bytes} bytes  ${f.sha256}`),
    copiedTo ? `Copied to ${copiedTo}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export const yearEndCommand: Command = {
  name: 'year-end',
  summary: "the agency's 1099s for a tax year: review, generate (PDFs, IRS file, CSV), --file to mark filed, --corrections",
  usage:
    'paydesk year-end --year YYYY --as USER [--review] [--out DIR] [--db FILE] [--json]     (review and generate)\n' +
    '       paydesk year-end --year YYYY --as USER --file            (the generated file was sent to the IRS: mark the year filed)\n' +
    '       paydesk year-end --year YYYY --as USER --corrections [--out DIR]   (after filing: a corrected-returns file of the changed payees)',
  options: { year: { type: 'string' }, as: { type: 'string' }, out: { type: 'string' }, review: { type: 'boolean' }, file: { type: 'boolean' }, corrections: { type: 'boolean' } },
  async run(ctx) {
    const year = yearOf(ctx);
    const modes = [!!ctx.values.review, !!ctx.values.file, !!ctx.values.corrections].filter(Boolean).length;
    if (modes > 1) throw usageError('give one of --review, --file, --corrections');
    const out = stringOption(ctx.values, 'out', false);
    if (out && (ctx.values.review || ctx.values.file)) throw usageError('--out goes with generating or --corrections (it copies the files made)');
    const reading = !!ctx.values.review;
    const { core, connection } = await ctx.open({ as: stringOption(ctx.values, 'as')!, reading });
    const off = core.onEvent((e) => e.task === 'year-end' && e.total > 0 && ctx.progress(`${e.message ?? 'year-end'}: ${e.done}/${e.total}`));
    try {
      if (ctx.values.file) {
        const f = await connection.call('year-end-mark-filed', { taxYear: year });
        ctx.out(f, `${year} marked as filed by ${f.filedBy} at ${f.filedAt}: ${f.returnCount} returns, ${formatCents(f.totalCents)}.`);
        return;
      }
      if (ctx.values.corrections) {
        const o = await connection.call('year-end-corrections', { taxYear: year });
        const copy = out ? copyOut(o.folder, out) : null;
        ctx.out(copy ? { ...o, copiedTo: copy } : o, outputsText(o, copy));
        return;
      }
      const r = await connection.call('year-end-review', { taxYear: year });
      if (reading) {
        ctx.out(r, reviewText(r));
        return;
      }
      const o = await connection.call('year-end-generate', { taxYear: year });
      const copy = out ? copyOut(o.folder, out) : null;
      ctx.out({ review: r, outputs: copy ? { ...o, copiedTo: copy } : o }, `${reviewText(r)}\n\n${outputsText(o, copy)}`);
    } finally {
      off();
      await core.close();
    }
  },
};

/** The files stay in the agency's folder; --out gets a copy where the CLI's own user says. */
function copyOut(folder: string, out: string): string {
  const copy = path.join(path.resolve(out), path.basename(folder));
  fs.cpSync(folder, copy, { recursive: true, force: true });
  return copy;
}

export const providerTaxCommand: Command = {
  name: 'provider-tax',
  summary: "show or set a provider's tax data from its W-9 (TIN type and TIN, legal name, W-9 date, exemption)",
  usage:
    'paydesk provider-tax --provider ID --as USER [--tin-type SSN|EIN --tin NUMBER] [--legal-name NAME] [--w9 YYYY-MM-DD|none]\n' +
    `       [--exempt ${EXEMPT_REASONS.join('|')}|no] [--clear-tin] [--db FILE] [--json]`,
  options: {
    provider: { type: 'string' }, as: { type: 'string' }, 'tin-type': { type: 'string' }, tin: { type: 'string' }, 'legal-name': { type: 'string' },
    w9: { type: 'string' }, exempt: { type: 'string' }, 'clear-tin': { type: 'boolean' },
  },
  async run(ctx) {
    const providerId = intOption(ctx.values, 'provider')!;
    const v = ctx.values;
    const setting = ['tin-type', 'tin', 'legal-name', 'w9', 'exempt', 'clear-tin'].some((k) => v[k] !== undefined);
    const tin = stringOption(v, 'tin', false);
    const tinType = stringOption(v, 'tin-type', false);
    if ((tin === undefined) !== (tinType === undefined)) throw usageError('give --tin and --tin-type together (SSN or EIN, as the W-9 shows)');
    if (tin !== undefined && v['clear-tin']) throw usageError('give --tin or --clear-tin, not both');
    const exempt = stringOption(v, 'exempt', false);
    if (exempt !== undefined && exempt !== 'no' && !(EXEMPT_REASONS as readonly string[]).includes(exempt)) {
      throw usageError(`--exempt: "${exempt}" is not one of ${EXEMPT_REASONS.join(', ')}, no`);
    }
    const { core, connection } = await ctx.open({ as: stringOption(v, 'as')!, reading: !setting });
    try {
      let t = await connection.call('provider-tax-get', { providerId });
      if (setting) {
        const w9 = stringOption(v, 'w9', false);
        const keepTin = tin === undefined && !v['clear-tin'] && t.tin !== '';
        t = await connection.call('provider-tax-save', {
          providerId,
          keepTin,
          tax: {
            tinType: tin !== undefined ? (tinType!.toUpperCase() as ProviderTaxInput['tinType']) : null,
            tin: tin ?? null,
            legalName: stringOption(v, 'legal-name', false) ?? t.legalName,
            w9ReceivedOn: w9 === 'none' ? null : (w9 ?? t.w9ReceivedOn),
            exemptReason: exempt === 'no' ? null : ((exempt as ExemptReason | undefined) ?? t.exemptReason),
          },
        });
      }
      ctx.out(
        t,
        [
          `Provider ${t.providerId} (${t.providerName})${setting ? ': saved' : ''}`,
          `  TIN             ${t.tin ? `${t.tinType} ${t.tin}${t.tinMasked ? ' (masked: only Administrators see it whole)' : ''}` : '(none)'}`,
          `  legal name      ${t.legalName || '(none)'}`,
          `  W-9 received    ${t.w9ReceivedOn ?? '(none)'}`,
          `  exempt          ${t.exemptReason ?? 'no'}`,
        ].join('\n'),
      );
    } finally {
      await core.close();
    }
  },
};

export const yearEndSettingsCommand: Command = {
  name: 'year-end-settings',
  summary: "show or set a tax year's 1099 form and box and threshold, and the filing details (TCC, payer, contact)",
  usage:
    `paydesk year-end-settings --year YYYY --as USER [--form-box "${FORM_BOXES.join('"|"')}"] [--threshold DOLLARS] [--filing FILE.json] [--db FILE] [--json]\n` +
    '  FILE.json: {"tcc", "payerTin", "payerName", "payerAddress", "payerCity", "payerState", "payerZip", "payerPhone", "contactName", "contactPhone", "contactEmail", "combinedFederalState"}',
  options: { year: { type: 'string' }, as: { type: 'string' }, 'form-box': { type: 'string' }, threshold: { type: 'string' }, filing: { type: 'string' } },
  async run(ctx) {
    const year = yearOf(ctx);
    const v = ctx.values;
    const formBox = stringOption(v, 'form-box', false);
    if (formBox !== undefined && !(FORM_BOXES as readonly string[]).includes(formBox)) throw usageError(`--form-box: "${formBox}" is not one of ${FORM_BOXES.join(', ')}`);
    const thresholdCents = v.threshold !== undefined ? dollarsOption(v, 'threshold') : undefined;
    const filingFile = stringOption(v, 'filing', false);
    let filing: unknown;
    if (filingFile !== undefined) {
      if (!fs.existsSync(filingFile)) throw usageError(`--filing: no file at ${filingFile}`);
      try {
        filing = JSON.parse(fs.readFileSync(filingFile, 'utf8'));
      } catch (err) {
        throw usageError(`--filing: ${filingFile} is not JSON: ${(err as Error).message}`);
      }
    }
    const setting = formBox !== undefined || thresholdCents !== undefined || filing !== undefined;
    const { core, connection } = await ctx.open({ as: stringOption(v, 'as')!, reading: !setting });
    try {
      const s = setting
        ? await connection.call('year-end-settings-save', { taxYear: year, formBox: formBox as never, thresholdCents, filing: filing as never })
        : await connection.call('year-end-settings-get', { taxYear: year });
      const f = s.filing;
      ctx.out(
        s,
        [
          `Tax year ${year}${setting ? ': saved' : ''}`,
          `  form and box    ${s.settings.formBox}${s.settings.formBoxSet ? '' : ' (default)'}`,
          `  threshold       ${formatCents(s.settings.thresholdCents)}${s.settings.thresholdSet ? '' : s.settings.thresholdIndexed ? ' (the law’s starting value: enter the IRS’s figure)' : ' (the law’s)'}`,
          f ? `  TCC             ${f.tcc}\n  payer           ${f.payerName}, EIN ${f.payerTin}, ${f.payerAddress}, ${f.payerCity} ${f.payerState} ${f.payerZip}\n  contact         ${f.contactName}, ${f.contactPhone}, ${f.contactEmail}` : '',
          ...s.missingSettings.map((m) => `TO FILL IN: ${m}`),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    } finally {
      await core.close();
    }
  },
};
