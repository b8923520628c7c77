import { AppError, type ErrorIssue } from '../../../../shared/api/errors';
import { issueAt } from './csv';

export type Progress = (done: number, total: number) => void;
export type Outcome = 'created' | 'updated' | 'unchanged';

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Writes the rows one by one, counting what happened. Writes nothing when the file already has
 * issues. A row the write refuses becomes one more issue; the caller then throws, and the
 * transaction rolls every row back (all or nothing).
 */
export async function applyRows<R extends { line: number }>(
  rows: R[],
  issues: ErrorIssue[],
  progress: Progress,
  write: (row: R) => Outcome | Promise<Outcome>,
): Promise<{ rows: number; created: number; updated: number; unchanged: number }> {
  const counts = { rows: rows.length, created: 0, updated: 0, unchanged: 0 };
  if (issues.length > 0) return counts;
  const every = Math.max(500, Math.ceil(rows.length / 100));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    try {
      counts[await write(row)] += 1;
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'INTERNAL') throw err;
      issues.push(issueAt(row.line, err.field ? snake(err.field) : undefined, err.message));
    }
    if ((i + 1) % every === 0) progress(i + 1, rows.length);
  }
  progress(rows.length, rows.length);
  return counts;
}
