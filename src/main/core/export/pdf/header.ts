import { formatDate } from '../../../../shared/format';
import { batchDate, type BatchModel } from '../model';
import { GREY, LEFT, PAGE, RIGHT, type Pen } from './doc';

// The band at the top and the line at the bottom of every page of the export's PDFs.

export const HEADER_BOTTOM = 98;
export const FOOTER_Y = PAGE.height - PAGE.margin - 8;

export function drawHeader(pen: Pen, model: BatchModel, title: string): void {
  const a = model.agency;
  const p = model.period;
  pen.text(a.name, LEFT, 40, { font: 'bold', size: 13, maxWidth: 300 });
  pen.text(title, RIGHT, 40, { font: 'bold', size: 14, align: 'right' });
  const small = { size: 8.5, color: GREY } as const;
  const left = [...a.addressLines, [a.taxId && `Tax ID ${a.taxId}`, a.phone].filter(Boolean).join(' · ')];
  const right = [
    `Batch ${model.batch.id} · ${formatDate(batchDate(model))}`,
    `Service period: ${p.label} (${formatDate(p.startDate)} – ${formatDate(p.endDate)})`,
    `Payor: ${model.payor.name}`,
  ];
  left.slice(0, 3).forEach((line, i) => pen.text(line, LEFT, 58 + i * 11, { ...small, maxWidth: 300 }));
  right.forEach((line, i) => pen.text(line, RIGHT, 58 + i * 11, { ...small, align: 'right', maxWidth: 260 }));
  pen.rule(HEADER_BOTTOM - 6, LEFT, RIGHT, 1, '#000000');
}

export function drawFooter(pen: Pen, left: string, page: number, pages: number): void {
  pen.rule(FOOTER_Y - 5);
  pen.text(left, LEFT, FOOTER_Y, { size: 7.5, color: GREY, maxWidth: 400 });
  pen.text(`Page ${page} of ${pages}`, RIGHT, FOOTER_Y, { size: 7.5, color: GREY, align: 'right' });
}
