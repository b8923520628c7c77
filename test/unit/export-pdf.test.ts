import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCents } from '../../src/shared/domain/money';
import type { BatchModel, PayeeModel } from '../../src/main/core/export/model';
import { remittanceFileName } from '../../src/main/core/export/files/plan';
import { writeBatchFiles } from '../../src/main/core/export/write';
import { tempDir } from '../helpers/core';
import { fixtureModel, line } from './export-fixture';
import { pdfPagesText, sha256 } from './export-pdf-text';

let dir: string;
let cleanup: () => void;
let model: BatchModel;
let folder: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('paydesk-pdf-'));
  // One more provider with 60 children, so its remittance runs over several pages.
  const base = fixtureModel();
  const lines = Array.from({ length: 60 }, (_, k) => line(k + 1, `Child ${k + 1}, Long-Named (CASE-${String(k).padStart(7, '0')})`, 10000 + k));
  const big: PayeeModel = {
    ...base.payees.find((p) => p.method === 'check')!, id: 50, name: 'Big Learning Center 50', checkNumber: 100002,
    items: [{ paymentId: 501, kind: 'payment', amountCents: lines.reduce((s, l) => s + l.subtotalCents, 0), correctsPaymentId: null, correctsPeriodLabel: null, adjustmentReason: null, lines }],
    netCents: lines.reduce((s, l) => s + l.subtotalCents, 0),
  };
  const payees = [...base.payees, big];
  model = { ...base, payees, batch: { ...base.batch, itemCount: base.batch.itemCount + 1, totalCents: payees.reduce((s, p) => s + p.netCents, 0) } };
  folder = path.join(dir, 'batch-42');
  await writeBatchFiles(model, folder);
});
afterAll(() => cleanup());

describe('remittance and summary PDFs', () => {
  it('each provider PDF shows the provider, every line amount, every item amount and the net total', async () => {
    for (const p of model.payees) {
      const text = (await pdfPagesText(path.join(folder, remittanceFileName(p.id)))).join('\n');
      expect(text).toContain(p.name);
      expect(text).toContain(model.agency.name);
      expect(text).toContain('Service period: January 2026 (Jan 1, 2026 – Jan 31, 2026)');
      for (const item of p.items) {
        expect(text).toContain(formatCents(item.amountCents));
        for (const l of item.lines) expect(text).toContain(formatCents(l.subtotalCents));
      }
      expect(text).toContain('Net amount');
      expect(text).toContain(formatCents(p.netCents));
      if (p.method === 'ach') expect(text).toContain(`•••• ${p.accountNumber!.slice(-4)}`);
      if (p.method === 'ach') expect(text).not.toContain(p.accountNumber!);
      if (p.method === 'check') expect(text).toContain(`Check no. ${p.checkNumber}`);
    }
  });

  it('a long remittance runs over pages numbered "Page n of m"', async () => {
    const pages = await pdfPagesText(path.join(folder, remittanceFileName(50)));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((t, i) => expect(t).toContain(`Page ${i + 1} of ${pages.length}`));
    expect(pages[1]).toContain('Big Learning Center 50 (continued)');
    expect(pages.join('\n')).toContain('Child 60, Long-Named');
  });

  it('the combined PDF holds exactly the pages of the provider PDFs, in order', async () => {
    const combined = await pdfPagesText(path.join(folder, 'remittance-all-42.pdf'));
    const singles: string[] = [];
    for (const p of model.payees) singles.push(...(await pdfPagesText(path.join(folder, remittanceFileName(p.id)))));
    expect(combined).toEqual(singles);
  });

  it('the batch summary lists the total, the methods, the files, who was left out and every provider', async () => {
    const text = (await pdfPagesText(path.join(folder, 'summary-42.pdf'))).join('\n');
    expect(text).toContain('BATCH SUMMARY');
    expect(text).toContain(formatCents(model.batch.totalCents));
    for (const p of model.payees) {
      expect(text).toContain(p.name);
      expect(text).toContain(formatCents(p.netCents));
    }
    for (const f of ['ach-42.txt', 'payment-register-42.csv', 'check-register-42.csv', 'positive-pay-42.csv', 'remittance-all-42.pdf']) {
      expect(text).toContain(f);
    }
    expect(text).toContain('Held Home 20 (20)');
    expect(text).toContain('checks 100001–100002');
  });

  it('writing again gives byte-identical files', async () => {
    const again = path.join(dir, 'again');
    await writeBatchFiles(model, again);
    const list = (d: string) => fs.readdirSync(d, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(d, f)).isFile()).sort();
    expect(list(again)).toEqual(list(folder));
    for (const f of list(folder)) expect(sha256(path.join(again, f)), f).toBe(sha256(path.join(folder, f)));
    expect(list(folder).some((f) => f.includes('.tmp-'))).toBe(false);
  });

  it('renders to PNG with poppler (page 1 of the combined PDF and of the summary)', () => {
    const out = path.join(dir, 'png');
    fs.mkdirSync(out);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '2', path.join(folder, 'remittance-all-42.pdf'), path.join(out, 'remit')]);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', path.join(folder, 'summary-42.pdf'), path.join(out, 'summary')]);
    const pngs = fs.readdirSync(out);
    expect(pngs.length).toBe(3);
    for (const f of pngs) expect(fs.statSync(path.join(out, f)).size).toBeGreaterThan(10_000);
    if (process.env.PAYDESK_KEEP_PNG) for (const f of pngs) fs.copyFileSync(path.join(out, f), path.join(process.env.PAYDESK_KEEP_PNG, f));
  });
});
