import { AppError, type ErrorIssue } from '../../../shared/api/errors';

/** Enough to fix a file; a file wrong on every row would otherwise send a list as long as itself. */
export const MAX_ISSUES = 2000;

/** The refusal of an imported file: nothing was changed; every problem is listed by row and field. */
export function invalidFile(fileName: string, issues: ErrorIssue[]): AppError {
  const total = issues.length;
  const listed = issues.slice(0, MAX_ISSUES);
  if (total > MAX_ISSUES) listed.push({ path: 'file', message: `…and ${total - MAX_ISSUES} more problems not listed` });
  const first = issues[0];
  return new AppError({
    code: 'INVALID_FILE',
    field: first.field,
    issues: listed,
    message: `${fileName}: ${total} problem${total === 1 ? '' : 's'}, nothing was imported. First: ${first.path}: ${first.message}.`,
  });
}
