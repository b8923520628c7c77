import { CFSF_STATE_CODES, FORM_BOX_SPECS } from '../../../../shared/year-end/tax-year';
import type { FilingSettings } from '../../../../shared/year-end/filing';
import type { ReturnRow } from '../returns';
import { alpha, blank, digits, num, record, twoLines } from './fields';

// The six records of IRS Publication 1220 (Part C), position by position: T (transmitter), A
// (payer), B (payee), C (end of payer), K (state totals) and F (end of transmission). The
// positions are those of the revision for tax year 2025 (amount codes 1–9, A–H and J); the
// agency transmits its own returns, so the transmitter is the payer.

/** The payment amount fields of the B record, in order; the A record lists the codes used. */
export const AMOUNT_CODES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J'] as const;
export type AmountCode = (typeof AMOUNT_CODES)[number];

export interface TransmissionHeader {
  paymentYear: number;
  priorYearData: boolean;
  test: boolean;
  totalPayees: number;
  settings: FilingSettings;
}

const year = (y: number) => num(y, 4, 'the payment year');
const seq = (n: number) => num(n, 8, 'the record sequence number');

export function tRecord(h: TransmissionHeader, sequence: number): string {
  const s = h.settings;
  const [name1, name2] = twoLines(s.payerName);
  return record([
    [1, 1, 'T'],
    [2, 4, year(h.paymentYear)],
    [6, 1, h.priorYearData ? 'P' : ' '],
    [7, 9, digits(s.payerTin, 9, "the transmitter's TIN")],
    [16, 5, alpha(s.tcc, 5)],
    [21, 7, blank(7)],
    [28, 1, h.test ? 'T' : ' '],
    [29, 1, ' '], // foreign entity indicator
    [30, 40, alpha(name1, 40)],
    [70, 40, alpha(name2, 40)],
    [110, 40, alpha(name1, 40)], // company name: the agency, as the transmitter is the payer
    [150, 40, alpha(name2, 40)],
    [190, 40, alpha(s.payerAddress, 40)],
    [230, 40, alpha(s.payerCity, 40)],
    [270, 2, alpha(s.payerState, 2)],
    [272, 9, digits(s.payerZip, 9, "the transmitter's ZIP code")],
    [281, 15, blank(15)],
    [296, 8, num(h.totalPayees, 8, 'the total number of payees')],
    [304, 40, alpha(s.contactName, 40)],
    [344, 15, digits(s.contactPhone, 15, "the contact's telephone number")],
    [359, 50, s.contactEmail.slice(0, 50).padEnd(50, ' ')],
    [409, 91, blank(91)],
    [500, 8, seq(sequence)],
    [508, 10, blank(10)],
    [518, 1, 'I'], // vendor indicator: the agency's own software writes the file
    [519, 221, blank(221)], // vendor name, address, contact (only with V)
    [740, 1, ' '], // vendor foreign entity indicator
    [741, 8, blank(8)],
  ]);
}

export interface PayerHeader {
  paymentYear: number;
  typeOfReturn: 'NE' | 'A';
  amountCodes: readonly AmountCode[];
  combinedFederalState: boolean;
  lastFiling: boolean;
  settings: FilingSettings;
}

export function aRecord(h: PayerHeader, sequence: number): string {
  const s = h.settings;
  const [name1, name2] = twoLines(s.payerName);
  const codes = [...h.amountCodes].sort((x, y) => AMOUNT_CODES.indexOf(x) - AMOUNT_CODES.indexOf(y)).join('');
  return record([
    [1, 1, 'A'],
    [2, 4, year(h.paymentYear)],
    [6, 1, h.combinedFederalState ? '1' : ' '],
    [7, 5, blank(5)],
    [12, 9, digits(s.payerTin, 9, "the payer's TIN")],
    [21, 4, blank(4)], // payer name control: blank unless the IRS gave one (Pub 1220)
    [25, 1, h.lastFiling ? '1' : ' '],
    [26, 2, h.typeOfReturn.padEnd(2, ' ')],
    [28, 18, codes.padEnd(18, ' ')],
    [46, 6, blank(6)],
    [52, 1, ' '], // foreign entity indicator
    [53, 40, alpha(name1, 40)],
    [93, 40, alpha(name2, 40)],
    [133, 1, '0'], // transfer agent indicator: the second line is not a transfer agent
    [134, 40, alpha(s.payerAddress, 40)],
    [174, 40, alpha(s.payerCity, 40)],
    [214, 2, alpha(s.payerState, 2)],
    [216, 9, digits(s.payerZip, 9, "the payer's ZIP code")],
    [225, 15, digits(s.payerPhone, 15, "the payer's telephone number")],
    [240, 260, blank(260)],
    [500, 8, seq(sequence)],
    [508, 241, blank(241)],
  ]);
}

/** The amount of a return in each payment amount field (one field used: the form and box's code). */
export function amountsOf(r: ReturnRow): Map<AmountCode, number> {
  return new Map([[FORM_BOX_SPECS[r.formBox].amountCode, r.amountCents]]);
}

/** The CF/SF code of a payee's state, or '' when its state is not in the program (or the agency is not). */
export function stateCodeOf(r: ReturnRow, combinedFederalState: boolean): string {
  return combinedFederalState ? (CFSF_STATE_CODES[r.address.state.trim().toUpperCase()] ?? '') : '';
}

export function bRecord(paymentYear: number, r: ReturnRow, stateCode: string, sequence: number): string {
  const amounts = amountsOf(r);
  const amountFields = AMOUNT_CODES.map((code, i) => [55 + 12 * i, 12, num(amounts.get(code) ?? 0, 12, `the amount of provider ${r.providerId}'s return`)] as const);
  // The second name line continues a long name, or else carries the business ("doing business as") name.
  const [name1, rest] = twoLines(r.name);
  const name2 = rest || r.businessName;
  const street = [r.address.line1, r.address.line2].filter((l) => l.trim()).join(' ');
  return record([
    [1, 1, 'B'],
    [2, 4, year(paymentYear)],
    [6, 1, r.corrected || ' '],
    [7, 4, blank(4)], // payee name control: blank lets the IRS derive it (Pub 1220 allows it)
    [11, 1, r.tin ? (r.tinType === 'EIN' ? '1' : '2') : ' '],
    [12, 9, r.tin ? digits(r.tin, 9, `provider ${r.providerId}'s TIN`) : blank(9)],
    [21, 20, alpha(r.accountNumber, 20)],
    [41, 4, blank(4)], // payer's office code
    [45, 10, blank(10)],
    ...amountFields,
    [271, 16, blank(16)],
    [287, 1, ' '], // foreign country indicator
    [288, 40, alpha(name1, 40)],
    [328, 40, alpha(name2, 40)],
    [368, 40, alpha(street, 40)],
    [408, 40, blank(40)],
    [448, 40, alpha(r.address.city, 40)],
    [488, 2, alpha(r.address.state, 2)],
    [490, 9, digits(r.address.postalCode.replace('-', ''), 9, `provider ${r.providerId}'s ZIP code`)],
    [499, 1, ' '],
    [500, 8, seq(sequence)],
    [508, 36, blank(36)],
    // Positions 544–750 of 1099-NEC and 1099-MISC: second TIN notice, direct sales and FATCA
    // indicators, special data entries and withholding all blank (the agency withholds nothing).
    [544, 1, ' '],
    [545, 2, blank(2)],
    [547, 1, ' '],
    [548, 175, blank(175)],
    [723, 12, blank(12)], // state income tax withheld
    [735, 12, blank(12)], // local income tax withheld
    [747, 2, stateCode.padEnd(2, ' ')],
  ]);
}

export interface ControlTotals {
  payees: number;
  totals: Map<AmountCode, number>;
}

function totalsFields(t: ControlTotals, what: string) {
  return AMOUNT_CODES.map((code, i) => [16 + 18 * i, 18, num(t.totals.get(code) ?? 0, 18, `${what} total ${code}`)] as const);
}

export function cRecord(t: ControlTotals, sequence: number): string {
  return record([
    [1, 1, 'C'],
    [2, 8, num(t.payees, 8, 'the number of payees')],
    [10, 6, blank(6)],
    ...totalsFields(t, 'the control'),
    [340, 160, blank(160)],
    [500, 8, seq(sequence)],
    [508, 241, blank(241)],
  ]);
}

export function kRecord(t: ControlTotals, stateCode: string, sequence: number): string {
  return record([
    [1, 1, 'K'],
    [2, 8, num(t.payees, 8, 'the number of payees')],
    [10, 6, blank(6)],
    ...totalsFields(t, 'the state'),
    [340, 160, blank(160)],
    [500, 8, seq(sequence)],
    [508, 199, blank(199)],
    [707, 18, blank(18)], // state income tax withheld total
    [725, 18, blank(18)], // local income tax withheld total
    [743, 4, blank(4)],
    [747, 2, stateCode],
  ]);
}

export function fRecord(payerRecords: number, totalPayees: number, sequence: number): string {
  return record([
    [1, 1, 'F'],
    [2, 8, num(payerRecords, 8, 'the number of A records')],
    [10, 21, '0'.repeat(21)],
    [31, 19, blank(19)],
    [50, 8, num(totalPayees, 8, 'the total number of payees')],
    [58, 442, blank(442)],
    [500, 8, seq(sequence)],
    [508, 241, blank(241)],
  ]);
}
