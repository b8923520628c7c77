import type { InvoiceStatus, PaymentStatus, SubStatus } from '../domain/words';

export interface PaymentStatusInputs {
  exportBatchId: number | null;
  invoiceStatus: InvoiceStatus;
  subStatus: SubStatus;
  receivedAt: string | null;
}

/**
 * The one derivation of payment status (seed 000), first rule that matches (DESIGN.md section 2).
 * Payment status is never set directly; it is stored beside the state only so tabs can use an index.
 */
export function derivePaymentStatus(s: PaymentStatusInputs): PaymentStatus {
  if (s.exportBatchId !== null) return 'Paid';
  if (s.subStatus === 'Denied') return 'Denied';
  if (s.invoiceStatus === 'Corrections Required' || s.subStatus === 'Administrative Hold') return 'Hold';
  if (s.invoiceStatus === 'Pending Payment') return 'Authorized';
  if (s.receivedAt !== null) return 'Received';
  return 'New';
}
