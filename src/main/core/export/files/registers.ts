import { maskAccount } from '../../../../shared/domain/routing';
import { batchDate, isCheckPayee, type BatchModel, type PayeeModel } from '../model';
import { csvDocument, money, type Cell } from './csv';

// The CSV registers of a batch (formats in docs/formats/): the check register and positive-pay
// file for providers paid by check, and the payment register of every item of the batch.

export const CHECK_REGISTER_HEADER = [
  'check_number', 'issue_date', 'payee', 'provider_id', 'license_number', 'address', 'amount', 'item_count', 'payment_ids',
] as const;

export const POSITIVE_PAY_HEADER = ['account_number', 'check_number', 'amount', 'issue_date', 'payee'] as const;

export const PAYMENT_REGISTER_HEADER = [
  'batch_id', 'period', 'payor', 'provider_id', 'provider_name', 'license_number', 'payment_id', 'kind',
  'corrects_payment_id', 'amount', 'provider_net', 'method', 'account', 'reference', 'status_after',
] as const;

const paymentIds = (p: PayeeModel) => p.items.map((i) => i.paymentId).join(' ');

/** Null when no provider of the batch is paid by check. */
export function renderCheckRegister(model: BatchModel): string | null {
  const checks = model.payees.filter(isCheckPayee);
  if (checks.length === 0) return null;
  return csvDocument(
    CHECK_REGISTER_HEADER,
    checks.map((p): Cell[] => [
      p.checkNumber, batchDate(model), p.name, p.id, p.licenseNumber, p.addressLines.join(', '), money(p.netCents),
      p.items.length, paymentIds(p),
    ]),
  );
}

/** The bank's positive-pay list: the checks it may cash, with their amounts. Null without checks. */
export function renderPositivePay(model: BatchModel): string | null {
  const checks = model.payees.filter(isCheckPayee);
  if (checks.length === 0) return null;
  return csvDocument(
    POSITIVE_PAY_HEADER,
    checks.map((p): Cell[] => [model.agency.checkAccountNumber, p.checkNumber, money(p.netCents), batchDate(model), p.name]),
  );
}

export function methodLabel(model: BatchModel, p: PayeeModel): string {
  if (model.payor.kind === 'third_party') return `By ${model.payor.name}`;
  if (p.method === 'ach') return `ACH ${p.accountHolder === 'personal' ? 'PPD' : 'CCD'} ${p.accountType ?? ''}`.trim();
  if (p.method === 'check') return 'Check';
  return 'None (net zero)';
}

function reference(p: PayeeModel): string {
  if (p.method === 'ach') return p.traceNumber ?? '';
  if (p.method === 'check') return String(p.checkNumber ?? '');
  return '';
}

export function renderPaymentRegister(model: BatchModel): string {
  const statusAfter = model.payor.kind === 'direct' ? 'Invoice History / Paid' : 'Pending Payment / In Process';
  const rows: Cell[][] = [];
  for (const p of model.payees) {
    for (const item of p.items) {
      rows.push([
        model.batch.id, model.period.code, model.payor.name, p.id, p.name, p.licenseNumber, item.paymentId, item.kind,
        item.correctsPaymentId, money(item.amountCents), money(p.netCents), methodLabel(model, p),
        p.method === 'ach' ? maskAccount(p.accountNumber) : '', reference(p), statusAfter,
      ]);
    }
  }
  return csvDocument(PAYMENT_REGISTER_HEADER, rows);
}
