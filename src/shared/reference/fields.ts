import { z } from 'zod';
import { isIsoDate } from '../domain/dates';
import { routingProblem } from '../domain/routing';

// Field schemas shared by the forms (renderer), the handlers (contract) and the CSV row schemas,
// so a value refused on a form field is refused with the same words in an imported file.

export const requiredText = (max = 200) => z.string().trim().min(1, 'is required').max(max, `at most ${max} characters`);
export const optionalText = (max = 200) => z.string().trim().max(max, `at most ${max} characters`).default('');

export const licenseNumber = requiredText(50);
export const caseNumber = requiredText(50);

export const routingNumber = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = routingProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const accountNumber = z
  .string()
  .trim()
  .regex(/^\d{4,17}$/, 'an account number is 4 to 17 digits');

export const taxId = z
  .string()
  .trim()
  .regex(/^$|^\d{2}-?\d{7}$|^\d{3}-?\d{2}-?\d{4}$/, 'a tax id is an EIN (12-3456789) or an SSN (123-45-6789)')
  .default('');

export const email = z
  .string()
  .trim()
  .max(200)
  .regex(/^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'is not an e-mail address')
  .default('');

export const date = z.string().trim().max(10).refine(isIsoDate, { message: 'must be a date as YYYY-MM-DD' });

/** Money entered by people: whole cents, never negative for reference data. */
export const nonNegativeCents = z.number().int('must be whole cents').min(0, 'must not be negative').max(100_000_000);

/** '' (an empty form field or CSV cell) and undefined mean "none". */
export function blankToNull<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v), schema.nullable());
}
