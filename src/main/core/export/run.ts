import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { SessionUser } from '../../../shared/api/contract/session';
import { AppError } from '../../../shared/api/errors';
import { appendAudit, type Actor } from '../audit/chain';
import type { HandlerContext } from '../context';
import { readAgency } from '../reference/agency';
import { applyAction } from '../workflow/engine';
import { assertMayExport } from '../workflow/separation';
import type { BatchDetail } from '../../../shared/api/contract/export';
import { batchDetail, batchRow } from './batches';
import { loadBatchModel } from './load';
import type { BatchModel } from './model';
import { loadPeriodAndPayor, selectForExport } from './select';
import { buildSnapshot } from './snapshot';
import { writeBatchFiles, type WrittenFiles } from './write';
import { batchFolder, batchFolderName } from './files/locate';

// The export run (DESIGN.md section 5). One transaction commits the batch, its items (export_item
// .payment_id is UNIQUE: no item is ever in two batches) and every item's Export action with its
// audit event. The items are selected again inside that transaction, which holds the database's
// write lock from its start, so a second export of the same period — in this process or another
// one on the same file — waits, then finds only what is left. Files are written after the
// commit; until they all are, files_written_at stays null and the start-up repair finishes them.

const PROGRESS_EVERY = 100;

/** The database's export folder: the agency's setting, else "exports" in the data folder. No caller names it. */
export function exportRoot(sql: BetterSqlite3.Database, ctx: HandlerContext): string {
  const configured = readAgency(sql).exportRoot;
  return path.resolve(configured || path.join(ctx.host.dataDir, 'exports'));
}

/**
 * One write transaction opened with BEGIN IMMEDIATE and run synchronously to COMMIT (as intake's
 * writeTx): another process on the same file waits for the write lock (busy timeout) instead of
 * failing when it upgrades a stale read, and two cores in one process cannot interleave in it.
 */
export function immediateTx<T>(ctx: HandlerContext, work: (sql: BetterSqlite3.Database) => T): Promise<T> {
  return ctx.store.write(work);
}

interface Committed {
  batchId: number;
  folder: string;
  itemCount: number;
}

export function commitBatch(
  sql: BetterSqlite3.Database,
  args: { periodId: number; payorId: number; root: string },
  caller: SessionUser,
  now: string,
  emit: (done: number, total: number, message: string) => void,
): Committed {
  const batchId = Number(
    sql
      .prepare(`INSERT INTO export_batch (period_id, payor_id, created_at, created_by, item_count, total_cents, folder) VALUES (?, ?, ?, ?, 0, 0, '')`)
      .run(args.periodId, args.payorId, now, caller.id).lastInsertRowid,
  );
  const selection = selectForExport(sql, args.periodId, args.payorId);
  const items = selection.groups.flatMap((g) => g.items.map((i) => ({ ...i, providerId: g.provider.id })));
  if (items.length === 0) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'export.nothing',
      message: `Nothing to export for ${selection.period.label}, ${selection.payor.name}: no authorized item is ready (${selection.leftOut.length} provider(s) left out).`,
    });
  }
  assertMayExport(sql, items.map((i) => i.paymentId), caller);

  const snapshot = buildSnapshot(sql, selection, caller, { id: batchId, createdAt: now });
  const folder = path.join(args.root, batchFolderName(batchId, selection.period.code, selection.payor.code));
  const total = items.reduce((s, i) => s + i.amountCents!, 0);
  const insertItem = sql.prepare(`INSERT INTO export_item (batch_id, payment_id, provider_id, amount_cents) VALUES (?, ?, ?, ?)`);
  const actor: Actor = { userId: caller.id, username: caller.username, group: 'System' };
  emit(0, items.length, 'Marking items exported');
  items.forEach((item, n) => {
    insertItem.run(batchId, item.paymentId, item.providerId, item.amountCents);
    applyAction(sql, { paymentId: item.paymentId, action: 'export', actor, exportBatchId: batchId, details: { batchId, startedBy: caller.username } }, now);
    if ((n + 1) % PROGRESS_EVERY === 0) emit(n + 1, items.length, 'Marking items exported');
  });
  sql
    .prepare(`UPDATE export_batch SET item_count = ?, total_cents = ?, folder = ?, snapshot = ? WHERE id = ?`)
    .run(items.length, total, folder, JSON.stringify(snapshot), batchId);
  appendAudit(sql, {
    actor: { userId: caller.id, username: caller.username, group: 'Payor' },
    at: now,
    entity: 'export_batch',
    entityId: batchId,
    action: 'export-run',
    after: { periodId: args.periodId, payorId: args.payorId, itemCount: items.length, totalCents: total, providers: snapshot.payees.length, folder },
    details: { leftOut: selection.leftOut.map((l) => ({ providerId: l.providerId, reason: l.reason, paymentIds: l.paymentIds })) },
  });
  emit(items.length, items.length, 'Marking items exported');
  return { batchId, folder, itemCount: items.length };
}

/** (Re)writes every file of a committed batch, then records when. Same bytes every time. */
export async function writeFilesFor(ctx: HandlerContext, batchId: number): Promise<{ model: BatchModel; written: WrittenFiles }> {
  // Only into the batch's own folder (a folder recorded elsewhere is refused, never written to).
  const { model, folder } = await ctx.store.read(({ sql }) => ({ model: loadBatchModel(sql, batchId), folder: batchFolder(sql, batchId) }));
  const written = await writeBatchFiles(model, folder, (done, total, message) => ctx.emit({ kind: 'progress', task: 'export', done, total, message }));
  const at = ctx.now().toISOString();
  await ctx.store.run(({ sql }) => sql.prepare(`UPDATE export_batch SET files_written_at = ? WHERE id = ?`).run(at, batchId));
  return { model, written };
}

/** Runs the export; returns the batch's detail, built from what was just written. */
export async function runExport(ctx: HandlerContext, args: { periodId: number; payorId: number }): Promise<BatchDetail> {
  const caller = ctx.caller!;
  const root = await ctx.store.read(({ sql }) => {
    loadPeriodAndPayor(sql, args.periodId, args.payorId); // NOT_FOUND before anything is written
    return exportRoot(sql, ctx);
  });
  const now = ctx.now().toISOString();
  const emit = (done: number, total: number, message: string) => ctx.emit({ kind: 'progress', task: 'export', done, total, message });
  const committed = await immediateTx(ctx, (sql) => commitBatch(sql, { ...args, root }, caller, now, emit));
  let files: Awaited<ReturnType<typeof writeFilesFor>>;
  try {
    files = await writeFilesFor(ctx, committed.batchId);
  } catch (err) {
    ctx.log('error', `export batch ${committed.batchId}: writing files failed`, err);
    throw new AppError({
      code: 'INTERNAL',
      message: `Batch ${committed.batchId} was exported (${committed.itemCount} items are paid or handed over), but its files could not be written to ${committed.folder}: ${(err as Error).message}. They are written again at the next start, or now with "Regenerate files".`,
    });
  }
  const row = await ctx.store.read(({ sql }) => batchRow(sql, committed.batchId));
  return batchDetail({ model: files.model, row }, files.written);
}
