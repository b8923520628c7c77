import Papa from 'papaparse';
import { AppError, type ErrorIssue } from '../../../../shared/api/errors';
import { CSV_FORMATS, normalizeHeader, type ImportKind } from '../../../../shared/reference/csv';
import { textFileProblem } from '../../../../shared/domain/text-file';
import { invalidFile as importRefusal } from '../../intake/errors';

// Reads an imported CSV file into typed rows with the shared row schemas. Every problem becomes
// an issue naming the row as a spreadsheet shows it (the header is row 1) and the column.

export interface CsvRow<T> {
  /** The row number a spreadsheet shows: the header is 1, the first data row 2. */
  line: number;
  data: T;
  /** The format's extra columns parsed (CsvFormat.extra), when the file has any of them. */
  extra?: unknown;
}

export interface ParsedCsv<T> {
  rows: Array<CsvRow<T>>;
  issues: ErrorIssue[];
  /**
   * Fields whose (optional) column the file does not have. An update keeps the stored value of
   * these: a file without a guardian_name column does not erase every guardian's name.
   */
  absent: string[];
}

/** Column -> field of the typed row: license_number -> licenseNumber; copay -> copayCents. */
export function fieldOfColumn(column: string): string {
  if (column === 'copay') return 'copayCents';
  return column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Takes the stored value of every field the file has no column for. */
export function keepAbsent<T extends object>(fields: T, stored: T, absent: readonly string[]): T {
  if (absent.length === 0) return fields;
  const out = { ...fields } as Record<string, unknown>;
  for (const f of absent) if (f in out) out[f] = (stored as Record<string, unknown>)[f];
  return out as T;
}

export function issueAt(line: number, field: string | undefined, message: string): ErrorIssue {
  return { path: field ? `row ${line}, ${field}` : `row ${line}`, row: line, field, message };
}

export function parseCsv<T>(kind: ImportKind, content: string): ParsedCsv<T> {
  const format = CSV_FORMATS[kind];
  const notText = textFileProblem(content);
  if (notText) return { rows: [], issues: [issueAt(1, undefined, `the file ${notText}`)], absent: [] };
  // Blank lines are kept by the parser and skipped here, so that row numbers stay the spreadsheet's.
  const parsed = Papa.parse<string[]>(content.replace(/^\uFEFF/, ''), {
    header: false,
    skipEmptyLines: false,
    delimitersToGuess: [',', ';', '\t'],
  });
  const issues: ErrorIssue[] = parsed.errors
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .map((e) => issueAt((e.row ?? 0) + 1, undefined, `the file cannot be read here: ${e.message}`));
  const [header = [], ...records] = parsed.data;
  const columns = header.map(normalizeHeader);
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (c && seen.has(c)) issues.push(issueAt(1, c, `column ${c} appears twice in the header (column ${i + 1})`));
    seen.add(c);
  });
  for (const required of format.required) {
    if (!seen.has(required)) issues.push(issueAt(1, required, `the required column ${required} is missing from the header`));
  }
  // A column the format does not know is refused, not dropped: a misspelled "co_payment" would
  // otherwise store a co-payment of $0 without a word.
  columns.forEach((c, i) => {
    if (c && !format.columns.includes(c)) {
      issues.push(issueAt(1, header[i].trim() || c, `column "${header[i].trim()}" is not a column of this file; the columns are ${format.columns.join(', ')}`));
    }
  });
  const absent = format.columns.filter((c) => !seen.has(c)).map(fieldOfColumn);
  if (issues.some((i) => i.row === 1)) return { rows: [], issues, absent };

  // Header position of every column the format knows (there are no others: refused above).
  const known = format.columns.filter((c) => seen.has(c)).map((c) => [c, columns.indexOf(c)] as const);
  const extra = format.extra && format.extra.columns.some((c) => seen.has(c)) ? format.extra.row : null;
  const rows: Array<CsvRow<T>> = [];
  records.forEach((cells, index) => {
    const line = index + 2;
    if (cells.every((c) => c.trim() === '')) return;
    if (cells.length > columns.length && cells.slice(columns.length).some((c) => c.trim() !== '')) {
      issues.push(issueAt(line, undefined, `the row has ${cells.length} cells but the header has ${columns.length} columns`));
      return;
    }
    const raw: Record<string, string> = {};
    for (const [column, at] of known) raw[column] = cells[at] ?? '';
    const result = format.row.safeParse(raw);
    const more = extra?.safeParse(raw);
    if (result.success && (!more || more.success)) {
      rows.push({ line, data: result.data as T, ...(more ? { extra: more.data } : {}) });
      return;
    }
    for (const i of [...(result.error?.issues ?? []), ...(more?.error?.issues ?? [])]) {
      const field = i.path.length > 0 ? String(i.path[0]) : undefined;
      issues.push(issueAt(line, field, i.message));
    }
  });
  return { rows, issues, absent };
}

/** All or nothing: any issue refuses the whole file, listing every issue. */
export function invalidFile(fileName: string, issues: ErrorIssue[]): AppError {
  return importRefusal(fileName, issues);
}
