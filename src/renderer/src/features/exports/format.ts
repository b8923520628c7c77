import { formatDateTime } from '../../../../shared/format';
import type { BatchDetail, ExportPreview, FileRef } from '../../../../shared/api/contract/export';

// Small display helpers of the Exports screens.

export type PayMethod = ExportPreview['providers'][number]['method'];
export type LeftOutReason = ExportPreview['leftOut'][number]['reason'];
export type FileKind = BatchDetail['files'][number]['kind'];

export const METHOD_LABELS: Record<PayMethod, string> = { ach: 'ACH', check: 'Check', none: 'Hand-off / none' };

export const LEFT_OUT_LABELS: Record<LeftOutReason, string> = {
  held: 'On hold',
  'negative-net': 'Negative net',
  'no-bank-details': 'No bank details',
  'bad-routing': 'Bad routing number',
  'bank-change-pending': 'Bank change pending',
  'no-amount': 'Not calculated',
  'over-entry-limit': 'Above an entry limit',
  'over-file-limit': 'Above the file total',
  'amount-differs': 'Amount differs from the audit trail',
  'bank-differs': 'Bank details differ from the audit trail',
};

export const FILE_KIND_LABELS: Record<FileKind, string> = {
  nacha: 'NACHA ACH file',
  'check-register': 'Check register',
  'positive-pay': 'Positive-pay file',
  'payment-register': 'Payment register',
  handoff: 'Invoice hand-off file',
  'remittance-all': 'Combined remittance (print)',
  summary: 'Batch summary',
  remittance: 'Provider remittance',
  manifest: 'Manifest (files, audit anchor)',
};

/** A file of a batch: the folder plus its relative name, with the folder's own separator (Windows or POSIX). */
export { formatBytes } from '../../../../shared/format';
/** An instant in the agency's time zone (the one formatter). */
export const formatWhen = (ts: string): string => formatDateTime(ts);

/** The combined remittance PDF of a batch (the one to print), if the batch has it. */
/** The batch's combined remittance PDF, to print all at once (null when the batch has none). */
export function combinedRemittance(detail: BatchDetail): FileRef | null {
  return detail.files.some((x) => x.kind === 'remittance-all') ? { batchId: detail.batch.id, kind: 'remittance-all' } : null;
}
