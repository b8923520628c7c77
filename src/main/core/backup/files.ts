import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/errors';
import { KEY_FILE_SUFFIX } from '../audit/key';
import type { BackupCheck } from './check';

// Where backups live and what they are called: `backups/` beside the database file, one file per
// backup named after the database and the moment (paydesk-2026-11-25T091500Z.sqlite), with its
// check beside it (.check.json). A backup is named by that file name, never by a path.

export interface BackupFile {
  name: string;
  file: string;
  createdAt: string;
  bytes: number;
  check: (BackupCheck & { checkedAt: string }) | null;
}

export function backupFolder(databaseFile: string): string {
  return path.join(path.dirname(path.resolve(databaseFile)), 'backups');
}

const baseName = (databaseFile: string) => path.basename(databaseFile, path.extname(databaseFile));

/** A moment as a file name can hold it (no colons): 2026-11-25T091500Z. */
export function stamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '');
}

export function backupName(databaseFile: string, at: Date): string {
  return `${baseName(databaseFile)}-${stamp(at)}.sqlite`;
}

function pattern(databaseFile: string): RegExp {
  const base = baseName(databaseFile).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${base}-(\\d{4}-\\d{2}-\\d{2}T\\d{6}Z)\\.sqlite$`);
}

/** The backups of this database, newest first. */
export function listBackups(databaseFile: string): BackupFile[] {
  const folder = backupFolder(databaseFile);
  if (!fs.existsSync(folder)) return [];
  const match = pattern(databaseFile);
  const out: BackupFile[] = [];
  for (const name of fs.readdirSync(folder)) {
    const m = match.exec(name);
    if (!m) continue;
    const file = path.join(folder, name);
    let check: BackupFile['check'];
    try {
      check = JSON.parse(fs.readFileSync(`${file}.check.json`, 'utf8'));
    } catch {
      check = null; // made with --to, or its record lost: the restore checks it again anyway
    }
    const t = m[1];
    const createdAt = `${t.slice(0, 13)}:${t.slice(13, 15)}:${t.slice(15, 17)}Z`;
    out.push({ name, file, createdAt, bytes: fs.statSync(file).size, check });
  }
  return out.sort((a, b) => (a.name < b.name ? 1 : -1));
}

/** A backup of this database by its name: anything that is not one of them (a path, another file) is refused. */
export function backupByName(databaseFile: string, name: string): BackupFile {
  const found = listBackups(databaseFile).find((b) => b.name === name);
  if (!found) throw new AppError({ code: 'NOT_FOUND', field: 'name', message: `There is no backup named "${name.slice(0, 100)}" in ${backupFolder(databaseFile)}.` });
  return found;
}

/** Removes the oldest backups beyond the number to keep; returns the names removed. */
export function pruneBackups(databaseFile: string, keep: number): string[] {
  const removed: string[] = [];
  for (const old of listBackups(databaseFile).slice(Math.max(keep, 1))) {
    fs.rmSync(old.file, { force: true });
    fs.rmSync(`${old.file}.check.json`, { force: true });
    fs.rmSync(`${path.resolve(old.file)}${KEY_FILE_SUFFIX}`, { force: true });
    removed.push(old.name);
  }
  return removed;
}
