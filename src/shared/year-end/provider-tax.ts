import { z } from 'zod';
import { date, isCalendarDate } from '../reference/fields';
import { normalizeTin, TIN_TYPES, tinProblem, type TinType } from './tin';

// A provider's tax data, as its Form W-9 gives it: for the provider form, the providers CSV and
// the year-end. The TIN is stored as its nine digits; who sees it whole is the core's business
// (tin.ts tinForViewer).

/** Why a provider gets no 1099 whatever it was paid (the W-9's federal tax classification, or what the agency knows). */
export const EXEMPT_REASONS = ['corporation', 'tax_exempt_organization', 'government_entity'] as const;
export type ExemptReason = (typeof EXEMPT_REASONS)[number];
export const EXEMPT_REASON_LABELS: Record<ExemptReason, string> = {
  corporation: 'a corporation (C or S, or an LLC taxed as one)',
  tax_exempt_organization: 'a tax-exempt organization (section 501(a))',
  government_entity: 'a government entity',
};

export interface ProviderTaxData {
  tinType: TinType | null;
  /** Nine digits, or null when no W-9 gave one. */
  tin: string | null;
  /** The name on line 1 of the W-9 (may differ from the business name the agency uses). */
  legalName: string;
  w9ReceivedOn: string | null;
  exemptReason: ExemptReason | null;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const orNull = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (blank(v) ? null : v), schema.nullable());

/** A TIN and its type go together: both or neither, and the number must fit the type. */
function checkTin(v: { tinType: TinType | null; tin: string | null }, ctx: z.RefinementCtx): void {
  if (v.tin !== null && v.tinType === null) ctx.addIssue({ code: 'custom', path: ['tinType'], message: 'choose SSN or EIN for the TIN' });
  if (v.tin === null && v.tinType !== null) ctx.addIssue({ code: 'custom', path: ['tin'], message: `is required with TIN type ${v.tinType}` });
  if (v.tin !== null && v.tinType !== null) {
    const problem = tinProblem(v.tinType, v.tin);
    if (problem) ctx.addIssue({ code: 'custom', path: ['tin'], message: problem });
  }
}

const LEGAL_NAME_NEEDED = 'is required with a TIN (the name on line 1 of the W-9)';

const tinText = z.string().trim().max(11, 'a TIN is 9 digits');
const toDigits = (t: string | null) => (t === null ? null : (normalizeTin(t) ?? t));

/** The provider form's tax fields (and providers-save's): '' means "not given". */
export const providerTaxFields = z
  .object({
    tinType: orNull(z.enum(TIN_TYPES, { message: 'must be SSN or EIN' })),
    tin: orNull(tinText),
    legalName: z.string().trim().max(80, 'at most 80 characters (two lines of 40 in the filing)').default(''),
    w9ReceivedOn: orNull(date),
    exemptReason: orNull(z.enum(EXEMPT_REASONS, { message: `must be one of ${EXEMPT_REASONS.join(', ')}` })),
  })
  .superRefine((v, ctx) => {
    checkTin(v, ctx);
    if (v.tin !== null && v.legalName === '') ctx.addIssue({ code: 'custom', path: ['legalName'], message: LEGAL_NAME_NEEDED });
  })
  .transform((v): ProviderTaxData => ({ ...v, tin: toDigits(v.tin) }));
export type ProviderTaxFieldsInput = z.input<typeof providerTaxFields>;

/** "Corporation", "tax-exempt organization", "yes" (= corporation, the W-9's usual case), "" or "no" (= none). */
const csvExempt = z
  .string()
  .trim()
  .transform((v, ctx): ExemptReason | null => {
    const t = v.toLowerCase().replace(/[\s-]+/g, '_');
    if (['', 'no', 'n', 'false', '0'].includes(t)) return null;
    if (['yes', 'y', 'true', '1'].includes(t)) return 'corporation';
    if (t === 'tax_exempt' || t === 'tax_exempt_organization') return 'tax_exempt_organization';
    if (t === 'government' || t === 'government_entity') return 'government_entity';
    if (t === 'corporation') return 'corporation';
    ctx.addIssue({ code: 'custom', message: `"${v}" is not an exemption (corporation, tax-exempt organization, government entity, or no)` });
    return z.NEVER;
  });

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const csvOptionalDate = z
  .string()
  .trim()
  .transform((v, ctx): string | null => {
    if (v === '') return null;
    const m = US_DATE.exec(v);
    const iso = m ? `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}` : v;
    if (!isCalendarDate(iso)) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a date (YYYY-MM-DD or MM/DD/YYYY)` });
      return z.NEVER;
    }
    return iso;
  });

/**
 * The providers CSV's tax columns (docs/formats/providers-csv.md, phase B): tin_type, tin,
 * legal_name, w9_received, exempt. Issue paths are the column names.
 */
export const providerTaxCsvColumns = z
  .object({
    tin_type: z
      .string()
      .trim()
      .transform((v) => v.toUpperCase())
      .pipe(z.enum(['', ...TIN_TYPES], { message: 'must be SSN or EIN (or empty)' }))
      .prefault(''),
    tin: tinText.default(''),
    legal_name: z.string().trim().max(80, 'at most 80 characters').default(''),
    w9_received: csvOptionalDate.prefault(''),
    exempt: csvExempt.prefault(''),
  })
  .superRefine((r, ctx) => {
    const tinType = r.tin_type === '' ? null : r.tin_type;
    const tin = r.tin === '' ? null : r.tin;
    if (tin !== null && tinType === null) ctx.addIssue({ code: 'custom', path: ['tin_type'], message: 'is required with a tin (SSN or EIN)' });
    if (tin === null && tinType !== null) ctx.addIssue({ code: 'custom', path: ['tin'], message: `is required with tin_type ${tinType}` });
    if (tin !== null && tinType !== null) {
      const problem = tinProblem(tinType, tin);
      if (problem) ctx.addIssue({ code: 'custom', path: ['tin'], message: problem });
    }
    if (tin !== null && r.legal_name === '') ctx.addIssue({ code: 'custom', path: ['legal_name'], message: LEGAL_NAME_NEEDED });
  })
  .transform(
    (r): ProviderTaxData => ({
      tinType: r.tin_type === '' ? null : r.tin_type,
      tin: r.tin === '' ? null : toDigits(r.tin),
      legalName: r.legal_name,
      w9ReceivedOn: r.w9_received,
      exemptReason: r.exempt,
    }),
  );
