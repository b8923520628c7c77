import type BetterSqlite3 from 'better-sqlite3';
import type { ReleaseRow } from '../../../shared/api/contract/export';
import type { SessionUser } from '../../../shared/api/contract/session';
import { AppError } from '../../../shared/api/errors';
import { formatCents } from '../../../shared/domain/money';
import { appendAudit } from '../audit/chain';
import { actorOf, type HandlerContext } from '../context';
import { agencyToday } from '../settings/today';
import { assertMayExport } from '../workflow/separation';
import type { BatchDetail } from '../../../shared/api/contract/export';
import { runExport } from './run';
import { selectForExport } from './select';

// A batch above the agency's batch limit (setting export.batchLimitCents) waits for a second
// Payor's release (DESIGN.md section 5). The request records exactly which items and what total
// were asked for; the release exports them in one transaction as export-run would, if nothing
// about them changed meanwhile. Both are audit events of their own; separation of duties applies:
// the releaser is not the Payor who asked, and authorized none of the items.

const ROW = `SELECT r.id, r.requested_at AS requestedAt, r.item_count AS itemCount, r.total_cents AS totalCents, r.limit_cents AS limitCents,
    r.status, r.decided_at AS decidedAt, r.batch_id AS batchId, r.payment_ids AS paymentIds, r.requested_by AS requestedById,
    q.username AS requestedBy, d.username AS decidedBy,
    s.id AS periodId, s.code AS periodCode, s.label AS periodLabel, y.id AS payorId, y.code AS payorCode, y.name AS payorName, y.kind AS payorKind
  FROM export_release r JOIN service_period s ON s.id = r.period_id JOIN payor y ON y.id = r.payor_id
  JOIN app_user q ON q.id = r.requested_by LEFT JOIN app_user d ON d.id = r.decided_by`;

interface RawRelease {
  id: number; requestedAt: string; itemCount: number; totalCents: number; limitCents: number; status: ReleaseRow['status'];
  decidedAt: string | null; batchId: number | null; paymentIds: string; requestedById: number; requestedBy: string; decidedBy: string | null;
  periodId: number; periodCode: string; periodLabel: string; payorId: number; payorCode: string; payorName: string; payorKind: 'direct' | 'third_party';
}

function toRow(r: RawRelease): ReleaseRow {
  return {
    id: r.id,
    period: { id: r.periodId, code: r.periodCode, label: r.periodLabel },
    payor: { id: r.payorId, code: r.payorCode, name: r.payorName, kind: r.payorKind },
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt,
    itemCount: r.itemCount,
    totalCents: r.totalCents,
    limitCents: r.limitCents,
    status: r.status,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    batchId: r.batchId,
  };
}

function loadRaw(sql: BetterSqlite3.Database, releaseId: number): RawRelease {
  const row = sql.prepare(`${ROW} WHERE r.id = ?`).get(releaseId) as RawRelease | undefined;
  if (!row) throw new AppError({ code: 'NOT_FOUND', field: 'releaseId', message: `There is no release request ${releaseId}.` });
  return row;
}

export function releaseRow(sql: BetterSqlite3.Database, releaseId: number): ReleaseRow {
  return toRow(loadRaw(sql, releaseId));
}

/** Waiting requests, oldest first (optionally for one period and payor). */
export function waitingReleases(sql: BetterSqlite3.Database, scope?: { periodId: number; payorId: number }): ReleaseRow[] {
  const rows = scope
    ? (sql.prepare(`${ROW} WHERE r.status = 'waiting' AND r.period_id = ? AND r.payor_id = ? ORDER BY r.id`).all(scope.periodId, scope.payorId) as RawRelease[])
    : (sql.prepare(`${ROW} WHERE r.status = 'waiting' ORDER BY r.id`).all() as RawRelease[]);
  return rows.map(toRow);
}

const sortedIds = (ids: readonly number[]) => JSON.stringify([...ids].sort((a, b) => a - b));

/** The waiting request for exactly these items, if any (what the preview shows). */
export function waitingFor(sql: BetterSqlite3.Database, scope: { periodId: number; payorId: number }, paymentIds: readonly number[]): ReleaseRow | null {
  const wanted = sortedIds(paymentIds);
  const raw = sql
    .prepare(`${ROW} WHERE r.status = 'waiting' AND r.period_id = ? AND r.payor_id = ? AND r.payment_ids = ? ORDER BY r.id DESC LIMIT 1`)
    .get(scope.periodId, scope.payorId, wanted) as RawRelease | undefined;
  return raw ? toRow(raw) : null;
}

function decide(sql: BetterSqlite3.Database, raw: RawRelease, status: 'released' | 'cancelled' | 'superseded', user: SessionUser, at: string, batchId: number | null): void {
  sql.prepare(`UPDATE export_release SET status = ?, decided_by = ?, decided_at = ?, batch_id = ? WHERE id = ? AND status = 'waiting'`).run(status, user.id, at, batchId, raw.id);
  appendAudit(sql, {
    actor: actorOf(user, 'Payor'),
    at,
    entity: 'export_release',
    entityId: raw.id,
    action: status === 'released' ? 'release-batch' : status === 'cancelled' ? 'cancel-release' : 'supersede-release',
    before: { status: 'waiting' },
    after: { status, batchId },
  });
}

/** A Payor asks for the release of the batch the preview shows now. */
export function requestRelease(sql: BetterSqlite3.Database, scope: { periodId: number; payorId: number }, user: SessionUser, now: Date): ReleaseRow {
  const at = now.toISOString();
  const selection = selectForExport(sql, scope.periodId, scope.payorId, agencyToday(sql, now));
  const ids = selection.groups.flatMap((g) => g.items.map((i) => i.paymentId));
  if (!selection.release) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'export.release-not-needed',
      message: ids.length === 0 ? 'Nothing to export: no authorized item is ready.' : 'This batch is within the agency\'s batch limit: run the export; no release is needed.',
    });
  }
  // The one who asks starts the export: the same separation of duties as a run.
  assertMayExport(sql, ids, user);
  for (const old of waitingReleases(sql, scope)) decide(sql, loadRaw(sql, old.id), 'superseded', user, at, null);
  const id = Number(
    sql
      .prepare(
        `INSERT INTO export_release (period_id, payor_id, requested_by, requested_at, item_count, total_cents, limit_cents, payment_ids, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting')`,
      )
      .run(scope.periodId, scope.payorId, user.id, at, ids.length, selection.release.totalCents, selection.release.limitCents, sortedIds(ids)).lastInsertRowid,
  );
  appendAudit(sql, {
    actor: actorOf(user, 'Payor'),
    at,
    entity: 'export_release',
    entityId: id,
    action: 'request-release',
    after: { periodId: scope.periodId, payorId: scope.payorId, itemCount: ids.length, totalCents: selection.release.totalCents, limitCents: selection.release.limitCents, status: 'waiting' },
  });
  return releaseRow(sql, id);
}

export function cancelRelease(sql: BetterSqlite3.Database, releaseId: number, user: SessionUser, now: Date): ReleaseRow {
  const raw = loadRaw(sql, releaseId);
  if (raw.status !== 'waiting') throw new AppError({ code: 'REFUSED', rule: 'export.release-decided', message: `Release request ${releaseId} is ${raw.status} already.` });
  decide(sql, raw, 'cancelled', user, now.toISOString(), null);
  return releaseRow(sql, releaseId);
}

/** A second Payor releases a waiting request: the batch is exported (files written after the commit). */
export async function releaseBatch(ctx: HandlerContext, releaseId: number): Promise<BatchDetail> {
  const user = ctx.caller!;
  const raw = await ctx.store.read(({ sql }) => loadRaw(sql, releaseId));
  return runExport(ctx, { periodId: raw.periodId, payorId: raw.payorId }, (sql, commit) => {
    const now = loadRaw(sql, releaseId); // again, inside the write transaction
    if (now.status !== 'waiting') throw new AppError({ code: 'REFUSED', rule: 'export.release-decided', message: `Release request ${releaseId} is ${now.status} already.` });
    if (now.requestedById === user.id) {
      throw new AppError({
        code: 'REFUSED',
        rule: 'export.release-second-payor',
        message: `${user.username} asked for this release (${formatCents(now.totalCents)}); a second Payor must release it.`,
      });
    }
    const committed = commit({ id: now.id, paymentIds: JSON.parse(now.paymentIds) as number[], totalCents: now.totalCents, requestedBy: now.requestedById });
    decide(sql, now, 'released', user, ctx.now().toISOString(), committed.batchId);
    return committed;
  });
}

