import PDFDocument from 'pdfkit';

// The three standard Helvetica faces the export's PDFs use, in WinAnsi encoding (no embedding,
// nothing random). Glyph widths come from pdfkit's own font metrics, read once per process; text
// is written without kerning, so a string's width is exactly the sum of its glyph widths.

export const FONT_FACES = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;
export type FontName = keyof typeof FONT_FACES;
/** Resource names on the page (/FR, /FB, /FI). */
export const FONT_RESOURCE: Record<FontName, string> = { regular: 'FR', bold: 'FB', italic: 'FI' };
/** Helvetica's ascender (all three faces): text is placed by its top, like pdfkit does. */
export const ASCENDER = 0.718;

// WinAnsi (PDF 1.7 Annex D) codes 0x80-0x9F, by Unicode code point; the rest of Latin-1 maps to itself.
const WIN_ANSI_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88,
  0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93,
  0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b,
  0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};
const UNICODE_OF = new Map(Object.entries(WIN_ANSI_HIGH).map(([u, c]) => [c, Number(u)]));

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** WinAnsi bytes of a text; a character the standard fonts do not have becomes "?". */
export function winAnsi(text: string): number[] {
  const out: number[] = [];
  if (PRINTABLE_ASCII.test(text)) {
    for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i));
    return out;
  }
  for (const ch of text.normalize('NFC')) {
    const u = ch.codePointAt(0)!;
    if (u === 0x09 || u === 0x0a || u === 0x0d) out.push(0x20);
    else if ((u >= 0x20 && u < 0x7f) || (u >= 0xa0 && u <= 0xff)) out.push(u);
    else out.push(WIN_ANSI_HIGH[u] ?? 0x3f);
  }
  return out;
}

let widths: Record<FontName, Float64Array> | null = null;

/** Width of each WinAnsi code in thousandths of the font size. */
function widthTables(): Record<FontName, Float64Array> {
  if (widths) return widths;
  const doc = new PDFDocument({ autoFirstPage: false });
  const table = (face: string) => {
    doc.font(face).fontSize(1000);
    const w = new Float64Array(256);
    for (let code = 0x20; code <= 0xff; code++) {
      const u = code >= 0x80 && code <= 0x9f ? UNICODE_OF.get(code) : code;
      if (u !== undefined && code !== 0x7f) w[code] = doc.widthOfString(String.fromCodePoint(u));
    }
    return w;
  };
  widths = { regular: table(FONT_FACES.regular), bold: table(FONT_FACES.bold), italic: table(FONT_FACES.italic) };
  return widths;
}

export function textWidth(codes: readonly number[], font: FontName, size: number): number {
  const w = widthTables()[font];
  let sum = 0;
  for (const c of codes) sum += w[c];
  return (sum * size) / 1000;
}

export function hex(codes: readonly number[]): string {
  return Buffer.from(codes).toString('hex');
}
