import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Params, Queryable } from '../db/engine/port';
import type { BatchDetail, BatchRow } from '../../../shared/api/contract/export';
import { maskAccount } from '../../../shared/domain/routing';
import { orderBy } from '../db/paging';
import { loadBatchModel } from './load';
import type { BatchModel } from './model';
import type { Written } from './files/atomic';
import { planFiles, remittanceFileName } from './files/plan';

// Reading batches for the Exports page: the paged list, and one batch with its files (size and
// SHA-256 as they are on disk now), providers, items and who was left out.

const SORT: Record<string, string> = {
  id: 'b.id',
  createdAt: 'b.created_at',
  totalCents: 'b.total_cents',
  itemCount: 'b.item_count',
  period: 's.start_date',
  payor: 'y.name',
};

const ROW = `SELECT b.id, b.created_at AS createdAt, u.username AS createdBy, b.item_count AS itemCount, b.total_cents AS totalCents,
    b.folder, b.files_written_at AS filesWrittenAt, b.files_error AS filesError, (SELECT count(DISTINCT provider_id) FROM export_item WHERE batch_id = b.id) AS providerCount,
    s.id AS periodId, s.code AS periodCode, s.label AS periodLabel, y.id AS payorId, y.code AS payorCode, y.name AS payorName, y.kind AS payorKind
  FROM export_batch b JOIN service_period s ON s.id = b.period_id JOIN payor y ON y.id = b.payor_id
  LEFT JOIN app_user u ON u.id = b.created_by`;

interface RawRow {
  id: number; createdAt: string; createdBy: string | null; itemCount: number; totalCents: number; folder: string;
  filesWrittenAt: string | null; filesError: string | null; providerCount: number; periodId: number; periodCode: string; periodLabel: string;
  payorId: number; payorCode: string; payorName: string; payorKind: 'direct' | 'third_party';
}

async function itemStates(db: Queryable, batchIds: number[]): Promise<Map<number, BatchRow['itemStates']>> {
  const out = new Map<number, BatchRow['itemStates']>(batchIds.map((id) => [id, { inProcess: 0, processed: 0, paid: 0 }]));
  const rows = await db.rows<{ batchId: number; sub: string; n: number }>(
    `SELECT export_batch_id AS batchId, sub_status AS sub, count(*) AS n FROM payment
       WHERE export_batch_id IN ${db.dialect.idsFromJson} GROUP BY export_batch_id, sub_status`,
    [JSON.stringify(batchIds)],
  );
  for (const r of rows) {
    const s = out.get(r.batchId)!;
    if (r.sub === 'In Process') s.inProcess += r.n;
    else if (r.sub === 'Processed') s.processed += r.n;
    else if (r.sub === 'Paid') s.paid += r.n;
  }
  return out;
}

async function toRows(db: Queryable, raws: RawRow[]): Promise<BatchRow[]> {
  const states = await itemStates(db, raws.map((r) => r.id));
  return raws.map((r) => ({
    id: r.id,
    period: { id: r.periodId, code: r.periodCode, label: r.periodLabel },
    payor: { id: r.payorId, code: r.payorCode, name: r.payorName, kind: r.payorKind },
    createdAt: r.createdAt,
    createdBy: r.createdBy ?? '',
    itemCount: r.itemCount,
    providerCount: r.providerCount,
    totalCents: r.totalCents,
    folder: r.folder,
    filesWrittenAt: r.filesWrittenAt,
    filesError: r.filesError,
    itemStates: states.get(r.id)!,
  }));
}

export async function listBatches(
  db: Queryable,
  q: { page: number; pageSize: number; sort: ReadonlyArray<{ field: string; sort: 'asc' | 'desc' }>; search: string; periodId?: number; payorId?: number },
): Promise<{ rows: BatchRow[]; total: number }> {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (q.periodId) {
    where.push('b.period_id = @periodId');
    params.periodId = q.periodId;
  }
  if (q.payorId) {
    where.push('b.payor_id = @payorId');
    params.payorId = q.payorId;
  }
  if (q.search.trim()) {
    // Search by batch number or period code.
    where.push(`(CAST(b.id AS TEXT) = @q OR s.code LIKE @like)`);
    params.q = q.search.trim();
    params.like = `%${q.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // No filter: a text without names takes no named values (PostgreSQL's dialect refuses `{}` there).
  const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM export_batch b JOIN service_period s ON s.id = b.period_id ${whereSql}`, where.length ? (params as Params) : []))!.n;
  const raws = await db.rows<RawRow>(`${ROW} ${whereSql} ${orderBy(q.sort, SORT, 'b.id DESC')}, b.id DESC LIMIT @limit OFFSET @offset`, {
    ...params,
    limit: q.pageSize,
    offset: q.page * q.pageSize,
  });
  return { rows: await toRows(db, raws), total };
}

export async function batchRow(db: Queryable, batchId: number): Promise<BatchRow> {
  return (await toRows(db, await db.rows<RawRow>(`${ROW} WHERE b.id = ?`, [batchId])))[0];
}

async function fileOnDisk(file: string): Promise<Written | null> {
  try {
    const data = await fs.promises.readFile(file);
    return { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
  } catch (err) {
    // Gone, or its folder replaced by something else: missing either way.
    if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return null;
    throw err;
  }
}

/** Reads what batchDetail needs from the database (inside the store's queue). */
export async function loadDetail(db: Queryable, batchId: number): Promise<{ model: BatchModel; row: BatchRow }> {
  return { model: await loadBatchModel(db, batchId), row: await batchRow(db, batchId) };
}

/**
 * One batch with its files as they are on disk now (size and SHA-256 read back, outside the
 * database queue and a few files at a time), or — right after writing them — as written.
 */
export async function batchDetail(
  { model, row }: { model: BatchModel; row: BatchRow },
  written?: ReadonlyMap<string, Written>,
): Promise<BatchDetail> {
  const planned = planFiles(model);
  const found: Array<Written | null> = new Array(planned.length).fill(null);
  if (written) planned.forEach((f, i) => (found[i] = written.get(f.name) ?? null));
  else {
    let next = 0;
    const reader = async () => {
      while (next < planned.length) {
        const i = next++;
        found[i] = await fileOnDisk(path.join(row.folder, planned[i].name));
      }
    };
    await Promise.all(Array.from({ length: 8 }, reader));
  }
  const files = planned.map((f, i) => ({
    name: f.name, kind: f.kind, providerId: f.providerId ?? null, bytes: found[i]?.bytes ?? null, sha256: found[i]?.sha256 ?? null,
  }));
  const providers = model.payees.map((p) => ({
    providerId: p.id,
    providerName: p.name,
    method: p.method,
    accountMasked: p.method === 'ach' ? maskAccount(p.accountNumber) : null,
    reference: p.method === 'ach' ? (p.traceNumber ?? '') : p.method === 'check' ? String(p.checkNumber ?? '') : '',
    netCents: p.netCents,
    items: p.items.map((i) => ({ paymentId: i.paymentId, kind: i.kind, amountCents: i.amountCents })),
    remittanceFile: remittanceFileName(p.id),
  }));
  return { batch: row, files, providers, leftOut: model.leftOut };
}
