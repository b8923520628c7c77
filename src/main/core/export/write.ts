import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { BatchModel } from './model';
import { AtomicFile, fsyncDir, removeStaleTemps, writeFileAtomic, writeFileAtomicSync } from './files/atomic';
import { planFiles, REMITTANCE_DIR, remittanceFileName, summaryFileNames, type PlannedFile } from './files/plan';
import { addPageContent, createPdf, Pen, type Doc } from './pdf/doc';
import { drawRemittance } from './pdf/remittance';
import { drawSummary } from './pdf/summary';
import { renderPaymentRegister } from './files/registers';

// Writes every file of a batch into its folder: text files, the combined remittance PDF (streamed
// to disk page by page, so memory stays flat for 5,000 pages), one PDF per provider (the same
// page contents, drawn once) and the batch summary. Each file is written to a temporary name, flushed and
// renamed; the folders are flushed last. Writing again gives the same bytes.

export type Progress = (done: number, total: number, message: string) => void;

function meta(model: BatchModel, title: string) {
  return {
    title,
    subject: `PayDesk export batch ${model.batch.id}, ${model.period.label}, ${model.payor.name}`,
    author: model.agency.name,
    createdAt: model.batch.createdAt,
  };
}

/** Streams a document into a file that appears under its final name only once complete. */
async function finishTo(doc: Doc, file: string, draw: () => Promise<void> | void): Promise<void> {
  const out = new AtomicFile(file);
  try {
    doc.on('data', (chunk: Uint8Array) => out.write(chunk));
    const ended = once(doc, 'end');
    await draw();
    doc.end();
    await ended;
    out.commit();
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

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function writeRemittances(model: BatchModel, folder: string, files: PlannedFile[], progress: Progress): Promise<void> {
  const combinedName = files.find((f) => f.kind === 'remittance-all')!.name;
  const combined = createPdf(meta(model, `Remittance advice — batch ${model.batch.id}`));
  const pool = new WritePool(16);
  await finishTo(combined, path.join(folder, combinedName), async () => {
    const pen = new Pen();
    for (const [i, payee] of model.payees.entries()) {
      const pages = drawRemittance(pen, model, payee);
      const single = createPdf(meta(model, `Remittance advice — ${payee.name}`));
      const bytes = toBuffer(single);
      for (const page of pages) {
        addPageContent(combined, page);
        addPageContent(single, page);
      }
      single.end();
      await pool.add(bytes.then((b) => writeFileAtomic(path.join(folder, remittanceFileName(payee.id)), b)));
      if (i % 50 === 49) {
        progress(i + 1, model.payees.length, 'Writing remittance advice');
        await tick();
      }
    }
  });
  await pool.drain();
  progress(model.payees.length, model.payees.length, 'Writing remittance advice');
}

/** Writes (or rewrites) all files of the batch into `folder`. Returns the planned files. */
export async function writeBatchFiles(model: BatchModel, folder: string, progress: Progress = () => {}): Promise<PlannedFile[]> {
  const files = planFiles(model);
  const singlesDir = path.join(folder, REMITTANCE_DIR);
  fs.mkdirSync(singlesDir, { recursive: true });
  fsyncDir(path.dirname(folder));
  removeStaleTemps(folder);
  removeStaleTemps(singlesDir);

  for (const f of files) if (f.text) writeFileAtomicSync(path.join(folder, f.name), f.text());
  await writeRemittances(model, folder, files, progress);
  const summary = files.find((f) => f.kind === 'summary')!;
  const doc = createPdf(meta(model, `Batch summary — batch ${model.batch.id}`));
  await finishTo(doc, path.join(folder, summary.name), () => {
    for (const page of drawSummary(new Pen(), model, summaryFileNames(files))) addPageContent(doc, page);
  });

  fsyncDir(singlesDir);
  fsyncDir(folder);
  return files;
}

/** Planned files that are not on disk. */
export function missingFiles(model: BatchModel, folder: string): string[] {
  return planFiles(model)
    .map((f) => f.name)
    .filter((name) => !fs.existsSync(path.join(folder, name)));
}

/** One document of a batch, written to any file (the CLI's `report`): the same bytes as in the batch folder. */
export async function writeReport(model: BatchModel, kind: 'remittance' | 'summary' | 'register', file: string, providerId?: number): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (kind === 'register') {
    writeFileAtomicSync(file, renderPaymentRegister(model));
    return;
  }
  const files = planFiles(model);
  if (kind === 'summary') {
    const doc = createPdf(meta(model, `Batch summary — batch ${model.batch.id}`));
    await finishTo(doc, file, () => {
      for (const page of drawSummary(new Pen(), model, summaryFileNames(files))) addPageContent(doc, page);
    });
    return;
  }
  const payees = providerId === undefined ? model.payees : model.payees.filter((p) => p.id === providerId);
  const title = providerId === undefined ? `Remittance advice — batch ${model.batch.id}` : `Remittance advice — ${payees[0]?.name ?? ''}`;
  const doc = createPdf(meta(model, title));
  await finishTo(doc, file, async () => {
    const pen = new Pen();
    for (const [i, payee] of payees.entries()) {
      for (const page of drawRemittance(pen, model, payee)) addPageContent(doc, page);
      if (i % 50 === 49) await tick();
    }
  });
}
