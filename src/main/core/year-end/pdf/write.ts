import { once } from 'node:events';
import { createPdf, type Doc } from '../../export/pdf/doc';
import type { ReturnRow } from '../returns';
import type { PayerIdentity } from './copy-b';
import { CopyBPages } from './template';

// The recipient copies of a tax year as PDF bytes: one document per return (to send or print on
// its own) and one with every page in order (to print the lot). Each page is drawn and compressed
// once and goes into both, over its form's template (template.ts). Deterministic: the only date
// is the one given (the year-end run's).

export interface RecipientCopies {
  /** Provider id → its copy's PDF. */
  singles: Map<number, Buffer>;
  combined: Buffer;
}

function bytes(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  return once(doc, 'end').then(() => Buffer.concat(chunks));
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function renderRecipientCopies(
  taxYear: number,
  payer: PayerIdentity,
  returns: readonly ReturnRow[],
  createdAt: string,
  progress: (done: number, total: number) => void = () => {},
  /** Called with each single copy as soon as it is made (to write it while the next ones are drawn). */
  onSingle: (providerId: number, pdf: Buffer) => void = () => {},
): Promise<RecipientCopies> {
  const meta = (title: string) => ({ title, subject: `Forms 1099 for ${taxYear}, Copy B for recipient`, author: payer.payerName, createdAt });
  const combined = createPdf(meta(`Forms 1099 for ${taxYear}: recipient copies`));
  const combinedBytes = bytes(combined);
  const singles = new Map<number, Buffer>();
  const pending: Array<Promise<void>> = [];
  const pages = new CopyBPages(taxYear, payer);
  const seen = new Set<number>();
  for (const [i, ret] of returns.entries()) {
    if (seen.has(ret.providerId)) throw new Error(`two recipient copies for provider ${ret.providerId}`);
    seen.add(ret.providerId);
    const page = pages.page(ret);
    const single = createPdf(meta(`Form 1099 for ${taxYear}: ${ret.name}`));
    const done = bytes(single).then((b) => {
      singles.set(ret.providerId, b);
      onSingle(ret.providerId, b);
    });
    pages.add(single, page);
    pages.add(combined, page);
    single.end();
    pending.push(done);
    if (i % 50 === 49) {
      progress(i + 1, returns.length);
      await tick();
    }
  }
  combined.end();
  await Promise.all(pending);
  progress(returns.length, returns.length);
  return { singles, combined: await combinedBytes };
}
