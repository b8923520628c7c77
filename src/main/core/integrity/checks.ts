import type BetterSqlite3 from 'better-sqlite3';
import { verifyChain } from '../audit/chain';
import type { HandlerContext } from '../context';
import { damageReason } from '../db/store';

// Whether a database can be trusted with changes (DESIGN.md section 9): the file passes SQLite's
// check (db/store.ts, at every open) and its audit trail verifies. A database that fails either
// opens read-only with the reason; a backup is checked the same way before it is kept or restored.

/**
 * Why the audit trail cannot be trusted, or null when it verifies. The one place that decides it,
 * for opening a database and for checking a backup: the anchor check (the chain's head recorded at
 * each export batch and backup, issue #11) joins here.
 */
export function auditTrailProblem(sql: BetterSqlite3.Database): string | null {
  const report = verifyChain(sql);
  if (report.ok) return null;
  return `The audit trail does not verify: event ${report.firstBad!.id} ${report.firstBad!.problem}.`;
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
