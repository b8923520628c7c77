import type { PayMethod } from '../../src/main/core/export/model';
import { moneyLeftOn, type MoneyEvent, type ProviderForYearEnd } from '../../src/main/core/year-end/model';
import type { PayorKind } from '../../src/shared/domain/words';

// Builders for the year-end tests: providers as phase B will read them, and money events dated
// the way the export dates them (moneyLeftOn).

export function provider(id: number, name: string, over: Partial<ProviderForYearEnd> = {}): ProviderForYearEnd {
  return {
    id,
    name,
    legalName: name,
    tinType: 'EIN',
    tin: `37${String(6_000_000 + id).padStart(7, '0')}`,
    w9ReceivedOn: '2025-11-02',
    exemptReason: null,
    address: { line1: `${id} Oak Street`, line2: '', city: 'Springfield', state: 'IL', postalCode: '62701' },
    ...over,
  };
}

let nextBatch = 1;

/** A payment (or, with a negative amount or kind adjustment, an adjustment) exported in a batch of that date. */
export function exported(
  providerId: number,
  paymentId: number,
  amountCents: number,
  batchDate: string,
  o: { method?: PayMethod; payor?: PayorKind; itemKind?: 'payment' | 'adjustment' } = {},
): MoneyEvent {
  const payorKind = o.payor ?? 'direct';
  const method = o.method ?? (payorKind === 'direct' ? 'ach' : 'none');
  return {
    kind: 'exported',
    providerId,
    paymentId,
    itemKind: o.itemKind ?? (amountCents < 0 ? 'adjustment' : 'payment'),
    amountCents,
    payorKind,
    batchId: nextBatch++,
    paidOn: moneyLeftOn(batchDate, method, payorKind),
  };
}

export function repaid(providerId: number, recoveryId: number, amountCents: number, receivedOn: string, payorKind: PayorKind = 'direct'): MoneyEvent {
  return { kind: 'recovery_repaid', providerId, recoveryId, amountCents, payorKind, receivedOn };
}
