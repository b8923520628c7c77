import { formatCents } from './money';

// The money limits of DESIGN.md section 5 ("Limits and the money path"). The file formats set
// the hard ones: an amount that does not fit its field can never be written, so it is refused
// where it is entered and left out of an export before anything commits. The agency may set
// lower ones (settings export.entryLimitCents, export.batchLimitCents, export.checkLimitCents).

/** NACHA entry detail record, amount field: 10 digits of cents ($99,999,999.99). */
export const ACH_ENTRY_MAX_CENTS = 9_999_999_999;
/** NACHA batch control and file control, total credit field: 12 digits of cents. */
export const ACH_TOTAL_MAX_CENTS = 999_999_999_999;
/** The most one check may carry, whatever the agency sets (the MICR amount field: 10 digits). */
export const CHECK_MAX_CENTS = 9_999_999_999;
/** One payment, adjustment or provider's net in one export: what one ACH entry can carry. */
export const ITEM_MAX_CENTS = ACH_ENTRY_MAX_CENTS;
/** A whole export batch, every payment method together: what the file totals can carry. */
export const BATCH_MAX_CENTS = ACH_TOTAL_MAX_CENTS;
/** A daily rate (provider's own or the agency's maximum) and an authorization's co-payment: $1,000,000.00. */
export const RATE_MAX_CENTS = 100_000_000;

/** For a refusal: "must be between -$99,999,999.99 and $99,999,999.99 (the most one ACH entry can carry)". */
export const ITEM_LIMIT_TEXT = `must be between ${formatCents(-ITEM_MAX_CENTS)} and ${formatCents(ITEM_MAX_CENTS)} (the most one ACH entry can carry)`;

/** The agency's limits in force on a date; null = no limit of the agency's own. */
export interface AgencyLimits {
  entryLimitCents: number | null;
  batchLimitCents: number | null;
  checkLimitCents: number | null;
}

/** The most one provider may be paid in one entry by this method, with the limit's name. */
export function entryCap(method: 'ach' | 'check' | 'none', limits: AgencyLimits): { cents: number; what: string } {
  const caps: Array<{ cents: number; what: string }> = [];
  if (method === 'ach') caps.push({ cents: ACH_ENTRY_MAX_CENTS, what: 'the most one ACH entry can carry' });
  if (method === 'check') {
    caps.push({ cents: CHECK_MAX_CENTS, what: 'the most one check can carry' });
    if (limits.checkLimitCents !== null) caps.push({ cents: limits.checkLimitCents, what: "the agency's check limit" });
  }
  if (method === 'none') caps.push({ cents: ITEM_MAX_CENTS, what: 'the most one entry can carry' });
  if (limits.entryLimitCents !== null) caps.push({ cents: limits.entryLimitCents, what: "the agency's per-entry limit" });
  return caps.reduce((a, b) => (b.cents < a.cents ? b : a));
}
