import fs from 'node:fs';
import path from 'node:path';
import type { HandlerContext } from '../context';
import { alwaysPresentFiles } from './files/plan';
import { loadBatchModel } from './load';
import { recordFilesError, writeFilesFor } from './run';
import { missingFiles } from './write';

// Crash recovery (DESIGN.md section 5): a committed batch whose files were not all written —
// files_written_at still null, or files gone from its folder — gets them written again. Files
// are deterministic renderings of the batch, so this gives the bytes the export would have.
// At start (quick) only the files every batch has are looked for; `paydesk export-repair`
// (full) checks every planned file, one per provider included.

export interface RepairReport {
  checked: number;
  repaired: Array<{ batchId: number; folder: string; missing: number }>;
  /** Batches whose files could not be written this time (reason kept on the batch); the others were still repaired. */
  failed: Array<{ batchId: number; folder: string; error: string; failedAt: string | null }>;
}

export async function repairBatches(ctx: HandlerContext, options: { full: boolean }): Promise<RepairReport> {
  const batches = await ctx.store.read(({ db }) =>
    db.rows<{ id: number; folder: string; filesWrittenAt: string | null }>(`SELECT id, folder, files_written_at AS filesWrittenAt FROM export_batch WHERE snapshot IS NOT NULL ORDER BY id`),
  );
  const report: RepairReport = { checked: batches.length, repaired: [], failed: [] };
  for (const b of batches) {
    // One batch that cannot be written (a folder gone read-only, a bad row) never stops the
    // repair of the others: its failure is recorded on it and reported, and the loop goes on.
    try {
      let missing: number;
      if (b.filesWrittenAt === null) missing = -1;
      else if (options.full) missing = (await missingFiles(await ctx.store.read(({ db }) => loadBatchModel(db, b.id)), b.folder)).length;
      else missing = alwaysPresentFiles(b.id).filter((f) => !fs.existsSync(path.join(b.folder, f))).length;
      if (missing === 0) continue;
      ctx.log('warn', `export batch ${b.id}: files incomplete (${missing < 0 ? 'never finished' : `${missing} missing`}); writing them again`);
      await writeFilesFor(ctx, b.id);
      report.repaired.push({ batchId: b.id, folder: b.folder, missing: Math.max(missing, 0) });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      await recordFilesError(ctx, b.id, err).catch(() => undefined);
      ctx.log('error', `export batch ${b.id}: its files could not be written (${error}); going on with the other batches`);
      report.failed.push({ batchId: b.id, folder: b.folder, error, failedAt: ctx.now().toISOString() });
    }
  }
  return report;
}
