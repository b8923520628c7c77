import { ACTIONS_TABLE, type ActionName, type ActionRow } from '../../../../shared/workflow/actions';
import type { Group } from '../../../../shared/domain/words';
import type { PaymentRow } from '../../../../shared/api/contract/payments';

// A preview, read from the actions table, of what a user may take on grid rows: it decides which
// buttons to offer. The core checks the same table again and refuses anything else, so a
// condition the row does not carry (the hold's kind, overdue corrections, who calculated a QA
// sample) is left to the core.

type RowFacts = Pick<PaymentRow, 'invoiceStatus' | 'subStatus' | 'submissionStatus' | 'receivedAt' | 'amountCents' | 'payorKind' | 'kind'> &
  Partial<Pick<PaymentRow, 'qaSample'>>;

function conditionsHold(row: ActionRow, item: RowFacts): boolean {
  const w = row.when ?? {};
  if (w.itemKind !== undefined && w.itemKind !== item.kind) return false;
  if (w.payorKind !== undefined && w.payorKind !== item.payorKind) return false;
  if (w.submissionStatus !== undefined && w.submissionStatus !== item.submissionStatus) return false;
  if (w.received !== undefined && w.received !== (item.receivedAt !== null)) return false;
  if (w.calculated && item.amountCents === null) return false;
  if (w.qaSample !== undefined && item.qaSample !== undefined && item.qaSample !== w.qaSample) return false;
  if (w.qaCleared && item.qaSample === 'sampled') return false;
  return true;
}

export function mayTake(action: ActionName, groups: readonly Group[], item: RowFacts): boolean {
  return ACTIONS_TABLE.some(
    (r) =>
      r.action === action &&
      r.groups.some((g) => g !== 'System' && groups.includes(g)) &&
      !!r.from?.some((f) => f.status === item.invoiceStatus && f.subStatuses.includes(item.subStatus)) &&
      conditionsHold(r, item),
  );
}

/** Drop-down actions that need no per-item input (attendance): the ones a bulk action may take. */
const BULK_CANDIDATES: readonly ActionName[] = [
  ...new Set(ACTIONS_TABLE.filter((r) => r.inDropDown && !r.effects.includes('store-attendance')).map((r) => r.action)),
];

/** Bulk actions on selected rows, each with how many of them it applies to: only those that apply to at least one. */
export function bulkActions(groups: readonly Group[], rows: readonly RowFacts[]): Array<{ action: ActionName; applies: number }> {
  return BULK_CANDIDATES.map((action) => ({ action, applies: rows.filter((row) => mayTake(action, groups, row)).length })).filter((a) => a.applies > 0);
}

/** Bulk actions on a whole view, whose rows are not all at hand: every one the user's groups may take on some item. */
export function bulkActionsOfGroups(groups: readonly Group[]): ActionName[] {
  return BULK_CANDIDATES.filter((action) => ACTIONS_TABLE.some((r) => r.action === action && r.groups.some((g) => g !== 'System' && groups.includes(g))));
}

/** Actions that change attendance, taken by saving the attendance grid. */
export const ATTENDANCE_ACTIONS: readonly ActionName[] = [
  ...new Set(ACTIONS_TABLE.filter((r) => r.effects.includes('store-attendance')).map((r) => r.action)),
];
