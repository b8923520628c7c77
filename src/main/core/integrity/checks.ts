import type BetterSqlite3 from 'better-sqlite3';
import { verifyChain } from '../audit/chain';

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
