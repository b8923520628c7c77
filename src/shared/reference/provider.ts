import { z } from 'zod';
import { ACCOUNT_HOLDERS, ACCOUNT_TYPES, AGE_GROUPS, DAY_KINDS, PAYMENT_METHODS, PROVIDER_TYPES } from '../domain/words';
import {
  accountNumber,
  blankToNull,
  date,
  email,
  licenseNumber,
  nonNegativeCents,
  optionalText,
  requiredText,
  routingNumber,
  taxId,
} from './fields';

// The provider form: one schema for the renderer's form, the providers-save handler and (through
// the same field schemas and bankRuleIssues) the providers CSV import.

export const providerFields = z.object({
  name: requiredText(200),
  licenseNumber,
  type: z.enum(PROVIDER_TYPES, { message: `must be one of ${PROVIDER_TYPES.join(', ')}` }),
  taxId,
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  city: optionalText(100),
  state: optionalText(2),
  postalCode: optionalText(10),
  contactName: optionalText(200),
  contactEmail: email,
  contactPhone: optionalText(40),
  payorId: z.number().int().positive(),
  paymentMethod: z.enum(PAYMENT_METHODS, { message: 'must be ach or check' }),
  routingNumber: blankToNull(routingNumber),
  accountNumber: blankToNull(accountNumber),
  accountType: blankToNull(z.enum(ACCOUNT_TYPES, { message: 'must be checking or savings' })),
  accountHolder: blankToNull(z.enum(ACCOUNT_HOLDERS, { message: 'must be business or personal' })),
  active: z.boolean().default(true),
});
export type ProviderFields = z.output<typeof providerFields>;

export interface BankFields {
  paymentMethod: string;
  routingNumber: string | null;
  accountNumber: string | null;
  accountType: string | null;
  accountHolder: string | null;
}

/** ACH payments need a full set of bank details; checks need none. */
export function bankRuleIssues(p: BankFields): Array<{ field: keyof BankFields; message: string }> {
  if (p.paymentMethod !== 'ach') return [];
  const out: Array<{ field: keyof BankFields; message: string }> = [];
  if (!p.routingNumber) out.push({ field: 'routingNumber', message: 'is required when the payment method is ach' });
  if (!p.accountNumber) out.push({ field: 'accountNumber', message: 'is required when the payment method is ach' });
  if (!p.accountType) out.push({ field: 'accountType', message: 'is required when the payment method is ach (checking or savings)' });
  if (!p.accountHolder) out.push({ field: 'accountHolder', message: 'is required when the payment method is ach (business or personal)' });
  return out;
}

/** The form and the providers-save arguments: id and expectedVersion when editing. */
export const providerInput = providerFields
  .extend({ id: z.number().int().positive().optional(), expectedVersion: z.number().int().positive().optional() })
  .superRefine((p, ctx) => {
    for (const issue of bankRuleIssues(p)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  });
export type ProviderInput = z.input<typeof providerInput>;

export const providerRate = z.object({
  ageGroup: z.enum(AGE_GROUPS),
  dayKind: z.enum(DAY_KINDS),
  effectiveFrom: date,
  cents: nonNegativeCents,
});
export type ProviderRate = z.infer<typeof providerRate>;

/**
 * A provider's own (private-pay) daily rates from a date. Combinations not given keep the rate
 * they had before that date (or none), because a rate is looked up per age group and day kind.
 */
export const providerRatesInput = z
  .object({
    providerId: z.number().int().positive(),
    effectiveFrom: date,
    rates: z
      .array(z.object({ ageGroup: z.enum(AGE_GROUPS), dayKind: z.enum(DAY_KINDS), cents: nonNegativeCents }))
      .min(1, 'give at least one rate')
      .max(AGE_GROUPS.length * DAY_KINDS.length),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.rates.forEach((r, i) => {
      const key = `${r.ageGroup}/${r.dayKind}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['rates', i], message: `${key} is given twice` });
      seen.add(key);
    });
  });
export type ProviderRatesInput = z.input<typeof providerRatesInput>;
