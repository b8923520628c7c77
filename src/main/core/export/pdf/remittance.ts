import { money } from './format';
import { formatAgeGroup, formatDate } from '../../../../shared/format';
import { maskAccount } from '../../../../shared/domain/routing';
import { PROVIDER_TYPE_LABELS } from '../../../../shared/domain/words';
import { batchDate, effectiveEntryDate, type BatchModel, type ItemModel, type LineModel, type PayeeModel, type RecoveryStepModel } from '../model';
import { GREY, LEFT, RIGHT, type PageContent, type Pen } from './doc';
import { drawFooter, drawHeader, FOOTER_Y, HEADER_BOTTOM } from './header';

// The remittance advice of one provider (DESIGN.md section 5): agency and provider blocks, the
// batch and period, each payment and adjustment with its calculation lines (days, rates,
// co-payment, amount), the totals and how it was paid, with the account masked. Rows are laid
// out before drawing, so every page knows "Page n of m".


interface Column {
  label: string;
  x: number;
  align: 'left' | 'right';
  value: (l: LineModel) => string;
}
const COLUMNS: Column[] = [
  { label: 'Age group', x: 210, align: 'left', value: (l) => formatAgeGroup(l.ageGroup) },
  { label: 'Full', x: 272, align: 'right', value: (l) => String(l.fullDays) },
  { label: 'Part', x: 298, align: 'right', value: (l) => String(l.partDays) },
  { label: 'Paid abs.', x: 338, align: 'right', value: (l) => String(l.paidAbsences) },
  { label: 'Cut', x: 362, align: 'right', value: (l) => String(l.daysCut) },
  { label: 'Full rate', x: 408, align: 'right', value: (l) => money(l.fullRateCents) },
  { label: 'Part rate', x: 454, align: 'right', value: (l) => money(l.partRateCents) },
  { label: 'Co-pay', x: 500, align: 'right', value: (l) => money(l.copayCents) },
  { label: 'Amount', x: RIGHT, align: 'right', value: (l) => money(l.subtotalCents) },
];

type Row =
  | { kind: 'item'; item: ItemModel }
  | { kind: 'line'; line: LineModel }
  | { kind: 'note'; text: string }
  | { kind: 'gap' }
  | { kind: 'recovery'; step: RecoveryStepModel };
const ROW_HEIGHT: Record<Row['kind'], number> = { item: 15, line: 12, note: 12, gap: 6, recovery: 15 };
const FIRST_TABLE_Y = 226;
const NEXT_TABLE_Y = 128;
const TABLE_BOTTOM = FOOTER_Y - 12;
const TOTALS_HEIGHT = 58;
/** The totals block's height: one more row when the batch took something toward a recovery. */
const totalsHeight = (payee: PayeeModel) => TOTALS_HEIGHT + (payee.recoveries.length ? 14 : 0);

function rowsOf(payee: PayeeModel): Row[] {
  const rows: Row[] = [];
  for (const item of payee.items) {
    rows.push({ kind: 'item', item });
    if (item.kind === 'adjustment' && item.adjustmentReason) rows.push({ kind: 'note', text: `Reason: ${item.adjustmentReason}` });
    for (const line of item.lines) rows.push({ kind: 'line', line });
    if (item.kind === 'payment' && item.lines.length === 0) rows.push({ kind: 'note', text: 'No calculation lines.' });
    rows.push({ kind: 'gap' });
  }
  // Overpayment recoveries (docs/recovery.md): what this batch took toward each, and what is left.
  for (const step of payee.recoveries) {
    rows.push({ kind: 'recovery', step });
    rows.push({
      kind: 'note',
      text: `Overpayment of ${money(-step.amountCents)}: ${money(step.cents)} recovered from this payment, balance left ${money(step.balanceAfterCents)}` +
        (step.balanceAfterCents === 0 ? ' (repaid).' : ', taken from your later payments.'),
    });
    if (step.first) rows.push({ kind: 'note', text: `The notice of overpayment for recovery ${step.recoveryId} is enclosed (how and by when to contest it).` });
    rows.push({ kind: 'gap' });
  }
  return rows;
}

/** Splits the rows into pages; the totals block goes on the last page, alone if need be. */
export function paginate(payee: PayeeModel): Row[][] {
  const pages: Row[][] = [[]];
  let y = FIRST_TABLE_Y;
  for (const row of rowsOf(payee)) {
    if (y + ROW_HEIGHT[row.kind] > TABLE_BOTTOM) {
      if (row.kind === 'gap') continue;
      pages.push([]);
      y = NEXT_TABLE_Y;
    }
    pages[pages.length - 1].push(row);
    y += ROW_HEIGHT[row.kind];
  }
  if (y + totalsHeight(payee) > TABLE_BOTTOM) pages.push([]);
  return pages;
}

export function paymentMethodLines(model: BatchModel, p: PayeeModel): string[] {
  if (model.payor.kind === 'third_party') {
    return [`Paid by ${model.payor.name} (third-party payor)`, `Invoices handed over ${formatDate(batchDate(model))}`, `${model.payor.name} confirms payment`];
  }
  if (p.method === 'ach') {
    return [
      `ACH credit to ${p.accountType ?? ''} account ${maskAccount(p.accountNumber) ?? ''}`,
      `Routing ${p.routingNumber ?? ''} · ${p.accountHolder === 'personal' ? 'PPD' : 'CCD'} · trace ${p.traceNumber ?? ''}`,
      `Effective ${formatDate(effectiveEntryDate(batchDate(model)))}`,
    ];
  }
  if (p.method === 'check') return [`Check no. ${p.checkNumber ?? ''}`, `Dated ${formatDate(batchDate(model))}`, 'Mailed to the address above'];
  return ['Nothing to pay: the net amount is zero'];
}

function drawPayeeBlock(pen: Pen, model: BatchModel, p: PayeeModel): void {
  const label = { size: 7.5, color: GREY, font: 'bold' } as const;
  pen.text('PAY TO', LEFT, HEADER_BOTTOM + 6, label);
  pen.text(p.name, LEFT, HEADER_BOTTOM + 18, { font: 'bold', size: 11, maxWidth: 270 });
  const details = [...p.addressLines, `Provider ${p.id} · ${PROVIDER_TYPE_LABELS[p.type]} · License ${p.licenseNumber}`];
  details.slice(0, 5).forEach((line, i) => pen.text(line, LEFT, HEADER_BOTTOM + 33 + i * 11, { size: 8.5, maxWidth: 270 }));

  const x = 330;
  pen.text('PAYMENT', x, HEADER_BOTTOM + 6, label);
  paymentMethodLines(model, p).forEach((line, i) =>
    pen.text(line, x, HEADER_BOTTOM + 18 + i * 11, { size: 8.5, font: i === 0 ? 'bold' : 'regular', maxWidth: RIGHT - x }),
  );
  pen.box(x, HEADER_BOTTOM + 56, RIGHT - x, 40, '#eeeeee');
  pen.text('Net amount', x + 8, HEADER_BOTTOM + 64, { size: 8.5, color: GREY });
  pen.text(money(p.netCents), RIGHT - 8, HEADER_BOTTOM + 74, { font: 'bold', size: 15, align: 'right' });
}

function drawTableHeader(pen: Pen, y: number): void {
  pen.box(LEFT, y - 3, RIGHT - LEFT, 14, '#e4e4e4');
  const o = { font: 'bold', size: 7.5 } as const;
  pen.text('Item / child', LEFT + 3, y, o);
  for (const c of COLUMNS) pen.text(c.label, c.align === 'right' ? c.x - 2 : c.x, y, { ...o, align: c.align });
}

function itemHeading(model: BatchModel, item: ItemModel): string {
  if (item.kind === 'payment') return `Payment ${item.paymentId} — ${model.period.label}`;
  const corrects = item.correctsPaymentId
    ? ` — corrects payment ${item.correctsPaymentId}${item.correctsPeriodLabel ? ` (${item.correctsPeriodLabel})` : ''}`
    : '';
  return `Adjustment ${item.paymentId}${corrects}`;
}

function drawRow(pen: Pen, model: BatchModel, row: Row, y: number): void {
  if (row.kind === 'item') {
    pen.text(itemHeading(model, row.item), LEFT + 3, y + 2, { font: 'bold', size: 8.5, maxWidth: 440 });
    pen.text(money(row.item.amountCents), RIGHT - 2, y + 2, { font: 'bold', size: 8.5, align: 'right' });
    pen.rule(y + 13, LEFT, RIGHT, 0.3, '#999999');
  } else if (row.kind === 'line') {
    const l = row.line;
    pen.text(l.label, LEFT + 12, y + 1, { size: 8, maxWidth: COLUMNS[0].x - LEFT - 18 });
    for (const c of COLUMNS) pen.text(c.value(l), c.align === 'right' ? c.x - 2 : c.x, y + 1, { size: 8, align: c.align });
  } else if (row.kind === 'recovery') {
    pen.text(`Recovery ${row.step.recoveryId} — overpayment (${row.step.reasonCode})`, LEFT + 3, y + 2, { font: 'bold', size: 8.5, maxWidth: 440 });
    pen.text(money(-row.step.cents), RIGHT - 2, y + 2, { font: 'bold', size: 8.5, align: 'right' });
    pen.rule(y + 13, LEFT, RIGHT, 0.3, '#999999');
  } else if (row.kind === 'note') {
    pen.text(row.text, LEFT + 12, y + 1, { font: 'italic', size: 8, color: GREY, maxWidth: RIGHT - LEFT - 24 });
  }
}

function drawTotals(pen: Pen, p: PayeeModel, y: number): void {
  const payments = p.items.filter((i) => i.kind === 'payment');
  const adjustments = p.items.filter((i) => i.kind === 'adjustment');
  const sum = (items: ItemModel[]) => items.reduce((s, i) => s + i.amountCents, 0);
  pen.rule(y, 330, RIGHT, 1, '#000000');
  const rows: Array<[string, number, boolean]> = [
    [`Payments (${payments.length})`, sum(payments), false],
    [`Adjustments (${adjustments.length})`, sum(adjustments), false],
    ...(p.recoveries.length ? [[`Recovered (${p.recoveries.length})`, -p.recoveries.reduce((s, r) => s + r.cents, 0), false] as [string, number, boolean]] : []),
    ['Net amount', p.netCents, true],
  ];
  rows.forEach(([label, cents, bold], i) => {
    const o = { size: bold ? 10 : 8.5, font: bold ? 'bold' : 'regular' } as const;
    pen.text(label, 336, y + 6 + i * 14, o);
    pen.text(money(cents), RIGHT - 2, y + 6 + i * 14, { ...o, align: 'right' });
  });
}

/** Draws this provider's pages. */
export function drawRemittance(pen: Pen, model: BatchModel, payee: PayeeModel): PageContent[] {
  const pages = paginate(payee);
  return pages.map((rows, index) => {
    drawHeader(pen, model, 'REMITTANCE ADVICE');
    let y: number;
    if (index === 0) {
      drawPayeeBlock(pen, model, payee);
      y = FIRST_TABLE_Y;
    } else {
      pen.text(`${payee.name} (continued)`, LEFT, HEADER_BOTTOM + 6, { font: 'bold', size: 10, maxWidth: RIGHT - LEFT });
      y = NEXT_TABLE_Y;
    }
    drawTableHeader(pen, y - 16);
    for (const row of rows) {
      drawRow(pen, model, row, y);
      y += ROW_HEIGHT[row.kind];
    }
    if (index === pages.length - 1) drawTotals(pen, payee, y + 4);
    drawFooter(pen, `PayDesk batch ${model.batch.id} · provider ${payee.id} · ${payee.name}`, index + 1, pages.length);
    return pen.take();
  });
}
