import { z } from 'zod';
import { id, isoDate, page, pageQuery } from '../common';
import { PAYOR_KINDS, PROVIDER_TYPES, PAYMENT_METHODS } from '../../domain/words';

export const servicePeriod = z.object({
  id,
  code: z.string(),
  label: z.string(),
  startDate: isoDate,
  endDate: isoDate,
});
export type ServicePeriod = z.infer<typeof servicePeriod>;

export const payor = z.object({ id, code: z.string(), name: z.string(), kind: z.enum(PAYOR_KINDS) });
export type Payor = z.infer<typeof payor>;

export const providerRow = z.object({
  id,
  name: z.string(),
  licenseNumber: z.string(),
  type: z.enum(PROVIDER_TYPES),
  payorId: id,
  payorName: z.string(),
  paymentMethod: z.enum(PAYMENT_METHODS),
  /** Last four digits only; the full number never leaves the core in a list. */
  accountMasked: z.string().nullable(),
  city: z.string(),
  active: z.boolean(),
});
export type ProviderRow = z.infer<typeof providerRow>;

export const referenceContract = {
  'periods-list': { access: 'signed-in', args: z.object({}).strict(), result: z.array(servicePeriod) },
  'payors-list': { access: 'signed-in', args: z.object({}).strict(), result: z.array(payor) },
  'providers-list': { access: 'signed-in', args: pageQuery, result: page(providerRow) },
} as const;
