import Database from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import { checkDatabaseFile } from '../db/file-checks';
import { MIGRATIONS } from '../db/migrations';
import type { AuditKey } from '../audit/key';
import { auditTrailProblem } from '../integrity/checks';
import { SqliteEngine } from '../db/engine/sqlite';

// What makes a file fit to be a backup, or to replace the database (DESIGN.md section 9): SQLite's
// full check passes, the audit trail verifies (the same check that decides read-only mode, where
// the anchor check joins), and it was written by this PayDesk or an older one (never a newer one).

export interface BackupCheck {
  ok: boolean;
  problems: string[];
  /** Audit events in the file, and the hash at the head of its chain. */
  events: number;
  chainHead: string | null;
  migrations: number;
}

/**
 * The audit trail is verified under `key` (the open database's: a backup of it has the same) or the
 * key file beside the backup (copied there with it).
 */
export async function checkBackupFile(file: string, keys: { key?: AuditKey | null; vault?: Buffer | null } = {}): Promise<BackupCheck> {
  checkDatabaseFile(file, { create: false }); // refuses a missing, empty or foreign file with its message
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    const integrity = (db.pragma('integrity_check(20)') as Array<Record<string, string>>).map((r) => Object.values(r)[0]).filter((r) => r !== 'ok');
    if (integrity.length) problems.push(`SQLite's check found ${integrity.length >= 20 ? '20 or more' : integrity.length} problem(s): ${integrity.slice(0, 3).join('; ')}`);
    const chain = integrity.length ? null : await auditTrailProblem(new SqliteEngine(db), { databaseFile: file, key: keys.key, vault: keys.vault, seal: false, at: new Date().toISOString() });
    if (chain) problems.push(chain);
    const known = new Set(MIGRATIONS.map((M) => new M().name));
    const applied = db.prepare(`SELECT name FROM migrations ORDER BY id`).pluck().all() as string[];
    const newer = applied.filter((m) => !known.has(m));
    if (newer.length) problems.push(`It was written by a newer PayDesk (unknown migrations: ${newer.join(', ')}): update PayDesk first.`);
    const head = db.prepare(`SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1`).get() as { id: number; hash: string } | undefined;
    return { ok: problems.length === 0, problems, events: head?.id ?? 0, chainHead: head?.hash ?? null, migrations: applied.length };
  } catch (err) {
    if (err instanceof AppError) throw err;
    return { ok: false, problems: [`SQLite could not read it: ${(err as Error).message}`], events: 0, chainHead: null, migrations: 0 };
  } finally {
    db.close();
  }
}
