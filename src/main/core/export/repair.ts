import fs from 'node:fs';
import path from 'node:path';
import type { HandlerContext } from '../context';
import { alwaysPresentFiles } from './files/plan';
import { loadBatchModel } from './load';
import { writeFilesFor } from './run';
import { missingFiles } from './write';

// Crash recovery (DESIGN.md section 5): a committed batch whose files were not all written —
// files_written_at still null, or files gone from its folder — gets them written again. Files
// are deterministic renderings of the batch, so this gives the bytes the export would have.
// At start (quick) only the files every batch has are looked for; `paydesk export-repair`
// (full) checks every planned file, one per provider included.

export interface RepairReport {
  checked: number;
  repaired: Array<{ batchId: number; folder: string; missing: number }>;
}

export async function repairBatches(ctx: HandlerContext, options: { full: boolean }): Promise<RepairReport> {
  const batches = await ctx.store.read(
    ({ sql }) =>
      sql.prepare(`SELECT id, folder, files_written_at AS filesWrittenAt FROM export_batch WHERE snapshot IS NOT NULL ORDER BY id`).all() as Array<{
        id: number;
        folder: string;
        filesWrittenAt: string | null;
      }>,
  );
  const report: RepairReport = { checked: batches.length, repaired: [] };
  for (const b of batches) {
    let missing: number;
    if (b.filesWrittenAt === null) missing = -1;
    else if (options.full) missing = (await ctx.store.read(({ sql }) => missingFiles(loadBatchModel(sql, b.id), b.folder))).length;
    else missing = alwaysPresentFiles(b.id).filter((f) => !fs.existsSync(path.join(b.folder, f))).length;
    if (missing === 0) continue;
    ctx.log('warn', `export batch ${b.id}: files incomplete (${missing < 0 ? 'never finished' : `${missing} missing`}); writing them again`);
    await writeFilesFor(ctx, b.id);
    report.repaired.push({ batchId: b.id, folder: b.folder, missing: Math.max(missing, 0) });
  }
  return report;
}
