import { z } from 'zod';

// What the agency decides per tax year (calendar year of payment): the form and box its provider
// payments go in, as its tax adviser says, and the reporting threshold. Both are settings keyed
// by the tax year; the defaults below are the law as it stands, not constants the code relies on.

/** The form and box the agency reports provider payments in. */
export const FORM_BOXES = ['1099-NEC box 1', '1099-MISC box 3', '1099-MISC box 6'] as const;
export type FormBox = (typeof FORM_BOXES)[number];

export type TaxForm = '1099-NEC' | '1099-MISC';

export interface FormBoxSpec {
  form: TaxForm;
  box: '1' | '3' | '6';
  /** The box's title on the form. */
  title: string;
  /** Pub 1220's payment amount field (and amount code) the box is written to. */
  amountCode: '1' | '3' | '6';
  /** Pub 1220's type of return code in the payer's A record. */
  typeOfReturn: 'NE' | 'A';
}

export const FORM_BOX_SPECS: Record<FormBox, FormBoxSpec> = {
  '1099-NEC box 1': { form: '1099-NEC', box: '1', title: 'Nonemployee compensation', amountCode: '1', typeOfReturn: 'NE' },
  '1099-MISC box 3': { form: '1099-MISC', box: '3', title: 'Other income', amountCode: '3', typeOfReturn: 'A' },
  '1099-MISC box 6': { form: '1099-MISC', box: '6', title: 'Medical and health care payments', amountCode: '6', typeOfReturn: 'A' },
};

/** Child-care payments for services are nonemployee compensation unless the agency's adviser says otherwise. */
export const DEFAULT_FORM_BOX: FormBox = '1099-NEC box 1';

/**
 * The reporting threshold the law sets for payments made in a calendar year: $600 up to 2025;
 * $2,000 from 2026 (the One Big Beautiful Bill Act, Public Law 119-21), adjusted for inflation
 * for years after 2026. For those years `indexed` is true: the $2,000 shown is only a starting value until an
 * Administrator enters the amount the IRS publishes for the year.
 */
export function statutoryThreshold(taxYear: number): { cents: number; indexed: boolean } {
  if (taxYear <= 2025) return { cents: 60_000, indexed: false };
  if (taxYear === 2026) return { cents: 200_000, indexed: false };
  return { cents: 200_000, indexed: true };
}

export const taxYear = z
  .number({ message: 'must be a year' })
  .int('must be a whole year')
  .min(2020, 'PayDesk files 1099-NEC returns, which exist from tax year 2020')
  .max(2099, 'must be a year before 2100');

/**
 * The settings of one tax year. Stored per tax year (settings `yearEnd.formBox` and
 * `yearEnd.thresholdCents`, effective from January 1 of the year), so that changing next year's
 * box or threshold never changes a filed year.
 */
export const taxYearSettings = z.object({
  taxYear,
  formBox: z.enum(FORM_BOXES, { message: `must be one of ${FORM_BOXES.join(', ')}` }),
  thresholdCents: z.number().int('must be whole cents').min(1, 'must be more than $0.00').max(100_000_000, 'at most $1,000,000.00'),
});
export type TaxYearSettings = z.infer<typeof taxYearSettings>;

export function defaultTaxYearSettings(year: number): TaxYearSettings {
  return { taxYear: year, formBox: DEFAULT_FORM_BOX, thresholdCents: statutoryThreshold(year).cents };
}

/**
 * The Combined Federal/State Filing Program (Pub 1220 Part A): the states it forwards 1099-NEC
 * and 1099-MISC returns to, with the program's own two-digit codes (not FIPS codes).
 */
export const CFSF_STATE_CODES: Readonly<Record<string, string>> = {
  AL: '01', AZ: '04', AR: '05', CA: '06', CO: '07', CT: '08', DE: '10', GA: '13', HI: '15', ID: '16',
  IN: '18', KS: '20', LA: '22', ME: '23', MD: '24', MA: '25', MI: '26', MN: '27', MS: '28', MO: '29',
  MT: '30', NE: '31', NJ: '34', NM: '35', NC: '37', ND: '38', OH: '39', OK: '40', SC: '45', WI: '55',
};

/** The USPS state codes a US address may carry (states, DC, territories, military). */
export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME',
  'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI',
  'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'AS', 'GU', 'MP', 'PR', 'VI', 'FM', 'MH', 'PW', 'AA',
  'AE', 'AP',
] as const;
