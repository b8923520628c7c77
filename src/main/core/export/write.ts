import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { BatchModel } from './model';
import { AtomicFile, fsyncDir, removeStaleTemps, writeFileAtomic, writeFileAtomicSync, type Written } from './files/atomic';
import { planFiles, REMITTANCE_DIR, remittanceFileName, summaryFileNames, type PlannedFile } from './files/plan';
import { renderPaymentRegister } from './files/registers';
import { renderManifest } from './files/manifest';
import { addPageContent, createPdf, Pen, type Doc, type PageContent } from './pdf/doc';
import { drawRecoveryNotice } from '../recovery/notice-pdf';
import { drawRemittance } from './pdf/remittance';
import { drawSummary } from './pdf/summary';

// Writes every file of a batch into its folder: text files, the combined remittance PDF (streamed
// to disk page by page, so memory stays flat for 5,000 pages), one PDF per provider (the same
// page contents, drawn and compressed once) and the batch summary. Each file is written to a
// temporary name, flushed and renamed; the folders are flushed last. Writing again gives the
// same bytes.

export type Progress = (done: number, total: number, message: string) => void;
/** File name (relative to the batch folder) -> its size and SHA-256 as written. */
export type WrittenFiles = Map<string, Written>;

function meta(model: BatchModel, title: string) {
  return {
    title,
    subject: `PayDesk export batch ${model.batch.id}, ${model.period.label}, ${model.payor.name}`,
    author: model.agency.name,
    createdAt: model.batch.createdAt,
  };
}

const singleTitle = (name: string) => `Remittance advice — ${name}`;
const combinedTitle = (model: BatchModel) => `Remittance advice — batch ${model.batch.id}`;
const summaryTitle = (model: BatchModel) => `Batch summary — batch ${model.batch.id}`;

/** Streams a document into a file that appears under its final name only once complete. */
async function finishTo(doc: Doc, file: string, draw: () => Promise<void> | void): Promise<Written> {
  const out = new AtomicFile(file);
  try {
    doc.on('data', (chunk: Uint8Array) => out.write(chunk));
    const ended = once(doc, 'end');
    await draw();
    doc.end();
    await ended;
    return out.commit();
  } catch (err) {
    out.abandon();
    throw err;
  }
}

function toBuffer(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  return once(doc, 'end').then(() => Buffer.concat(chunks));
}

/** At most `limit` writes in flight; the first failure is thrown by the next add() or by drain(). */
class WritePool {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;
  constructor(private readonly limit: number) {}

  async add(work: Promise<void>): Promise<void> {
    const p = work.catch((err) => {
      this.failure ??= err;
    });
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    if (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }
}

/** The notices of the recoveries whose first step this batch took, printed after the provider's remittance. */
function noticePages(pen: Pen, payee: BatchModel['payees'][number]): PageContent[] {
  return payee.recoveries.flatMap((r) => (r.notice ? [drawRecoveryNotice(pen, r.notice)] : []));
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function writeRemittances(model: BatchModel, folder: string, files: PlannedFile[], written: WrittenFiles, progress: Progress): Promise<void> {
  const combinedName = files.find((f) => f.kind === 'remittance-all')!.name;
  const combined = createPdf(meta(model, combinedTitle(model)));
  const pool = new WritePool(16);
  const result = await finishTo(combined, path.join(folder, combinedName), async () => {
    const pen = new Pen();
    for (const [i, payee] of model.payees.entries()) {
      const pages = [...drawRemittance(pen, model, payee), ...noticePages(pen, payee)];
      const single = createPdf(meta(model, singleTitle(payee.name)));
      const bytes = toBuffer(single);
      for (const page of pages) {
        addPageContent(combined, page);
        addPageContent(single, page);
      }
      single.end();
      const name = remittanceFileName(payee.id);
      await pool.add(bytes.then(async (b) => void written.set(name, await writeFileAtomic(path.join(folder, name), b))));
      if (i % 50 === 49) {
        progress(i + 1, model.payees.length, 'Writing remittance advice');
        await tick();
      }
    }
  });
  written.set(combinedName, result);
  await pool.drain();
  progress(model.payees.length, model.payees.length, 'Writing remittance advice');
}

async function writeSummary(model: BatchModel, file: string, files: PlannedFile[]): Promise<Written> {
  const doc = createPdf(meta(model, summaryTitle(model)));
  return finishTo(doc, file, () => {
    for (const page of drawSummary(new Pen(), model, summaryFileNames(files))) addPageContent(doc, page);
  });
}

/** Writes (or rewrites) all files of the batch into `folder`. */
export async function writeBatchFiles(model: BatchModel, folder: string, progress: Progress = () => {}): Promise<WrittenFiles> {
  const files = planFiles(model);
  const written: WrittenFiles = new Map();
  const singlesDir = path.join(folder, REMITTANCE_DIR);
  fs.mkdirSync(singlesDir, { recursive: true });
  fsyncDir(path.dirname(folder));
  removeStaleTemps(folder);
  removeStaleTemps(singlesDir);

  for (const f of files) if (f.text) written.set(f.name, writeFileAtomicSync(path.join(folder, f.name), f.text()));
  await writeRemittances(model, folder, files, written, progress);
  const summary = files.find((f) => f.kind === 'summary')!;
  written.set(summary.name, await writeSummary(model, path.join(folder, summary.name), files));
  const manifest = files.find((f) => f.kind === 'manifest');
  if (manifest) {
    const others = files.filter((f) => f !== manifest).map((f) => ({ name: f.name, written: written.get(f.name)! }));
    written.set(manifest.name, writeFileAtomicSync(path.join(folder, manifest.name), renderManifest(model, others)));
  }

  fsyncDir(singlesDir);
  fsyncDir(folder);
  return written;
}

/** Planned files that are not on disk. */
export function missingFiles(model: BatchModel, folder: string): string[] {
  return planFiles(model)
    .map((f) => f.name)
    .filter((name) => !fs.existsSync(path.join(folder, name)));
}

/** One document of a batch, written to any file (the CLI's `report`): the same bytes as in the batch folder. */
export async function writeReport(model: BatchModel, kind: 'remittance' | 'summary' | 'register', file: string, providerId?: number): Promise<Written> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (kind === 'register') return writeFileAtomicSync(file, renderPaymentRegister(model));
  if (kind === 'summary') return writeSummary(model, file, planFiles(model));
  const payees = providerId === undefined ? model.payees : model.payees.filter((p) => p.id === providerId);
  const doc = createPdf(meta(model, providerId === undefined ? combinedTitle(model) : singleTitle(payees[0]?.name ?? '')));
  return finishTo(doc, file, async () => {
    const pen = new Pen();
    for (const [i, payee] of payees.entries()) {
      for (const page of [...drawRemittance(pen, model, payee), ...noticePages(pen, payee)]) addPageContent(doc, page);
      if (i % 50 === 49) await tick();
    }
  });
}
