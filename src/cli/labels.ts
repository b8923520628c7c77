import type { PAY_METHODS } from '../shared/api/contract/export';
import type { HoldKind, ItemKind, PaymentMethod, PayorKind } from '../shared/domain/words';

// The words the command line's tables print for stored codes, as the app's screens read them.
// Provider types use the shared PROVIDER_TYPE_LABELS (src/shared/domain/words.ts).

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = { ach: 'ACH', check: 'Check' };
export const PAYOR_KIND_LABELS: Record<PayorKind, string> = { direct: 'Direct', third_party: 'Third party' };
export const ITEM_KIND_LABELS: Record<ItemKind, string> = { payment: 'Payment', adjustment: 'Adjustment' };
export const HOLD_KIND_LABELS: Record<HoldKind, string> = { administrative: 'Administrative hold', bank_details: 'Bank-detail hold' };
/** How an export pays a provider (a third-party payor's hand-off pays none itself). */
export const PAY_METHOD_LABELS: Record<(typeof PAY_METHODS)[number], string> = { ach: 'ACH', check: 'Check', none: 'Hand-off / none' };
