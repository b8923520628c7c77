// Field encoding for IRS Publication 1220 files: 750-byte records of ASCII, upper case (an e-mail
// address keeps its case), text left-justified and blank-filled, numbers right-justified and
// zero-filled, money in cents without a decimal point, positions 749–750 a CR/LF.

export const RECORD_LENGTH = 750;
export const EOL = '\r\n';

export class FilingError extends Error {}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Letters, digits, blanks and the few marks names and addresses use; accents dropped, anything else a blank. */
export function fireText(text: string): string {
  return (PRINTABLE_ASCII.test(text) ? text : text.normalize('NFD'))
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 &\-',./#]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** A text field: cut to its width (callers check what must not be cut). */
export function alpha(text: string, width: number): string {
  return fireText(text).slice(0, width).padEnd(width, ' ');
}

export function blank(width: number): string {
  return ' '.repeat(width);
}

const ZEROS = new Map<number, string>();

/** A whole number right-justified and zero-filled; refuses what does not fit. */
export function num(value: number, width: number, what: string): string {
  if (value === 0) {
    let z = ZEROS.get(width);
    if (!z) ZEROS.set(width, (z = '0'.repeat(width)));
    return z;
  }
  if (!Number.isSafeInteger(value) || value < 0) throw new FilingError(`${what} must be a whole number of zero or more, not ${value}`);
  const s = String(value);
  if (s.length > width) throw new FilingError(`${what} (${s}) does not fit the file's ${width} digits`);
  return s.padStart(width, '0');
}

/** Digits given as text (a TIN, a ZIP code), left-justified in the field. */
export function digits(text: string, width: number, what: string): string {
  if (!/^\d*$/.test(text) || text.length > width) throw new FilingError(`${what} must be at most ${width} digits, not "${text}"`);
  return text.padEnd(width, ' ');
}

/** Splits a name over two 40-character lines at a word boundary. */
export function twoLines(text: string): [string, string] {
  const t = fireText(text);
  if (t.length <= 40) return [t, ''];
  const cut = t.lastIndexOf(' ', 40);
  const at = cut > 0 ? cut : 40;
  return [t.slice(0, at).trim(), t.slice(at).trim()];
}

/**
 * Puts a record together from its fields, each given with the position Pub 1220 starts it at:
 * a field out of place or of the wrong width throws, so the layout tables below are checked
 * every time a record is written.
 */
export function record(fields: ReadonlyArray<readonly [start: number, width: number, value: string]>): string {
  let at = 1;
  let out = '';
  for (const [start, width, value] of fields) {
    if (start !== at) throw new Error(`Pub 1220 layout: a field starts at ${start}, but position ${at} is next`);
    if (value.length !== width) throw new Error(`Pub 1220 layout: the field at ${start} is ${value.length} characters, not ${width}`);
    out += value;
    at += width;
  }
  if (at !== RECORD_LENGTH - 1) throw new Error(`Pub 1220 layout: the fields end at ${at - 1}, not 748`);
  if (!PRINTABLE_ASCII.test(out)) throw new Error('Pub 1220 layout: a field holds a character that is not printable ASCII');
  return out + EOL;
}
