import { z } from 'zod';
import { AGE_GROUPS, DAY_KINDS, PROVIDER_TYPES } from '../domain/words';
import { date, nonNegativeCents } from './fields';

// The agency's maximum daily rates: a complete table (provider type × age group × day kind)
// that starts on a date. The table in effect on a period's first day is the one used for it.

export const maxRate = z.object({
  providerType: z.enum(PROVIDER_TYPES),
  ageGroup: z.enum(AGE_GROUPS),
  dayKind: z.enum(DAY_KINDS),
  cents: nonNegativeCents,
});
export type MaxRate = z.infer<typeof maxRate>;

/** Every combination a rate table must have, in display order. */
export const RATE_TABLE_KEYS: ReadonlyArray<Omit<MaxRate, 'cents'>> = PROVIDER_TYPES.flatMap((providerType) =>
  AGE_GROUPS.flatMap((ageGroup) => DAY_KINDS.map((dayKind) => ({ providerType, ageGroup, dayKind }))),
);

export const rateKey = (r: Omit<MaxRate, 'cents'>): string => `${r.providerType}/${r.ageGroup}/${r.dayKind}`;

export const rateTableInput = z
  .object({ effectiveFrom: date, rates: z.array(maxRate).max(RATE_TABLE_KEYS.length * 2) })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.rates.forEach((r, i) => {
      const key = rateKey(r);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['rates', i], message: `${key} is given twice` });
      seen.add(key);
    });
    const missing = RATE_TABLE_KEYS.map(rateKey).filter((k) => !seen.has(k));
    if (missing.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['rates'], message: `a rate table needs every combination; missing: ${missing.join(', ')}` });
    }
  });
export type RateTableInput = z.input<typeof rateTableInput>;

export const rateTable = z.object({ effectiveFrom: date, rates: z.array(maxRate) });
export type RateTable = z.infer<typeof rateTable>;
