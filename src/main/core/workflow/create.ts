import { AppError } from '../../../shared/api/errors';
import { rowsFor } from '../../../shared/workflow/actions';
import { derivePaymentStatus } from '../../../shared/workflow/paymentStatus';
import { appendAudits, CanonicalText, type AuditInput } from '../audit/chain';
import { stateJson, type ItemState } from './item';
import type { Queryable, Tx, Value } from '../db/engine/port';
import { ITEM_LIMIT_TEXT, ITEM_MAX_CENTS } from '../../../shared/domain/limits';
import type { CreateItemInput } from './types';

const refuse = (rule: string, message: string, field?: string) => new AppError({ code: 'REFUSED', rule, message, field });

const INSERT_COLUMNS = `INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status,
    payment_status, received_at, amount_cents, calculated_at, corrects_payment_id, adjustment_reason,
    status_changed_at, created_at, updated_at, version) VALUES `;
const ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)';
// The unique key decides what exists (not a check before the insert): a second run, or two at
// once, leave out the payments already there and say which ones they were.
const ON_CONFLICT = `ON CONFLICT (provider_id, period_id, payor_id) WHERE kind = 'payment' DO NOTHING
  RETURNING id, provider_id AS providerId, period_id AS periodId, payor_id AS payorId`;
/** The columns of pushValues, and the version every new item starts at (many payments to a statement). */
const PAYMENT_COLUMNS = ['kind', 'provider_id', 'period_id', 'payor_id', 'submission_status', 'invoice_status', 'sub_status', 'payment_status',
  'received_at', 'amount_cents', 'calculated_at', 'corrects_payment_id', 'adjustment_reason', 'status_changed_at', 'created_at', 'updated_at', 'version'];

/** The first of `ids` that `table` does not hold, or undefined. One statement for any number of ids. */
async function firstMissing(db: Queryable, table: 'provider' | 'service_period' | 'payor', ids: readonly number[]): Promise<number | undefined> {
  const row = await db.one<{ value: number }>(`SELECT j.value FROM ${db.dialect.idsFromJson} j WHERE j.value NOT IN (SELECT id FROM ${table}) LIMIT 1`, [
    JSON.stringify([...new Set(ids)]),
  ]);
  return row === undefined ? undefined : Number(row.value);
}

/** Every check that needs no writing, for all inputs, before anything is inserted. */
async function check(db: Queryable, inputs: readonly CreateItemInput[]): Promise<void> {
  const row = rowsFor('create')[0];
  for (const input of inputs) {
    if (!row.groups.includes(input.actor.group)) {
      throw new AppError({ code: 'FORBIDDEN', rule: 'create.group', message: 'Payments and adjustments are created by PayDesk itself (System).' });
    }
    if (input.kind === 'adjustment') {
      if (input.amountCents === undefined || !Number.isSafeInteger(input.amountCents)) {
        throw refuse('create.amount', 'An adjustment needs its amount in whole cents.', 'amountCents');
      }
      if (Math.abs(input.amountCents) > ITEM_MAX_CENTS) throw refuse('create.amount-limit', `An adjustment's amount ${ITEM_LIMIT_TEXT}.`, 'amountCents');
      if (input.correctsPaymentId !== undefined) {
        const corrected = await db.one<{ providerId: number }>(`SELECT provider_id AS providerId FROM payment WHERE id = ?`, [input.correctsPaymentId]);
        if (!corrected || corrected.providerId !== input.providerId) {
          throw refuse('create.corrects', `Payment ${input.correctsPaymentId} is not a payment of provider ${input.providerId}.`, 'correctsPaymentId');
        }
      }
    } else if (input.amountCents !== undefined || input.correctsPaymentId !== undefined) {
      throw refuse('create.amount', 'A payment gets its amount by Calculate, not when it is created.', 'amountCents');
    }
  }
  const provider = await firstMissing(db, 'provider', inputs.map((i) => i.providerId));
  if (provider !== undefined) throw refuse('create.provider', `There is no provider ${provider}.`, 'providerId');
  const period = await firstMissing(db, 'service_period', inputs.map((i) => i.periodId));
  if (period !== undefined) throw refuse('create.period', `There is no service period ${period}.`, 'periodId');
  const payor = await firstMissing(db, 'payor', inputs.map((i) => i.payorId));
  if (payor !== undefined) throw refuse('create.payor', `There is no payor ${payor}.`, 'payorId');
}

/** The state a new item starts in: the Create row's to-state, submission New. */
function initialState(input: CreateItemInput, now: string): ItemState {
  const to = rowsFor('create')[0].to!;
  const adjustment = input.kind === 'adjustment';
  const state: Omit<ItemState, 'paymentStatus' | 'version'> = {
    invoiceStatus: to.status === 'same' ? 'Pending Approval' : to.status,
    subStatus: to.subStatus,
    submissionStatus: 'New',
    receivedAt: adjustment ? now : null,
    amountCents: adjustment ? input.amountCents! : null,
    exportBatchId: null,
    holdKind: null,
  };
  return { ...state, paymentStatus: derivePaymentStatus(state), version: 1 };
}

function pushValues(values: Value[], input: CreateItemInput, s: ItemState, now: string): void {
  const adjustment = input.kind === 'adjustment';
  values.push(input.kind, input.providerId, input.periodId, input.payorId, s.submissionStatus, s.invoiceStatus, s.subStatus, s.paymentStatus,
    s.receivedAt, s.amountCents, adjustment ? now : null, input.correctsPaymentId ?? null, input.adjustmentReason ?? null, now, now, now);
}

/** canonicalJson of the Create event's details, written out (a period's generation writes thousands). */
export function createDetailsJson(input: CreateItemInput): string {
  const reason = input.adjustmentReason === undefined ? '' : `"adjustmentReason":${JSON.stringify(input.adjustmentReason)},`;
  const corrects = input.correctsPaymentId === undefined ? '' : `"correctsPaymentId":${JSON.stringify(input.correctsPaymentId)},`;
  return `{${reason}${corrects}"kind":${JSON.stringify(input.kind)},"payorId":${JSON.stringify(input.payorId)},"periodId":${JSON.stringify(
    input.periodId,
  )},"providerId":${JSON.stringify(input.providerId)}}`;
}

const keyOf = (r: { providerId: number; periodId: number; payorId: number }) => `${r.providerId}|${r.periodId}|${r.payorId}`;

/**
 * The Create action (System) for many items at once: each new item in Pending Approval / Awaiting
 * Action, with its audit event. Returns each input's new id, or null for a payment that already
 * exists for its provider, period and payor (one per period: the unique key says so).
 *
 * An adjustment is created received and calculated, with the amount given: it has no attendance
 * to receive and nothing to calculate from (the table keeps Record attendance and Calculate to
 * payments), so its amount is decided by the staff who create it and the item goes straight to
 * review and Authorize like any calculated payment.
 */
export async function createItems(db: Tx, inputs: readonly CreateItemInput[], now: string): Promise<Array<number | null>> {
  await check(db, inputs);
  const states = inputs.map((input) => initialState(input, now));
  // Every new payment starts in the same state: its JSON is written once.
  let paymentStateJson: string | undefined;
  const stateText = (i: number) =>
    inputs[i].kind === 'payment' ? (paymentStateJson ??= stateJson(states[i])) : stateJson(states[i]);
  const ids = new Array<number | null>(inputs.length).fill(null);
  // Payments many to a statement, matched back by their key; adjustments (no key) one by one.
  const payments = inputs.flatMap((input, i) => (input.kind === 'payment' ? [i] : []));
  const slot = new Map<string, number>();
  for (const i of payments) if (!slot.has(keyOf(inputs[i]))) slot.set(keyOf(inputs[i]), i);
  const values: Value[] = [];
  // Generating a period creates thousands: many to a statement (the engine says how many).
  const rows = payments.map((i) => {
    const row: Value[] = [];
    pushValues(row, inputs[i], states[i], now);
    row.push(1);
    return row;
  });
  for (const r of await db.insertReturning<{ id: number; providerId: number; periodId: number; payorId: number }>('payment', PAYMENT_COLUMNS, rows, ON_CONFLICT)) {
    ids[slot.get(keyOf(r))!] = r.id;
  }
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i].kind !== 'adjustment') continue;
    pushValues(values, inputs[i], states[i], now);
    ids[i] = await db.insert(INSERT_COLUMNS + ROW, values);
    values.length = 0;
  }
  const events: AuditInput[] = [];
  inputs.forEach((input, i) => {
    const id = ids[i];
    if (id === null) return;
    events.push({
      actor: input.actor,
      at: now,
      entity: 'payment',
      entityId: id,
      action: 'create',
      before: null,
      after: new CanonicalText(stateText(i)),
      details: new CanonicalText(createDetailsJson(input)),
    });
  });
  await appendAudits(db, events);
  return ids;
}

/** The Create action for one item; refuses a second payment for the same provider, period and payor. */
export async function createItem(db: Tx, input: CreateItemInput, now: string): Promise<number> {
  const [id] = await createItems(db, [input], now);
  if (id !== null) return id;
  const existing = (await db.one<{ id: number }>(`SELECT id FROM payment WHERE kind = 'payment' AND provider_id = ? AND period_id = ? AND payor_id = ?`, [
    input.providerId,
    input.periodId,
    input.payorId,
  ]))!;
  throw refuse('create.one-per-period', `Provider ${input.providerId} already has payment ${existing.id} for this period and payor.`);
}
