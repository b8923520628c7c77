import path from 'node:path';
import type { Queryable, Tx } from '../db/engine/port';
import type { SessionUser } from '../../../shared/api/contract/session';
import { AppError } from '../../../shared/api/errors';
import { appendAudit, AUDIT_CHAIN_LOCK, type Actor } from '../audit/chain';
import type { HandlerContext } from '../context';
import { readExportFolder } from '../reference/agency';
import { applyAction } from '../workflow/engine';
import { loadItems } from '../workflow/item';
import { assertMayExport } from '../workflow/separation';
import type { BatchDetail } from '../../../shared/api/contract/export';
import { batchDetail, batchRow } from './batches';
import { loadBatchModel } from './load';
import type { BatchModel } from './model';
import { loadPeriodAndPayor, selectForExport } from './select';
import { buildSnapshot } from './snapshot';
import { planFiles } from './files/plan';
import { formatCents } from '../../../shared/domain/money';
import { agencyToday } from '../settings/today';
import { writeBatchFiles, type WrittenFiles } from './write';
import { batchFolder, batchFolderName } from './files/locate';
import { recordSteps } from '../recovery/service';

// The export run (DESIGN.md section 5). One transaction commits the batch, its items (export_item
// .payment_id is UNIQUE: no item is ever in two batches) and every item's Export action with its
// audit event. The items are selected again inside that transaction, which holds the database's
// write lock from its start, so a second export of the same period — in this process or another
// one on the same file — waits, then finds only what is left. Files are written after the
// commit; until they all are, files_written_at stays null and the start-up repair finishes them.

const PROGRESS_EVERY = 100;

/** The database's export folder: the agency's setting, else "exports" in the data folder. No caller names it. */
export async function exportRoot(db: Queryable, ctx: HandlerContext): Promise<string> {
  return (await readExportFolder(db, ctx)).folder;
}

/**
 * One write transaction (SQLite: BEGIN IMMEDIATE, so another process on the same file waits for
 * the write lock instead of failing when it upgrades a stale read) holding the audit chain's lock
 * and any other named ones from its start (PostgreSQL: another PayDesk server waits).
 */
export function immediateTx<T>(ctx: HandlerContext, work: (db: Tx) => Promise<T>, locks: readonly string[] = []): Promise<T> {
  return ctx.store.run(({ db }) => work(db), { locks: [...locks, AUDIT_CHAIN_LOCK] });
}

/** The lock two exports of one period and payor take in turn (PostgreSQL; SQLite's write lock covers it). */
export const exportLock = (periodId: number, payorId: number): string => `export:${periodId}:${payorId}`;

interface Committed {
  batchId: number;
  folder: string;
  itemCount: number;
}

/** What a release lets through: exactly the items and total a Payor asked to be released. */
export interface ReleaseGrant {
  id: number;
  paymentIds: readonly number[];
  totalCents: number;
  requestedBy: number;
}

export async function commitBatch(
  db: Tx,
  args: { periodId: number; payorId: number; root: string; date: string },
  caller: SessionUser,
  now: string,
  emit: (done: number, total: number, message: string) => void,
  release?: ReleaseGrant,
): Promise<Committed> {
  const selection = await selectForExport(db, args.periodId, args.payorId, args.date, { lock: 'update' });
  const items = selection.groups.flatMap((g) => g.items.map((i) => ({ ...i, providerId: g.provider.id })));
  if (items.length === 0) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'export.nothing',
      message: `Nothing to export for ${selection.period.label}, ${selection.payor.name}: no authorized item is ready (${selection.leftOut.length} provider(s) left out).`,
    });
  }
  // What the batch writes: the items as authorized, minus what it takes toward recoveries.
  const steps = selection.groups.flatMap((g) => g.recoveries.map((r) => ({ ...r, providerId: g.provider.id, firstPaymentId: Math.min(...g.items.map((i) => i.paymentId)) })));
  const recovered = steps.reduce((s, r) => s + r.cents, 0);
  const total = items.reduce((s, i) => s + i.amountCents!, 0) - recovered;
  if (release) assertReleaseMatches(release, items.map((i) => i.paymentId), total);
  else if (selection.release) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'export.needs-release',
      message: `This batch (${formatCents(selection.release.totalCents)}) is above the agency's batch limit of ${formatCents(selection.release.limitCents)}: request a release; a second Payor must release it before it is exported.`,
    });
  }
  await assertMayExport(db, [...items.map((i) => i.paymentId), ...steps.filter((r) => r.first).map((r) => r.recoveryId)], caller);

  const batchId = await db.insert(
    `INSERT INTO export_batch (period_id, payor_id, created_at, created_by, item_count, total_cents, folder, released_by, release_id) VALUES (?, ?, ?, ?, 0, 0, '', ?, ?)`,
    [args.periodId, args.payorId, now, release ? release.requestedBy : caller.id, release ? caller.id : null, release?.id ?? null],
  );
  const snapshot = await buildSnapshot(db, selection, release ? await userRef(db, release.requestedBy) : caller, { id: batchId, createdAt: now, date: selection.date });
  if (release) snapshot.releasedBy = { id: caller.id, username: caller.username, displayName: caller.displayName };
  const folder = path.join(args.root, batchFolderName(batchId, selection.period.code, selection.payor.code));
  const actor: Actor = { userId: caller.id, username: caller.username, group: 'System' };
  // The items as the engine reads them, in one statement (locked with the selection above).
  const loaded = await loadItems(db, items.map((i) => i.paymentId));
  emit(0, items.length, 'Marking items exported');
  // The batch's items in a few statements (on PostgreSQL each statement is a round trip), before their moves.
  const itemRows = db.bulkInsert('export_item', ['batch_id', 'payment_id', 'provider_id', 'amount_cents']);
  for (const item of items) itemRows.add(batchId, item.paymentId, item.providerId, item.amountCents);
  await itemRows.flush();
  for (let n = 0; n < items.length; n++) {
    const item = items[n];
    await applyAction(db, { paymentId: item.paymentId, action: 'export', actor, exportBatchId: batchId, details: { batchId, startedBy: caller.username } }, now, loaded.get(item.paymentId));
    if ((n + 1) % PROGRESS_EVERY === 0) emit(n + 1, items.length, 'Marking items exported');
  }
  await recordSteps(db, { id: batchId, date: selection.date }, steps, caller, now);
  await db.run(`UPDATE export_batch SET item_count = ?, total_cents = ?, folder = ?, snapshot = ? WHERE id = ?`, [items.length, total, folder, JSON.stringify(snapshot), batchId]);
  await appendAudit(db, {
    actor: { userId: caller.id, username: caller.username, group: 'Payor' },
    at: now,
    entity: 'export_batch',
    entityId: batchId,
    action: 'export-run',
    // The folder is on the batch (and differs between copies of a database): the event keeps what was paid.
    after: {
      periodId: args.periodId, payorId: args.payorId, itemCount: items.length, totalCents: total, providers: snapshot.payees.length, releaseId: release?.id ?? null,
      ...(recovered ? { recoveredCents: recovered, recoverySteps: steps.map((r) => ({ recoveryId: r.recoveryId, providerId: r.providerId, cents: r.cents })) } : {}),
    },
    details: { leftOut: selection.leftOut.map((l) => ({ providerId: l.providerId, reason: l.reason, paymentIds: l.paymentIds })) },
  });
  // The chain's head now (this batch's own events included) is the batch's anchor: kept on the
  // batch and written into its manifest and summary, so a trail cut off or rewritten later is found.
  const head = (await db.one<{ id: number; hash: string }>(`SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1`))!;
  await db.run(`UPDATE export_batch SET anchor_event_id = ?, anchor_hash = ? WHERE id = ?`, [head.id, head.hash, batchId]);
  // Nothing that cannot be written is committed: the batch's text files (ACH, registers, hand-off)
  // are rendered here, inside the transaction, and a failure rolls the whole batch back.
  proveRenderable(await loadBatchModel(db, batchId, { lines: false }));
  emit(items.length, items.length, 'Marking items exported');
  return { batchId, folder, itemCount: items.length };
}

async function userRef(db: Queryable, userId: number): Promise<Pick<SessionUser, 'id' | 'username' | 'displayName'>> {
  return (await db.one<Pick<SessionUser, 'id' | 'username' | 'displayName'>>(`SELECT id, username, display_name AS displayName FROM app_user WHERE id = ?`, [userId]))!;
}

function assertReleaseMatches(release: ReleaseGrant, paymentIds: number[], totalCents: number): void {
  const asked = new Set(release.paymentIds);
  const same = asked.size === paymentIds.length && paymentIds.every((id) => asked.has(id));
  if (same && totalCents === release.totalCents) return;
  throw new AppError({
    code: 'REFUSED',
    rule: 'export.release-changed',
    message: `The batch changed since its release was requested (${release.paymentIds.length} items, ${formatCents(release.totalCents)} then; ${paymentIds.length} items, ${formatCents(totalCents)} now): nothing was exported. Request a new release.`,
  });
}

/** Renders every text file of the batch (throws what a writer would: "ACH field overflow", …). */
function proveRenderable(model: BatchModel): void {
  for (const f of planFiles(model)) f.text?.();
}

/** Keeps why a batch's files could not be written, for the Exports page and the repair's report. */
export async function recordFilesError(ctx: HandlerContext, batchId: number, err: unknown): Promise<void> {
  const why = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
  const at = ctx.now().toISOString();
  await ctx.store.run(({ db }) => db.run(`UPDATE export_batch SET files_error = ?, files_failed_at = ? WHERE id = ?`, [why, at, batchId]));
}

/**
 * (Re)writes every file of a committed batch, then records when (or, when it fails, why: the
 * Exports page and the repair report it). Same bytes every time.
 */
export async function writeFilesFor(ctx: HandlerContext, batchId: number): Promise<{ model: BatchModel; written: WrittenFiles }> {
  // Only into the batch's own folder (a folder recorded elsewhere is refused, never written to).
  const { model, folder } = await ctx.store.read(async ({ db }) => ({ model: await loadBatchModel(db, batchId), folder: await batchFolder(db, batchId) }));
  let written: WrittenFiles;
  try {
    written = await writeBatchFiles(model, folder, (done, total, message) => ctx.emit({ kind: 'progress', task: 'export', done, total, message }));
  } catch (err) {
    await recordFilesError(ctx, batchId, err);
    throw err;
  }
  const at = ctx.now().toISOString();
  await ctx.store.run(({ db }) => db.run(`UPDATE export_batch SET files_written_at = ?, files_error = NULL, files_failed_at = NULL WHERE id = ?`, [at, batchId]));
  return { model, written };
}

/** Runs the export; returns the batch's detail, built from what was just written. */
export async function runExport(
  ctx: HandlerContext,
  args: { periodId: number; payorId: number },
  release?: (db: Tx, batch: (grant: ReleaseGrant) => Promise<Committed>) => Promise<Committed>,
): Promise<BatchDetail> {
  const caller = ctx.caller!;
  const root = await ctx.store.read(async ({ db }) => {
    await loadPeriodAndPayor(db, args.periodId, args.payorId); // NOT_FOUND before anything is written
    return exportRoot(db, ctx);
  });
  const at = ctx.now();
  const now = at.toISOString();
  const emit = (done: number, total: number, message: string) => ctx.emit({ kind: 'progress', task: 'export', done, total, message });
  const committed = await immediateTx(
    ctx,
    async (db) => {
      const scope = { periodId: args.periodId, payorId: args.payorId, root, date: await agencyToday(db, at) };
      return release ? release(db, (grant) => commitBatch(db, scope, caller, now, emit, grant)) : commitBatch(db, scope, caller, now, emit);
    },
    [exportLock(args.periodId, args.payorId)],
  );
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
  const row = await ctx.store.read(({ db }) => batchRow(db, committed.batchId));
  return batchDetail({ model: files.model, row }, files.written);
}
