import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/errors';
import type { HandlerImpls } from '../registry';
import { batchDetail, batchRow, listBatches, loadDetail } from './batches';
import { importConfirmation } from './confirm';
import { remittanceFileName } from './files/plan';
import { locateFile } from './files/locate';
import type { FileRef } from '../../../shared/api/contract/export';
import { loadBatchModel, loadBatchRow } from './load';
import { previewExport } from './preview';
import { repairBatches } from './repair';
import { exportLock, immediateTx, runExport, writeFilesFor } from './run';
import { writeReport } from './write';
import { cancelRelease, releaseBatch, requestRelease } from './release';
import { exportAttention } from './attention';

// The export's handlers: thin; the work is in preview.ts, run.ts, batches.ts, confirm.ts, repair.ts.

/** The batch file each report is: it is rendered again into its own place in the batch folder. */
const REPORT_FILE_KIND: Record<'remittance' | 'summary' | 'register', (providerId?: number) => FileRef['kind']> = {
  remittance: (providerId) => (providerId === undefined ? 'remittance-all' : 'remittance'),
  summary: () => 'summary',
  register: () => 'payment-register',
};

type ExportHandlers =
  | 'export-preview'
  | 'export-run'
  | 'export-release-request'
  | 'export-release'
  | 'export-release-cancel'
  | 'export-attention'
  | 'export-batches-list'
  | 'export-batch-get'
  | 'export-regenerate'
  | 'export-repair'
  | 'export-remittance-for-payment'
  | 'export-report'
  | 'export-file-locate'
  | 'export-import-confirmation';

export const exportHandlers: HandlerImpls<ExportHandlers> = {
  'export-preview': (args, ctx) => ctx.store.read(({ db }) => previewExport(db, args.periodId, args.payorId, ctx.caller!, ctx.now())),

  'export-run': (args, ctx) => runExport(ctx, args),

  'export-release-request': (args, ctx) => immediateTx(ctx, (db) => requestRelease(db, args, ctx.caller!, ctx.now()), [exportLock(args.periodId, args.payorId)]),

  'export-release': (args, ctx) => releaseBatch(ctx, args.releaseId),

  'export-release-cancel': (args, ctx) => immediateTx(ctx, (db) => cancelRelease(db, args.releaseId, ctx.caller!, ctx.now())),

  'export-attention': (_args, ctx) => ctx.store.read(({ db }) => exportAttention(db, ctx.now())),

  'export-batches-list': (args, ctx) => ctx.store.read(({ db }) => listBatches(db, args)),

  'export-batch-get': async (args, ctx) => batchDetail(await ctx.store.read(({ db }) => loadDetail(db, args.batchId))),

  'export-regenerate': async (args, ctx) => {
    await ctx.store.read(({ db }) => loadBatchRow(db, args.batchId));
    const { model, written } = await writeFilesFor(ctx, args.batchId);
    return batchDetail({ model, row: await ctx.store.read(({ db }) => batchRow(db, args.batchId)) }, written);
  },

  'export-repair': (args, ctx) => repairBatches(ctx, { full: args.full }),

  'export-remittance-for-payment': (args, ctx) =>
    ctx.store.read(async ({ db }) => {
      const row = await db.one<{ batchId: number; providerId: number; folder: string }>(
        `SELECT ei.batch_id AS batchId, ei.provider_id AS providerId, b.folder FROM export_item ei JOIN export_batch b ON b.id = ei.batch_id WHERE ei.payment_id = ?`,
        [args.paymentId],
      );
      const caller = ctx.caller!;
      // A Provider-group user sees only their own provider's items: same answer as "no such payment".
      const foreign = caller.groups.includes('Provider') && row && row.providerId !== caller.providerId;
      if (!row || foreign) {
        throw new AppError({ code: 'NOT_FOUND', field: 'paymentId', message: `Payment ${args.paymentId} has not been exported.` });
      }
      const file = path.join(row.folder, remittanceFileName(row.providerId));
      return { batchId: row.batchId, providerId: row.providerId, path: file, exists: fs.existsSync(file) };
    }),

  'export-report': async (args, ctx) => {
    const { model, located } = await ctx.store.read(async ({ db }) => {
      const m = await loadBatchModel(db, args.batchId);
      if (args.providerId !== undefined && (args.kind !== 'remittance' || !m.payees.some((p) => p.id === args.providerId))) {
        throw new AppError({ code: 'BAD_REQUEST', field: 'providerId', message: `Provider ${args.providerId} is not paid in batch ${args.batchId} (or the report is not a remittance).` });
      }
      const kind = REPORT_FILE_KIND[args.kind](args.providerId);
      return { model: m, located: await locateFile(db, { batchId: args.batchId, kind, providerId: kind === 'remittance' ? args.providerId : undefined }, ctx.caller!) };
    });
    return { file: located.path, ...(await writeReport(model, args.kind, located.path, args.providerId)) };
  },

  'export-file-locate': (args, ctx) => ctx.store.read(({ db }) => locateFile(db, args, ctx.caller!)),

  'export-import-confirmation': (args, ctx) => {
    const now = ctx.now().toISOString();
    return immediateTx(ctx, (db) => importConfirmation(db, args, ctx.caller!, now));
  },
};
