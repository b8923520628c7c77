import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { YearEndOutputs, YearEndReview } from '../../../shared/api/contract/year-end';
import { AppError } from '../../../shared/api/errors';
import { formatCents } from '../../../shared/domain/money';
import { localDateIn, isTimeZone } from '../../../shared/domain/dates';
import type { FilingSettings } from '../../../shared/year-end/filing';
import { tinForViewer } from '../../../shared/year-end/tin';
import { appendAudit, actorFor, AUDIT_CHAIN_LOCK } from '../audit/chain';
import type { HandlerContext } from '../context';
import type { Queryable } from '../db/engine/port';
import { fsyncDir, writeFileAtomic, writeFileAtomicSync, type Written } from '../export/files/atomic';
import { DEFAULT_TIME_ZONE } from '../settings/today';
import { computeYearEnd, payeeName } from './amounts';
import { planCorrections, type PayeeChange } from './corrections';
import { renderReturnsCsv } from './csv';
import { agencySetting, insertFiling, listFilings, loadMoneyEvents, loadProviders, readFiling, readTaxYear, returnsOnFile, type TaxYearState } from './db';
import { readExportFolder } from '../reference/agency';
import { render1220 } from './irs1220/file';
import { FilingError } from './irs1220/fields';
import type { YearEnd } from './model';
import { renderRecipientCopies } from './pdf/write';
import { returnsOf, type ReturnRow } from './returns';

// The year-end's work (issue #17 phase B): read on the data port, compute with phase A's pure
// functions, write the outputs into the agency's output folder (beside its export batches), and
// record generating, filing and correcting in the audit trail.

export interface YearState {
  tax: TaxYearState;
  yearEnd: YearEnd;
  due: ReturnRow[];
  onFile: ReturnRow[] | null;
  changes: PayeeChange[];
}

/** Everything the year's outputs and checks are computed from, read in one transaction. */
export async function loadYear(db: Queryable, year: number): Promise<YearState> {
  const tax = await readTaxYear(db, year);
  const events = await loadMoneyEvents(db, year);
  const providers = await loadProviders(db, [...new Set(events.map((e) => e.providerId))]);
  const onFile = await returnsOnFile(db, year);
  // Providers filed for whose money is gone still belong in the comparison.
  const known = new Set(providers.map((p) => p.id));
  const missing = (onFile ?? []).map((r) => r.providerId).filter((id) => !known.has(id));
  if (missing.length) providers.push(...(await loadProviders(db, missing)));
  const yearEnd = computeYearEnd(tax.settings, providers, events);
  const due = returnsOf(yearEnd);
  return { tax, yearEnd, due, onFile, changes: onFile ? planCorrections(onFile, due) : [] };
}

export async function review(db: Queryable, year: number, viewerIsAdministrator: boolean): Promise<YearEndReview> {
  const s = await loadYear(db, year);
  const { problems } = await readFiling(db);
  const changeOf = new Map(s.changes.map((c) => [c.providerId, c.description]));
  const y = s.yearEnd;
  return {
    taxYear: year,
    settings: { ...s.tax.settings, thresholdIndexed: s.tax.thresholdIndexed, formBoxSet: s.tax.formBoxSet, thresholdSet: s.tax.thresholdSet },
    missingSettings: [
      ...problems,
      ...(s.tax.thresholdIndexed ? [`the ${year} threshold: ${formatCents(s.tax.settings.thresholdCents)} is the law's starting value; enter the amount the IRS publishes for ${year}`] : []),
    ],
    rows: y.rows.map((r) => ({
      providerId: r.provider.id,
      providerName: r.provider.name,
      payeeName: payeeName(r.provider),
      tinType: r.provider.tin ? r.provider.tinType : null,
      tin: tinForViewer(r.provider.tinType, r.provider.tin, viewerIsAdministrator),
      w9ReceivedOn: r.provider.w9ReceivedOn,
      paidCents: r.paidCents,
      recoveredCents: r.recoveredByOffsetCents + r.repaidCents,
      amountCents: r.amountCents,
      thirdPartyCents: r.thirdPartyCents,
      formBox: r.formBox,
      noFormReason: r.noFormReason,
      reason: r.reason,
      warnings: r.warnings,
      needsCorrection: changeOf.get(r.provider.id) ?? null,
    })),
    totals: { ...y.totals, w9Missing: y.rows.filter((r) => r.warnings.some((w) => w.code === 'w9_missing')).length },
    filings: await listFilings(db, year),
    changes: s.changes.map((c) => ({ providerId: c.providerId, description: c.description })),
  };
}

// ---------------------------------------------------------------------------------------------
// Files

/** The folder of a tax year's outputs: "year-end-YYYY" in the agency's export folder (Settings → Agency and bank). */
export async function yearFolder(db: Queryable, ctx: HandlerContext, year: number): Promise<string> {
  return path.join((await readExportFolder(db, ctx)).folder, `year-end-${year}`);
}

export const fileNames = (year: number, prefix = '') => ({
  irs: `1099-${year}${prefix}-irs-1220.txt`,
  lateIrs: `1099-${year}${prefix}-late-originals-irs-1220.txt`,
  csv: `1099-${year}${prefix}-returns.csv`,
  combined: `1099-${year}${prefix}-recipient-copies.pdf`,
  single: (providerId: number) => path.join('recipients', `1099-${year}-P${providerId}.pdf`),
});

/** The agency's local date at an instant (the year-end's "today" for the prior-year flag). */
async function agencyYear(db: Queryable, now: Date): Promise<number> {
  const zone = await agencySetting(db, 'agency.timeZone');
  return Number(localDateIn(typeof zone === 'string' && isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE, now).slice(0, 4));
}

function filingFile(year: number, kind: 'original' | 'correction', settings: FilingSettings, returns: readonly ReturnRow[], agencyNowYear: number): string {
  try {
    // Returns are filed in the year after the tax year; a later filing carries the prior-year flag.
    return render1220({ paymentYear: year, kind, test: false, priorYearData: year < agencyNowYear - 1, lastFiling: false, settings, returns });
  } catch (err) {
    if (err instanceof FilingError) throw new AppError({ code: 'REFUSED', rule: 'year-end.filing-file', message: err.message });
    throw err;
  }
}

async function needFiling(db: Queryable): Promise<FilingSettings> {
  const { filing, problems } = await readFiling(db);
  if (!filing) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'year-end.settings',
      message: `An Administrator must fill in the year-end's filing details first (Year-end → Year-end settings, or paydesk year-end-settings):\n- ${problems.join('\n- ')}`,
    });
  }
  return filing;
}

interface FileOut {
  name: string;
  path: string;
  bytes: number;
  sha256: string;
}

const RECIPIENTS = 'recipients';
const STAGING = /^\.recipients\.(tmp|old)-/;
const execFileAsync = promisify(execFile);

/**
 * Makes the files of a folder durable. Linux: one syncfs(2) (`sync -f`) flushes them all at once,
 * where an fsync per file costs a journal commit each (5,000 copies: seconds on a busy disk).
 * Elsewhere, or if `sync` is missing: an fsync per file, 16 at a time.
 */
async function flushFiles(dir: string, names: readonly string[]): Promise<void> {
  if (process.platform === 'linux') {
    try {
      await execFileAsync('sync', ['-f', dir]);
      return;
    } catch {
      // No coreutils sync with -f: the portable way below.
    }
  }
  for (let i = 0; i < names.length; i += 16) {
    await Promise.all(
      names.slice(i, i + 16).map(async (name) => {
        const handle = await fs.promises.open(path.join(dir, name), 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }),
    );
  }
}

/**
 * Writes a run's recipient copies as they are drawn (16 at a time) into a hidden staging folder,
 * without an fsync each; at the end they are flushed at once (flushFiles), the staging folder is
 * renamed to `recipients` and the run's folder flushed: a crash leaves no `recipients` folder or the
 * whole new set, never half a folder (a staging folder left by a crash is removed by the next run).
 * The copies of an earlier run are moved aside at the start and removed while the new ones are drawn.
 */
class CopyWriter {
  private readonly waiting: Array<() => Promise<void>> = [];
  private readonly written: string[] = [];
  private readonly staging: string;
  private readonly removing: Promise<void>;
  private running = 0;
  private failure: unknown = null;
  private idle: Promise<void> = Promise.resolve();
  private release: () => void = () => {};

  constructor(
    private readonly folder: string,
    private readonly nameOf: (providerId: number) => string,
  ) {
    fs.mkdirSync(folder, { recursive: true });
    const stale = fs.readdirSync(folder).filter((n) => STAGING.test(n)).map((n) => path.join(folder, n));
    const tag = `${process.pid}-${Date.now()}`;
    // Copies of an earlier run for providers no longer due a return are removed: the folder holds this run's.
    const old = path.join(folder, RECIPIENTS);
    if (fs.existsSync(old)) {
      const aside = path.join(folder, `.recipients.old-${tag}`);
      fs.renameSync(old, aside);
      stale.push(aside);
    }
    this.removing = Promise.all(stale.map((d) => fs.promises.rm(d, { recursive: true, force: true }))).then(() => undefined);
    this.staging = path.join(folder, `.recipients.tmp-${tag}`);
    fs.mkdirSync(this.staging);
  }

  readonly add = (providerId: number, pdf: Buffer): void => {
    const name = path.basename(this.nameOf(providerId));
    this.waiting.push(() => fs.promises.writeFile(path.join(this.staging, name), pdf).then(() => void this.written.push(name)));
    this.pump();
  };

  private pump(): void {
    if (this.running === 0 && this.waiting.length > 0) this.idle = new Promise((resolve) => (this.release = resolve));
    while (this.running < 16 && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running += 1;
      void job()
        .catch((err: unknown) => (this.failure ??= err))
        .finally(() => {
          this.running -= 1;
          this.pump();
          if (this.running === 0 && this.waiting.length === 0) this.release();
        });
    }
  }

  async finish(files: Array<[name: string, data: string | Uint8Array]>): Promise<FileOut[]> {
    await this.idle;
    await this.removing;
    if (this.failure) {
      await fs.promises.rm(this.staging, { recursive: true, force: true });
      throw this.failure;
    }
    await flushFiles(this.staging, this.written);
    fsyncDir(this.staging);
    fs.renameSync(this.staging, path.join(this.folder, RECIPIENTS));
    const out: FileOut[] = [];
    for (const [name, data] of files) {
      const file = path.join(this.folder, name);
      const w: Written = typeof data === 'string' ? writeFileAtomicSync(file, data) : await writeFileAtomic(file, data);
      out.push({ name, path: file, bytes: w.bytes, sha256: w.sha256 });
    }
    fsyncDir(this.folder);
    return out;
  }
}

function refuseIfFiled(s: YearState, year: number): void {
  if (s.onFile) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'year-end.filed',
      message: `${year} is already filed: its returns cannot be generated again. Make a corrected-returns file for what changed (Corrections, or paydesk year-end --year ${year} --corrections).`,
    });
  }
}

/** The recipient copies, the filing file and the CSV of a year not yet filed; an audit event records it. */
export async function generate(ctx: HandlerContext, year: number): Promise<YearEndOutputs> {
  const progress = (done: number, total: number, message: string) => ctx.emit({ kind: 'progress', task: 'year-end', done, total, message });
  const { s, filing, folder, nowYear } = await ctx.store.read(async ({ db }) => {
    const state = await loadYear(db, year);
    refuseIfFiled(state, year);
    return { s: state, filing: await needFiling(db), folder: await yearFolder(db, ctx, year), nowYear: await agencyYear(db, ctx.now()) };
  });
  const names = fileNames(year);
  const irs = filingFile(year, 'original', filing, s.due, nowYear);
  const csv = renderReturnsCsv(year, s.due, { tins: 'whole', combinedFederalState: filing.combinedFederalState });
  const at = ctx.now().toISOString();
  const writer = new CopyWriter(folder, names.single);
  const copies = await renderRecipientCopies(year, filing, s.due, at, (done, total) => progress(done, total, 'recipient copies'), writer.add);
  const files = await writer.finish([[names.irs, irs], [names.csv, csv], [names.combined, copies.combined]]);
  const total = s.due.reduce((sum, r) => sum + r.amountCents, 0);
  await ctx.store.run(async ({ db }) => {
    await appendAudit(db, {
      actor: actorFor(ctx.caller!),
      at,
      entity: 'year_end',
      entityId: year,
      action: 'generate-1099',
      after: { taxYear: year, formBox: s.tax.settings.formBox, thresholdCents: s.tax.settings.thresholdCents, returns: s.due.length, totalCents: total },
      details: { folder, files: files.map((f) => ({ name: f.name, sha256: f.sha256 })) },
    });
  }, { locks: [AUDIT_CHAIN_LOCK] });
  return { taxYear: year, kind: 'original', folder, files, recipientCopies: copies.singles.size, returnCount: s.due.length, totalCents: total };
}

/**
 * Marks the year as filed: the file in the folder must be the one the figures give now (else they
 * changed since it was generated: generate again and check it). Stores the returns filed.
 */
export async function markFiled(ctx: HandlerContext, year: number) {
  const caller = ctx.caller!;
  const at = ctx.now().toISOString();
  return ctx.store.run(async (tx) => {
    const db = tx.db;
    const s = await loadYear(db, year);
    if (s.onFile) {
      const first = (await listFilings(db, year))[0];
      throw new AppError({ code: 'REFUSED', rule: 'year-end.filed', message: `${year} was already marked as filed by ${first.filedBy} at ${first.filedAt}.` });
    }
    const filing = await needFiling(db);
    const folder = await yearFolder(db, ctx, year);
    const file = path.join(folder, fileNames(year).irs);
    const expected = filingFile(year, 'original', filing, s.due, await agencyYear(db, ctx.now()));
    if (!fs.existsSync(file)) {
      throw new AppError({ code: 'REFUSED', rule: 'year-end.not-generated', message: `There is no filing file for ${year} at ${file}: generate it, send it to the IRS, then mark the year as filed.` });
    }
    if (fs.readFileSync(file, 'utf8') !== expected) {
      throw new AppError({
        code: 'REFUSED',
        rule: 'year-end.changed',
        message: `The figures of ${year} changed since its filing file was generated (or the file was changed): generate it again, check it, and file that one.`,
      });
    }
    const total = s.due.reduce((sum, r) => sum + r.amountCents, 0);
    const sha256 = writeDigest(expected);
    const id = await insertFiling(db, { year, kind: 'original', at, by: caller.id, settings: s.tax.settings, returns: s.due, onFile: s.due, folder, sha256 });
    await appendAudit(tx.db, {
      actor: actorFor(caller),
      at,
      entity: 'year_end',
      entityId: year,
      action: 'mark-1099-filed',
      after: { taxYear: year, filingId: id, returns: s.due.length, totalCents: total, sha256 },
      details: { returns: s.due.map((r) => ({ providerId: r.providerId, amountCents: r.amountCents, formBox: r.formBox })) },
    });
    return { id, kind: 'original' as const, filedAt: at, filedBy: caller.username, returnCount: s.due.length, totalCents: total, folder };
  }, { locks: [AUDIT_CHAIN_LOCK] });
}

const writeDigest = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * After filing: a corrected-returns file with only the payees whose return changed (G, or G then C,
 * Pub 1220), a separate file of late originals for payees newly due a return, their recipient
 * copies marked CORRECTED, and a CSV of both. Recorded as a filing of kind 'correction' (the
 * returns on file become the ones due now) with an audit event.
 */
export async function makeCorrections(ctx: HandlerContext, year: number): Promise<YearEndOutputs> {
  const caller = ctx.caller!;
  const progress = (done: number, total: number, message: string) => ctx.emit({ kind: 'progress', task: 'year-end', done, total, message });
  const { s, filing, folder, nowYear, made } = await ctx.store.read(async ({ db }) => {
    const state = await loadYear(db, year);
    if (!state.onFile) {
      throw new AppError({ code: 'REFUSED', rule: 'year-end.not-filed', message: `${year} is not filed yet: there is nothing to correct. Generate its returns and mark the year as filed.` });
    }
    if (state.changes.length === 0) {
      throw new AppError({ code: 'REFUSED', rule: 'year-end.no-change', message: `Nothing changed in ${year} since it was filed: no correction is needed.` });
    }
    const filings = await listFilings(db, year);
    return { s: state, filing: await needFiling(db), folder: await yearFolder(db, ctx, year), nowYear: await agencyYear(db, ctx.now()), made: filings.length - 1 };
  });
  const n = made + 1;
  const dir = path.join(folder, `correction-${n}`);
  const names = fileNames(year, `-correction-${n}`);
  const corrections = s.changes.flatMap((c) => c.corrections);
  const late = s.changes.flatMap((c) => (c.lateOriginal ? [c.lateOriginal] : []));
  const files: Array<[string, string | Uint8Array]> = [];
  if (corrections.length) files.push([names.irs, filingFile(year, 'correction', filing, corrections, nowYear)]);
  if (late.length) files.push([names.lateIrs, filingFile(year, 'original', filing, late, nowYear)]);
  const all = [...corrections, ...late];
  files.push([names.csv, renderReturnsCsv(year, all, { tins: 'whole', combinedFederalState: filing.combinedFederalState })]);
  // The recipient's copy shows the right figures: the C return after a G, else the G or the late original.
  const copiesOf = new Map<number, ReturnRow>();
  for (const r of all) copiesOf.set(r.providerId, r);
  const at = ctx.now().toISOString();
  const writer = new CopyWriter(dir, names.single);
  const copies = await renderRecipientCopies(year, filing, [...copiesOf.values()], at, (done, total) => progress(done, total, 'corrected recipient copies'), writer.add);
  files.push([names.combined, copies.combined]);
  const written = await writer.finish(files);
  const total = all.reduce((sum, r) => sum + r.amountCents, 0);
  await ctx.store.run(async (tx) => {
    // What is on file now: the returns due (a payee no longer due one was corrected to zero and is off file).
    const again = await loadYear(tx.db, year);
    if (JSON.stringify(again.changes) !== JSON.stringify(s.changes)) {
      throw new AppError({ code: 'CONFLICT', message: `The figures of ${year} changed while the corrections were made: make them again.` });
    }
    const id = await insertFiling(tx.db, {
      year, kind: 'correction', at, by: caller.id, settings: s.tax.settings, returns: all, onFile: s.due, folder: dir,
      sha256: written.find((f) => f.name === names.irs || f.name === names.lateIrs)?.sha256 ?? '',
    });
    await appendAudit(tx.db, {
      actor: actorFor(caller),
      at,
      entity: 'year_end',
      entityId: year,
      action: 'correct-1099',
      after: { taxYear: year, filingId: id, corrections: corrections.length, lateOriginals: late.length },
      details: { folder: dir, changes: s.changes.map((c) => ({ providerId: c.providerId, kinds: c.kinds, description: c.description })), files: written.map((f) => ({ name: f.name, sha256: f.sha256 })) },
    });
  }, { locks: [AUDIT_CHAIN_LOCK] });
  return { taxYear: year, kind: 'correction', folder: dir, files: written, recipientCopies: copies.singles.size, returnCount: all.length, totalCents: total };
}
