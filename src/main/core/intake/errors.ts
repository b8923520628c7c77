import { AppError, type ErrorIssue } from '../../../shared/api/errors';
import { formatCount, importProblemsMessage } from '../../../shared/format';

/** Enough to fix a file; a file wrong on every row would otherwise send a list as long as itself. */
export const MAX_ISSUES = 2000;

/** An issue of the whole file ("file", "row") names no column. */
const NOT_A_COLUMN = new Set(['file', 'row']);

/**
 * The refusal of an imported file, one wording for every import (reference CSVs, submissions,
 * paper attendance, confirmations): "FILE: N problem(s); nothing was changed. First: row R,
 * COLUMN: what is wrong". Every problem is listed by row and field, the first ones first.
 */
export function invalidFile(fileName: string, issues: ErrorIssue[]): AppError {
  const sorted = [...issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const total = sorted.length;
  const listed = sorted.slice(0, MAX_ISSUES);
  if (total > MAX_ISSUES) listed.push({ path: 'file', message: `…and ${formatCount(total - MAX_ISSUES)} more problems not listed` });
  const first = sorted[0];
  const column = first.field && !NOT_A_COLUMN.has(first.field) ? first.field : null;
  const message = first.field === 'file' && !/^the file\b/.test(first.message) ? `the file ${first.message}` : first.message;
  return new AppError({
    code: 'INVALID_FILE',
    field: first.field,
    issues: listed,
    message: importProblemsMessage(fileName, sorted.map((i, n) => (n === 0 ? { row: i.row ?? null, column, message } : { row: i.row ?? null, column: i.field ?? null, message: i.message }))),
  });
}
