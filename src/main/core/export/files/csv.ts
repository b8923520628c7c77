import { centsToDecimal } from '../../../../shared/domain/money';

// CSV as RFC 4180 (CRLF, quotes doubled), made safe to open in a spreadsheet: a text cell that
// starts with = + - @ (or a tab or carriage return) would be run as a formula, so it gets a
// leading single quote. Money is written as a plain decimal ("-12.50") through `money`, which
// only ever produces digits, a dot and an optional minus: a spreadsheet reads it as a number,
// never a formula, so it is left as it is.

const FORMULA_START = /^[=+\-@\t\r]/;

export class Money {
  constructor(readonly text: string) {}
}

/** A money cell: cents as a plain decimal. */
export function money(cents: number): Money {
  return new Money(centsToDecimal(cents));
}

export type Cell = string | number | null | undefined | Money;

export function csvCell(value: Cell): string {
  let text: string;
  if (value instanceof Money) text = value.text;
  else if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
  else text = value ?? '';
  if (!(value instanceof Money) && typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvDocument(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  let out = csvRow(header);
  for (const row of rows) out += csvRow(row);
  return out;
}
