import { verifyChain } from '../audit/chain';
import type { AuditKey } from '../audit/key';
import { inspectAuditTrail, openAuditTrail } from '../audit/trail';
import type { HandlerContext } from '../context';
import { damageReason } from '../db/store';
import type { Db } from '../db/engine/port';

// Whether a database can be trusted with changes (DESIGN.md section 9): the file passes SQLite's
// check (db/store.ts, at every open) and its audit trail verifies under its key, anchors included
// (audit/chain.ts). A database that fails either opens read-only with the reason; a backup is
// checked the same way before it is kept or restored.

export interface TrailCheck {
  /** The database file the trail belongs to (its audit key is beside it). */
  databaseFile: string;
  /** The desktop's keychain secret that protects key files at rest. */
  vault?: Buffer | null;
  /** The key itself, when the caller holds it (a backup of the open database has its key). */
  key?: AuditKey | null;
  /**
   * Whether the trail may be sealed (its key made) on this open: never for a file that must not be
   * written (a backup, a damaged database).
   */
  seal: boolean;
  at: string;
}

/**
 * Why the audit trail cannot be trusted, or null when it verifies. The one place that decides it,
 * for opening a database and for checking a backup.
 */
export async function auditTrailProblem(db: Db, check: TrailCheck): Promise<string | null> {
  if (!check.seal) return inspectAuditTrail(db, check.databaseFile, { vault: check.vault, key: check.key });
  // The trail opens with its key (made and sealed the first time), then is verified whole.
  const trail = await openAuditTrail(db, check.databaseFile, { vault: check.vault, at: check.at });
  if (trail.problem) return trail.problem;
  if (trail.sealedNow) return null;
  const report = await verifyChain(db);
  return report.ok ? null : (report.problem ?? `The audit trail does not verify: event ${report.firstBad!.id} ${report.firstBad!.problem}.`);
}

/**
 * Housekeeping's full check of the file (the quick one runs at every open): a database that fails
 * it turns read-only from now on, with SQLite's findings as the reason.
 */
export async function integrityTask(ctx: HandlerContext): Promise<{ ok: boolean; problems: string[] }> {
  const problems = await ctx.store.read(() => ctx.store.check('integrity_check'));
  if (problems.length > 0) {
    ctx.store.setReadOnly(damageReason(problems));
    ctx.log('error', `The database is read-only: ${ctx.store.readOnlyReason}`, problems);
  }
  return { ok: problems.length === 0, problems };
}
