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
