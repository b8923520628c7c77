import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pen } from '../../src/main/core/export/pdf/doc';
import { drawRaw } from '../../src/main/core/year-end/pdf/ops';
import { computeYearEnd } from '../../src/main/core/year-end/amounts';
import { LEGEND } from '../../src/main/core/year-end/pdf/copy-b';
import { renderRecipientCopies, type RecipientCopies } from '../../src/main/core/year-end/pdf/write';
import { returnsOf, type ReturnRow } from '../../src/main/core/year-end/returns';
import { filingSettings } from '../../src/shared/year-end/filing';
import { tempDir } from '../helpers/core';
import { pdfPagesText } from './export-pdf-text';
import { exported, provider } from './year-end-fixture';

const payer = filingSettings.parse({
  tcc: '12AB3', payerTin: '37-6000001', payerName: 'Prairie County Child Care Assistance', payerAddress: '200 Main Street, Suite 4',
  payerCity: 'Springfield', payerState: 'IL', payerZip: '627011234', payerPhone: '217-555-0100 x12', contactName: 'Dana Finance',
  contactPhone: '217-555-0101', contactEmail: 'dana@example.org',
});

const providers = [
  provider(1, 'Sunny Days Family Home', { legalName: 'María López', tinType: 'SSN', tin: '212345678', address: { line1: '12 Elm St', line2: 'Apt 3', city: 'Springfield', state: 'IL', postalCode: '62701-4321' } }),
  provider(2, 'Little Acorns LLC'),
  provider(3, 'No Paper Home', { legalName: '', tinType: null, tin: null, w9ReceivedOn: null }),
];
const events = [exported(1, 11, 399_575, '2026-05-05'), exported(2, 21, 250_000, '2026-05-05'), exported(3, 31, 1_234_567, '2026-05-05')];
const yearEnd = (formBox: '1099-NEC box 1' | '1099-MISC box 3') => returnsOf(computeYearEnd({ taxYear: 2026, formBox, thresholdCents: 200_000 }, providers, events));

let dir: string;
let cleanup: () => void;
let nec: RecipientCopies;
let necReturns: ReturnRow[];

async function write(copies: RecipientCopies, name: string): Promise<{ combined: string; singles: Map<number, string> }> {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  const combined = path.join(folder, 'all.pdf');
  fs.writeFileSync(combined, copies.combined);
  const singles = new Map<number, string>();
  for (const [id, bytes] of copies.singles) {
    singles.set(id, path.join(folder, `${id}.pdf`));
    fs.writeFileSync(singles.get(id)!, bytes);
  }
  return { combined, singles };
}

/** The page's text as one line: words wrapped over lines read as they do on paper. */
const flat = (page: string) => items(page).join(' ').replace(/\s+/g, ' ');

/** The page's text items, blanks dropped. */
const items = (page: string) => page.split('\n').filter((s) => s.trim());

interface Item {
  str: string;
  x: number;
  y: number;
}

/** Page 1's text items with where pdfjs places them (PDF coordinates: y grows upwards). */
async function positioned(file: string): Promise<Item[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  const doc = await task.promise;
  const content = await (await doc.getPage(1)).getTextContent();
  const out = content.items.flatMap((i) => ('str' in i && i.str.trim() ? [{ str: i.str, x: i.transform[4], y: i.transform[5] }] : []));
  await task.destroy();
  return out;
}

/**
 * Which box each amount is printed in: the box whose number is nearest above and to the left of
 * the amount (the number sits in the box's top-left corner). Box number → amount.
 */
function amountsByBox(page: Item[]): Map<string, string> {
  const numbers = page.filter((i) => /^\d{1,2}$/.test(i.str));
  const out = new Map<string, string>();
  for (const a of page.filter((i) => /^[\d,]+\.\d\d$/.test(i.str))) {
    const box = numbers
      .filter((nb) => nb.x <= a.x && nb.y > a.y && nb.y - a.y < 40)
      .sort((p, q) => q.x - p.x || p.y - a.y - (q.y - a.y))[0];
    if (!box) throw new Error(`the amount ${a.str} is in no box`);
    out.set(box.str, a.str);
  }
  return out;
}

/** Whether the CORRECTED box at the top holds its X. */
function correctedChecked(page: Item[]): boolean {
  const label = page.find((i) => i.str === 'CORRECTED (if checked)')!;
  return page.some((i) => i.str === 'X' && Math.abs(i.y - label.y) < 3 && i.x < label.x);
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('paydesk-1099-'));
  necReturns = yearEnd('1099-NEC box 1');
  nec = await renderRecipientCopies(2026, payer, necReturns, '2027-01-15T10:00:00.000Z');
});
afterAll(() => cleanup());

describe('recipient copies (Copy B)', () => {
  it('one page per provider: the agency as payer, the recipient masked, the amount in box 1, the legend and instructions', async () => {
    const files = await write(nec, 'nec');
    expect([...files.singles.keys()]).toEqual(necReturns.map((r) => r.providerId));
    for (const r of necReturns) {
      const pages = await pdfPagesText(files.singles.get(r.providerId)!);
      expect(pages.length).toBe(1);
      const text = pages[0];
      for (const s of [
        'Form 1099-NEC', '(Rev. April 2025)', 'OMB No. 1545-0116', 'For calendar year', '2026', 'Nonemployee', 'Compensation', 'Copy B', 'For Recipient',
        'Prairie County Child Care Assistance', '200 Main Street, Suite 4', 'Springfield, IL 62701-1234', '(217) 555-0100 ext. 12', '37-6000001',
        r.name, r.accountNumber, 'Instructions for Recipient',
      ]) expect(text, s).toContain(s);
      expect(flat(text)).toContain(LEGEND);
      expect(text).toContain('Nonemployee compensation');
      const amount = (r.amountCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
      expect([...amountsByBox(await positioned(files.singles.get(r.providerId)!))]).toEqual([['1', amount]]);
    }
    const lopez = (await pdfPagesText(files.singles.get(1)!))[0];
    expect(lopez).toContain('***-**-5678');
    expect(lopez).not.toContain('212-34-5678');
    expect(lopez).not.toContain('212345678');
    expect(lopez).toContain('Sunny Days Family Home');
    expect(lopez).toContain('Springfield, IL 62701-4321');
    expect([...amountsByBox(await positioned(files.singles.get(1)!))]).toEqual([['1', '3,995.75']]);
    expect((await pdfPagesText(files.singles.get(2)!))[0]).toContain('**-***0002');
    expect((await pdfPagesText(files.singles.get(3)!))[0]).toContain('(none on file)');
  });

  it('the combined PDF holds exactly the single copies\' pages, in the order of the returns', async () => {
    const files = await write(nec, 'nec-combined');
    const combined = await pdfPagesText(files.combined);
    const singles: string[] = [];
    for (const r of necReturns) singles.push(...(await pdfPagesText(files.singles.get(r.providerId)!)));
    expect(combined).toEqual(singles);
    expect(combined.length).toBe(3);
  });

  it('1099-MISC: the amount in the box the agency chose, every other box empty, CORRECTED marked on a correction', async () => {
    const misc = yearEnd('1099-MISC box 3').map((r) => (r.providerId === 2 ? { ...r, corrected: 'G' as const } : r));
    const files = await write(await renderRecipientCopies(2026, payer, misc, '2027-01-15T10:00:00.000Z'), 'misc');
    const text = (await pdfPagesText(files.singles.get(1)!))[0];
    for (const s of ['Form 1099-MISC', 'OMB No. 1545-0115', 'Miscellaneous', 'Information', 'Copy B']) expect(text).toContain(s);
    for (const title of ['Rents', 'Royalties', 'Other income', 'Medical and health care', 'Nonqualified deferred compensation', 'State income']) expect(text).toContain(title);
    const lopez = await positioned(files.singles.get(1)!);
    expect([...amountsByBox(lopez)]).toEqual([['3', '3,995.75']]);
    expect(correctedChecked(lopez)).toBe(false);
    expect(correctedChecked(await positioned(files.singles.get(2)!))).toBe(true);
    // The same return in box 6 when the agency chose box 6.
    const box6 = yearEnd('1099-MISC box 3').map((r) => ({ ...r, formBox: '1099-MISC box 6' as const }));
    const files6 = await write(await renderRecipientCopies(2026, payer, box6, '2027-01-15T10:00:00.000Z'), 'misc6');
    expect([...amountsByBox(await positioned(files6.singles.get(1)!))]).toEqual([['6', '3,995.75']]);
  });

  it('a page draws its own text with exactly the operators the Pen writes', () => {
    const draw = (pen: Pen) => {
      pen.text('María López — a name too long for its box, cut', 44, 120, { size: 9, maxWidth: 120 });
      pen.text('3,995.75', 430, 180, { font: 'bold', size: 10, align: 'right', color: '#555555' });
      pen.box(258, 40, 0.6, 8, '#000000');
      pen.rule(48, 258, 266, 0.6, '#000000');
      pen.text('X', 262, 40.6, { font: 'bold', size: 7.5, align: 'center' });
    };
    const pen = new Pen();
    draw(pen);
    const written = zlib.inflateSync(pen.take().stream).toString('latin1');
    const raw = drawRaw(draw);
    expect(written.slice(written.indexOf('\n') + 1)).toBe(raw.body);
    expect(raw.fonts).toEqual(['bold', 'regular']);
  });

  it('renders the same bytes again', async () => {
    const again = await renderRecipientCopies(2026, payer, necReturns, '2027-01-15T10:00:00.000Z');
    expect(again.combined.equals(nec.combined)).toBe(true);
    for (const [id, bytes] of nec.singles) expect(again.singles.get(id)!.equals(bytes)).toBe(true);
  });

  it('refuses two copies for one provider', async () => {
    await expect(renderRecipientCopies(2026, payer, [necReturns[0], necReturns[0]], '2027-01-15T10:00:00.000Z')).rejects.toThrow('two recipient copies for provider');
  });

  it('renders to PNG with poppler', async () => {
    const files = await write(nec, 'png-source');
    const out = path.join(dir, 'png');
    fs.mkdirSync(out);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', files.combined, path.join(out, 'copy-b')]);
    const pngs = fs.readdirSync(out);
    expect(pngs.length).toBe(1);
    expect(fs.statSync(path.join(out, pngs[0])).size).toBeGreaterThan(10_000);
    if (process.env.PAYDESK_KEEP_PNG) for (const f of pngs) fs.copyFileSync(path.join(out, f), path.join(process.env.PAYDESK_KEEP_PNG, f));
  });
});
