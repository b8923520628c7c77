import { z } from 'zod';
import { CARE_LEVELS } from '../domain/words';
import { caseNumber, date, nonNegativeCents, optionalText, requiredText } from './fields';

// Children and their authorizations (subsidy certificates), for the forms and the handlers.

export const childInput = z.object({
  id: z.number().int().positive().optional(),
  caseNumber,
  firstName: requiredText(100),
  lastName: requiredText(100),
  birthDate: date,
  guardianName: optionalText(200),
});
export type ChildInput = z.input<typeof childInput>;

/** A child in subsidized care is younger than this; an older birth date is a typing mistake (0000-01-01, 1926 for 2026). */
export const MAX_CHILD_AGE_YEARS = 25;

/** Why a birth date cannot be right on `today` (the agency's local date), or null. */
export function birthDateProblem(birthDate: string, today: string): string | null {
  if (birthDate > today) return `${birthDate} is in the future (today is ${today})`;
  const earliest = `${String(Number(today.slice(0, 4)) - MAX_CHILD_AGE_YEARS).padStart(4, '0')}${today.slice(4)}`;
  if (birthDate < earliest) return `${birthDate} is more than ${MAX_CHILD_AGE_YEARS} years ago: check the year`;
  return null;
}

export const authorizationFields = z.object({
  childId: z.number().int().positive(),
  providerId: z.number().int().positive(),
  startDate: date,
  endDate: date,
  careLevel: z.enum(CARE_LEVELS, { message: 'must be full_time or part_time' }),
  daysPerWeek: z.number().int('must be a whole number').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5'),
  copayCents: nonNegativeCents.default(0),
});

export const authorizationInput = authorizationFields
  .extend({ id: z.number().int().positive().optional() })
  .refine((a) => a.startDate <= a.endDate, { path: ['endDate'], message: 'must not be before the start date' });
export type AuthorizationInput = z.input<typeof authorizationInput>;
