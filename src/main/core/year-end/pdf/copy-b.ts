import { FORM_BOX_SPECS, type TaxForm } from '../../../../shared/year-end/tax-year';
import { formatTin, maskTin } from '../../../../shared/year-end/tin';
import { GREY, LEFT, RIGHT, type PageContent, type Pen } from '../../export/pdf/doc';
import { money } from '../../export/pdf/format';
import type { ReturnRow } from '../returns';
import { checkbox, frame, leadParagraph, paragraph, vline, wrap } from './draw';
import { RECIPIENT_INSTRUCTIONS } from './instructions';

// Copy B (For Recipient) of Form 1099-NEC and Form 1099-MISC as PayDesk prints it: the official
// copy's boxes, numbers and titles in the official arrangement, the agency as payer, the
// recipient's TIN masked to its last four digits (as the IRS allows on a recipient's copy), and
// the instructions for recipient below. One page per return.
//
// A page is drawn in two passes: the template (every frame, label, the payer, the legend and the
// instructions: the same on every page of a year's form) and the fill (the recipient, the account
// number, the amount, CORRECTED). template.ts turns the first into a PDF form XObject drawn by
// every page, so a page's own content is a few lines of text.

/** The official revision whose boxes these pages follow. */
export const FORM_REVISION: Record<TaxForm, { revision: string; omb: string; title: string[]; site: string }> = {
  '1099-NEC': { revision: 'Rev. April 2025', omb: '1545-0116', title: ['Nonemployee', 'Compensation'], site: 'www.irs.gov/Form1099NEC' },
  '1099-MISC': { revision: 'Rev. April 2025', omb: '1545-0115', title: ['Miscellaneous', 'Information'], site: 'www.irs.gov/Form1099MISC' },
};

export const LEGEND =
  'This is important tax information and is being furnished to the IRS. If you are required to file a return, a negligence penalty or other sanction may be imposed on you if this income is taxable and the IRS determines that it has not been reported.';

/** The agency as payer, as its filing settings give it. */
export interface PayerIdentity {
  payerTin: string;
  payerName: string;
  payerAddress: string;
  payerCity: string;
  payerState: string;
  payerZip: string;
  payerPhone: string;
}

/** A box of the form. `fixed`: its value is the payer's, the same on every page (drawn with the template). */
type Cell = { x: number; y: number; w: number; h: number; label: string; no?: string; fixed?: boolean } & (
  | { kind: 'money'; cents: number | null }
  | { kind: 'check'; checked: boolean }
  | { kind: 'text'; lines: string[] }
);

const TOP = 58;
const LABEL = 6;

function zipText(zip: string): string {
  return zip.length === 9 ? `${zip.slice(0, 5)}-${zip.slice(5)}` : zip;
}
function phoneText(digits: string): string {
  const main = `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6, 10)}`;
  return digits.length > 10 ? `${main} ext. ${digits.slice(10)}` : main;
}

function labelLines(pen: Pen, c: Cell): { lines: string[]; noWidth: number } {
  const noWidth = c.no ? pen.width(`${c.no} `, { font: 'bold', size: LABEL + 0.5 }) : 0;
  return { noWidth, lines: wrap(pen, c.label, c.w - 6 - noWidth - (c.kind === 'check' ? 12 : 0), 'regular', LABEL) };
}

/** The box itself: frame, number, title, the "$" of a money box, the square of a checkbox. */
function drawCellTemplate(pen: Pen, c: Cell): void {
  frame(pen, c.x, c.y, c.w, c.h);
  const { lines, noWidth } = labelLines(pen, c);
  let y = c.y + 2.5;
  if (c.no) pen.text(c.no, c.x + 3, y, { font: 'bold', size: LABEL + 0.5 });
  for (const line of lines) {
    pen.text(line, c.x + 3 + noWidth, y, { size: LABEL, maxWidth: c.w - 6 - noWidth });
    y += LABEL * 1.15;
  }
  if (c.kind === 'money') pen.text('$', c.x + 3, c.y + c.h - 12, { size: 8.5 });
  if (c.kind === 'check') checkbox(pen, c.x + c.w - 11, c.y + c.h - 11, false);
}

/** What the box holds. */
function drawCellValue(pen: Pen, c: Cell): void {
  if (c.kind === 'money') {
    if (c.cents !== null) pen.text(money(c.cents).slice(1), c.x + c.w - 4, c.y + c.h - 12.5, { font: 'bold', size: 10, align: 'right' });
  } else if (c.kind === 'check') {
    if (c.checked) checkbox(pen, c.x + c.w - 11, c.y + c.h - 11, true);
  } else {
    const labelBottom = c.y + 2.5 + labelLines(pen, c).lines.length * LABEL * 1.15;
    let ty = Math.max(labelBottom + 1.5, c.y + 11);
    for (const line of c.lines) {
      pen.text(line, c.x + 4, ty, { size: 9, maxWidth: c.w - 6 });
      ty += 10.5;
    }
  }
}

interface Page {
  form: TaxForm;
  taxYear: number;
  payer: PayerIdentity;
  /** The return filled in; in the template pass a blank one (its values are not drawn). */
  ret: ReturnRow;
}

/** The cells both forms share: payer, TINs, recipient, address and account number, in the left column. */
function leftColumn(p: Page, w: number, rows: { tins: number; name: number; street: number; city: number; account: number }): Cell[] {
  const r = p.ret;
  const payerLines = [p.payer.payerName, p.payer.payerAddress, `${p.payer.payerCity}, ${p.payer.payerState} ${zipText(p.payer.payerZip)}`, phoneText(p.payer.payerPhone)];
  const street = [r.address.line1, r.address.line2].filter((l) => l.trim()).join(', ');
  const tin = r.tin && r.tinType ? maskTin(r.tinType, r.tin) : '(none on file)';
  const half = Math.round(w / 2);
  return [
    { x: LEFT, y: TOP, w, h: rows.tins - TOP, kind: 'text', fixed: true, lines: payerLines, label: "PAYER'S name, street address, city or town, state or province, country, ZIP or foreign postal code, and telephone no." },
    { x: LEFT, y: rows.tins, w: half, h: rows.name - rows.tins, kind: 'text', fixed: true, lines: [formatTin('EIN', p.payer.payerTin)], label: "PAYER'S TIN" },
    { x: LEFT + half, y: rows.tins, w: w - half, h: rows.name - rows.tins, kind: 'text', lines: [tin], label: "RECIPIENT'S TIN" },
    { x: LEFT, y: rows.name, w, h: rows.street - rows.name, kind: 'text', lines: [r.name, r.businessName].filter(Boolean), label: "RECIPIENT'S name" },
    { x: LEFT, y: rows.street, w, h: rows.city - rows.street, kind: 'text', lines: [street], label: 'Street address (including apt. no.)' },
    { x: LEFT, y: rows.city, w, h: rows.account - rows.city, kind: 'text', lines: [`${r.address.city}, ${r.address.state} ${r.address.postalCode}`], label: 'City or town, state or province, country, and ZIP or foreign postal code' },
  ];
}

/** The OMB number, form, revision and calendar year block, and the title and Copy B blocks to its right. */
function headBlocks(pen: Pen, p: Page, omb: { x: number; w: number; bottom: number }, right: { x: number; copyTop: number; copyBottom: number; legendBottom: number }): void {
  const f = FORM_REVISION[p.form];
  frame(pen, omb.x, TOP, omb.w, omb.bottom - TOP);
  const cx = omb.x + omb.w / 2;
  pen.text(`OMB No. ${f.omb}`, cx, TOP + 6, { size: 7, align: 'center' });
  pen.rule(TOP + 16, omb.x, omb.x + omb.w, 0.5, '#000000');
  pen.text(`Form ${p.form}`, cx, TOP + 22, { font: 'bold', size: 9, align: 'center' });
  pen.text(`(${f.revision})`, cx, TOP + 33, { size: 7, align: 'center' });
  pen.text('For calendar year', cx, TOP + 46, { size: 7, align: 'center' });
  pen.text(String(p.taxYear), cx, TOP + 56, { font: 'bold', size: 16, align: 'center' });
  f.title.forEach((line, i) => pen.text(line, right.x + 6, TOP + 14 + i * 16, { font: 'bold', size: 13, maxWidth: RIGHT - right.x - 8 }));
  pen.rule(right.copyTop, right.x, RIGHT, 0.5, '#000000');
  pen.text('Copy B', RIGHT - 6, right.copyTop + 4, { font: 'bold', size: 11, align: 'right' });
  pen.text('For Recipient', RIGHT - 6, right.copyTop + 17, { font: 'bold', size: 9, align: 'right' });
  pen.rule(right.copyBottom, right.x, RIGHT, 0.5, '#000000');
  paragraph(pen, LEGEND, right.x + 5, right.copyBottom + 4, RIGHT - right.x - 10, { size: 6.3, leading: 7.6 });
  vline(pen, RIGHT, TOP, right.legendBottom);
  pen.rule(TOP, right.x, RIGHT, 0.5, '#000000');
  pen.rule(right.legendBottom, right.x, RIGHT, 0.5, '#000000');
}

const CORRECTED_BOX = { x: 258, y: 40, size: 8 };

function drawCorrectedLabel(pen: Pen): void {
  checkbox(pen, CORRECTED_BOX.x, CORRECTED_BOX.y, false, CORRECTED_BOX.size);
  pen.text('CORRECTED (if checked)', 270, 40.5, { font: 'bold', size: 8 });
}

function drawFooter(pen: Pen, p: Page, y: number): void {
  const f = FORM_REVISION[p.form];
  pen.text(`Form ${p.form} (${f.revision})`, LEFT, y, { font: 'bold', size: 7 });
  pen.text('(keep for your records)', 188, y, { size: 7 });
  pen.text(f.site, 280, y, { size: 7 });
  pen.text('Department of the Treasury - Internal Revenue Service', RIGHT, y, { size: 7, align: 'right' });
}

interface FormLayout {
  cells: Cell[];
  bottom: number;
  head: (pen: Pen) => void;
}

function necLayout(p: Page): FormLayout {
  const r = p.ret;
  const [L, M] = [250, 145];
  const mx = LEFT + L;
  const rows = { tins: 158, name: 190, street: 224, city: 250, account: 276 };
  const bottom = 306;
  const amount = r.amountCents;
  const cells: Cell[] = [
    ...leftColumn(p, L, rows),
    { x: LEFT, y: rows.account, w: L, h: bottom - rows.account, kind: 'text', lines: [r.accountNumber], label: 'Account number (see instructions)' },
    { x: mx, y: rows.tins, w: M, h: rows.name - rows.tins, kind: 'money', no: '1', label: 'Nonemployee compensation', cents: amount },
    { x: mx, y: rows.name, w: M, h: rows.street - rows.name, kind: 'check', no: '2', label: 'Payer made direct sales totaling $5,000 or more of consumer products to recipient for resale', checked: false },
    { x: mx, y: rows.street, w: M, h: rows.city - rows.street, kind: 'money', no: '3', label: 'Excess golden parachute payments', cents: null },
    { x: mx, y: rows.city, w: M, h: rows.account - rows.city, kind: 'money', no: '4', label: 'Federal income tax withheld', cents: null },
    { x: mx, y: rows.account, w: 70, h: bottom - rows.account, kind: 'money', no: '5', label: 'State tax withheld', cents: null },
    { x: mx + 70, y: rows.account, w: 95, h: bottom - rows.account, kind: 'text', no: '6', label: "State/Payer's state no.", lines: [] },
    { x: mx + 165, y: rows.account, w: RIGHT - mx - 165, h: bottom - rows.account, kind: 'money', no: '7', label: 'State income', cents: null },
  ];
  const head = (pen: Pen) => headBlocks(pen, p, { x: mx, w: M, bottom: rows.tins }, { x: mx + M, copyTop: rows.tins, copyBottom: rows.name, legendBottom: rows.account });
  return { cells, bottom, head };
}

function miscLayout(p: Page): FormLayout {
  const r = p.ret;
  const L = 240;
  const [m1, m2, rx] = [LEFT + L, LEFT + L + 92, LEFT + L + 92 + 100];
  const box = FORM_BOX_SPECS[r.formBox].box;
  const at = (n: string) => (box === n ? r.amountCents : null);
  const rows = { tins: 158, name: 190, street: 222, city: 254, account: 286 };
  const [r8, r9, bottom] = [318, 350, 384];
  const money = (x: number, y: number, w: number, h: number, no: string, label: string): Cell => ({ x, y, w, h, kind: 'money', no, label, cents: at(no) });
  const cells: Cell[] = [
    ...leftColumn(p, L, rows),
    { x: LEFT, y: rows.account, w: L, h: r8 - rows.account, kind: 'text', lines: [r.accountNumber], label: 'Account number (see instructions)' },
    money(m1, TOP, 92, 50, '1', 'Rents'),
    money(m1, TOP + 50, 92, rows.tins - TOP - 50, '2', 'Royalties'),
    money(m1, rows.tins, 92, rows.name - rows.tins, '3', 'Other income'),
    money(m2, rows.tins, 100, rows.name - rows.tins, '4', 'Federal income tax withheld'),
    money(m1, rows.name, 92, rows.street - rows.name, '5', 'Fishing boat proceeds'),
    money(m2, rows.name, 100, rows.street - rows.name, '6', 'Medical and health care payments'),
    { x: m1, y: rows.street, w: 92, h: rows.city - rows.street, kind: 'check', no: '7', label: 'Payer made direct sales totaling $5,000 or more of consumer products to recipient for resale', checked: false },
    money(m2, rows.street, 100, rows.city - rows.street, '8', 'Substitute payments in lieu of dividends or interest'),
    money(m1, rows.city, 92, rows.account - rows.city, '9', 'Crop insurance proceeds'),
    money(m2, rows.city, 100, rows.account - rows.city, '10', 'Gross proceeds paid to an attorney'),
    money(m1, rows.account, 92, r8 - rows.account, '11', 'Fish purchased for resale'),
    money(m2, rows.account, 100, r8 - rows.account, '12', 'Section 409A deferrals'),
    { x: LEFT, y: r8, w: 120, h: r9 - r8, kind: 'check', no: '13', label: 'FATCA filing requirement', checked: false },
    { x: LEFT + 120, y: r8, w: L - 120, h: r9 - r8, kind: 'text', no: '14', label: 'Reserved for future use', lines: [] },
    money(m1, r8, RIGHT - m1, r9 - r8, '15', 'Nonqualified deferred compensation'),
    money(LEFT, r9, 160, bottom - r9, '16', 'State tax withheld'),
    { x: LEFT + 160, y: r9, w: 190, h: bottom - r9, kind: 'text', no: '17', label: "State/Payer's state no.", lines: [] },
    money(LEFT + 350, r9, RIGHT - LEFT - 350, bottom - r9, '18', 'State income'),
  ];
  const head = (pen: Pen) => headBlocks(pen, p, { x: m2, w: 100, bottom: rows.tins }, { x: rx, copyTop: rows.tins, copyBottom: rows.name, legendBottom: r8 });
  return { cells, bottom, head };
}

/** The instructions in two columns of about the same height, paragraphs kept whole. */
function drawInstructions(pen: Pen, form: TaxForm, top: number): void {
  pen.text('Instructions for Recipient', LEFT, top, { font: 'bold', size: 10 });
  const gap = 18;
  const colW = (RIGHT - LEFT - gap) / 2;
  const size = form === '1099-MISC' ? 6.6 : 7.4;
  const items = RECIPIENT_INSTRUCTIONS[form];
  const heights = items.map(([lead, text]) => (wrap(pen, `${lead} ${text}`, colW, 'regular', size).length + 0.5) * size * 1.22);
  const total = heights.reduce((a, b) => a + b, 0);
  // The split that makes the taller column as short as it can be.
  let split = 1;
  let best = Infinity;
  for (let k = 1, left = 0; k < items.length; k++) {
    left += heights[k - 1];
    const taller = Math.max(left, total - left);
    if (taller < best) [best, split] = [taller, k];
  }
  let y = top + 16;
  for (const [i, [lead, text]] of items.entries()) {
    if (i === split) y = top + 16;
    y = leadParagraph(pen, lead, text, i < split ? LEFT : LEFT + colW + gap, y, colW, size) + size * 0.5;
  }
}

const layoutOf = (p: Page) => (p.form === '1099-NEC' ? necLayout(p) : miscLayout(p));

/** A return with nothing in it, for the template pass. */
function blankReturn(form: TaxForm): ReturnRow {
  return {
    providerId: 0, accountNumber: '', formBox: form === '1099-NEC' ? '1099-NEC box 1' : '1099-MISC box 3', tinType: null, tin: null, name: '', businessName: '',
    address: { line1: '', line2: '', city: '', state: '', postalCode: '' }, amountCents: 0, corrected: '',
  };
}

/** Everything of a year's Copy B that is the same for every recipient: boxes, payer, legend, instructions. */
export function drawCopyBTemplate(pen: Pen, form: TaxForm, taxYear: number, payer: PayerIdentity): PageContent {
  const layout = layoutOf({ form, taxYear, payer, ret: blankReturn(form) });
  drawCorrectedLabel(pen);
  for (const c of layout.cells) {
    drawCellTemplate(pen, c);
    if (c.fixed) drawCellValue(pen, c);
  }
  layout.head(pen);
  drawFooter(pen, { form, taxYear, payer, ret: blankReturn(form) }, layout.bottom + 5);
  pen.rule(layout.bottom + 24, LEFT, RIGHT, 0.5, GREY);
  drawInstructions(pen, form, layout.bottom + 34);
  return pen.take();
}

/** What one return puts on its page over the template: recipient, account number, amount, CORRECTED. */
export function drawCopyBFill(pen: Pen, taxYear: number, payer: PayerIdentity, ret: ReturnRow): void {
  const form = FORM_BOX_SPECS[ret.formBox].form;
  if (ret.corrected !== '') checkbox(pen, CORRECTED_BOX.x, CORRECTED_BOX.y, true, CORRECTED_BOX.size);
  for (const c of layoutOf({ form, taxYear, payer, ret }).cells) if (!c.fixed) drawCellValue(pen, c);
}
