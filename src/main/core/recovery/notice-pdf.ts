import { once } from 'node:events';
import type { RecoveryNoticeModel } from '../../../shared/recovery/notice';
import { addPageContent, createPdf, GREY, LEFT, PAGE, Pen, RIGHT, type PageContent } from '../export/pdf/doc';
import { money } from '../export/pdf/format';

// The notice of overpayment (DESIGN.md section 4), one page per recovery, drawn with the export's
// Pen so that its page can go into the combined remittance PDF beside the provider's remittance
// (as a PageContent) or into a PDF of its own. Deterministic: its only date is the notice's.

const FOOT_Y = PAGE.height - PAGE.margin - 8;
const WIDTH = RIGHT - LEFT;

/** Splits text into lines that fit `width` at the given size (words are never cut). */
export function wrap(pen: Pen, text: string, width: number, size: number, font: 'regular' | 'bold' | 'italic' = 'regular'): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const tried = current ? `${current} ${word}` : word;
    if (current && pen.width(tried, { size, font }) > width) {
      lines.push(current);
      current = word;
    } else current = tried;
  }
  if (current) lines.push(current);
  return lines;
}

/** Draws wrapped paragraphs from y; returns the y below them. */
function paragraph(pen: Pen, text: string, y: number, size = 9, font: 'regular' | 'bold' | 'italic' = 'regular'): number {
  for (const l of wrap(pen, text, WIDTH, size, font)) {
    pen.text(l, LEFT, y, { size, font });
    y += size + 4;
  }
  return y;
}

export function drawRecoveryNotice(pen: Pen, m: RecoveryNoticeModel): PageContent {
  const r = m.recovery;
  pen.text(m.agency.name, LEFT, 40, { font: 'bold', size: 13, maxWidth: 300 });
  pen.text('NOTICE OF OVERPAYMENT', RIGHT, 40, { font: 'bold', size: 14, align: 'right' });
  const small = { size: 8.5, color: GREY } as const;
  [...m.agency.addressLines, m.agency.phone].filter(Boolean).slice(0, 3).forEach((l, i) => pen.text(l, LEFT, 58 + i * 11, { ...small, maxWidth: 300 }));
  pen.text(`Notice date ${m.noticeDate}`, RIGHT, 58, { ...small, align: 'right' });
  pen.text(`Recovery ${r.id}`, RIGHT, 69, { ...small, align: 'right' });
  pen.rule(92, LEFT, RIGHT, 1, '#000000');

  const label = { size: 7.5, color: GREY, font: 'bold' } as const;
  pen.text('TO', LEFT, 104, label);
  pen.text(m.provider.name, LEFT, 116, { font: 'bold', size: 11, maxWidth: 270 });
  [...m.provider.addressLines, `Provider ${m.provider.id} · License ${m.provider.licenseNumber}`]
    .slice(0, 5)
    .forEach((l, i) => pen.text(l, LEFT, 131 + i * 11, { size: 8.5, maxWidth: 270 }));
  const bx = 330;
  pen.box(bx, 104, RIGHT - bx, 52, '#eeeeee');
  pen.text('Amount to be recovered', bx + 8, 112, { size: 8.5, color: GREY });
  pen.text(money(m.owedCents), RIGHT - 8, 128, { font: 'bold', size: 17, align: 'right' });

  let y = paragraph(
    pen,
    `Our review found that you were paid ${money(m.owedCents)} more than the rules allow for the service dates below. ` +
      'The agency will recover this amount from your later payments as shown.',
    204,
  );
  y += 8;
  const facts: Array<[string, string]> = [
    ['Total to be recovered', money(m.owedCents)],
    ['Service dates', `${r.serviceFrom} – ${r.serviceTo}`],
    ['Reason', `${r.reasonLabel} (${r.reasonCode})`],
    ['How it is recovered', m.planText],
    ...(r.correctsPaymentIds.length ? [[r.correctsPaymentIds.length === 1 ? 'Corrects payment' : 'Corrects payments', r.correctsPaymentIds.join(', ')] as [string, string]] : []),
    ['Contest by', `${m.contestBy} (${m.contestDays} days from the notice date)`],
  ];
  for (const [k, v] of facts) {
    pen.rule(y - 3, LEFT, RIGHT, 0.3, '#bbbbbb');
    pen.text(k, LEFT + 3, y + 1, { font: 'bold', size: 9 });
    pen.text(v, LEFT + 150, y + 1, { size: 9, maxWidth: WIDTH - 153 });
    y += 17;
  }
  pen.rule(y - 3, LEFT, RIGHT, 0.3, '#bbbbbb');

  y += 18;
  pen.text('HOW TO CONTEST THIS NOTICE', LEFT, y, label);
  y += 14;
  for (const p of m.contestText) y = paragraph(pen, p, y) + 6;

  pen.rule(FOOT_Y - 5);
  pen.text(`PayDesk notice of overpayment · recovery ${r.id} · provider ${m.provider.id} · ${m.provider.name}`, LEFT, FOOT_Y, { size: 7.5, color: GREY, maxWidth: 400 });
  pen.text('Page 1 of 1', RIGHT, FOOT_Y, { size: 7.5, color: GREY, align: 'right' });
  return pen.take();
}

/** The notice as a PDF of its own. */
export async function renderRecoveryNotice(m: RecoveryNoticeModel): Promise<Buffer> {
  const doc = createPdf({
    title: `Notice of overpayment — recovery ${m.recovery.id}`,
    subject: `PayDesk recovery ${m.recovery.id}, ${m.provider.name}`,
    author: m.agency.name,
    createdAt: `${m.noticeDate}T00:00:00Z`,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = once(doc, 'end');
  addPageContent(doc, drawRecoveryNotice(new Pen(), m));
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
