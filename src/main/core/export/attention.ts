import type { Queryable } from '../db/engine/port';
import { MONEY_ALERT_REASONS, type ExportAttention } from '../../../shared/api/contract/export';
import { agencyToday } from '../settings/today';
import { waitingReleases } from './release';
import { selectForExport } from './select';

// What needs a person on the Exports page (and, later, in a "Needs attention" list): batches
// waiting for a second Payor's release, committed batches whose files could not be written, and
// the authorized items each export would leave out now, with the reason — of which those whose
// money differs from the audit trail are alerts for an administrator. Reads only.

const FAILED = `SELECT b.id AS batchId, b.folder, b.files_error AS error, b.files_failed_at AS failedAt,
    s.id AS periodId, s.code AS periodCode, s.label AS periodLabel, y.id AS payorId, y.code AS payorCode, y.name AS payorName, y.kind AS payorKind
  FROM export_batch b JOIN service_period s ON s.id = b.period_id JOIN payor y ON y.id = b.payor_id
  WHERE b.files_error IS NOT NULL ORDER BY b.id`;

// Every period and payor with authorized items not yet exported: where an export would run.
const SCOPES = `SELECT DISTINCT period_id AS periodId, payor_id AS payorId FROM payment
  WHERE invoice_status = 'Pending Payment' AND export_batch_id IS NULL ORDER BY period_id, payor_id`;

interface FailedRow {
  batchId: number; folder: string; error: string; failedAt: string | null;
  periodId: number; periodCode: string; periodLabel: string; payorId: number; payorCode: string; payorName: string; payorKind: 'direct' | 'third_party';
}

export async function exportAttention(db: Queryable, now: Date): Promise<ExportAttention> {
  const failedBatches = (await db.rows<FailedRow>(FAILED)).map((r) => ({
    batchId: r.batchId,
    folder: r.folder,
    error: r.error,
    failedAt: r.failedAt,
    period: { id: r.periodId, code: r.periodCode, label: r.periodLabel },
    payor: { id: r.payorId, code: r.payorCode, name: r.payorName, kind: r.payorKind },
  }));
  const date = await agencyToday(db, now);
  const leftOut: ExportAttention['leftOut'] = [];
  for (const scope of await db.rows<{ periodId: number; payorId: number }>(SCOPES)) {
    const selection = await selectForExport(db, scope.periodId, scope.payorId, date);
    const period = { id: selection.period.id, code: selection.period.code, label: selection.period.label };
    for (const row of selection.leftOut) leftOut.push({ ...row, period, payor: selection.payor });
  }
  return {
    releases: await waitingReleases(db),
    failedBatches,
    leftOut,
    alerts: leftOut.filter((l) => MONEY_ALERT_REASONS.includes(l.reason)),
  };
}
