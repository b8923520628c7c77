import { once } from 'node:events';
import type { AttendanceSheetModel, SheetChild, SheetDay } from '../../../shared/intake/attendance-sheet';
import { createPdf, type Doc } from '../export/pdf/doc';

// The printed attendance sheet (DESIGN.md section 6, paper attendance): a landscape page per
// provider, period and up to seven children, with a column per day (weekends and holidays
// shaded, days a child is not authorized crossed out), an Hours and an Absence box per child and
// day, the parent's signature under each child and the provider's at the foot of every page.
// Everything staff key from it is printed on it: license number, period code, case numbers and
// each column's date, so a filled-in sheet keys as the paper attendance CSV.
//
// Drawn with pdfkit's own API (the export's Pen draws portrait pages only); deterministic: the
// document's date is the one given, standard fonts, nothing random.

const W = 792;
const H = 612;
const M = 30;
const NAME_X = M;
const LABEL_X = 196;
const DAYS_X = 228;
const DAYS_RIGHT = W - M;
const GRID_TOP = 104;
const HEAD_H = 22;
const BOX_H = 15;
const SIGN_H = 17;
const BLOCK_GAP = 5;
const BLOCK_H = 2 * BOX_H + SIGN_H + BLOCK_GAP;
const FOOT_Y = H - M - 8;
const PROVIDER_SIGN_Y = FOOT_Y - 44;
/** Children per page: as many blocks as fit between the day header and the provider's signature. */
export const CHILDREN_PER_PAGE = Math.floor((PROVIDER_SIGN_Y - 6 - (GRID_TOP + HEAD_H)) / BLOCK_H);
/** Day columns per page; a longer period continues on further pages. */
export const DAYS_PER_PAGE = 31;

const INK = '#000000';
const GREY = '#555555';
const LINE = '#8a8a8a';
const SHADE = '#e3e3e3';
const NOT_AUTHORIZED = '#bdbdbd';

const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;

interface TextOpts {
  font?: keyof typeof FONT;
  size?: number;
  color?: string;
  align?: 'left' | 'right' | 'center';
  maxWidth?: number;
}

/** One line of text placed by its top-left (right edge or middle for those alignments), cut with "…" to fit. */
function text(doc: Doc, s: string, x: number, y: number, o: TextOpts = {}): void {
  if (!s) return;
  doc.font(FONT[o.font ?? 'regular']).fontSize(o.size ?? 8).fillColor(o.color ?? INK);
  let shown = s;
  if (o.maxWidth !== undefined && doc.widthOfString(shown) > o.maxWidth) {
    while (shown.length > 1 && doc.widthOfString(`${shown}…`) > o.maxWidth) shown = shown.slice(0, -1).trimEnd();
    shown = `${shown}…`;
  }
  const w = doc.widthOfString(shown);
  const left = o.align === 'right' ? x - w : o.align === 'center' ? x - w / 2 : x;
  doc.text(shown, left, y, { lineBreak: false });
}

function line(doc: Doc, x1: number, y1: number, x2: number, y2: number, width = 0.5, color = LINE): void {
  doc.save().lineWidth(width).strokeColor(color).moveTo(x1, y1).lineTo(x2, y2).stroke().restore();
}

function fill(doc: Doc, x: number, y: number, w: number, h: number, color: string): void {
  doc.save().rect(x, y, w, h).fill(color).restore();
}

/** The pages of one sheet: day bands of up to 31 columns, each with the children eight to a page. */
export function pagesOf(model: AttendanceSheetModel): Array<{ days: SheetDay[]; first: number; children: SheetChild[] }> {
  const pages: Array<{ days: SheetDay[]; first: number; children: SheetChild[] }> = [];
  for (let first = 0; first < model.days.length; first += DAYS_PER_PAGE) {
    const days = model.days.slice(first, first + DAYS_PER_PAGE);
    if (model.children.length === 0) pages.push({ days, first, children: [] });
    for (let k = 0; k < model.children.length; k += CHILDREN_PER_PAGE) pages.push({ days, first, children: model.children.slice(k, k + CHILDREN_PER_PAGE) });
  }
  return pages;
}

function drawHeader(doc: Doc, model: AttendanceSheetModel, agencyName: string): void {
  const { provider, period } = model;
  text(doc, agencyName, M, M, { font: 'bold', size: 12, maxWidth: 380 });
  text(doc, 'ATTENDANCE SHEET', W - M, M, { font: 'bold', size: 14, align: 'right' });
  text(doc, provider.name, M, M + 18, { font: 'bold', size: 10, maxWidth: 400 });
  text(doc, `Service period: ${period.label} (${period.startDate} – ${period.endDate})`, W - M, M + 19, { size: 8.5, color: GREY, align: 'right' });
  text(doc, `License number ${provider.licenseNumber} · Provider ${provider.id}`, M, M + 32, { size: 8.5, maxWidth: 400 });
  text(doc, `Period code ${period.code}`, W - M, M + 32, { size: 8.5, color: GREY, align: 'right' });
  const note = { font: 'italic', size: 7.5, color: GREY, maxWidth: W - 2 * M } as const;
  text(doc, 'For each child and day write the hours attended in the Hours box (like 7.5), or A (absent) or C (provider closed) in the Absence box.', M, M + 46, note);
  text(doc, 'Shaded: weekends and agency holidays. Crossed out: the child is not authorized at this provider that day.', M, M + 56, note);
  line(doc, M, GRID_TOP - 6, W - M, GRID_TOP - 6, 1, INK);
}

function dayWidth(count: number): number {
  return Math.min((DAYS_RIGHT - DAYS_X) / Math.max(count, 1), 40);
}

function drawDayHeader(doc: Doc, days: SheetDay[]): void {
  const dw = dayWidth(days.length);
  text(doc, 'Child and case number', NAME_X, GRID_TOP + 6, { font: 'bold', size: 7.5 });
  days.forEach((d, i) => {
    const x = DAYS_X + i * dw;
    if (d.shaded) fill(doc, x, GRID_TOP, dw, HEAD_H, SHADE);
    text(doc, String(d.dayOfMonth), x + dw / 2, GRID_TOP + 3, { font: 'bold', size: 8, align: 'center' });
    text(doc, d.holiday !== null ? 'Hol' : d.weekday, x + dw / 2, GRID_TOP + 13, { size: 6, color: d.holiday !== null ? INK : GREY, align: 'center' });
  });
  line(doc, NAME_X, GRID_TOP + HEAD_H, DAYS_X + days.length * dw, GRID_TOP + HEAD_H, 0.8, INK);
}

function drawChild(doc: Doc, child: SheetChild, days: SheetDay[], first: number, y: number): void {
  const dw = dayWidth(days.length);
  const right = DAYS_X + days.length * dw;
  days.forEach((d, i) => {
    const x = DAYS_X + i * dw;
    if (!child.authorized[first + i]) {
      fill(doc, x, y, dw, 2 * BOX_H, NOT_AUTHORIZED);
      line(doc, x, y + 2 * BOX_H, x + dw, y, 0.5, GREY);
    } else if (d.shaded) fill(doc, x, y, dw, 2 * BOX_H, SHADE);
  });
  for (const yy of [y, y + BOX_H, y + 2 * BOX_H]) line(doc, LABEL_X, yy, right, yy);
  for (let i = 0; i <= days.length; i++) line(doc, DAYS_X + i * dw, y, DAYS_X + i * dw, y + 2 * BOX_H);
  line(doc, LABEL_X, y, LABEL_X, y + 2 * BOX_H);
  text(doc, child.name, NAME_X, y + 2, { font: 'bold', size: 8, maxWidth: LABEL_X - NAME_X - 6 });
  text(doc, child.caseNumber, NAME_X, y + BOX_H + 3, { size: 8, maxWidth: LABEL_X - NAME_X - 6 });
  text(doc, 'Hours', LABEL_X + 3, y + 4.5, { size: 6.5, color: GREY });
  text(doc, 'Absence', LABEL_X + 3, y + BOX_H + 4.5, { size: 6.5, color: GREY });
  const sy = y + 2 * BOX_H + 4;
  text(doc, child.authorizationText, NAME_X, sy + 2, { size: 6.5, color: GREY, maxWidth: LABEL_X - NAME_X + 20 });
  const signX = DAYS_X + 20;
  text(doc, 'Parent or guardian signature', signX, sy + 3, { size: 6.5, color: GREY });
  line(doc, signX + 96, sy + 11, signX + 330, sy + 11, 0.5, INK);
  text(doc, 'Date', signX + 342, sy + 3, { size: 6.5, color: GREY });
  line(doc, signX + 360, sy + 11, Math.min(right, signX + 460), sy + 11, 0.5, INK);
}

function drawFoot(doc: Doc, model: AttendanceSheetModel, page: number, pages: number): void {
  const y = PROVIDER_SIGN_Y;
  line(doc, M, y - 6, W - M, y - 6, 0.5, GREY);
  if (model.holidays.length > 0) {
    const list = model.holidays.map((h) => (h.name ? `${h.date} ${h.name}` : h.date)).join(' · ');
    text(doc, `Agency holidays: ${list}`, M, y, { size: 7, color: GREY, maxWidth: W - 2 * M });
  }
  text(doc, 'I certify that this attendance is true and complete.', M, y + 12, { size: 8 });
  text(doc, 'Provider signature', M, y + 28, { size: 8 });
  line(doc, M + 78, y + 36, M + 340, y + 36, 0.5, INK);
  text(doc, 'Date', M + 352, y + 28, { size: 8 });
  line(doc, M + 374, y + 36, M + 470, y + 36, 0.5, INK);
  const { provider, period } = model;
  text(doc, `PayDesk attendance sheet · ${provider.licenseNumber} · ${period.code} · ${provider.name}`, M, FOOT_Y, { size: 7, color: GREY, maxWidth: 560 });
  text(doc, `Page ${page} of ${pages}`, W - M, FOOT_Y, { size: 7, color: GREY, align: 'right' });
}

/** Draws one provider's sheet into `doc`, each page numbered "Page n of m" for that provider. */
export function drawAttendanceSheet(doc: Doc, model: AttendanceSheetModel, agencyName: string): number {
  const pages = pagesOf(model);
  pages.forEach((p, index) => {
    doc.addPage({ size: 'LETTER', layout: 'landscape', margin: M });
    drawHeader(doc, model, agencyName);
    drawDayHeader(doc, p.days);
    if (p.children.length === 0) text(doc, 'No child is authorized at this provider in the period.', NAME_X, GRID_TOP + HEAD_H + 10, { font: 'italic', size: 9 });
    p.children.forEach((c, k) => drawChild(doc, c, p.days, p.first, GRID_TOP + HEAD_H + 4 + k * BLOCK_H));
    drawFoot(doc, model, index + 1, pages.length);
  });
  return pages.length;
}

export interface SheetsPdfMeta {
  agencyName: string;
  /** The document's date (when the sheets were printed): the only date it carries. */
  createdAt: string;
}

/**
 * The PDF of one or several providers' sheets: one provider's to send, or the whole period's in
 * one document to print in one go (each provider starting on a new page).
 */
export async function renderAttendanceSheets(sheets: readonly AttendanceSheetModel[], meta: SheetsPdfMeta): Promise<Buffer> {
  if (sheets.length === 0) throw new Error('attendance sheets: nothing to print');
  const periods = [...new Set(sheets.map((s) => s.period.label))].join(', ');
  const title = sheets.length === 1 ? `Attendance sheet — ${sheets[0].provider.name}, ${periods}` : `Attendance sheets — ${periods} (${sheets.length} providers)`;
  const doc = createPdf({ title, subject: `PayDesk attendance sheets, ${periods}`, author: meta.agencyName, createdAt: meta.createdAt });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = once(doc, 'end');
  for (const sheet of sheets) drawAttendanceSheet(doc, sheet, meta.agencyName);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
