import type { Queryable } from '../db/engine/port';
import { AppError } from '../../../shared/api/errors';
import { formatCents } from '../../../shared/domain/money';
import { maskAccount, routingProblem } from '../../../shared/domain/routing';
import type { AccountHolder, AccountType, ItemKind, PaymentMethod, PayorKind, ProviderType } from '../../../shared/domain/words';
import { amountProblems, bankProblems } from '../audit/money';
import { agencyLimits, entryProblem, fitTotals, releaseNeeded } from './limits';
import type { LeftOut, LeftOutReason, PayMethod } from './model';
import { compareText } from './model';
import { openRecoveries, takeFromNet, type RecoveryTake } from '../recovery/service';

// Which items an export of one period and payor takes (DESIGN.md section 5): every item in
// Pending Payment / Awaiting Action or In Review, grouped by provider with payments and
// adjustments netted. Left out, with the reason shown: held items, providers whose net is
// negative (they stay Authorized), and — when the agency pays directly — providers paid by ACH
// without complete bank details or with a routing number that fails its check digit, and
// providers whose changed bank details await a second user's confirmation; then every provider
// with an item whose amount differs from what was authorized, or (paid by ACH) whose account
// differs from the last confirmed one, in the audit trail (audit/money.ts); then every provider
// whose net does not fit its entry or the file's totals (limits.ts). A batch above the agency's
// batch limit is marked as needing a second Payor's release.
// Preview and run use this one function; the run calls it again inside its transaction.

export interface CandidateItem {
  paymentId: number;
  kind: ItemKind;
  amountCents: number | null;
  subStatus: string;
}

export interface ProviderRow {
  id: number;
  name: string;
  licenseNumber: string;
  taxId: string;
  type: ProviderType;
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  postalCode: string;
  paymentMethod: PaymentMethod;
  routingNumber: string | null;
  accountNumber: string | null;
  accountType: AccountType | null;
  accountHolder: AccountHolder | null;
  bankChangePending: number;
}

export interface ProviderGroup {
  provider: ProviderRow;
  items: CandidateItem[];
  paymentCents: number;
  adjustmentCents: number;
  /** What the batch takes toward the provider's overpayment recoveries (recovery/service.ts), oldest first. */
  recoveries: RecoveryTake[];
  /** payments + adjustments − recovered: what the batch writes for the provider. */
  netCents: number;
}

export interface Selection {
  period: { id: number; code: string; label: string; startDate: string; endDate: string };
  payor: { id: number; code: string; name: string; kind: PayorKind };
  groups: ProviderGroup[];
  leftOut: LeftOut[];
  /** The agency's local date the selection was made on (the batch's date). */
  date: string;
  /** Set when the total is above the agency's batch limit: the run needs a second Payor's release. */
  release: { limitCents: number; totalCents: number } | null;
}

const ITEMS = `SELECT p.id AS paymentId, p.kind, p.amount_cents AS amountCents, p.sub_status AS subStatus, p.provider_id AS providerId
  FROM payment p
  WHERE p.period_id = ? AND p.payor_id = ? AND p.invoice_status = 'Pending Payment'
    AND p.sub_status IN ('Awaiting Action', 'In Review', 'Administrative Hold') AND p.export_batch_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM recovery r WHERE r.payment_id = p.id)
  ORDER BY p.provider_id, p.kind DESC, p.id`;

const PROVIDERS = `SELECT id, name, license_number AS licenseNumber, tax_id AS taxId, type, address_line1 AS addressLine1,
    address_line2 AS addressLine2, city, state, postal_code AS postalCode, payment_method AS paymentMethod,
    routing_number AS routingNumber, account_number AS accountNumber, account_type AS accountType,
    account_holder AS accountHolder, bank_change_pending AS bankChangePending
  FROM provider WHERE id IN (SELECT DISTINCT provider_id FROM payment
    WHERE period_id = ? AND payor_id = ? AND invoice_status = 'Pending Payment' AND export_batch_id IS NULL)`;

export async function loadPeriodAndPayor(db: Queryable, periodId: number, payorId: number): Promise<Pick<Selection, 'period' | 'payor'>> {
  const period = await db.one<Selection['period']>(`SELECT id, code, label, start_date AS startDate, end_date AS endDate FROM service_period WHERE id = ?`, [periodId]);
  if (!period) throw new AppError({ code: 'NOT_FOUND', field: 'periodId', message: `There is no service period ${periodId}.` });
  const payor = await db.one<Selection['payor']>(`SELECT id, code, name, kind FROM payor WHERE id = ?`, [payorId]);
  if (!payor) throw new AppError({ code: 'NOT_FOUND', field: 'payorId', message: `There is no payor ${payorId}.` });
  return { period, payor };
}

/** Why this provider's items cannot be paid by the agency now, or null. */
function bankProblem(p: ProviderRow): { reason: LeftOutReason; message: string } | null {
  if (p.bankChangePending) {
    return { reason: 'bank-change-pending', message: 'Changed bank details await a second user' };
  }
  if (p.paymentMethod !== 'ach') return null;
  if (!p.routingNumber || !p.accountNumber || !p.accountType || !p.accountHolder) {
    return { reason: 'no-bank-details', message: 'Paid by ACH; bank details incomplete' };
  }
  const problem = routingProblem(p.routingNumber);
  if (problem) return { reason: 'bad-routing', message: `Routing number ${p.routingNumber} ${/check digit/.test(problem) ? 'fails its check digit' : 'is not 9 digits'}` };
  return null;
}

/**
 * `lock`: the items read locked until the transaction ends (the run: PostgreSQL's second server
 * waits for them, then finds them exported).
 */
export async function selectForExport(db: Queryable, periodId: number, payorId: number, date: string, options?: { lock: 'update' }): Promise<Selection> {
  const { period, payor } = await loadPeriodAndPayor(db, periodId, payorId);
  // The items first: locked, then the providers of what is still there.
  const itemRows = await db.rows<CandidateItem & { providerId: number }>(ITEMS, [periodId, payorId], options);
  const providers = new Map((await db.rows<ProviderRow>(PROVIDERS, [periodId, payorId])).map((p) => [p.id, p]));
  const byProvider = new Map<number, CandidateItem[]>();
  for (const row of itemRows) {
    const { providerId, ...item } = row;
    const list = byProvider.get(providerId);
    if (list) list.push(item);
    else byProvider.set(providerId, [item]);
  }

  const groups: ProviderGroup[] = [];
  const leftOut: LeftOut[] = [];
  const leave = (p: ProviderRow, items: CandidateItem[], reason: LeftOutReason, message: string) =>
    leftOut.push({
      providerId: p.id, providerName: p.name, paymentIds: items.map((i) => i.paymentId),
      amountCents: items.reduce((s, i) => s + (i.amountCents ?? 0), 0), reason, message,
    });
  const limits = await agencyLimits(db, date);
  const methodOf = (g: ProviderGroup) => payMethodOf({ payor }, g);

  const candidates: Array<{ p: ProviderRow; items: CandidateItem[] }> = [];
  for (const [providerId, all] of byProvider) {
    const p = providers.get(providerId)!;
    const held = all.filter((i) => i.subStatus === 'Administrative Hold');
    if (held.length) leave(p, held, 'held', 'On administrative hold');
    const items = all.filter((i) => i.subStatus !== 'Administrative Hold');
    if (items.length === 0) continue;
    const unpriced = items.filter((i) => i.amountCents === null);
    if (unpriced.length) {
      leave(p, items, 'no-amount', `Not calculated: item ${unpriced.map((i) => i.paymentId).join(', ')}`);
      continue;
    }
    candidates.push({ p, items });
  }
  // What is paid must be what was authorized (audit/money.ts), checked in bulk before any netting.
  const amounts = await amountProblems(db, candidates.flatMap((c) => c.items.map((i) => ({ paymentId: i.paymentId, amountCents: i.amountCents }))));
  for (const { p, items } of candidates) {
    const differs = items.map((i) => amounts.get(i.paymentId)).filter((m): m is string => m !== undefined);
    if (differs.length) {
      leave(p, items, 'amount-differs', differs.length === 1 ? differs[0] : `${differs[0]}; and ${differs.length - 1} more item(s)`);
      continue;
    }
    const sum = (kind: ItemKind) => items.filter((i) => i.kind === kind).reduce((s, i) => s + i.amountCents!, 0);
    const group: ProviderGroup = { provider: p, items, paymentCents: sum('payment'), adjustmentCents: sum('adjustment'), recoveries: [], netCents: 0 };
    group.netCents = group.paymentCents + group.adjustmentCents;
    if (group.netCents < 0) {
      leave(p, items, 'negative-net', `Net is negative (${formatCents(group.netCents)}); stays Authorized`);
      continue;
    }
    const problem = payor.kind === 'direct' ? bankProblem(p) : null;
    if (problem) {
      leave(p, items, problem.reason, problem.message);
      continue;
    }
    groups.push(group);
  }
  // ... to the account last confirmed, for every provider the agency pays by ACH.
  const banks = await bankProblems(db, groups.filter((g) => methodOf(g) === 'ach').map((g) => g.provider));
  const checked: ProviderGroup[] = [];
  for (const group of groups) {
    const bank = banks.get(group.provider.id);
    if (bank) {
      leave(group.provider, group.items, 'bank-differs', bank);
      continue;
    }
    const over = entryProblem(group, methodOf(group), limits);
    if (over) {
      leave(group.provider, group.items, over.reason, over.message);
      continue;
    }
    checked.push(group);
  }
  const fitting = fitTotals(checked, methodOf, (g, row) => leave(g.provider, g.items, row.reason, row.message));
  // Overpayment recoveries (docs/recovery.md): the agency's own batches take each plan's share of
  // the provider's net, never below zero, the rest carried forward. The net only goes down, so the
  // limits checked above still hold. A recovery that does not check against the trail leaves its
  // provider out (what is written must be what was authorized minus what is recovered).
  if (payor.kind === 'direct') {
    const { open, problems } = await openRecoveries(db, fitting.map((g) => g.provider.id));
    for (let i = fitting.length - 1; i >= 0; i--) {
      const g = fitting[i];
      const problem = problems.get(g.provider.id);
      if (problem) {
        leave(g.provider, g.items, 'amount-differs', problem);
        fitting.splice(i, 1);
        continue;
      }
      const mine = open.get(g.provider.id);
      if (!mine) continue;
      g.recoveries = takeFromNet(g.netCents, Math.min(...g.items.map((it) => it.paymentId)), mine);
      g.netCents -= g.recoveries.reduce((sum, r) => sum + r.cents, 0);
    }
  }
  fitting.sort((a, b) => compareText(a.provider.name, b.provider.name) || a.provider.id - b.provider.id);
  leftOut.sort((a, b) => compareText(a.providerName, b.providerName) || a.providerId - b.providerId || compareText(a.reason, b.reason));
  return { period, payor, groups: fitting, leftOut, date, release: releaseNeeded({ groups: fitting }, limits) };
}

export function accountMaskedOf(p: ProviderRow): string | null {
  return p.paymentMethod === 'ach' ? maskAccount(p.accountNumber) : null;
}

/** How the agency pays a provider in this export ('none': zero net, or a third-party payor pays). */
export function payMethodOf(selection: Pick<Selection, 'payor'>, g: Pick<ProviderGroup, 'netCents' | 'provider'>): PayMethod {
  if (selection.payor.kind !== 'direct' || g.netCents === 0) return 'none';
  return g.provider.paymentMethod;
}
