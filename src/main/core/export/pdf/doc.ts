import zlib from 'node:zlib';
import PDFDocument from 'pdfkit';
import { ASCENDER, FONT_FACES, FONT_RESOURCE, hex, textWidth, winAnsi, type FontName } from './fonts';

// The export's PDFs: pdfkit makes the document (pages, objects, compression, cross-reference),
// and a Pen writes each page's content stream itself. Laying out text through pdfkit's text()
// costs about 25 µs a call (kerning, line wrapping, one stream write per operator); a page of
// the remittance has ~120 cells and the combined PDF 5,000 pages. The Pen writes plain text
// operators (no kerning, so widths are exact sums) into one string per page.
//
// Deterministic: the creation date is the batch's (pdfkit derives the trailer /ID from the info
// dictionary, so it is fixed too), only standard fonts, nothing random.

export type Doc = PDFKit.PDFDocument;
export type { FontName } from './fonts';

export const PAGE = { width: 612, height: 792, margin: 40 } as const;
export const LEFT = PAGE.margin;
export const RIGHT = PAGE.width - PAGE.margin;
export const GREY = '#555555';
export const INK = '#000000';

export interface PdfMeta {
  title: string;
  subject: string;
  author: string;
  /** The batch's created_at: the only date the document carries. */
  createdAt: string;
}

export function createPdf(meta: PdfMeta): Doc {
  const created = new Date(meta.createdAt);
  return new PDFDocument({
    size: 'LETTER',
    margin: PAGE.margin,
    autoFirstPage: false,
    compress: true,
    // No default font: the Pen brings its own font resources, and pdfkit would parse a metrics file per document.
    font: null as unknown as string,
    info: { Title: meta.title, Subject: meta.subject, Author: meta.author, Creator: 'PayDesk', Producer: 'PayDesk (pdfkit)', CreationDate: created, ModDate: created },
  });
}

export interface TextOptions {
  font?: FontName;
  size?: number;
  color?: string;
  /** Right: x is the right edge. Center: x is the middle. */
  align?: 'left' | 'right' | 'center';
  /** Longer text is cut with an ellipsis to fit. */
  maxWidth?: number;
}

/**
 * A finished page: its content stream, compressed once, and the fonts it uses. The same page goes
 * into the combined PDF and into the provider's own PDF without being drawn or compressed twice.
 */
export interface PageContent {
  stream: Buffer;
  fonts: FontName[];
}

/** pdfkit's page set-up (its y axis points down), which the page's own stream repeats. */
const FLIP = `1 0 0 -1 0 ${PAGE.height} cm`;

/** The parts of pdfkit's page content object that addPageContent sets. */
interface StreamRef {
  buffer: Uint8Array[];
  compress: boolean;
  uncompressedLength: number;
  data: Record<string, unknown>;
  write(chunk: Uint8Array): void;
}

/** What a Pen drew, for the benchmark's raw pdfkit loop that draws the same pages. */
export type DrawOp =
  | { op: 'text'; text: string; x: number; y: number; font: FontName; size: number; color: string }
  | { op: 'rule'; x1: number; x2: number; y: number; width: number; color: string }
  | { op: 'box'; x: number; y: number; w: number; h: number; color: string }
  | { op: 'page' };

const n = (v: number) => {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
};
function rgb(color: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) throw new Error(`colour ${color} is not #rrggbb`);
  return [m[1], m[2], m[3]].map((h) => n(parseInt(h, 16) / 255)).join(' ');
}

const fontRefs = new WeakMap<Doc, Map<FontName, PDFKit.PDFKitReference>>();

function fontRef(doc: Doc, font: FontName): PDFKit.PDFKitReference {
  let refs = fontRefs.get(doc);
  if (!refs) fontRefs.set(doc, (refs = new Map()));
  let ref = refs.get(font);
  if (!ref) {
    ref = doc.ref({ Type: 'Font', Subtype: 'Type1', BaseFont: FONT_FACES[font], Encoding: 'WinAnsiEncoding' });
    ref.end(undefined);
    refs.set(font, ref);
  }
  return ref;
}

/** Adds a page to `doc` with the given content (drawn by a Pen, here or for another document). */
export function addPageContent(doc: Doc, page: PageContent): void {
  doc.addPage();
  const resources = (doc.page as unknown as { resources: { data: { Font?: Record<string, unknown> } } }).resources.data;
  resources.Font = {};
  for (const f of page.fonts) resources.Font[FONT_RESOURCE[f]] = fontRef(doc, f);
  // pdfkit has written its page set-up (FLIP) into the stream; the page's stream starts with the
  // same, already compressed, so it replaces pdfkit's and is written as it is.
  const content = (doc.page as unknown as { content: StreamRef }).content;
  content.buffer = [];
  content.uncompressedLength = 0;
  content.compress = false;
  content.data.Length = 0;
  content.data.Filter = 'FlateDecode';
  content.write(page.stream);
}

export class Pen {
  private ops: string[] = [];
  private fonts = new Set<FontName>();
  private color = INK;

  constructor(private readonly trace?: (op: DrawOp) => void) {}

  width(s: string, o: TextOptions = {}): number {
    return textWidth(winAnsi(s), o.font ?? 'regular', o.size ?? 9);
  }

  private fill(color: string): void {
    if (color !== this.color) {
      this.ops.push(`${rgb(color)} rg`);
      this.color = color;
    }
  }

  text(s: string, x: number, y: number, o: TextOptions = {}): void {
    if (!s) return;
    const font = o.font ?? 'regular';
    const size = o.size ?? 9;
    const color = o.color ?? INK;
    let codes = winAnsi(s);
    let shown = s;
    let w = textWidth(codes, font, size);
    if (o.maxWidth !== undefined && w > o.maxWidth) {
      const ellipsis = textWidth([0x85], font, size);
      let k = codes.length;
      while (k > 1 && (textWidth(codes.slice(0, k), font, size) + ellipsis > o.maxWidth || codes[k - 1] === 0x20)) k--;
      shown = `${[...s.normalize('NFC')].slice(0, k).join('')}…`; // one code per code point
      codes = [...codes.slice(0, k), 0x85];
      w = textWidth(codes, font, size);
    }
    const left = o.align === 'right' ? x - w : o.align === 'center' ? x - w / 2 : x;
    this.fill(color);
    this.fonts.add(font);
    // pdfkit's page is flipped (y grows downwards); the text matrix flips glyphs back upright.
    this.ops.push(`BT /${FONT_RESOURCE[font]} ${n(size)} Tf 1 0 0 -1 ${n(left)} ${n(y + ASCENDER * size)} Tm <${hex(codes)}> Tj ET`);
    this.trace?.({ op: 'text', text: shown, x: left, y, font, size, color });
  }

  rule(y: number, x1: number = LEFT, x2: number = RIGHT, width = 0.5, color = GREY): void {
    this.ops.push(`q ${n(width)} w ${rgb(color)} RG ${n(x1)} ${n(y)} m ${n(x2)} ${n(y)} l S Q`);
    this.trace?.({ op: 'rule', x1, x2, y, width, color });
  }

  box(x: number, y: number, w: number, h: number, color: string): void {
    this.ops.push(`q ${rgb(color)} rg ${n(x)} ${n(y)} ${n(w)} ${n(h)} re f Q`);
    this.trace?.({ op: 'box', x, y, w, h, color });
  }

  /** Ends the page being drawn and returns it; the next text starts a new page. */
  take(): PageContent {
    const text = `${FLIP}\n${this.ops.join('\n')}\n`;
    const page: PageContent = { stream: zlib.deflateSync(Buffer.from(text, 'latin1')), fonts: [...this.fonts].sort() };
    this.ops = [];
    this.fonts.clear();
    this.color = INK;
    this.trace?.({ op: 'page' });
    return page;
  }
}
