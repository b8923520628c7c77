import { money } from './format';
import { formatDate, formatDateTime } from '../../../../shared/format';
import { batchDate, type BatchModel, type PayeeModel } from '../model';
import { methodLabel } from '../files/registers';
import { GREY, LEFT, RIGHT, type PageContent, type Pen } from './doc';
import { drawFlowPage, paginateFlow, type FlowRow } from './flow';
import { drawFooter, drawHeader } from './header';

const UTC = { locale: 'en-US', timeZone: 'UTC' };

// The batch summary: what the batch paid or handed over, by method, which files it produced,
// who was left out and why, every provider's net, and lines to sign.

interface Col {
  label: string;
  x: number;
  align?: 'right';
  width?: number;
}

function table(cols: Col[], values: string[][], title: string): FlowRow[] {
  const header: FlowRow = {
    height: 16,
    draw(pen, y) {
      pen.box(LEFT, y, RIGHT - LEFT, 13, '#e4e4e4');
      for (const c of cols) pen.text(c.label, c.align ? c.x - 3 : c.x + 3, y + 3, { font: 'bold', size: 7.5, align: c.align });
    },
  };
  const heading: FlowRow = { height: 20, keepWith: 20 + 16 + 12, draw: (pen, y) => pen.text(title, LEFT, y + 4, { font: 'bold', size: 10.5 }) };
  const rows = values.map(
    (cells): FlowRow => ({
      height: 12,
      header,
      draw(pen, y) {
        cols.forEach((c, i) => pen.text(cells[i], c.align ? c.x - 3 : c.x + 3, y + 1, { size: 8, align: c.align, maxWidth: c.width }));
      },
    }),
  );
  if (values.length === 0) rows.push({ height: 12, draw: (pen, y) => pen.text('None.', LEFT + 3, y + 1, { size: 8, color: GREY }) });
  return [heading, header, ...rows, { height: 8, draw: () => {} }];
}

function methodRows(model: BatchModel): string[][] {
  const groups = new Map<string, PayeeModel[]>();
  for (const p of model.payees) {
    const key = methodLabel(model, p);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups].map(([label, ps]) => {
    const checks = ps.map((p) => p.checkNumber).filter((n): n is number => n !== null);
    const note = checks.length ? `checks ${Math.min(...checks)}–${Math.max(...checks)}` : '';
    const items = ps.reduce((s, p) => s + p.items.length, 0);
    return [label, String(ps.length), String(items), note, money(ps.reduce((s, p) => s + p.netCents, 0))];
  });
}

export function summaryRows(model: BatchModel, fileNames: readonly string[]): FlowRow[] {
  const b = model.batch;
  const items = model.payees.flatMap((p) => p.items);
  const adjustments = items.filter((i) => i.kind === 'adjustment');
  const facts: Array<[string, string]> = [
    ['Created', `${formatDateTime(b.createdAt, UTC)} UTC by ${b.createdBy.displayName} (${b.createdBy.username})`],
    ['Payor', `${model.payor.name} (${model.payor.kind === 'direct' ? 'direct: the export pays' : 'third party: the export hands over'})`],
    ['Items', `${items.length} (${items.length - adjustments.length} payments, ${adjustments.length} adjustments)`],
    ['Providers', String(model.payees.length)],
    ['Total', money(b.totalCents)],
    ['Left out', `${model.leftOut.length} provider(s), ${model.leftOut.reduce((s, l) => s + l.paymentIds.length, 0)} item(s)`],
  ];
  // Shown only where the batch has them, so batches made before keep their bytes.
  if (b.releasedBy) facts.push(['Released by', `${b.releasedBy.displayName} (${b.releasedBy.username}), above the batch limit`]);
  if (b.anchor) facts.push(['Audit anchor', `event ${b.anchor.eventId}, ${b.anchor.hash}`]);
  const rows: FlowRow[] = facts.map(([k, v], i) => ({
    height: 14,
    draw(pen, y) {
      pen.text(k, LEFT, y + 2, { size: 9, color: GREY });
      pen.text(v, LEFT + 90, y + 2, { size: 9, font: i === 4 ? 'bold' : 'regular', maxWidth: RIGHT - LEFT - 90 });
    },
  }));
  rows.push({ height: 10, draw: () => {} });
  const right = { align: 'right' as const };
  rows.push(
    ...table(
      [{ label: 'Method', x: LEFT }, { label: 'Providers', x: 250, ...right }, { label: 'Items', x: 310, ...right }, { label: 'Numbers', x: 330 }, { label: 'Amount', x: RIGHT, ...right }],
      methodRows(model),
      'By payment method',
    ),
  );
  rows.push(...table([{ label: 'File', x: LEFT, width: RIGHT - LEFT - 6 }], fileNames.map((f) => [f]), 'Files of this batch'));
  rows.push(
    ...table(
      [{ label: 'Provider', x: LEFT, width: 170 }, { label: 'Payment IDs', x: 218, width: 60 }, { label: 'Amount', x: 336, ...right }, { label: 'Reason', x: 342, width: RIGHT - 348 }],
      model.leftOut.map((l) => [`${l.providerName} (${l.providerId})`, l.paymentIds.join(' '), money(l.amountCents), l.message]),
      'Left out (not in this batch)',
    ),
  );
  rows.push(
    ...table(
      [{ label: 'Provider', x: LEFT, width: 190 }, { label: 'ID', x: 262, ...right }, { label: 'Method', x: 270, width: 90 }, { label: 'Reference', x: 365 }, { label: 'Items', x: 490, ...right }, { label: 'Net', x: RIGHT, ...right }],
      model.payees.map((p) => [
        p.name, String(p.id), methodLabel(model, p),
        p.method === 'ach' ? (p.traceNumber ?? '') : p.method === 'check' ? `check ${p.checkNumber}` : '',
        String(p.items.length), money(p.netCents),
      ]),
      'Providers',
    ),
  );
  rows.push({
    height: 60,
    keepWith: 60,
    draw(pen, y) {
      for (const [i, who] of ['Prepared by', 'Approved by'].entries()) {
        const x = LEFT + i * 270;
        pen.rule(y + 36, x, x + 240, 0.5, '#000000');
        pen.text(`${who} (name, signature, date)`, x, y + 40, { size: 7.5, color: GREY });
      }
    },
  });
  return rows;
}

export function drawSummary(pen: Pen, model: BatchModel, fileNames: readonly string[]): PageContent[] {
  const pages = paginateFlow(summaryRows(model, fileNames));
  return pages.map((rows, i) => {
    drawHeader(pen, model, 'BATCH SUMMARY');
    drawFlowPage(pen, rows);
    drawFooter(pen, `PayDesk batch ${model.batch.id} · ${model.period.code} · ${model.payor.name} · ${formatDate(batchDate(model))}`, i + 1, pages.length);
    return pen.take();
  });
}
