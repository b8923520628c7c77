import type { FontName, Pen } from '../../export/pdf/doc';

// Drawing on top of the export's Pen (which writes text, horizontal rules and filled boxes):
// frames, vertical lines, checkboxes and wrapped text for the recipient copies.

export const LINE = '#000000';

export function vline(pen: Pen, x: number, y1: number, y2: number, width = 0.5): void {
  pen.box(x - width / 2, y1, width, y2 - y1, LINE);
}

export function frame(pen: Pen, x: number, y: number, w: number, h: number, width = 0.5): void {
  pen.rule(y, x, x + w, width, LINE);
  pen.rule(y + h, x, x + w, width, LINE);
  vline(pen, x, y, y + h, width);
  vline(pen, x + w, y, y + h, width);
}

export function checkbox(pen: Pen, x: number, y: number, checked: boolean, size = 7): void {
  frame(pen, x, y, size, size, 0.6);
  if (checked) pen.text('X', x + size / 2, y + 0.6, { font: 'bold', size: size - 0.5, align: 'center' });
}

const wrapped = new Map<string, string[]>();

/**
 * Splits text into lines no wider than `width` (a word longer than the line is cut by the Pen's
 * ellipsis). Remembered: every copy wraps the same labels.
 */
export function wrap(pen: Pen, text: string, width: number, font: FontName, size: number): string[] {
  const key = `${font}|${size}|${width}|${text}`;
  const known = wrapped.get(key);
  if (known) return known;
  const lines = wrapText(pen, text, width, font, size);
  if (wrapped.size < 10_000) wrapped.set(key, lines);
  return lines;
}

function wrapText(pen: Pen, text: string, width: number, font: FontName, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && pen.width(candidate, { font, size }) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** Draws wrapped text from (x, y) down; returns the y below its last line. */
export function paragraph(pen: Pen, text: string, x: number, y: number, width: number, o: { font?: FontName; size?: number; leading?: number; color?: string } = {}): number {
  const font = o.font ?? 'regular';
  const size = o.size ?? 7;
  const leading = o.leading ?? size * 1.22;
  for (const line of wrap(pen, text, width, font, size)) {
    pen.text(line, x, y, { font, size, color: o.color, maxWidth: width });
    y += leading;
  }
  return y;
}

/**
 * A paragraph that starts with a bold lead-in ("Box 1.") on its first line, as the IRS prints its
 * recipient instructions. Returns the y below it.
 */
export function leadParagraph(pen: Pen, lead: string, text: string, x: number, y: number, width: number, size = 7): number {
  const leading = size * 1.22;
  const leadWidth = pen.width(`${lead} `, { font: 'bold', size });
  const words = text.split(/\s+/).filter(Boolean);
  // The first line holds the lead-in and as many words as fit after it.
  let first = '';
  while (words.length > 0 && leadWidth + pen.width(first ? `${first} ${words[0]}` : words[0], { size }) <= width) {
    first = first ? `${first} ${words.shift()}` : words.shift()!;
  }
  pen.text(lead, x, y, { font: 'bold', size });
  pen.text(first, x + leadWidth, y, { size, maxWidth: width - leadWidth });
  return paragraph(pen, words.join(' '), x, y + leading, width, { size, leading });
}
