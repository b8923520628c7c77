import type { Queryable, Tx } from '../db/engine/port';
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

async function loadRaw(db: Queryable, releaseId: number): Promise<RawRelease> {
  const row = await db.one<RawRelease>(`${ROW} WHERE r.id = ?`, [releaseId]);
  if (!row) throw new AppError({ code: 'NOT_FOUND', field: 'releaseId', message: `There is no release request ${releaseId}.` });
  return row;
}

export async function releaseRow(db: Queryable, releaseId: number): Promise<ReleaseRow> {
  return toRow(await loadRaw(db, releaseId));
}

/** Waiting requests, oldest first (optionally for one period and payor). */
export async function waitingReleases(db: Queryable, scope?: { periodId: number; payorId: number }): Promise<ReleaseRow[]> {
  const rows = scope
    ? await db.rows<RawRelease>(`${ROW} WHERE r.status = 'waiting' AND r.period_id = ? AND r.payor_id = ? ORDER BY r.id`, [scope.periodId, scope.payorId])
    : await db.rows<RawRelease>(`${ROW} WHERE r.status = 'waiting' ORDER BY r.id`);
  return rows.map(toRow);
}

const sortedIds = (ids: readonly number[]) => JSON.stringify([...ids].sort((a, b) => a - b));

/** The waiting request for exactly these items, if any (what the preview shows). */
export async function waitingFor(db: Queryable, scope: { periodId: number; payorId: number }, paymentIds: readonly number[]): Promise<ReleaseRow | null> {
  const wanted = sortedIds(paymentIds);
  const raw = await db.one<RawRelease>(`${ROW} WHERE r.status = 'waiting' AND r.period_id = ? AND r.payor_id = ? AND r.payment_ids = ? ORDER BY r.id DESC LIMIT 1`, [
    scope.periodId,
    scope.payorId,
    wanted,
  ]);
  return raw ? toRow(raw) : null;
}

async function decide(db: Tx, raw: RawRelease, status: 'released' | 'cancelled' | 'superseded', user: SessionUser, at: string, batchId: number | null): Promise<void> {
  await db.run(`UPDATE export_release SET status = ?, decided_by = ?, decided_at = ?, batch_id = ? WHERE id = ? AND status = 'waiting'`, [status, user.id, at, batchId, raw.id]);
  await appendAudit(db, {
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
export async function requestRelease(db: Tx, scope: { periodId: number; payorId: number }, user: SessionUser, now: Date): Promise<ReleaseRow> {
  const at = now.toISOString();
  const selection = await selectForExport(db, scope.periodId, scope.payorId, await agencyToday(db, now));
  const ids = selection.groups.flatMap((g) => g.items.map((i) => i.paymentId));
  if (!selection.release) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'export.release-not-needed',
      message: ids.length === 0 ? 'Nothing to export: no authorized item is ready.' : 'This batch is within the agency\'s batch limit: run the export; no release is needed.',
    });
  }
  // The one who asks starts the export: the same separation of duties as a run.
  await assertMayExport(db, ids, user);
  for (const old of await waitingReleases(db, scope)) await decide(db, await loadRaw(db, old.id), 'superseded', user, at, null);
  const id = await db.insert(
    `INSERT INTO export_release (period_id, payor_id, requested_by, requested_at, item_count, total_cents, limit_cents, payment_ids, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting')`,
    [scope.periodId, scope.payorId, user.id, at, ids.length, selection.release.totalCents, selection.release.limitCents, sortedIds(ids)],
  );
  await appendAudit(db, {
    actor: actorOf(user, 'Payor'),
    at,
    entity: 'export_release',
    entityId: id,
    action: 'request-release',
    after: { periodId: scope.periodId, payorId: scope.payorId, itemCount: ids.length, totalCents: selection.release.totalCents, limitCents: selection.release.limitCents, status: 'waiting' },
  });
  return releaseRow(db, id);
}

export async function cancelRelease(db: Tx, releaseId: number, user: SessionUser, now: Date): Promise<ReleaseRow> {
  const raw = await loadRaw(db, releaseId);
  if (raw.status !== 'waiting') throw new AppError({ code: 'REFUSED', rule: 'export.release-decided', message: `Release request ${releaseId} is ${raw.status} already.` });
  await decide(db, raw, 'cancelled', user, now.toISOString(), null);
  return releaseRow(db, releaseId);
}

/** A second Payor releases a waiting request: the batch is exported (files written after the commit). */
export async function releaseBatch(ctx: HandlerContext, releaseId: number): Promise<BatchDetail> {
  const user = ctx.caller!;
  const raw = await ctx.store.read(({ db }) => loadRaw(db, releaseId));
  return runExport(ctx, { periodId: raw.periodId, payorId: raw.payorId }, async (db, commit) => {
    const now = await loadRaw(db, releaseId); // again, inside the write transaction
    if (now.status !== 'waiting') throw new AppError({ code: 'REFUSED', rule: 'export.release-decided', message: `Release request ${releaseId} is ${now.status} already.` });
    if (now.requestedById === user.id) {
      throw new AppError({
        code: 'REFUSED',
        rule: 'export.release-second-payor',
        message: `${user.username} asked for this release (${formatCents(now.totalCents)}); a second Payor must release it.`,
      });
    }
    const committed = await commit({ id: now.id, paymentIds: JSON.parse(now.paymentIds) as number[], totalCents: now.totalCents, requestedBy: now.requestedById });
    await decide(db, now, 'released', user, ctx.now().toISOString(), committed.batchId);
    return committed;
  });
}

