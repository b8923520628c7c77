import { FORM_BOX_SPECS } from '../../../shared/year-end/tax-year';
import { formatTin, maskTin } from '../../../shared/year-end/tin';
import { csvDocument, money } from '../export/files/csv';
import { stateCodeOf } from './irs1220/records';
import type { ReturnRow } from './returns';

// The filing file's payee records as a CSV a spreadsheet opens (docs/formats/irs-1220.md): one
// row per return, the same returns in the same order, amounts as plain numbers. TINs are whole in
// the copy kept with the filing and masked in any other (the caller decides which it writes).

export const RETURNS_CSV_HEADER = [
  'Tax year', 'Form', 'Box', 'Corrected', 'Provider ID', 'Account number', 'Payee name', 'Business name', 'TIN type', 'TIN',
  'Street address', 'City', 'State', 'ZIP code', 'Amount', 'CF/SF state code',
] as const;

export function renderReturnsCsv(
  paymentYear: number,
  returns: readonly ReturnRow[],
  o: { tins: 'whole' | 'masked'; combinedFederalState: boolean },
): string {
  return csvDocument(
    RETURNS_CSV_HEADER,
    returns.map((r) => {
      const spec = FORM_BOX_SPECS[r.formBox];
      const tin = r.tin && r.tinType ? (o.tins === 'whole' ? formatTin(r.tinType, r.tin) : maskTin(r.tinType, r.tin)) : '';
      return [
        paymentYear, spec.form, spec.box, r.corrected, r.providerId, r.accountNumber, r.name, r.businessName, r.tin ? r.tinType : '', tin,
        [r.address.line1, r.address.line2].filter((l) => l.trim()).join(' '), r.address.city, r.address.state, r.address.postalCode,
        money(r.amountCents), stateCodeOf(r, o.combinedFederalState),
      ];
    }),
  );
}
