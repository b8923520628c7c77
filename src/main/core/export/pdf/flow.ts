import { HEADER_BOTTOM, FOOTER_Y } from './header';
import type { Pen } from './doc';

// A tiny flow layout for report pages: rows of known height go down the page; a row that does
// not fit starts a new page, where the table header it belongs to is repeated. Laid out before
// drawing, so each page can say "Page n of m".

export interface FlowRow {
  height: number;
  draw(pen: Pen, y: number): void;
  /** The header row of the table this row belongs to, repeated at the top of a continuation page. */
  header?: FlowRow;
  /** Start a new page before this row unless this much room is left (keeps a heading with its table). */
  keepWith?: number;
}

export const FLOW_TOP = HEADER_BOTTOM + 8;
export const FLOW_BOTTOM = FOOTER_Y - 12;

export function paginateFlow(rows: readonly FlowRow[]): FlowRow[][] {
  const pages: FlowRow[][] = [[]];
  let y = FLOW_TOP;
  for (const row of rows) {
    const need = Math.max(row.height, row.keepWith ?? 0);
    if (y + need > FLOW_BOTTOM && pages[pages.length - 1].length > 0) {
      pages.push([]);
      y = FLOW_TOP;
      if (row.header && row.header !== row) {
        pages[pages.length - 1].push(row.header);
        y += row.header.height;
      }
    }
    pages[pages.length - 1].push(row);
    y += row.height;
  }
  return pages;
}

export function drawFlowPage(pen: Pen, rows: readonly FlowRow[]): void {
  let y = FLOW_TOP;
  for (const row of rows) {
    row.draw(pen, y);
    y += row.height;
  }
}
