import type { BatchModel } from '../model';
import { csvDocument, money, type Cell } from './csv';

// The invoice hand-off file for a third-party payor (docs/formats/handoff-csv.md): one row per
// invoice (payment or adjustment) the batch hands over. The payor pays the provider's net and
// answers later with its confirmation file, naming the same invoice ids.

export const HANDOFF_HEADER = [
  'batch_id', 'invoice_id', 'kind', 'corrects_invoice_id', 'provider_id', 'provider_name', 'license_number', 'tax_id',
  'provider_address', 'period', 'period_start', 'period_end', 'amount', 'provider_net', 'adjustment_reason',
] as const;

export function renderHandoff(model: BatchModel): string {
  const rows: Cell[][] = [];
  for (const p of model.payees) {
    for (const item of p.items) {
      rows.push([
        model.batch.id, item.paymentId, item.kind, item.correctsPaymentId, p.id, p.name, p.licenseNumber, p.taxId,
        p.addressLines.join(', '), model.period.code, model.period.startDate, model.period.endDate, money(item.amountCents),
        money(p.netCents), item.adjustmentReason,
      ]);
    }
  }
  return csvDocument(HANDOFF_HEADER, rows);
}
