import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { GROUPS, type HoldKind } from '../../../shared/domain/words';
import { ACTION_LABELS, ACTIONS_TABLE, DROP_DOWN_ACTIONS, rowsFor, type ActionName, type ActionRow } from '../../../shared/workflow/actions';
import { formatDateTime } from '../../../shared/format';
import { derivePaymentStatus } from '../../../shared/workflow/paymentStatus';
import { isAllowedPair } from '../../../shared/workflow/states';
import { appendAudit, appendAudits, CanonicalText, type Actor, type AuditInput } from '../audit/chain';
import { actorOf } from '../context';
import { getSetting } from '../settings/settings';
import { agencyToday } from '../settings/today';
import { changedRows, checkAttendance, writeAttendance, type AttendanceChanges } from './attendance';
import { checkCalculation, clearCalculation, writeCalculation } from './effects';
import { COLUMNS, INTEGER_FIELDS, UPDATE_CHUNKS, updateItem } from './held-update';
import { loadItem, lockedItemKey, stateJson, stateOf, type ItemRow, type ItemState } from './item';
import type { Queryable, Tx } from '../db/engine/port';
import { checkReason } from './reasons';
import { planQaDraw, stateOfPlan, writeQaDraw, type QaPlan } from '../qa/draw';
import { conditionRefusal, isRefusal, matchRow, stateMatches, type RuleEnv } from './rules';
import type { ApplyInput, ApplyResult, AttendanceInput } from './types';

export type { AttendanceInput, CalculationLineInput, ApplyInput, ApplyResult, CreateItemInput } from './types';
export type { ItemState } from './item';
export { createItem, createItems } from './create';

// The workflow engine: the one place a payment or adjustment changes state. Called inside a
// write transaction (its `tx`); every check runs before anything is written, so a refusal
// (an AppError naming the rule) leaves the database as it was.

// The environment of one transaction at one time: a bulk action reads the setting once, not per item.
const ENVS = new WeakMap<Queryable, RuleEnv>();

export async function ruleEnv(db: Queryable, now: string): Promise<RuleEnv> {
  const kept = ENVS.get(db);
  if (kept?.now === now) return kept;
  const days = Number(await getSetting<number>(db, 'workflow.autoDenyDays', await agencyToday(db, now)));
  const env: RuleEnv = { now, autoDenyDays: () => days };
  ENVS.set(db, env);
  return env;
}

export interface Checked {
  item: ItemRow;
  row: ActionRow;
  reasonCode: string | null;
}

/** Who last changed a payment and how, for a user whose view was older: "Alex Approver (Authorize, Dec 5, 2026, 3:04 PM)". */
async function lastChange(db: Queryable, paymentId: number): Promise<string | null> {
  const last = await db.one<{ name: string; action: string; at: string }>(
    `SELECT coalesce(u.display_name, a.username) AS name, a.action AS action, a.at AS at
       FROM audit_event a LEFT JOIN app_user u ON u.id = a.user_id
      WHERE a.entity = 'payment' AND a.entity_id = ? ORDER BY a.id DESC LIMIT 1`,
    [paymentId],
  );
  if (!last) return null;
  const label = (ACTION_LABELS as Record<string, string>)[last.action] ?? last.action;
  return `${last.name} (${label}, ${formatDateTime(last.at)})`;
}

/** Every rule of the actions table for this action, item and actor; throws the first that fails. */
export async function checkAction(
  db: Queryable,
  input: Pick<ApplyInput, 'paymentId' | 'action' | 'actor' | 'user' | 'reason' | 'expectedVersion'>,
  now: string,
  /** The item as read in this transaction (locked) when the caller has it: not read again. */
  loaded?: ItemRow,
): Promise<Checked> {
  const item = loaded ?? (await loadItem(db, input.paymentId, input.user, db.dialect.name === 'postgres' && 'mode' in db && db.mode !== 'read' ? { lock: 'update' } : undefined));
  // First: a user who saw an older version is told to reload, whatever else has changed.
  if (input.expectedVersion !== undefined && input.expectedVersion !== item.version) {
    const by = await lastChange(db, item.id);
    throw new AppError({
      code: 'CONFLICT',
      rule: 'item.version',
      message: `Payment ${item.id} was changed by ${by ?? 'someone else'} since you opened it: it is shown again as it is now; check it and try again.`,
    });
  }
  if (input.user && input.actor.group !== 'System' && !input.user.groups.includes(input.actor.group as never)) {
    throw new AppError({ code: 'FORBIDDEN', rule: `${input.action}.group`, message: `${input.user.username} is not in the ${input.actor.group} group.` });
  }
  const match = matchRow(input.action, item, input.actor.group, await ruleEnv(db, now), input.actor.group === 'System' ? undefined : input.actor.userId);
  if (isRefusal(match)) throw new AppError(match);
  const reasonCode = await checkReason(db, match, input.reason);
  return { item, row: match, reasonCode };
}

const HOLD_KIND_AFTER: Partial<Record<ActionName, HoldKind | null>> = {
  'place-hold': 'administrative',
  'bank-detail-hold': 'bank_details',
  'release-hold': null,
};

function refuse(rule: string, message: string): AppError {
  return new AppError({ code: 'REFUSED', rule, message });
}

/** A signature is never dated in the future, nor the parent's before the provider's it confirms (DESIGN.md section 4). */
function checkSignedAt(item: ItemRow, action: string, signedAt: string, now: string): void {
  const at = Date.parse(signedAt);
  if (!Number.isFinite(at)) throw refuse(`${action}.signed-at`, `The signature time "${signedAt.slice(0, 40)}" is not a date and time.`);
  if (at > Date.parse(now)) throw refuse(`${action}.signed-at`, `The signature time ${signedAt} is in the future (it is now ${now}).`);
  if (action === 'parent-signature' && item.providerSignedAt && at < Date.parse(item.providerSignedAt)) {
    throw refuse(`${action}.signed-at`, `The parent's signature (${signedAt}) is before the provider's (${item.providerSignedAt}), which it confirms.`);
  }
}

/**
 * Checks the inputs the row's effects need, and computes the next state and the attendance days
 * to store (those that change something). Writes nothing.
 */
async function nextState(db: Queryable, checked: Checked, input: ApplyInput, now: string): Promise<{ next: ItemRow; rows: AttendanceInput[]; qa: QaPlan | null }> {
  const { item, row } = checked;
  const effects = new Set(row.effects);
  const next: ItemRow = { ...item };
  if (row.to) {
    next.invoiceStatus = row.to.status === 'same' ? item.invoiceStatus : row.to.status;
    next.subStatus = row.to.subStatus;
  }
  if (row.submissionTo) next.submissionStatus = row.submissionTo;
  const given = input.attendance?.rows ?? [];
  let rows = given;
  if (effects.has('store-attendance')) {
    if (item.kind === 'adjustment' && rows.length > 0) {
      throw refuse(`${row.action}.attendance`, 'An adjustment carries no attendance: its amount is given when it is created.');
    }
    // Submit corrections may come with new attendance or without (a missing signature, say).
    if (row.action !== 'submit-corrections' && rows.length === 0) {
      throw refuse(`${row.action}.attendance`, 'Give the attendance: at least one day of one child.');
    }
    if (rows.length > 0) {
      await checkAttendance(db, item, rows, row.action, await agencyToday(db, now));
      // An unchanged day is not an edit: only days that differ are stored and recorded.
      rows = await changedRows(db, item.id, rows);
      if (row.action === 'edit-attendance' && rows.length === 0) {
        throw refuse('edit-attendance.unchanged', `Nothing to edit: every day given is already recorded on payment ${item.id} as it is.`);
      }
    }
  } else if (given.length > 0) {
    throw refuse(`${row.action}.attendance`, `${row.action} does not take attendance.`);
  }
  if (input.signedAt !== undefined) checkSignedAt(item, row.action, input.signedAt, now);
  if (effects.has('set-received')) {
    // Received once: a later signature (the parent's, after a paper recording) keeps the date.
    next.receivedAt = item.receivedAt ?? input.signedAt ?? now;
    if (row.action === 'parent-signature') next.parentSignedAt = input.signedAt ?? now;
  }
  if (effects.has('set-provider-signed')) next.providerSignedAt = input.signedAt ?? now;
  // An adjustment's amount is not computed from attendance, so corrections keep it.
  if (effects.has('clear-amount') && item.kind === 'payment') {
    next.amountCents = null;
    next.calculatedAt = null;
    next.basis = null;
    next.calculatedBy = null;
    // A QA check is of an amount: the next calculation is checked again.
    if (item.qaSample === 'checked') next.qaSample = 'sampled';
  }
  if (effects.has('store-calculation')) {
    if (!input.calculation) throw refuse(`${row.action}.calculation`, 'Calculate needs the calculated amount and lines.');
    checkCalculation(input.calculation);
    const basis = input.calculation.basis ?? input.calculation.lines[0]?.basis ?? 'attendance';
    if (row.action === 'calculate-on-enrollment' && basis === 'attendance') {
      throw refuse(`${row.action}.basis`, `Payment ${item.id}'s period is paid on attendance: record the attendance, then calculate.`);
    }
    next.amountCents = input.calculation.amountCents;
    next.calculatedAt = now;
    next.basis = basis;
    next.calculatedBy = input.actor.userId;
  }
  // The QA sample: a payment calculated for the first time goes into its period's draw; a sampled
  // one calculated again is checked again.
  let qa: QaPlan | null = null;
  if (effects.has('draw-qa-sample') && item.kind === 'payment') {
    if (item.qaSample === null) {
      qa = await planQaDraw(db, item);
      if (qa) next.qaSample = stateOfPlan(qa);
    } else if (item.qaSample === 'checked') next.qaSample = 'sampled';
  }
  if (effects.has('set-qa-checked')) next.qaSample = 'checked';
  if (effects.has('set-export-batch')) {
    if (!input.exportBatchId) throw refuse(`${row.action}.batch`, 'Export needs the export batch.');
    next.exportBatchId = input.exportBatchId;
  }
  if (effects.has('set-hold-kind')) next.holdKind = HOLD_KIND_AFTER[row.action] ?? null;
  if (row.action === 'authorize') next.authorizedBy = input.actor.userId;

  // A payment made in advance keeps its amount when its attendance comes: the reconciliation settles the difference.
  const touchesAmount = (rows.length > 0 && !effects.has('keep-amount')) || effects.has('store-calculation') || next.amountCents !== item.amountCents;
  if (touchesAmount && (next.invoiceStatus !== 'Pending Approval' || item.exportBatchId !== null)) {
    throw refuse('item.amount-frozen', `Amount and attendance change only in Pending Approval; payment ${item.id} is ${item.invoiceStatus}.`);
  }
  next.paymentStatus = derivePaymentStatus(next);
  if (!isAllowedPair(next.invoiceStatus, next.subStatus, item.payorKind)) {
    throw new AppError({ code: 'INTERNAL', message: `The actions table leads to ${next.invoiceStatus} / ${next.subStatus}, which is not allowed.` });
  }
  if (next.invoiceStatus !== item.invoiceStatus || next.subStatus !== item.subStatus) next.statusChangedAt = now;
  return { next, rows, qa };
}

/**
 * Applies one action: checks, effects, one versioned UPDATE (held on PostgreSQL until a statement
 * names the payment table: held-update.ts) and one audit event. Call inside a write transaction
 * whose locks include `audit-chain` (engine/PHASE-B.md). `loaded`: the item as read (locked) in
 * this transaction, when the caller has read it already.
 */
export async function applyAction(db: Tx, input: ApplyInput, now: string, loaded?: ItemRow): Promise<ApplyResult> {
  const checked = await checkAction(db, input, now, loaded);
  const { next, rows, qa } = await nextState(db, checked, input, now);
  const { item, row } = checked;

  let changes: AttendanceChanges | undefined;
  if (input.attendance && rows.length > 0) changes = await writeAttendance(db, item.id, rows, input.attendance.source);
  if (row.effects.includes('store-calculation')) await writeCalculation(db, item.id, input.calculation!.lines, { first: item.amountCents === null });
  else if (item.amountCents !== null && next.amountCents === null) await clearCalculation(db, item.id);

  await updateItem(db, item, next, now, async () => {
    const by = await lastChange(db, item.id);
    return new AppError({ code: 'CONFLICT', rule: 'item.version', message: `Payment ${item.id} was changed by ${by ?? 'someone else'} meanwhile: it is shown again as it is now; check it and try again.` });
  });
  // The row as the UPDATE left it (still locked): the next action on it in this transaction need not read it again.
  db.remember('payment', lockedItemKey(item.id), { ...next, version: item.version + 1 });
  if (qa) await writeQaDraw(db, qa, input.actor, now);
  const event = eventOf({ input, checked, next }, now, changes, qa);
  const eventId = await appendAudit(db, event.audit);
  return { before: event.before, after: event.after, eventId };
}

/** The audit event of one applied action (and the states it records). */
function eventOf(p: PreparedAction, now: string, changes?: AttendanceChanges, qa?: QaPlan | null): { audit: AuditInput; before: ItemState; after: ItemState } {
  const { input, checked, next } = p;
  const { item, row } = checked;
  const after = stateOf({ ...next, version: item.version + 1 });
  const before = stateOf(item);
  const details: Record<string, unknown> = {};
  if (changes) details.attendance = new CanonicalText(changes.toJson());
  if (input.calculation && row.effects.includes('store-calculation')) {
    details.calculation = { amountCents: input.calculation.amountCents, lines: input.calculation.lines.length, basis: next.basis };
  }
  if (qa) details.qa = { sampled: qa.sampled, reason: qa.reason, seed: qa.draw.seed, percent: qa.draw.percent, firstPayment: qa.firstPayment };
  else if (next.qaSample !== item.qaSample) details.qa = { state: next.qaSample };
  if (input.signedAt) details.signedAt = input.signedAt;
  if (input.details !== undefined) details.input = input.details;
  const audit: AuditInput = {
    actor: input.actor,
    at: now,
    entity: 'payment',
    entityId: item.id,
    action: row.action,
    before: new CanonicalText(stateJson(before)),
    after: new CanonicalText(stateJson(after)),
    reasonCode: checked.reasonCode,
    comment: input.reason?.comment?.trim() || null,
    details: Object.keys(details).length > 0 ? details : undefined,
  };
  return { audit, before, after };
}

/** An action checked and its next state computed (nothing written): what applyPrepared writes. */
export interface PreparedAction {
  input: ApplyInput;
  checked: Checked;
  next: ItemRow;
}

/**
 * Checks one action exactly as applyAction does and computes the item's next state, writing
 * nothing. `alone` is false when the action has writes of its own besides the item's row and its
 * event (attendance, calculation lines, a calculation cleared): then only applyAction applies it.
 */
export async function prepareAction(db: Queryable, input: ApplyInput, now: string, loaded?: ItemRow): Promise<{ prepared: PreparedAction; alone: boolean }> {
  const checked = await checkAction(db, input, now, loaded);
  const { next, rows, qa } = await nextState(db, checked, input, now);
  const alone =
    rows.length === 0 && !input.attendance && !checked.row.effects.includes('store-calculation') && !(checked.item.amountCents !== null && next.amountCents === null) && qa === null;
  return { prepared: { input, checked, next }, alone };
}

/**
 * Writes checked actions (prepareAction, `alone`) on distinct items in few statements: the rows of
 * one column set in one versioned `UPDATE payment … FROM (VALUES …)` per chunk of 250 (the same
 * `version = version + 1 WHERE id = ? AND version = ?` as applyAction), then their audit events in
 * the order given, 32 to a statement (appendAudits). On PostgreSQL a bulk action of 5,000 items is
 * some 60 statements instead of 5 per item. Call inside a write transaction holding `audit-chain`,
 * with the items read (locked) in it. An item whose version moved meanwhile fails the whole call
 * (CONFLICT), which rolls the transaction back.
 */
export async function applyPrepared(db: Tx, list: readonly PreparedAction[], now: string): Promise<ApplyResult[]> {
  if (new Set(list.map((p) => p.checked.item.id)).size !== list.length) throw new Error('applyPrepared takes each item once');
  const groups = new Map<string, PreparedAction[]>();
  for (const p of list) {
    const key = COLUMNS.filter(([field]) => p.next[field] !== p.checked.item[field]).map(([, column]) => column).join(',');
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const group of groups.values()) {
    const { item } = group[0].checked;
    const changed = COLUMNS.filter(([field]) => group[0].next[field] !== item[field]);
    const cell = (field: keyof ItemRow) => (INTEGER_FIELDS.has(field) ? 'CAST(? AS BIGINT)' : '?');
    const tuple = `(CAST(? AS BIGINT), CAST(? AS BIGINT)${changed.map(([field]) => `, ${cell(field)}`).join('')})`;
    const set = [...changed.map(([, column], i) => `${column} = v.column${i + 3}`), 'updated_at = ?', 'version = payment.version + 1'].join(', ');
    for (let at = 0; at < group.length; ) {
      const size = UPDATE_CHUNKS.find((n) => n <= group.length - at)!;
      const chunk = group.slice(at, at + size);
      at += size;
      const values: Array<string | number | null> = [now];
      for (const p of chunk) {
        values.push(p.checked.item.id, p.checked.item.version);
        for (const [field] of changed) values.push(p.next[field] as string | number | null);
      }
      const updated = await db.rows<{ id: number }>(
        `UPDATE payment SET ${set} FROM (VALUES ${new Array(size).fill(tuple).join(', ')}) AS v WHERE payment.id = v.column1 AND payment.version = v.column2 RETURNING payment.id`,
        values, // `updated_at = ?` comes first in the text, then the VALUES rows
      );
      if (updated.length !== chunk.length) {
        const done = new Set(updated.map((r) => Number(r.id)));
        const moved = chunk.find((p) => !done.has(p.checked.item.id))!.checked.item.id;
        const by = await lastChange(db, moved);
        throw new AppError({ code: 'CONFLICT', rule: 'item.version', message: `Payment ${moved} was changed by ${by ?? 'someone else'} meanwhile: nothing was done; look at the items again and repeat the action.` });
      }
    }
  }
  const events = list.map((p) => eventOf(p, now));
  const ids = await appendAudits(db, events.map((e) => e.audit));
  return events.map((e, i) => ({ before: e.before, after: e.after, eventId: ids[i] }));
}

function rowAllows(row: ActionRow, item: ItemRow, env: RuleEnv, userId?: number): boolean {
  return stateMatches(row, item) && !conditionRefusal(row, item, env, userId);
}

/**
 * Exactly the Action drop-down: rows shown in it, whose groups meet the user's groups, whose
 * from-state and `when` conditions hold now. NOT_FOUND for an item the user may not see.
 */
export async function allowedActions(
  db: Queryable,
  paymentId: number,
  user: SessionUser,
  now: string = new Date().toISOString(),
): Promise<ActionName[]> {
  const item = await loadItem(db, paymentId, user);
  const env = await ruleEnv(db, now);
  return DROP_DOWN_ACTIONS.filter((action) =>
    ACTIONS_TABLE.some(
      (row) => row.action === action && row.inDropDown && row.groups.some((g) => user.groups.includes(g as never)) && rowAllows(row, item, env, user.id),
    ),
  );
}

/**
 * Which of a user's groups takes the action on this item: the first group (in GROUPS order) with
 * a row that allows it now; otherwise the first group the action is for at all (so the refusal
 * names the right rule); otherwise the user's first group (refused as the wrong group).
 */
export async function actorForAction(
  db: Queryable,
  paymentId: number,
  action: ActionName,
  user: SessionUser,
  now: string,
  /** The item as read in this transaction, when the caller has it. */
  loaded?: ItemRow,
): Promise<Actor> {
  const item = loaded ?? (await loadItem(db, paymentId, user));
  const env = await ruleEnv(db, now);
  const rows = rowsFor(action);
  const groups = GROUPS.filter((g) => user.groups.includes(g));
  const allowed = groups.find((g) => rows.some((r) => r.groups.includes(g) && rowAllows(r, item, env, user.id)));
  const inTable = groups.find((g) => rows.some((r) => r.groups.includes(g)));
  return actorOf(user, allowed ?? inTable ?? groups[0] ?? 'Administrator');
}
