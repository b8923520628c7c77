import { z } from 'zod';
import { routingProblem } from '../domain/routing';
import { RATE_MAX_CENTS } from '../domain/limits';
import { formatCents } from '../domain/money';

// Field schemas shared by the forms (renderer), the handlers (contract) and the CSV row schemas,
// so a value refused on a form field is refused with the same words in an imported file.

/**
 * Control characters (tabs, line breaks, NUL, escape…) in a one-line field: refused where they
 * are entered, so they never reach a name printed on a check or written into a register file.
 */
const noControl = (v: string): boolean => {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
  }
  return true;
};
const CONTROL_MESSAGE = 'must not contain control characters (tabs, line breaks and the like)';

export const requiredText = (max = 200) =>
  z.string().trim().min(1, 'is required').max(max, `at most ${max} characters`).refine(noControl, CONTROL_MESSAGE);
export const optionalText = (max = 200) => z.string().trim().max(max, `at most ${max} characters`).refine(noControl, CONTROL_MESSAGE).default('');

export const licenseNumber = requiredText(50);

/**
 * The key a license or case number is matched by: "lic-100001" is LIC-100001 (SQLite's NOCASE,
 * ASCII letters folded), so a file typed in lower case updates the provider instead of adding one.
 */
export const identifierKey = (text: string): string => text.replace(/[a-z]+/g, (m) => m.toUpperCase());
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

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * YYYY-MM-DD naming a real calendar day. The same answer as domain/dates.ts isIsoDate, without
 * building a Date: imports check hundreds of thousands of dates.
 */
export function isCalendarDate(text: string): boolean {
  const m = ISO.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = mo === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
  return d <= DAYS[mo - 1] + (leap ? 1 : 0);
}

export const date = z.string().trim().max(10).refine(isCalendarDate, { message: 'must be a date as YYYY-MM-DD' });

/** Money entered by people: whole cents, never negative for reference data (a daily rate, a co-payment). */
export const nonNegativeCents = z
  .number()
  .int('must be whole cents')
  .min(0, 'must not be negative')
  .max(RATE_MAX_CENTS, `must be at most ${formatCents(RATE_MAX_CENTS)}`);

/** '' (an empty form field or CSV cell) and undefined mean "none". */
export function blankToNull<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v), schema.nullable());
}
