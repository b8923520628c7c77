import { z } from 'zod';
import { cents, id, page, pageQuery, timestamp } from '../common';
import { ITEM_KINDS, PAYOR_KINDS } from '../../domain/words';

// The export (DESIGN.md section 5): preview and run for one period and payor, the batches and
// their files, regenerating and repairing files, the remittance of one payment, reports, and the
// third-party payor's confirmation file.

export const LEFT_OUT_REASONS = [
  'held', 'negative-net', 'no-bank-details', 'bad-routing', 'bank-change-pending', 'no-amount',
  'over-entry-limit', 'over-file-limit', 'amount-differs', 'bank-differs',
] as const;
/** Left out because the money differs from the audit trail: an administrator must look (an alert, not a routine reason). */
export const MONEY_ALERT_REASONS: readonly (typeof LEFT_OUT_REASONS)[number][] = ['amount-differs', 'bank-differs'];
export const RELEASE_STATUSES = ['waiting', 'released', 'cancelled', 'superseded'] as const;
export const PAY_METHODS = ['ach', 'check', 'none'] as const;
export const FILE_KINDS = [
  'nacha', 'check-register', 'positive-pay', 'payment-register', 'handoff', 'remittance-all', 'summary', 'remittance', 'manifest',
] as const;
export const REPORT_KINDS = ['remittance', 'summary', 'register'] as const;

const periodRef = z.object({ id, code: z.string(), label: z.string() });
const payorRef = z.object({ id, code: z.string(), name: z.string(), kind: z.enum(PAYOR_KINDS) });

export const leftOutRow = z.object({
  providerId: id,
  providerName: z.string(),
  paymentIds: z.array(id),
  amountCents: cents,
  reason: z.enum(LEFT_OUT_REASONS),
  /** Shown to the user as is: "On administrative hold", "Net amount is negative (-$12.50)…". */
  message: z.string(),
});

export const previewProvider = z.object({
  providerId: id,
  providerName: z.string(),
  /** How the agency pays this provider in the run ('none': zero net, or a third-party payor pays). */
  method: z.enum(PAY_METHODS),
  accountMasked: z.string().nullable(),
  paymentIds: z.array(id),
  paymentCents: cents,
  adjustmentCents: cents,
  /** Taken toward the provider's overpayment recoveries (docs/recovery.md): net = payments + adjustments − recovered. */
  recoveredCents: cents.default(0),
  netCents: cents,
});

/** A batch above the agency's batch limit, waiting for (or given) a second Payor's release. */
export const releaseRow = z.object({
  id,
  period: periodRef,
  payor: payorRef,
  requestedBy: z.string(),
  requestedAt: timestamp,
  itemCount: z.number().int().min(0),
  totalCents: cents,
  /** The batch limit in force when it was requested. */
  limitCents: cents,
  status: z.enum(RELEASE_STATUSES),
  decidedBy: z.string().nullable(),
  decidedAt: timestamp.nullable(),
  batchId: id.nullable(),
});
export type ReleaseRow = z.infer<typeof releaseRow>;

export const exportPreview = z.object({
  period: periodRef,
  payor: payorRef,
  itemCount: z.number().int().min(0),
  providerCount: z.number().int().min(0),
  totalCents: cents,
  byMethod: z.array(z.object({ method: z.enum(PAY_METHODS), providers: z.number().int(), items: z.number().int(), cents })),
  providers: z.array(previewProvider),
  leftOut: z.array(leftOutRow),
  /** Set when the caller may not run this export (separation of duties); the message says why. */
  refusal: z.string().nullable(),
  /**
   * Set when the total is above the agency's batch limit: the run waits for a second Payor's
   * release. `waiting` is the release already requested for exactly these items, if any.
   */
  release: z.object({ limitCents: cents, waiting: releaseRow.nullable() }).nullable(),
});
export type ExportPreview = z.infer<typeof exportPreview>;

export const batchRow = z.object({
  id,
  period: periodRef,
  payor: payorRef,
  createdAt: timestamp,
  createdBy: z.string(),
  itemCount: z.number().int().min(0),
  providerCount: z.number().int().min(0),
  totalCents: cents,
  folder: z.string(),
  /** Null until every file is written (a crash in between is repaired at the next start). */
  filesWrittenAt: timestamp.nullable(),
  /** Why its files could not be written, the last time they were tried (null once they are). */
  filesError: z.string().nullable(),
  /** Items of the batch by sub-status now: Paid; or In Process / Processed / Paid for a third-party payor. */
  itemStates: z.object({ inProcess: z.number().int(), processed: z.number().int(), paid: z.number().int() }),
});
export type BatchRow = z.infer<typeof batchRow>;

export const batchFile = z.object({
  /** Relative to the batch folder ("remittance/provider-12.pdf"). */
  name: z.string(),
  kind: z.enum(FILE_KINDS),
  providerId: id.nullable(),
  /** Null when the file is missing. */
  bytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
});

export const batchProvider = z.object({
  providerId: id,
  providerName: z.string(),
  method: z.enum(PAY_METHODS),
  accountMasked: z.string().nullable(),
  /** ACH trace number or check number. */
  reference: z.string(),
  netCents: cents,
  items: z.array(z.object({ paymentId: id, kind: z.enum(ITEM_KINDS), amountCents: cents })),
  /** This provider's remittance PDF, relative to the folder. */
  remittanceFile: z.string(),
});

export const batchDetail = z.object({
  batch: batchRow,
  files: z.array(batchFile),
  providers: z.array(batchProvider),
  leftOut: z.array(leftOutRow),
});
export type BatchDetail = z.infer<typeof batchDetail>;

const scope = z.object({ periodId: id, payorId: id });

/** A batch whose files could not be written: the repair goes on with the others and reports it. */
export const failedBatch = z.object({ batchId: id, folder: z.string(), error: z.string(), failedAt: timestamp.nullable() });

/** What needs a person's attention on the Exports page (and in a later "Needs attention" list). */
export const exportAttention = z.object({
  /** Batches above the batch limit waiting for a second Payor's release. */
  releases: z.array(releaseRow),
  /** Committed batches whose files could not be written. */
  failedBatches: z.array(failedBatch.extend({ period: periodRef, payor: payorRef })),
  /** Authorized items each export would leave out now, with the reason, by period and payor. */
  leftOut: z.array(leftOutRow.extend({ period: periodRef, payor: payorRef })),
  /** Of those, the ones whose amount or bank details differ from the audit trail: an administrator must look. */
  alerts: z.array(leftOutRow.extend({ period: periodRef, payor: payorRef })),
});
export type ExportAttention = z.infer<typeof exportAttention>;

/** A batch's file by what it is (or the batch's folder): how every caller names a file to open, print or save. */
export const FILE_REF_KINDS = [...FILE_KINDS, 'folder'] as const;
export const fileRef = z
  .object({ batchId: id, kind: z.enum(FILE_REF_KINDS), providerId: id.optional() })
  .strict()
  .refine((r) => (r.kind === 'remittance') === (r.providerId !== undefined), {
    path: ['providerId'],
    message: 'is given for a provider\'s remittance, and only for it',
  });
export type FileRef = z.infer<typeof fileRef>;

export const exportContract = {
  /** What a run would export now, and who would be left out and why. Changes nothing. */
  'export-preview': { access: ['Payor'], args: scope.strict(), result: exportPreview },
  /**
   * Runs the export: one transaction (batch, items, each item's Export action), then the files, in
   * a folder of the database's export folder (setting export.root, else "exports" in the data
   * folder): no caller names a folder. Progress events: task 'export'.
   */
  'export-run': {
    access: ['Payor'], writes: 'data',
    args: scope.strict(),
    result: batchDetail,
  },
  /**
   * Asks for a second Payor's release of a batch above the agency's batch limit: records exactly
   * the items and total the preview shows now. A newer request for the same period and payor
   * replaces a waiting one.
   */
  'export-release-request': { access: ['Payor'], writes: 'data', args: scope.strict(), result: releaseRow },
  /**
   * A second Payor (not the one who asked, and not one who authorized any of its items) releases
   * the batch: it is exported as export-run would, if its items and total are still those asked for.
   */
  'export-release': { access: ['Payor'], writes: 'data', args: z.object({ releaseId: id }).strict(), result: batchDetail },
  /** Withdraws a waiting release request; nothing is exported. */
  'export-release-cancel': { access: ['Payor'], writes: 'data', args: z.object({ releaseId: id }).strict(), result: releaseRow },
  /** Releases waiting, batches whose files failed, items left out and money alerts. Changes nothing. */
  'export-attention': { access: ['Approver', 'Payor', 'Administrator'], args: z.object({}).strict(), result: exportAttention },
  'export-batches-list': {
    access: ['Approver', 'Payor', 'Administrator'],
    args: pageQuery.extend({ periodId: id.optional(), payorId: id.optional() }).strict(),
    result: page(batchRow),
  },
  'export-batch-get': { access: ['Approver', 'Payor', 'Administrator'], args: z.object({ batchId: id }).strict(), result: batchDetail },
  /** Writes the batch's files again from the database: the same bytes. */
  'export-regenerate': { access: ['Payor', 'Administrator'], writes: 'data', args: z.object({ batchId: id }).strict(), result: batchDetail },
  /** Writes the files of every batch whose files are incomplete (also run at start). */
  'export-repair': {
    access: ['Payor', 'Administrator'], writes: 'data',
    args: z.object({ full: z.boolean().default(true) }).strict(),
    result: z.object({
      checked: z.number().int(),
      repaired: z.array(z.object({ batchId: id, folder: z.string(), missing: z.number().int() })),
      /** Batches whose files could not be written this time; the others were still repaired. */
      failed: z.array(failedBatch),
    }),
  },
  /** The remittance PDF of the provider of this payment, in the batch that exported it. */
  'export-remittance-for-payment': {
    access: ['Provider', 'Approver', 'Payor', 'Administrator'],
    args: z.object({ paymentId: id }).strict(),
    result: z.object({ batchId: id, providerId: id, path: z.string(), exists: z.boolean() }),
  },
  /**
   * Renders one document of a batch again, into its own place in the batch folder (byte for byte
   * the same): the CLI's `report` copies it where its user says.
   */
  'export-report': {
    access: ['Approver', 'Payor', 'Administrator'],
    args: z.object({ batchId: id, kind: z.enum(REPORT_KINDS), providerId: id.optional() }).strict(),
    result: z.object({ file: z.string(), bytes: z.number().int(), sha256: z.string() }),
  },
  /**
   * Where one file of a batch (or its folder) is, for opening, printing or saving a copy: found by
   * the core from the batch id and the file's kind, never from a path a caller gives. A
   * Provider-group user finds only their own remittance.
   */
  'export-file-locate': {
    access: ['Provider', 'Approver', 'Payor', 'Administrator'],
    args: fileRef,
    result: z.object({ batchId: id, kind: z.enum(FILE_REF_KINDS), name: z.string(), path: z.string(), exists: z.boolean() }),
  },
  /**
   * A third-party payor's confirmation file (docs/formats/confirmation-csv.md): all or nothing;
   * errors come back as INVALID_FILE with one issue per row and column.
   */
  'export-import-confirmation': {
    access: ['Payor'], writes: 'data',
    args: z.object({ fileName: z.string().trim().min(1).max(260), content: z.string().max(16 * 1024 * 1024) }).strict(),
    result: z.object({
      fileName: z.string(),
      rows: z.number().int(),
      processed: z.number().int(),
      paid: z.number().int(),
      unchanged: z.number().int(),
      batchIds: z.array(id),
    }),
  },
} as const;

