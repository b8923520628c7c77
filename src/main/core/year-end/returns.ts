import { FORM_BOX_SPECS, type FormBox } from '../../../shared/year-end/tax-year';
import type { TinType } from '../../../shared/year-end/tin';
import { payeeName } from './amounts';
import type { PayeeAddress, YearEnd } from './model';

// One information return as filed: the payee record of the filing file, a line of its CSV and a
// recipient copy. Phase B stores the returns of a filed year as they were filed, so that a later
// change can be compared with them (corrections.ts).

export type CorrectedIndicator = '' | 'G' | 'C';

export interface ReturnRow {
  providerId: number;
  /** The payer's account number for the payee: the same on the original and on every correction. */
  accountNumber: string;
  formBox: FormBox;
  tinType: TinType | null;
  tin: string | null;
  /** The name the TIN belongs to (the W-9's line 1). */
  name: string;
  /** The business name, when it differs (a sole proprietor's "doing business as"). */
  businessName: string;
  address: PayeeAddress;
  amountCents: number;
  /** '' for an original; G: a one-transaction correction or the first of two; C: the second of two. */
  corrected: CorrectedIndicator;
}

export const accountNumberOf = (providerId: number) => `P${providerId}`;

/** The returns due for a year (rows with a form), in the review list's order. */
export function returnsOf(yearEnd: YearEnd): ReturnRow[] {
  return yearEnd.rows
    .filter((r) => r.formBox !== null)
    .map((r) => {
      const p = r.provider;
      const name = payeeName(p);
      return {
        providerId: p.id,
        accountNumber: accountNumberOf(p.id),
        formBox: r.formBox!,
        tinType: p.tin ? p.tinType : null,
        tin: p.tinType ? p.tin : null,
        name,
        businessName: p.name.trim().toUpperCase() === name.trim().toUpperCase() ? '' : p.name,
        address: { ...p.address },
        amountCents: r.amountCents,
        corrected: '',
      };
    });
}

export const formOf = (r: Pick<ReturnRow, 'formBox'>) => FORM_BOX_SPECS[r.formBox].form;
