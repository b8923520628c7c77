import zlib from 'node:zlib';
import { addPageContent, PAGE, Pen, type Doc, type PageContent } from '../../export/pdf/doc';
import { FONT_FACES, FONT_RESOURCE, type FontName } from '../../export/pdf/fonts';
import type { ReturnRow } from '../returns';
import { FORM_BOX_SPECS, type TaxForm } from '../../../../shared/year-end/tax-year';
import { drawCopyBFill, drawCopyBTemplate, type PayerIdentity } from './copy-b';
import { drawRaw } from './ops';

// A year's Copy B template as a PDF form XObject: drawn once, compressed once, put once into each
// document, and shown by every page with one "Do". A page's own content stream holds only what
// differs between recipients, so 5,000 pages cost little more than 5,000 names and amounts.
//
// The Pen writes pages in pdfkit's flipped coordinates (its stream starts with the flip). The
// template's stream is kept without that first line and drawn right after the page's own flip,
// so both use the same coordinates.

const RESOURCE: Record<TaxForm, string> = { '1099-NEC': 'YENEC', '1099-MISC': 'YEMISC' };

/** A page's own stream is about a kilobyte: a small window makes compressing it twice as fast. */
const SMALL_STREAM = { windowBits: 10, memLevel: 2 } as const;

interface Template {
  /** The template's drawing, without the flip, deflated. */
  stream: Buffer;
  fonts: FontName[];
  /** The page set-up line every page stream starts with. */
  flip: string;
}

function splitFlip(page: PageContent): { flip: string; body: string } {
  const text = zlib.inflateSync(page.stream).toString('latin1');
  const eol = text.indexOf('\n');
  const flip = text.slice(0, eol);
  if (!/^1 0 0 -1 0 [\d.]+ cm$/.test(flip)) throw new Error(`a page stream starts with "${flip}", not the page flip`);
  return { flip, body: text.slice(eol + 1) };
}

export class CopyBPages {
  private readonly templates = new Map<TaxForm, Template>();
  private readonly pen = new Pen();
  private readonly placed = new WeakMap<Doc, Map<TaxForm, PDFKit.PDFKitReference>>();

  constructor(
    private readonly taxYear: number,
    private readonly payer: PayerIdentity,
  ) {}

  private template(form: TaxForm): Template {
    let t = this.templates.get(form);
    if (!t) {
      const page = drawCopyBTemplate(this.pen, form, this.taxYear, this.payer);
      const { flip, body } = splitFlip(page);
      t = { stream: zlib.deflateSync(Buffer.from(body, 'latin1')), fonts: page.fonts, flip };
      this.templates.set(form, t);
    }
    return t;
  }

  /** One return's page: the template, then the return's own text. Add it to documents with `add`. */
  page(ret: ReturnRow): { form: TaxForm; content: PageContent } {
    const form = FORM_BOX_SPECS[ret.formBox].form;
    const { flip } = this.template(form);
    const fill = drawRaw((pen) => drawCopyBFill(pen, this.taxYear, this.payer, ret));
    const text = `${flip}\nq /${RESOURCE[form]} Do Q\n${fill.body}`;
    return { form, content: { stream: zlib.deflateSync(Buffer.from(text, 'latin1'), SMALL_STREAM), fonts: fill.fonts } };
  }

  /**
   * The template's XObject in this document, written the first time a page of its form goes in.
   * Its fonts are the page's own font objects where the page has them.
   */
  private xobject(doc: Doc, form: TaxForm, pageFonts: Record<string, PDFKit.PDFKitReference>): PDFKit.PDFKitReference {
    let refs = this.placed.get(doc);
    if (!refs) this.placed.set(doc, (refs = new Map()));
    let ref = refs.get(form);
    if (!ref) {
      const t = this.template(form);
      const Font: Record<string, PDFKit.PDFKitReference> = {};
      for (const f of t.fonts) {
        let font = pageFonts[FONT_RESOURCE[f]];
        if (!font) {
          font = doc.ref({ Type: 'Font', Subtype: 'Type1', BaseFont: FONT_FACES[f], Encoding: 'WinAnsiEncoding' });
          font.end(undefined);
        }
        Font[FONT_RESOURCE[f]] = font;
      }
      // Filter given: pdfkit writes the stream as it is (already deflated).
      ref = doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, PAGE.width, PAGE.height], Resources: { Font }, Filter: 'FlateDecode' });
      ref.end(t.stream);
      refs.set(form, ref);
    }
    return ref;
  }

  /** Puts the page into the document: its content (addPageContent) and the template it draws. */
  add(doc: Doc, page: { form: TaxForm; content: PageContent }): void {
    addPageContent(doc, page.content);
    const resources = doc.page as unknown as { fonts: Record<string, PDFKit.PDFKitReference>; xobjects: Record<string, PDFKit.PDFKitReference> };
    resources.xobjects[RESOURCE[page.form]] = this.xobject(doc, page.form, resources.fonts);
  }
}
