import { z } from 'zod';
import { cents, id, isoDate, timestamp } from '../common';
import { EXEMPT_REASONS, providerTaxFields, type ExemptReason, type ProviderTaxData } from '../../year-end/provider-tax';
import { filingSettings } from '../../year-end/filing';
import { FORM_BOXES, taxYear } from '../../year-end/tax-year';
import { TIN_TYPES } from '../../year-end/tin';

// The agency's year-end (issue #17): the 1099 review list of a tax year, each provider's tax data
// from its W-9, the outputs (recipient copies, the IRS filing file, a CSV), marking the year filed
// and the corrections after it. For Payor (the agency's finance staff) and Administrator users;
// the tax year's settings and the filing details are an Administrator's.

const FINANCE = ['Payor', 'Administrator'] as const;
const ADMIN = ['Administrator'] as const;

const formBox = z.enum(FORM_BOXES);

export const yearEndWarning = z.object({ code: z.string(), message: z.string(), blocksFiling: z.boolean() });

export const yearEndRow = z.object({
  providerId: id,
  providerName: z.string(),
  /** The name the return is filed under (the W-9's legal name, else the business name). */
  payeeName: z.string(),
  tinType: z.enum(TIN_TYPES).nullable(),
  /** Masked (last four digits) except to Administrators; '' when none is on file. */
  tin: z.string(),
  w9ReceivedOn: isoDate.nullable(),
  paidCents: cents,
  recoveredCents: cents,
  amountCents: cents,
  thirdPartyCents: cents,
  formBox: formBox.nullable(),
  noFormReason: z.enum(['exempt', 'below_threshold', 'third_party_only']).nullable(),
  reason: z.string(),
  warnings: z.array(yearEndWarning),
  /** After the year was filed: what differs from the return on file, in words; null when nothing does. */
  needsCorrection: z.string().nullable(),
});
export type YearEndRowView = z.infer<typeof yearEndRow>;

export const yearEndFilingRow = z.object({
  id,
  kind: z.enum(['original', 'correction']),
  filedAt: timestamp,
  filedBy: z.string(),
  returnCount: z.number().int().min(0),
  totalCents: cents,
  folder: z.string(),
});

export const taxYearView = z.object({
  taxYear,
  formBox,
  thresholdCents: cents,
  /** The threshold is the law's starting value for an indexed year: an Administrator enters the IRS's figure. */
  thresholdIndexed: z.boolean(),
  /** Whether the agency set the form and box, and the threshold, for this year (else the defaults). */
  formBoxSet: z.boolean(),
  thresholdSet: z.boolean(),
});

export const yearEndReview = z.object({
  taxYear,
  settings: taxYearView,
  /** What the agency must still fill in before the filing file and recipient copies can be made. */
  missingSettings: z.array(z.string()),
  rows: z.array(yearEndRow),
  totals: z.object({
    providers: z.number().int(), returns: z.number().int(), reportedCents: cents, exempt: z.number().int(),
    belowThreshold: z.number().int(), thirdPartyOnly: z.number().int(), blocked: z.number().int(), w9Missing: z.number().int(),
  }),
  filings: z.array(yearEndFilingRow),
  /** After filing: every payee whose return differs from the one on file (providers with no money left included). */
  changes: z.array(z.object({ providerId: id, description: z.string() })),
});
export type YearEndReview = z.infer<typeof yearEndReview>;

export const providerTaxView = z.object({
  providerId: id,
  providerName: z.string(),
  tinType: z.enum(TIN_TYPES).nullable(),
  /** Whole to Administrators, masked to everyone else; '' when none. */
  tin: z.string(),
  tinMasked: z.boolean(),
  legalName: z.string(),
  w9ReceivedOn: isoDate.nullable(),
  exemptReason: z.enum(EXEMPT_REASONS).nullable(),
  updatedAt: timestamp.nullable(),
});
export type ProviderTaxView = z.infer<typeof providerTaxView>;

const fileRow = z.object({ name: z.string(), path: z.string(), bytes: z.number().int(), sha256: z.string() });

export const yearEndOutputs = z.object({
  taxYear,
  kind: z.enum(['original', 'correction']),
  folder: z.string(),
  files: z.array(fileRow),
  /** Recipient copies written, one PDF each (plus the combined one among `files`). */
  recipientCopies: z.number().int(),
  returnCount: z.number().int(),
  totalCents: cents,
});
export type YearEndOutputs = z.infer<typeof yearEndOutputs>;

/** The tax year's settings and the filing details as an Administrator saves them. */
export const yearEndSettingsInput = z
  .object({
    taxYear,
    formBox: formBox.optional(),
    thresholdCents: z.number().int('must be whole cents').min(1, 'must be more than $0.00').max(100_000_000, 'at most $1,000,000.00').optional(),
    filing: filingSettings.optional(),
  })
  .strict();

export const yearEndSettingsView = z.object({
  settings: taxYearView,
  /** The filing details as saved (null until an Administrator fills them in). */
  filing: filingSettings.nullable(),
  missingSettings: z.array(z.string()),
});

const yearArgs = z.object({ taxYear }).strict();

/** What a caller sends for a provider's tax data: every field optional ('' or null: not given). */
export interface ProviderTaxInput {
  tinType?: 'SSN' | 'EIN' | '' | null;
  tin?: string | null;
  legalName?: string;
  w9ReceivedOn?: string | null;
  exemptReason?: ExemptReason | '' | null;
}
// The schema's own input type is `unknown` per field (its preprocessing takes '' for "not given").
const taxFields = providerTaxFields as unknown as z.ZodType<ProviderTaxData, ProviderTaxInput>;

export const yearEndContract = {
  /** The review list of a tax year: every provider paid in it, due a return or not, and why. */
  'year-end-review': { access: FINANCE, args: yearArgs, result: yearEndReview },
  /** Recipient copies (one PDF each and one combined), the IRS filing file and the CSV, into the agency's output folder. */
  'year-end-generate': { access: FINANCE, writes: 'data', args: yearArgs, result: yearEndOutputs },
  /** Records that the generated file was sent to the IRS: who, when, and the figures filed. */
  'year-end-mark-filed': { access: FINANCE, writes: 'data', args: yearArgs, result: yearEndFilingRow },
  /** After filing: a corrected-returns file with only the payees whose return changed. */
  'year-end-corrections': { access: FINANCE, writes: 'data', args: yearArgs, result: yearEndOutputs },
  'year-end-settings-get': { access: FINANCE, args: yearArgs, result: yearEndSettingsView },
  'year-end-settings-save': { access: ADMIN, writes: 'data', args: yearEndSettingsInput, result: yearEndSettingsView },
  'provider-tax-get': { access: FINANCE, args: z.object({ providerId: id }).strict(), result: providerTaxView },
  'provider-tax-save': {
    access: FINANCE,
    writes: 'data',
    /** `keepTin`: the TIN on file stays as it is (a user who sees it masked changes the other fields). */
    args: z.object({ providerId: id, keepTin: z.boolean().default(false), tax: taxFields }).strict(),
    result: providerTaxView,
  },
} as const;
