import {
  ACTION_LABELS,
  rowsFor,
  type ActionConditions,
  type ActionName,
  type ActionRow,
  type FromState,
} from '../../../shared/workflow/actions';
import { isFinal } from '../../../shared/workflow/states';
import type { ActorGroup } from '../../../shared/domain/words';
import { describeState, type ItemRow } from './item';

// Reads the actions table (never restates it): which row of an action applies to this item for
// this group, or the first rule that fails, in words a finance user understands.

export interface Refusal {
  code: 'REFUSED' | 'FORBIDDEN';
  rule: string;
  message: string;
}

/** What the `when` conditions need besides the item: the clock and the auto-deny setting. */
export interface RuleEnv {
  now: string;
  autoDenyDays(): number;
}

const DAY_MS = 86_400_000;

export function fromText(from: readonly FromState[]): string {
  return from.map((f) => `${f.status} (${f.subStatuses.join(' or ')})`).join(' or ');
}

export function stateMatches(row: ActionRow, item: ItemRow): boolean {
  return !!row.from?.some((f) => f.status === item.invoiceStatus && f.subStatuses.includes(item.subStatus));
}

export function daysIn(item: ItemRow, now: string): number {
  return Math.floor((Date.parse(now) - Date.parse(item.statusChangedAt)) / DAY_MS);
}

/** Corrections Required for longer than the configured days; 0 days turns auto-deny off. */
export function isOverdue(item: ItemRow, env: RuleEnv): boolean {
  const limit = env.autoDenyDays();
  if (!(limit > 0) || item.invoiceStatus !== 'Corrections Required') return false;
  return Date.parse(env.now) - Date.parse(item.statusChangedAt) > limit * DAY_MS;
}

const ORDER: ReadonlyArray<keyof ActionConditions> = [
  'exported',
  'itemKind',
  'payorKind',
  'holdKind',
  'submissionStatus',
  'received',
  'calculated',
  'onEnrollment',
  'paidInAdvance',
  'qaSample',
  'secondReviewer',
  'qaCleared',
  'correctionsOverdue',
];

/**
 * The first `when` condition of the row that does not hold, or null when all hold. `actorUserId`:
 * the acting user (the QA check's separation of duties); absent, that condition is not judged.
 */
export function conditionRefusal(row: ActionRow, item: ItemRow, env: RuleEnv, actorUserId?: number | null): Refusal | null {
  const when = row.when ?? {};
  const label = ACTION_LABELS[row.action];
  const refuse = (key: string, message: string): Refusal => ({ code: 'REFUSED', rule: `${row.action}.${key}`, message });
  for (const key of ORDER) {
    if (when[key] === undefined) continue;
    switch (key) {
      case 'exported':
        if (item.exportBatchId !== null) {
          return refuse('exported', `${label} is not recorded: payment ${item.id} was exported in batch ${item.exportBatchId}, and nothing about it changes after export.`);
        }
        break;
      case 'itemKind':
        if (item.kind !== when.itemKind) {
          return refuse('item-kind', `${label} applies to ${when.itemKind}s only: an adjustment has no attendance, its amount is set when it is created.`);
        }
        break;
      case 'payorKind':
        if (item.payorKind !== when.payorKind) {
          return refuse(
            'payor-kind',
            when.payorKind === 'third_party'
              ? `${label} is only for items of a third-party payor (such as Falling Colors); payment ${item.id} is paid directly by the agency.`
              : `${label} is only for items the agency pays directly; payment ${item.id} goes to a third-party payor.`,
          );
        }
        break;
      case 'holdKind':
        if (item.holdKind !== when.holdKind) {
          return refuse(
            'hold-kind',
            item.holdKind === 'bank_details'
              ? `Payment ${item.id} is held because the provider's bank details changed: the hold is released once a second user confirms the new details.`
              : `Payment ${item.id} is on an administrative hold: an Approver or Payor releases it.`,
          );
        }
        break;
      case 'submissionStatus':
        if (item.submissionStatus !== when.submissionStatus) {
          return refuse('submission-status', `${label} needs submission status ${when.submissionStatus}; payment ${item.id} is ${item.submissionStatus}.`);
        }
        break;
      case 'received':
        if (when.received && item.receivedAt === null) {
          return refuse('received', `${label} needs received attendance: record the paper attendance or wait for the parent's signature first.`);
        }
        if (!when.received && item.receivedAt !== null) {
          return refuse('not-received', `${label} is only for items not yet received; payment ${item.id} was received on ${item.receivedAt.slice(0, 10)}.`);
        }
        break;
      case 'calculated':
        if (when.calculated && item.amountCents === null) {
          return refuse('calculated', `${label} needs a calculated amount: calculate the payment first.`);
        }
        break;
      case 'onEnrollment':
        if (item.basis !== 'enrollment' && item.basis !== 'prospective') {
          return refuse('on-enrollment', `${label} needs received attendance, or an amount calculated on enrollment; payment ${item.id} has neither.`);
        }
        break;
      case 'paidInAdvance':
        if (item.basis !== 'prospective') {
          return refuse('paid-in-advance', `${label} is only for a payment made in advance (prospective basis); payment ${item.id} was not.`);
        }
        break;
      case 'qaSample':
        if (item.qaSample !== 'sampled') {
          return refuse(
            'qa-sample',
            item.qaSample === 'checked'
              ? `Payment ${item.id} is already QA checked for its current calculation.`
              : `Payment ${item.id} is not in the QA sample: there is nothing to check.`,
          );
        }
        break;
      case 'secondReviewer':
        if (actorUserId !== undefined && actorUserId !== null && item.calculatedBy === actorUserId) {
          return refuse(
            'separation-of-duties',
            `Separation of duties: you calculated payment ${item.id}, so a second Approver, not you, marks it QA checked.`,
          );
        }
        break;
      case 'qaCleared':
        if (item.qaSample === 'sampled') {
          return refuse(
            'qa-sample',
            `${label} is refused: payment ${item.id} is in the QA sample and not checked yet. A second Approver, not the one who calculated it, marks it QA checked first.`,
          );
        }
        break;
      case 'correctionsOverdue': {
        const limit = env.autoDenyDays();
        if (!(limit > 0)) return refuse('off', `${label} is turned off (setting workflow.autoDenyDays is 0).`);
        if (!isOverdue(item, env)) {
          return refuse(
            'not-overdue',
            `${label} applies after ${limit} days in Corrections Required; payment ${item.id} has been there ${daysIn(item, env.now)} days.`,
          );
        }
        break;
      }
    }
  }
  return null;
}

function groupsText(groups: readonly ActorGroup[]): string {
  return groups.length === 1 ? `the ${groups[0]} group` : `the ${groups.slice(0, -1).join(', ')} or ${groups.at(-1)} groups`;
}

/**
 * The row of the actions table that lets `group` take `action` on this item now, or the rule that
 * refuses it: group, then final states, then holds, then from-state, then the `when` conditions.
 */
export function matchRow(action: ActionName, item: ItemRow, group: ActorGroup, env: RuleEnv, actorUserId?: number | null): ActionRow | Refusal {
  const label = ACTION_LABELS[action];
  const rows = rowsFor(action);
  if (action === 'create' || rows.length === 0) {
    return { code: 'REFUSED', rule: `${action}.not-on-existing`, message: `${label} makes a new item; it is not an action on payment ${item.id}.` };
  }
  const mine = rows.filter((r) => r.groups.includes(group));
  if (mine.length === 0) {
    const groups = [...new Set(rows.flatMap((r) => r.groups))];
    const message = groups.every((g) => g === 'System')
      ? `${label} is done by PayDesk itself (System), not by a user.`
      : `${label} is for ${groupsText(groups)}; it cannot be taken as ${group}.`;
    return { code: 'FORBIDDEN', rule: `${action}.group`, message };
  }
  const inState = mine.filter((r) => stateMatches(r, item));
  if (inState.length === 0) {
    if (isFinal(item.invoiceStatus, item.subStatus)) {
      return { code: 'REFUSED', rule: 'item.final', message: `Payment ${item.id} is ${item.subStatus}: movement has ceased and nothing more can be done to it.` };
    }
    if (item.subStatus === 'Administrative Hold') {
      return { code: 'REFUSED', rule: 'item.on-hold', message: `Payment ${item.id} is on Administrative Hold, which stops movement: release the hold first.` };
    }
    const from = mine.flatMap((r) => r.from ?? []);
    return {
      code: 'REFUSED',
      rule: `${action}.from`,
      message: `${label} as ${group} is possible only in ${fromText(from)}; payment ${item.id} is ${describeState(item)}.`,
    };
  }
  // Refused: the words of the row closest to applying (fewest conditions failing; the first such row in table order),
  // e.g. an amount calculated on enrollment waiting for its QA check is told so, not that it lacks attendance.
  let best: { refusal: Refusal; failing: number } | null = null;
  for (const row of inState) {
    const refusal = conditionRefusal(row, item, env, actorUserId);
    if (!refusal) return row;
    const failing = Object.keys(row.when ?? {}).filter((key) => conditionRefusal({ ...row, when: { [key]: row.when![key as keyof ActionConditions] } }, item, env, actorUserId)).length;
    if (!best || failing < best.failing) best = { refusal, failing };
  }
  return best!.refusal;
}

export function isRefusal(x: ActionRow | Refusal): x is Refusal {
  return 'rule' in x && 'message' in x && !('action' in x);
}
