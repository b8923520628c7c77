import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import { appendAudit, AUDIT_CHAIN_LOCK, auditTrailOf, SYSTEM_ACTOR, actorFor } from '../audit/chain';
import { auditKeyFile, type AuditKey } from '../audit/key';
import type { HandlerContext } from '../context';
import type { Store } from '../db/store';
import { isNoSpace, noSpaceError } from '../db/disk-errors';
import { checkDatabaseFile } from '../db/file-checks';
import { getSetting } from '../settings/settings';
import { checkBackupFile, type BackupCheck } from './check';
import { backupFolder, backupName, listBackups, pruneBackups, stamp } from './files';

// Backups (DESIGN.md section 9): SQLite's online backup of the open database (the app keeps
// working), written under a temporary name, checked (integrity, audit chain, version) and only
// then given its name; the oldest beyond `backup.generations` are removed. Each backup is an
// event of the audit trail holding the chain's head it copied (the anchor a later check uses).

const DAY_MS = 24 * 60 * 60 * 1000;

export interface BackupResult {
  name: string;
  file: string;
  bytes: number;
  sha256: string;
  check: BackupCheck;
  removed: string[];
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Backs the open database up: into the backups folder (the default, counted in the generations
 * kept) or to a file the command line's user names (`paydesk backup --to FILE`).
 */
export async function makeBackup(ctx: HandlerContext, options: { to?: string; reason?: 'on demand' | 'daily' } = {}): Promise<BackupResult> {
  if (ctx.store.readOnlyReason) throw ctx.store.readOnlyError(); // a damaged copy must not push good backups out
  const at = ctx.now();
  const file = options.to ? path.resolve(options.to) : path.join(backupFolder(ctx.store.file), backupName(ctx.store.file, at));
  if (fs.existsSync(file)) throw new AppError({ code: 'REFUSED', field: 'to', message: `${file} already exists: a backup never replaces a file.` });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  const dropPartial = () => {
    fs.rmSync(partial, { force: true });
    fs.rmSync(auditKeyFile(partial), { force: true });
  };
  let key: AuditKey | null;
  try {
    // SQLite-only file work (a backup is a copy of the one database file): better-sqlite3's online
    // backup, on the connection itself, in the store's queue; not a statement of the data port.
    key = await ctx.store.read(async ({ sql, db }) => {
      await sql.backup(partial);
      return auditTrailOf(db)?.key ?? null;
    });
    fsyncFile(partial);
    // The audit key goes with its database: a backup without it could not be verified or restored.
    copyKeyFile(ctx.store.file, partial);
  } catch (err) {
    dropPartial();
    if (isNoSpace(err, path.dirname(file))) throw noSpaceError(path.dirname(file), 'the backup was not made (the database is unchanged)');
    throw err;
  }
  const check = await checkBackupFile(partial, { key });
  if (!check.ok) {
    dropPartial();
    throw new AppError({ code: 'REFUSED', rule: 'backup.check', message: `The backup did not pass its check, so it was not kept: ${check.problems.join(' ')}` });
  }
  if (fs.existsSync(auditKeyFile(partial))) fs.renameSync(auditKeyFile(partial), auditKeyFile(file));
  fs.renameSync(partial, file);
  const result = { name: path.basename(file), file, bytes: fs.statSync(file).size, sha256: sha256(file), check };
  if (!options.to) fs.writeFileSync(`${file}.check.json`, JSON.stringify({ ...check, checkedAt: at.toISOString(), sha256: result.sha256 }));
  await ctx.store.run(({ db }) =>
    appendAudit(db, {
      actor: ctx.caller && ctx.caller.id !== 0 ? actorFor(ctx.caller) : SYSTEM_ACTOR,
      at: at.toISOString(),
      entity: 'database',
      entityId: 0,
      action: 'backup',
      details: { file: options.to ? file : result.name, bytes: result.bytes, sha256: result.sha256, chainHead: check.chainHead, events: check.events, reason: options.reason ?? 'on demand' },
    }),
    { locks: [AUDIT_CHAIN_LOCK] },
  );
  const removed = options.to ? [] : pruneBackups(ctx.store.file, await ctx.store.read(({ db }) => getSetting<number>(db, 'backup.generations')));
  return { ...result, removed };
}

/** Housekeeping: a backup when the newest one is a day old (or there is none). */
export async function dailyBackupTask(ctx: HandlerContext): Promise<{ made: string | null; removed: string[]; byServer?: string }> {
  // A PostgreSQL database is backed up by its server's tools, as `paydesk backup` says (README
  // "PostgreSQL"): the daily task has nothing to write, and must not fail the housekeeping.
  if (ctx.store.db.engine === 'postgres') return { made: null, removed: [], byServer: 'PostgreSQL: backed up by the database server (pg_dump or base backups)' };
  const newest = listBackups(ctx.store.file)[0];
  if (newest && ctx.now().getTime() - Date.parse(newest.createdAt) < DAY_MS - 60_000) return { made: null, removed: [] };
  const made = await makeBackup(ctx, { reason: 'daily' });
  return { made: made.name, removed: made.removed };
}

/**
 * Puts a checked backup in the database's place (the database must be closed): the file it
 * replaces is kept aside in the backups folder, the backup is copied under a temporary name and
 * renamed into place. Returns where the replaced file was kept (null when there was none).
 */
export async function replaceDatabaseFile(
  databaseFile: string,
  backup: string,
  at: Date,
  keys: { key?: AuditKey | null; vault?: Buffer | null } = {},
): Promise<{ keptAs: string | null; check: BackupCheck }> {
  const check = await checkBackupFile(backup, keys);
  if (!check.ok) {
    throw new AppError({ code: 'REFUSED', rule: 'backup.check', message: `${path.basename(backup)} cannot be restored: ${check.problems.join(' ')} Nothing was changed.` });
  }
  assertNotInUse(databaseFile);
  const folder = backupFolder(databaseFile);
  fs.mkdirSync(folder, { recursive: true });
  const base = path.basename(databaseFile, path.extname(databaseFile));
  let keptAs: string | null = null;
  if (fs.existsSync(databaseFile)) {
    keptAs = path.join(folder, `${base}-replaced-${stamp(at)}.sqlite`);
    for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(databaseFile + suffix)) fs.renameSync(databaseFile + suffix, keptAs + suffix);
    // The replaced file keeps its key beside it; the backup's key (when it has one) comes in with it.
    if (fs.existsSync(auditKeyFile(databaseFile))) fs.copyFileSync(auditKeyFile(databaseFile), auditKeyFile(keptAs));
  }
  const incoming = `${databaseFile}.restoring`;
  try {
    fs.copyFileSync(backup, incoming);
    fsyncFile(incoming);
    copyKeyFile(backup, databaseFile, { onlyIfPresent: true });
    fs.renameSync(incoming, databaseFile);
  } catch (err) {
    fs.rmSync(incoming, { force: true });
    // Nothing half-done: the database goes back where it was.
    if (keptAs) for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(keptAs + suffix)) fs.renameSync(keptAs + suffix, databaseFile + suffix);
    if (isNoSpace(err, path.dirname(databaseFile))) throw noSpaceError(path.dirname(databaseFile), 'the backup was not restored, the database is as it was');
    throw err;
  }
  return { keptAs, check };
}

/**
 * Copies the audit key beside `from` to beside `to`, owner-only. Without `onlyIfPresent` a missing
 * key removes a stale one at `to`; with it, the key at `to` stays when `from` has none.
 */
function copyKeyFile(from: string, to: string, options: { onlyIfPresent?: boolean } = {}): void {
  const source = auditKeyFile(from);
  if (!fs.existsSync(source)) {
    if (!options.onlyIfPresent) fs.rmSync(auditKeyFile(to), { force: true });
    return;
  }
  fs.copyFileSync(source, auditKeyFile(to));
  if (process.platform !== 'win32') fs.chmodSync(auditKeyFile(to), 0o600);
}

/** The restore as an event of the restored database's audit trail. */
export function recordRestore(store: Store, restored: { backup: string; keptAs: string | null; check: BackupCheck }, at: Date): Promise<number> {
  return store.run(
    ({ db }) =>
      appendAudit(db, {
        actor: SYSTEM_ACTOR,
        at: at.toISOString(),
        entity: 'database',
        entityId: 0,
        action: 'restore-backup',
        details: { backup: path.basename(restored.backup), keptAs: restored.keptAs, chainHead: restored.check.chainHead },
      }),
    { locks: [AUDIT_CHAIN_LOCK] },
  );
}

/** Another PayDesk (the app, a command) with this file open would go on writing into the replaced file. */
function assertNotInUse(databaseFile: string): void {
  try {
    if (checkDatabaseFile(databaseFile, { create: true }) !== 'paydesk') return;
  } catch {
    return; // an empty, foreign or damaged file: nothing of PayDesk has it open
  }
  // An exclusive lock is refused while any other connection has the file open, even an idle one.
  const db = new Database(databaseFile, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    const busy = (err as { code?: string }).code?.startsWith('SQLITE_BUSY');
    throw new AppError({
      code: 'REFUSED',
      rule: 'backup.in-use',
      message: busy ? `${databaseFile} is open in PayDesk (the app or another command): close it first, then restore.` : `${databaseFile} cannot be locked for the restore (${(err as Error).message}).`,
    });
  } finally {
    db.close();
  }
}
