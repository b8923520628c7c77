import { isAchPayee, isCheckPayee, type BatchModel } from '../model';
import { renderHandoff } from './handoff';
import { manifestFileName } from './manifest';
import { renderNacha } from './nacha';
import { renderCheckRegister, renderPaymentRegister, renderPositivePay } from './registers';

// Which files a batch has, by name: a pure function of the batch model, so the writer, the
// repair and export-batch-get all agree on what "all its files" means.

export const REMITTANCE_DIR = 'remittance';

export type FileKind =
  | 'nacha'
  | 'check-register'
  | 'positive-pay'
  | 'payment-register'
  | 'handoff'
  | 'remittance-all'
  | 'summary'
  | 'remittance'
  | 'manifest';

export interface PlannedFile {
  /** Relative to the batch folder, with forward slashes. */
  name: string;
  kind: FileKind;
  providerId?: number;
  /** For the text files: the content. PDFs are drawn by write.ts. */
  text?: () => string;
}

/** The files every batch has, by batch id alone: what the start-up check looks for. */
export function alwaysPresentFiles(batchId: number): string[] {
  return [`payment-register-${batchId}.csv`, `remittance-all-${batchId}.pdf`, `summary-${batchId}.pdf`];
}

export function remittanceFileName(providerId: number): string {
  return `${REMITTANCE_DIR}/provider-${providerId}.pdf`;
}

export function planFiles(model: BatchModel): PlannedFile[] {
  const id = model.batch.id;
  const files: PlannedFile[] = [];
  if (model.payor.kind === 'direct') {
    if (model.payees.some(isAchPayee)) files.push({ name: `ach-${id}.txt`, kind: 'nacha', text: () => renderNacha(model)! });
    if (model.payees.some(isCheckPayee)) {
      files.push({ name: `check-register-${id}.csv`, kind: 'check-register', text: () => renderCheckRegister(model)! });
      files.push({ name: `positive-pay-${id}.csv`, kind: 'positive-pay', text: () => renderPositivePay(model)! });
    }
  } else {
    files.push({ name: `handoff-${model.payor.code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id}.csv`, kind: 'handoff', text: () => renderHandoff(model) });
  }
  files.push({ name: `payment-register-${id}.csv`, kind: 'payment-register', text: () => renderPaymentRegister(model) });
  files.push({ name: `remittance-all-${id}.pdf`, kind: 'remittance-all' });
  files.push({ name: `summary-${id}.pdf`, kind: 'summary' });
  for (const p of model.payees) files.push({ name: remittanceFileName(p.id), kind: 'remittance', providerId: p.id });
  // Written last (it lists the others' SHA-256); batches made before anchors have none.
  if (model.batch.anchor) files.push({ name: manifestFileName(id), kind: 'manifest' });
  return files;
}

/** The names the batch summary lists: every file but the per-provider PDFs, which it counts. */
export function summaryFileNames(files: readonly PlannedFile[]): string[] {
  const singles = files.filter((f) => f.kind === 'remittance').length;
  return [...files.filter((f) => f.kind !== 'remittance').map((f) => f.name), `${REMITTANCE_DIR}/ (${singles} remittance PDFs, one per provider)`];
}
