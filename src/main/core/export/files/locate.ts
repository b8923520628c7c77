import fs from 'node:fs';
import path from 'node:path';
import type { Queryable } from '../../db/engine/port';
import type { FileRef } from '../../../../shared/api/contract/export';
import type { SessionUser } from '../../../../shared/api/contract/session';
import { AppError } from '../../../../shared/api/errors';
import { loadBatchModel } from '../load';
import { planFiles } from './plan';

// Where a batch's files are (DESIGN.md section 9: no caller names a path). A file is found from
// the batch id and the file's kind; the folder recorded for the batch is used only when it is the
// batch's own folder (its name says which batch it is), so a database edited to point elsewhere
// opens, prints and overwrites nothing there.

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

/** The batch folder's name, the one the export gives it: batch id, period code, payor code. */
export function batchFolderName(batchId: number, periodCode: string, payorCode: string): string {
  return safe(`batch-${batchId}-${periodCode}-${payorCode}`);
}

/** The batch's folder as recorded, once it is checked to be that batch's own folder. */
export async function batchFolder(db: Queryable, batchId: number): Promise<string> {
  const row = await db.one<{ folder: string; periodCode: string; payorCode: string }>(
    `SELECT b.folder, s.code AS periodCode, y.code AS payorCode FROM export_batch b
       JOIN service_period s ON s.id = b.period_id JOIN payor y ON y.id = b.payor_id WHERE b.id = ?`,
    [batchId],
  );
  if (!row) throw new AppError({ code: 'NOT_FOUND', field: 'batchId', message: `There is no export batch ${batchId}.` });
  const expected = batchFolderName(batchId, row.periodCode, row.payorCode);
  if (!path.isAbsolute(row.folder) || path.basename(row.folder) !== expected || path.normalize(row.folder) !== row.folder.replace(/[\\/]+$/, '')) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'export.folder',
      message: `The folder recorded for batch ${batchId} (${row.folder.slice(0, 200)}) is not that batch's own folder (${expected}): PayDesk opens and writes nothing there.`,
    });
  }
  return row.folder;
}

export interface LocatedFile {
  batchId: number;
  kind: FileRef['kind'];
  name: string;
  path: string;
  exists: boolean;
}

/** A batch's file (or folder) for this caller: a Provider-group user finds only their own remittance. */
export async function locateFile(db: Queryable, ref: FileRef, caller: SessionUser): Promise<LocatedFile> {
  const notFound = () =>
    new AppError({ code: 'NOT_FOUND', field: 'kind', message: `Batch ${ref.batchId} has no such file${ref.providerId ? ` for provider ${ref.providerId}` : ''}.` });
  if (caller.groups.includes('Provider')) {
    const paid = ref.kind === 'remittance' && ref.providerId === caller.providerId
      && (await db.one(`SELECT 1 AS found FROM export_item WHERE batch_id = ? AND provider_id = ?`, [ref.batchId, ref.providerId]));
    if (!paid) throw notFound(); // the same answer as for a file that does not exist
  }
  const folder = await batchFolder(db, ref.batchId);
  if (ref.kind === 'folder') {
    return { batchId: ref.batchId, kind: ref.kind, name: path.basename(folder), path: folder, exists: fs.existsSync(folder) && fs.statSync(folder).isDirectory() };
  }
  const planned = planFiles(await loadBatchModel(db, ref.batchId)).find((f) => f.kind === ref.kind && (ref.kind !== 'remittance' || f.providerId === ref.providerId));
  if (!planned) throw notFound();
  const file = path.join(folder, ...planned.name.split('/'));
  return { batchId: ref.batchId, kind: ref.kind, name: path.basename(file), path: file, exists: fs.existsSync(file) };
}
