import { z } from 'zod';
import { formatCents, parseCents } from '../domain/money';
import { RATE_MAX_CENTS } from '../domain/limits';
import { ACCOUNT_HOLDERS, ACCOUNT_TYPES, CARE_LEVELS, PAYMENT_METHODS, PROVIDER_TYPES } from '../domain/words';
import { providerTaxCsvColumns } from '../year-end/provider-tax';
import { accountNumber, blankToNull, caseNumber, email, isCalendarDate, licenseNumber, optionalText, requiredText, routingNumber, taxId } from './fields';

// The CSV formats of docs/formats/{providers,children,authorizations}-csv.md as zod schemas: one
// row of cells (text) in, typed values out. Issue paths are column names, so an error names the
// column the user sees. The field rules are the forms' own (fields.ts, provider.ts).

export type ImportKind = 'providers' | 'children' | 'authorizations';

/** "Family home", "family-home" and "FAMILY_HOME" all mean family_home. */
function csvEnum<T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase().replace(/[\s-]+/g, '_') : v),
    z.enum(values, { message: `must be one of ${values.join(', ')}` }),
  );
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** YYYY-MM-DD, or MM/DD/YYYY as spreadsheets write it; always ISO out. */
export const csvDate = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const m = US_DATE.exec(v);
    const iso = m ? `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}` : v;
    if (!isCalendarDate(iso)) {
      ctx.addIssue({ code: 'custom', message: v === '' ? 'is required' : `"${v}" is not a date (YYYY-MM-DD or MM/DD/YYYY)` });
      return z.NEVER;
    }
    return iso;
  });

const csvBool = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const t = v.toLowerCase();
    if (['', 'yes', 'y', 'true', '1', 'active'].includes(t)) return true;
    if (['no', 'n', 'false', '0', 'inactive'].includes(t)) return false;
    ctx.addIssue({ code: 'custom', message: `"${v}" is not yes or no` });
    return z.NEVER;
  });

const csvDollars = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === '') return 0;
    const cents = parseCents(v);
    if (cents === null || cents < 0) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not an amount in dollars (like 25.00)` });
      return z.NEVER;
    }
    if (cents > RATE_MAX_CENTS) {
      ctx.addIssue({ code: 'custom', message: `${v} is more than ${formatCents(RATE_MAX_CENTS)}` });
      return z.NEVER;
    }
    return cents;
  });

const csvDaysPerWeek = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (!/^[1-5]$/.test(v)) {
      ctx.addIssue({ code: 'custom', message: v === '' ? 'is required' : `"${v}" is not a whole number from 1 to 5` });
      return z.NEVER;
    }
    return Number(v);
  });

/**
 * One provider row. The ACH rule (bankRuleIssues) is checked by the import after a row is merged
 * with the stored provider, because a file may leave out the bank columns of known providers.
 */
export const providerCsvRow = z
  .object({
    license_number: licenseNumber,
    name: requiredText(200),
    type: csvEnum(PROVIDER_TYPES),
    payor_code: requiredText(40),
    payment_method: csvEnum(PAYMENT_METHODS),
    routing_number: blankToNull(routingNumber),
    account_number: blankToNull(accountNumber),
    account_type: blankToNull(csvEnum(ACCOUNT_TYPES)),
    account_holder: blankToNull(csvEnum(ACCOUNT_HOLDERS)),
    tax_id: taxId,
    address_line1: optionalText(200),
    address_line2: optionalText(200),
    city: optionalText(100),
    state: optionalText(2),
    postal_code: optionalText(10),
    contact_name: optionalText(200),
    contact_email: email,
    contact_phone: optionalText(40),
    active: csvBool.default(true),
  })
  .transform((r) => ({
    licenseNumber: r.license_number,
    name: r.name,
    type: r.type,
    payorCode: r.payor_code,
    paymentMethod: r.payment_method,
    routingNumber: r.routing_number,
    accountNumber: r.account_number,
    accountType: r.account_type,
    accountHolder: r.account_holder,
    taxId: r.tax_id,
    addressLine1: r.address_line1,
    addressLine2: r.address_line2,
    city: r.city,
    state: r.state,
    postalCode: r.postal_code,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    contactPhone: r.contact_phone,
    active: r.active,
  }));
export type ProviderCsvRow = z.output<typeof providerCsvRow>;

export const childCsvRow = z
  .object({
    case_number: caseNumber,
    first_name: requiredText(100),
    last_name: requiredText(100),
    birth_date: csvDate,
    guardian_name: optionalText(200),
  })
  .transform((r) => ({
    caseNumber: r.case_number,
    firstName: r.first_name,
    lastName: r.last_name,
    birthDate: r.birth_date,
    guardianName: r.guardian_name,
  }));
export type ChildCsvRow = z.output<typeof childCsvRow>;

export const authorizationCsvRow = z
  .object({
    case_number: caseNumber,
    provider_license: licenseNumber,
    start_date: csvDate,
    end_date: csvDate,
    care_level: csvEnum(CARE_LEVELS),
    days_per_week: csvDaysPerWeek,
    copay: csvDollars.default(0),
  })
  .refine((r) => r.start_date <= r.end_date, { path: ['end_date'], message: 'must not be before start_date' })
  .transform((r) => ({
    caseNumber: r.case_number,
    providerLicense: r.provider_license,
    startDate: r.start_date,
    endDate: r.end_date,
    careLevel: r.care_level,
    daysPerWeek: r.days_per_week,
    copayCents: r.copay,
  }));
export type AuthorizationCsvRow = z.output<typeof authorizationCsvRow>;

export interface CsvFormat {
  /** Every column the format knows, in the documented order; other columns are ignored. */
  columns: readonly string[];
  required: readonly string[];
  row: z.ZodType;
  /**
   * Optional columns read apart from the row, all together or not at all (the providers' W-9 tax
   * columns, which the year-end keeps in a table of its own): a file with none of them leaves
   * the stored values as they are.
   */
  extra?: { columns: readonly string[]; row: z.ZodType };
}

/** The providers CSV's optional tax columns (docs/formats/providers-csv.md). */
export const PROVIDER_TAX_COLUMNS = ['tin_type', 'tin', 'legal_name', 'w9_received', 'exempt'] as const;

export const CSV_FORMATS: Record<ImportKind, CsvFormat> = {
  providers: {
    columns: [...Object.keys(providerCsvRow.in.shape), ...PROVIDER_TAX_COLUMNS],
    required: ['license_number', 'name', 'type', 'payor_code', 'payment_method'],
    row: providerCsvRow,
    extra: { columns: PROVIDER_TAX_COLUMNS, row: providerTaxCsvColumns },
  },
  children: {
    columns: Object.keys(childCsvRow.in.shape),
    required: ['case_number', 'first_name', 'last_name', 'birth_date'],
    row: childCsvRow,
  },
  authorizations: {
    columns: Object.keys(authorizationCsvRow.in.shape),
    required: ['case_number', 'provider_license', 'start_date', 'end_date', 'care_level', 'days_per_week'],
    row: authorizationCsvRow,
  },
};

/** "License Number " -> "license_number": headers are matched loosely, as people type them. */
export function normalizeHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}
