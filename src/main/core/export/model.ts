import type { CalculationLineCounts } from '../../../shared/calculation/rules';
import type { RecoveryNoticeModel } from '../../../shared/recovery/notice';
import type { LEFT_OUT_REASONS } from '../../../shared/api/contract/export';
import type { AccountHolder, AccountType, ItemKind, PayorKind, ProviderType } from '../../../shared/domain/words';

// The batch model: everything a file of an export batch shows, as plain data. The file writers
// and PDF renderers are pure functions of it, so a batch renders to the same bytes every time.

export interface AgencyIdentity {
  name: string;
  addressLines: string[];
  phone: string;
  taxId: string;
  odfiRouting: string;
  immediateDestination: string;
  immediateDestinationName: string;
  immediateOrigin: string;
  immediateOriginName: string;
  companyId: string;
  companyName: string;
  companyEntryDescription: string;
  checkAccountNumber: string;
}

/** How a provider is paid in this batch. 'none': a zero net (nothing moves) or a third-party payor pays. */
export type PayMethod = 'ach' | 'check' | 'none';

/** A provider as paid by the batch: frozen in export_batch.snapshot when the batch commits. */
export interface PayeeSnapshot {
  id: number;
  name: string;
  licenseNumber: string;
  taxId: string;
  type: ProviderType;
  addressLines: string[];
  method: PayMethod;
  routingNumber: string | null;
  accountNumber: string | null;
  accountType: AccountType | null;
  accountHolder: AccountHolder | null;
  checkNumber: number | null;
  /** 15-digit ACH trace number (ODFI's first 8 digits + a 7-digit sequence). */
  traceNumber: string | null;
}

export type LeftOutReason = (typeof LEFT_OUT_REASONS)[number];

export interface LeftOut {
  providerId: number;
  providerName: string;
  paymentIds: number[];
  amountCents: number;
  reason: LeftOutReason;
  message: string;
}

export interface BatchSnapshot {
  version: 1;
  agency: AgencyIdentity;
  createdBy: { id: number; username: string; displayName: string };
  payees: PayeeSnapshot[];
  leftOut: LeftOut[];
  /** The highest check number this batch used (the next batch continues after it). */
  lastCheckNumber: number | null;
  /** NACHA file id modifier: A for the day's first batch, B for the second… (banks refuse two files alike). */
  achFileIdModifier: string;
  /** The agency's local date when the batch committed: every date its files print. Absent in batches made before it was kept (their UTC date). */
  date?: string;
  /** The second Payor who released a batch above the agency's batch limit. */
  releasedBy?: { id: number; username: string; displayName: string } | null;
}

export interface LineModel extends CalculationLineCounts {
  lineNo: number;
}

export interface ItemModel {
  paymentId: number;
  kind: ItemKind;
  amountCents: number;
  correctsPaymentId: number | null;
  /** The service period of the corrected payment, for an adjustment's heading. */
  correctsPeriodLabel: string | null;
  adjustmentReason: string | null;
  lines: LineModel[];
}

/** What the batch took toward one of the provider's overpayment recoveries (docs/recovery.md). */
export interface RecoveryStepModel {
  recoveryId: number;
  reasonCode: string;
  /** The recovery's amount (negative). */
  amountCents: number;
  cents: number;
  balanceAfterCents: number;
  /** The batch took the recovery's first step: its notice is printed with the remittance. */
  first: boolean;
  /** The notice printed after the remittance (a first step only). */
  notice: RecoveryNoticeModel | null;
}

export interface PayeeModel extends PayeeSnapshot {
  /** Σ items − Σ recoveries: what the files write for the provider. */
  netCents: number;
  items: ItemModel[];
  recoveries: RecoveryStepModel[];
}

export interface BatchModel {
  agency: AgencyIdentity;
  batch: {
    id: number;
    createdAt: string;
    createdBy: BatchSnapshot['createdBy'];
    itemCount: number;
    totalCents: number;
    achFileIdModifier: string;
    /** The batch's date (see BatchSnapshot.date). */
    date: string;
    releasedBy: BatchSnapshot['releasedBy'] | null;
    /** The audit chain's head when the batch committed (null for batches made before anchors). */
    anchor: { eventId: number; hash: string } | null;
  };
  period: { id: number; code: string; label: string; startDate: string; endDate: string };
  payor: { id: number; code: string; name: string; kind: PayorKind };
  /** In file order: ACH business (CCD), ACH personal (PPD), checks, then the rest; by name within each. */
  payees: PayeeModel[];
  leftOut: LeftOut[];
}

/** The batch's calendar date (the agency's local date when it committed): every date printed in its files. */
export function batchDate(model: Pick<BatchModel, 'batch'>): string {
  return model.batch.date;
}

/** The ACH effective entry date: the first weekday after the batch date (checks are dated the batch date). */
export function effectiveEntryDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
  return d.toISOString().slice(0, 10);
}

/** Payees in file order (see BatchModel.payees). */
export function payeeOrder(a: PayeeSnapshot, b: PayeeSnapshot): number {
  const rank = (p: PayeeSnapshot) => (p.method === 'ach' ? (p.accountHolder === 'personal' ? 1 : 0) : p.method === 'check' ? 2 : 3);
  return rank(a) - rank(b) || compareText(a.name, b.name) || a.id - b.id;
}

/** Locale-free comparison, so the order never depends on the machine. */
export function compareText(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

export const isAchPayee = (p: PayeeModel): boolean => p.method === 'ach';
export const isCheckPayee = (p: PayeeModel): boolean => p.method === 'check';
