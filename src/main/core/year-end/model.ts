import type { PayorKind } from '../../../shared/domain/words';
import type { ExemptReason } from '../../../shared/year-end/provider-tax';
import type { FormBox, TaxYearSettings } from '../../../shared/year-end/tax-year';
import type { TinType } from '../../../shared/year-end/tin';
import { effectiveEntryDate, type PayMethod } from '../export/model';

// The year-end's inputs and results as plain data. Phase B reads the events and providers from the
// database; everything from here on (amounts, filing file, recipient copies) is a pure function of them.

/**
 * Money that moved between the agency (or a third-party payor) and a provider: the year-end sums
 * these by the day the money moved, never by service period.
 */
export type MoneyEvent =
  | {
      /** A payment or adjustment exported in a batch. A recovery taken from that batch is a negative adjustment. */
      kind: 'exported';
      providerId: number;
      paymentId: number;
      itemKind: 'payment' | 'adjustment';
      amountCents: number;
      payorKind: PayorKind;
      batchId: number;
      /** When the money left: see moneyLeftOn. */
      paidOn: string;
    }
  | {
      /** An overpayment the provider paid back to the agency outside an export (a check, a transfer). */
      kind: 'recovery_repaid';
      providerId: number;
      recoveryId: number;
      /** What came back, more than zero. */
      amountCents: number;
      /** Who paid what is being recovered: what a third-party payor paid is its own to report. */
      payorKind: PayorKind;
      receivedOn: string;
    };

/**
 * The day the money of an export left the agency: an ACH credit settles on the file's effective
 * entry date (the first weekday after the batch date), a check is dated the batch date, and a
 * hand-over to a third-party payor is dated the batch date (that payor pays later, and reports it).
 */
export function moneyLeftOn(batchDate: string, method: PayMethod, payorKind: PayorKind): string {
  return payorKind === 'direct' && method === 'ach' ? effectiveEntryDate(batchDate) : batchDate;
}

export interface PayeeAddress {
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
}

/** A provider as the year-end needs it: its business name, W-9 data and mailing address. */
export interface ProviderForYearEnd {
  id: number;
  name: string;
  legalName: string;
  tinType: TinType | null;
  tin: string | null;
  w9ReceivedOn: string | null;
  exemptReason: ExemptReason | null;
  address: PayeeAddress;
}

export type NoFormReason = 'exempt' | 'below_threshold' | 'third_party_only';

export type WarningCode = 'w9_missing' | 'tin_missing' | 'tin_invalid' | 'tin_check' | 'legal_name_missing' | 'address_incomplete' | 'tin_shared';

export interface YearEndWarning {
  code: WarningCode;
  message: string;
  /** The return cannot go in the filing file until this is fixed. */
  blocksFiling: boolean;
}

/** One provider's line of the review list. */
export interface YearEndRow {
  provider: ProviderForYearEnd;
  /** What the agency paid directly, dated in the year (payments and positive adjustments). */
  paidCents: number;
  /** Recoveries taken from the agency's exports in the year (negative adjustments), as a positive sum. */
  recoveredByOffsetCents: number;
  /** Recoveries the provider paid back to the agency in the year. */
  repaidCents: number;
  /** paid − recovered by offset − repaid: what the return reports. */
  amountCents: number;
  /** What third-party payors paid in the year: shown, never reported by the agency. */
  thirdPartyCents: number;
  /** The amount the threshold is compared with: this provider's, plus any other provider's with the same TIN. */
  thresholdBasisCents: number;
  /** The form and box of the return, or null when no return is due. */
  formBox: FormBox | null;
  noFormReason: NoFormReason | null;
  /** Why a return is due or not, in words. */
  reason: string;
  warnings: YearEndWarning[];
}

export interface YearEnd {
  settings: TaxYearSettings;
  rows: YearEndRow[];
  totals: { providers: number; returns: number; reportedCents: number; exempt: number; belowThreshold: number; thirdPartyOnly: number; blocked: number };
}
