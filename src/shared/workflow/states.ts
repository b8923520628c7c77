import type { InvoiceStatus, PayorKind, SubStatus } from '../domain/words';

/** The status / sub-status pairs DESIGN.md section 2 allows (seed 003). */
export const ALLOWED_SUB_STATUSES: Record<InvoiceStatus, readonly SubStatus[]> = {
  'Pending Approval': ['Awaiting Action', 'In Review', 'Administrative Hold'],
  'Pending Payment': ['Awaiting Action', 'In Review', 'Administrative Hold', 'In Process'],
  'Corrections Required': ['Awaiting Action'],
  'Invoice History': ['Processed', 'Paid', 'Denied'],
};

/** Sub-statuses only a third-party payor's items can reach (seed 003: "only available if Falling Colors is the payor"). */
export const THIRD_PARTY_ONLY_SUB_STATUSES: readonly SubStatus[] = ['In Process', 'Processed'];

export function isAllowedPair(status: InvoiceStatus, sub: SubStatus, payorKind?: PayorKind): boolean {
  if (!ALLOWED_SUB_STATUSES[status]?.includes(sub)) return false;
  if (payorKind === 'direct' && THIRD_PARTY_ONLY_SUB_STATUSES.includes(sub)) return false;
  return true;
}

/** Movement ceases (seed 003): Paid and Denied are final. */
export function isFinal(status: InvoiceStatus, sub: SubStatus): boolean {
  return status === 'Invoice History' && (sub === 'Paid' || sub === 'Denied');
}
