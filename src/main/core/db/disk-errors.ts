import fs from 'node:fs';
import { AppError } from '../../../shared/api/errors';
import path from 'node:path';

// SQLite's and the file system's failures in the words a finance user can act on. Every one of
// these happens inside a transaction that is rolled back, so each message can say that nothing
// was changed.

export const BUSY_MESSAGE = "The database is busy with another user's work; try again.";

/** Less than this free on the database's disk counts as full (SQLite reports some as I/O errors). */
const NEARLY_FULL_BYTES = 1024 * 1024;

function sqliteCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** Free bytes on the disk holding the folder, or null when the system cannot say. */
export function freeBytes(folder: string): number | null {
  try {
    const s = fs.statfsSync(folder);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

export function noSpaceError(folder: string, what = 'nothing was changed'): AppError {
  return new AppError({
    code: 'UNAVAILABLE',
    rule: 'disk.full',
    message: `No space left on the disk holding ${folder}: ${what}. Free some space on that disk and try again.`,
  });
}

/** True when the error is the disk running out of space (SQLite's or Node's words for it). */
export function isNoSpace(err: unknown, folder: string): boolean {
  const code = sqliteCode(err);
  if (code === 'SQLITE_FULL') return true;
  if ((err as NodeJS.ErrnoException | null)?.code === 'ENOSPC') return true;
  // A full disk often reaches SQLite as an I/O error (the WAL or its index could not grow).
  if (code?.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') {
    const free = freeBytes(folder);
    return free !== null && free < NEARLY_FULL_BYTES;
  }
  return false;
}

/**
 * The error a caller sees for a failure of the database file: busy after the wait, no space,
 * an I/O error, a damaged file. Other errors (the rules' refusals, bugs) pass through unchanged.
 */
export function databaseError(err: unknown, file: string): unknown {
  if (err instanceof AppError) return err;
  const code = sqliteCode(err);
  if (!code && (err as NodeJS.ErrnoException | null)?.code !== 'ENOSPC') return err;
  const folder = path.dirname(path.resolve(file));
  if (code === 'SQLITE_BUSY' || code?.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new AppError({ code: 'UNAVAILABLE', rule: 'database.busy', message: BUSY_MESSAGE });
  }
  if (isNoSpace(err, folder)) return noSpaceError(folder);
  if (code?.startsWith('SQLITE_IOERR')) {
    return new AppError({
      code: 'UNAVAILABLE',
      rule: 'disk.error',
      message: `The disk holding ${folder} reported an error (${code}): nothing was changed. Check the disk or network folder and try again.`,
    });
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new AppError({
      code: 'REFUSED',
      rule: 'database.damaged',
      message: `The database file ${file} is damaged (${(err as Error).message}): nothing was changed. An administrator restores a backup (Settings > Backups).`,
    });
  }
  return err;
}
