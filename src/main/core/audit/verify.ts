import type { Queryable } from '../db/engine/port';
import { readManifestAnchor } from '../export/files/manifest';
import { verifyChain, type ChainReport } from './chain';
import { moneyProblems, type MoneyProblem } from './money';

// `paydesk verify-audit` and the Administrators' audit-verify (DESIGN.md section 9): the whole
// chain (keyed from its seal), every export batch's anchor against the chain, against the manifest
// the batch wrote outside the database, and every stored amount and bank account against the
// events that set them. Reads only; never repairs.

export interface AuditReport extends ChainReport {
  /** Amounts and bank details that differ from what the trail recorded. */
  money: MoneyProblem[];
  /** What could not be checked (a batch's manifest missing): not proof of tampering, but worth a look. */
  warnings: string[];
}

export async function verifyAudit(db: Queryable): Promise<AuditReport> {
  const chain = await verifyChain(db);
  const warnings: string[] = [];
  const anchors = chain.anchors ?? { checked: 0, problems: [] };
  const batches = await db.rows<{ id: number; folder: string; eventId: number; hash: string }>(
    `SELECT id, folder, anchor_event_id AS eventId, anchor_hash AS hash FROM export_batch WHERE anchor_event_id IS NOT NULL ORDER BY id`,
  );
  for (const b of batches) {
    let written: ReturnType<typeof readManifestAnchor>;
    try {
      written = readManifestAnchor(b.folder, b.id);
    } catch (err) {
      anchors.problems.push({ batchId: b.id, eventId: b.eventId, problem: `the manifest of export batch ${b.id} cannot be read (${(err as Error).message})` });
      continue;
    }
    if (!written) {
      warnings.push(`Export batch ${b.id}: its manifest is missing from ${b.folder}, so its anchor was checked against the database only.`);
    } else if (written.eventId !== b.eventId || written.hash !== b.hash) {
      anchors.problems.push({
        batchId: b.id,
        eventId: written.eventId,
        problem: `export batch ${b.id}'s manifest recorded event ${written.eventId} (${written.hash.slice(0, 12)}…) as the trail's head, the database says event ${b.eventId} (${b.hash.slice(0, 12)}…): the trail or the batch was rewritten`,
      });
    }
  }
  const money = chain.problem && /key/.test(chain.problem) ? [] : await moneyProblems(db);
  let report: AuditReport = { ...chain, anchors, money, warnings };
  if (report.ok && anchors.problems.length > 0) {
    const first = anchors.problems[0];
    report = { ...report, ok: false, firstBad: { id: first.eventId, problem: first.problem }, problem: `The audit trail does not match what export batch ${first.batchId} recorded: ${first.problem}.` };
  }
  if (report.ok && money.length > 0) {
    report = { ...report, ok: false, problem: `${money.length} amount(s) or bank account(s) differ from the audit trail; the first: ${money[0].problem}.` };
  }
  return report;
}
