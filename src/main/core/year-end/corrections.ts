import { formatCents } from '../../../shared/domain/money';
import { formOf, type ReturnRow } from './returns';

// What changed in a filed year, and the returns that correct it (IRS Publication 1220, "corrected
// returns"). Compares the returns as last filed (originals, updated by corrections filed since)
// with the returns due now, provider by provider:
// - a wrong amount, box or address, or a return that should not have been filed: one transaction,
//   the return again marked G with the right figures (zero when no return is due any more);
// - a wrong TIN, TIN type or payee name, or the wrong form: two transactions, the return as filed
//   marked G with every amount zero, then the right return marked C;
// - a provider now due a return that was never filed: a late original, in a file of its own.

export type ChangeKind = 'amount' | 'box' | 'address' | 'business_name' | 'tin' | 'name' | 'form' | 'no_longer_due' | 'newly_due';

export interface PayeeChange {
  providerId: number;
  kinds: ChangeKind[];
  /** What changed, in words, for the Year-end screen's "needs a correction". */
  description: string;
  /** The correction's returns (G, or G then C); empty for a late original. */
  corrections: ReturnRow[];
  /** A return never filed before, to go in an original file. */
  lateOriginal: ReturnRow | null;
}

const sameAddress = (a: ReturnRow, b: ReturnRow) =>
  (['line1', 'line2', 'city', 'state', 'postalCode'] as const).every((k) => a.address[k].trim().toUpperCase() === b.address[k].trim().toUpperCase());
const same = (a: string | null, b: string | null) => (a ?? '').trim().toUpperCase() === (b ?? '').trim().toUpperCase();

const KIND_WORDS: Record<ChangeKind, string> = {
  amount: 'amount',
  box: 'box',
  address: 'address',
  business_name: 'business name',
  tin: 'TIN',
  name: 'payee name',
  form: 'form',
  no_longer_due: 'no return due any more',
  newly_due: 'a return now due',
};

function describe(kinds: ChangeKind[], filed: ReturnRow | undefined, now: ReturnRow | undefined): string {
  const words = kinds.map((k) => KIND_WORDS[k]).join(', ');
  if (kinds.includes('amount') && filed && now) return `${words}: filed ${formatCents(filed.amountCents)}, now ${formatCents(now.amountCents)}`;
  if (kinds.includes('no_longer_due') && filed) return `${words}: filed ${formatCents(filed.amountCents)}, now below the threshold, exempt or not paid directly`;
  if (kinds.includes('newly_due') && now) return `${words}: ${formatCents(now.amountCents)}, never filed`;
  return words;
}

/** Every provider whose return differs from what was filed, with the returns that correct it. */
export function planCorrections(filed: readonly ReturnRow[], due: readonly ReturnRow[]): PayeeChange[] {
  const filedBy = new Map(filed.map((r) => [r.providerId, r]));
  const dueBy = new Map(due.map((r) => [r.providerId, r]));
  const ids = [...new Set([...filedBy.keys(), ...dueBy.keys()])].sort((a, b) => a - b);
  const changes: PayeeChange[] = [];
  for (const id of ids) {
    const was = filedBy.get(id);
    const now = dueBy.get(id);
    const zeroed = (r: ReturnRow): ReturnRow => ({ ...r, amountCents: 0, corrected: 'G' });
    if (was && !now) {
      changes.push({ providerId: id, kinds: ['no_longer_due'], description: describe(['no_longer_due'], was, now), corrections: [zeroed(was)], lateOriginal: null });
      continue;
    }
    if (!was && now) {
      changes.push({ providerId: id, kinds: ['newly_due'], description: describe(['newly_due'], was, now), corrections: [], lateOriginal: { ...now, corrected: '' } });
      continue;
    }
    if (!was || !now) continue;
    // The account number ties a correction to the return it corrects: it stays the filed one.
    const right: ReturnRow = { ...now, accountNumber: was.accountNumber };
    const identity: ChangeKind[] = [];
    if (!same(was.tin, now.tin) || was.tinType !== now.tinType) identity.push('tin');
    if (!same(was.name, now.name)) identity.push('name');
    if (formOf(was) !== formOf(now)) identity.push('form');
    const figures: ChangeKind[] = [];
    if (was.amountCents !== now.amountCents) figures.push('amount');
    if (identity.length === 0 && was.formBox !== now.formBox) figures.push('box');
    if (!sameAddress(was, now)) figures.push('address');
    if (!same(was.businessName, now.businessName)) figures.push('business_name');
    const kinds = [...identity, ...figures];
    if (kinds.length === 0) continue;
    const corrections = identity.length > 0 ? [zeroed(was), { ...right, corrected: 'C' as const }] : [{ ...right, corrected: 'G' as const }];
    changes.push({ providerId: id, kinds, description: describe(kinds, was, now), corrections, lateOriginal: null });
  }
  return changes;
}
