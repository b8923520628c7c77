import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import { databaseError, isNoSpace, noSpaceError } from './disk-errors';

// What a file must be before PayDesk opens it as its database (DESIGN.md section 9): an empty or
// foreign file is never silently turned into a new database, and a missing one is created only
// when the user asked for a new database.

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export type FileVerdict = 'new' | 'paydesk' | 'empty-sqlite';

/**
 * Looks at the file without changing it (a read-only connection, no WAL switch, no migration):
 * 'new' when it does not exist and may be created, 'paydesk' when it holds PayDesk's tables,
 * 'empty-sqlite' for an SQLite file without any table (accepted only when creating). Anything
 * else is refused with a message that names the file and what is wrong with it.
 */
export function checkDatabaseFile(file: string, options: { create: boolean }): FileVerdict {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (options.create) return 'new';
    throw new AppError({
      code: 'NOT_FOUND',
      message: `There is no PayDesk database at ${file}. PayDesk creates a database only when you ask for a new one ("paydesk new-database --db FILE", or "paydesk demo --db FILE" for sample data).`,
    });
  }
  if (!stat.isFile()) throw new AppError({ code: 'REFUSED', message: `${file} is a folder, not a PayDesk database file.` });
  if (stat.size === 0) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'database.empty-file',
      message: `${file} is an empty file (0 bytes), not a PayDesk database. PayDesk does not turn it into a new database: restore a backup ("paydesk restore BACKUP --db ${file}") or move the file aside.`,
    });
  }
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER)) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'database.foreign-file',
      message: `${file} is not a PayDesk database (it is not an SQLite database file at all). Nothing was changed; choose the right file or restore a backup.`,
    });
  }
  let tables: string[];
  let probe: Database.Database;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw openError(file, err);
  }
  try {
    tables = (probe.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[]);
  } catch (err) {
    throw openError(file, err);
  } finally {
    probe.close();
  }
  if (tables.includes('migrations') && tables.includes('audit_event')) return 'paydesk';
  if (tables.length === 0) {
    if (options.create) return 'empty-sqlite';
    throw new AppError({
      code: 'REFUSED',
      rule: 'database.empty-file',
      message: `${file} is an empty SQLite database without PayDesk's tables. PayDesk does not turn it into a new database unless you ask for one ("paydesk new-database --db FILE").`,
    });
  }
  throw new AppError({
    code: 'REFUSED',
    rule: 'database.foreign-file',
    message: `${file} is the SQLite database of another program (tables ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}), not a PayDesk database. Nothing was changed.`,
  });
}

/** Why a file could not be opened: damaged (the way out is a backup), or its disk is full or failing. */
export function openError(file: string, err: unknown): unknown {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return damaged(file, err);
  if (isNoSpace(err, folderOf(file))) {
    return noSpaceError(folderOf(file), 'PayDesk cannot open the database there (SQLite needs a little room beside it for its working files); nothing was changed');
  }
  return databaseError(err, file);
}

/** The message for a file SQLite cannot even read: the way out is a backup. */
export function damaged(file: string, err: unknown): AppError {
  return new AppError({
    code: 'REFUSED',
    rule: 'database.damaged',
    message: `The database file ${file} is damaged (${err instanceof Error ? err.message : String(err)}): PayDesk cannot open it. Restore a backup ("paydesk restore BACKUP --db ${file}").`,
  });
}

/** The folder a file lives in, for messages about its disk. */
export function folderOf(file: string): string {
  return path.dirname(path.resolve(file));
}
