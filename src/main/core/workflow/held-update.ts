import { AppError } from '../../../shared/api/errors';
import type { Tx } from '../db/engine/port';
import { itemKeys, type ItemRow } from './item';

// The engine's versioned UPDATE of a payment. On PostgreSQL it is held like inserts
// (db/held-insert.ts, Tx.hold): the next action on the same payment in the transaction folds its
// change into it, so work that moves a payment through several actions at once (an import, its
// Calculate, its Authorize) sends one UPDATE, before the next statement that names the payment
// table, a savepoint or the commit; payments with the same columns changed go in one statement. The engine acts only on rows its transaction holds locked (read
// FOR UPDATE), whose version nothing else can move: a version that no longer matches is a fault,
// and it fails the transaction with the conflict. SQLite (nothing held) updates and checks at once.

/** Item fields the engine may change, and their columns. */
export const COLUMNS: ReadonlyArray<[keyof ItemRow, string]> = [
  ['submissionStatus', 'submission_status'],
  ['invoiceStatus', 'invoice_status'],
  ['subStatus', 'sub_status'],
  ['paymentStatus', 'payment_status'],
  ['holdKind', 'hold_kind'],
  ['receivedAt', 'received_at'],
  ['providerSignedAt', 'provider_signed_at'],
  ['parentSignedAt', 'parent_signed_at'],
  ['amountCents', 'amount_cents'],
  ['calculatedAt', 'calculated_at'],
  ['exportBatchId', 'export_batch_id'],
  ['authorizedBy', 'authorized_by'],
  ['statusChangedAt', 'status_changed_at'],
  ['basis', 'basis'],
  ['qaSample', 'qa_sample'],
  ['calculatedBy', 'calculated_by'],
];

/** A payment's changes not yet sent: from the row as the transaction read it to the last action's. */
interface Pending {
  from: ItemRow;
  to: ItemRow;
  now: string;
  /** Actions folded in: the version moves by as many. */
  actions: number;
}
const HELD = new WeakMap<Tx, Map<number, Pending>>();

/**
 * Writes the item's move from `item` (as read, locked, in this transaction) to `next`, now or
 * held (see above). Throws the conflict at once when written at once and the version moved.
 */
export async function updateItem(db: Tx, item: ItemRow, next: ItemRow, now: string, conflict: () => Promise<AppError>): Promise<void> {
  let pending = HELD.get(db);
  if (!pending) HELD.set(db, (pending = new Map()));
  const folded = pending.get(item.id);
  // The item as the held change left it, else it was read before that change: a conflict, as the UPDATE would find.
  if (folded && item.version !== folded.from.version + folded.actions) throw await conflict();
  if (folded) Object.assign(folded, { to: next, now, actions: folded.actions + 1 });
  else pending.set(item.id, { from: item, to: next, now, actions: 1 });
  const waiting = pending;
  const send = async (): Promise<void> => {
    const all = [...waiting.values()];
    waiting.clear();
    // Holding forgot what the transaction kept of these rows, and what it keeps since is their new
    // state: nothing more to forget. Payments with the same columns changed go in one statement.
    const groups = new Map<string, Pending[]>();
    for (const p of all) {
      const key = `${changedColumns(p).map(([, column]) => column).join(',')}|${p.actions}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    // Sent together (not waited for one by one); any row that missed fails the transaction.
    const missed = await Promise.all([...groups.values()].map((group) => (group.length === 1 ? writeOne(db, group[0], []).then((ok) => (ok ? [] : [group[0].from.id])) : writeMany(db, group))));
    const ids = missed.flat();
    if (ids.length > 0) throw versionMoved(ids);
  };
  if (db.hold('payment', { send, discard: () => waiting.clear() }, itemKeys(item))) return;
  waiting.clear();
  if (!(await writeOne(db, { from: item, to: next, now, actions: 1 }, itemKeys(item)))) throw await conflict();
}

/** `ids`: the payment that moved, or the payments of the statement one of which moved. */
function versionMoved(ids: readonly number[]): AppError {
  const which = ids.length === 1 ? `Payment ${ids[0]} was` : `One of payments ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''} was`;
  return new AppError({ code: 'CONFLICT', rule: 'item.version', message: `${which} changed by someone else meanwhile: nothing of this change was saved; try again.` });
}

function changedColumns(p: Pending): Array<[keyof ItemRow, string]> {
  return COLUMNS.filter(([field]) => p.to[field] !== p.from[field]);
}

/** The one versioned UPDATE of the columns that changed (so SQLite touches only the indexes it must); false when the version had moved. */
async function writeOne(db: Tx, p: Pending, forget: readonly string[]): Promise<boolean> {
  const set: string[] = [];
  const params: Record<string, string | number | null> = { now: p.now, id: p.from.id, version: p.from.version };
  for (const [field, column] of changedColumns(p)) {
    set.push(`${column} = @${field}`);
    params[field] = p.to[field] as string | number | null;
  }
  // The number of actions in the text, not a parameter: one statement text per column set stays cached.
  const text = `UPDATE payment SET ${[...set, 'updated_at = @now', `version = version + ${p.actions}`].join(', ')} WHERE id = @id AND version = @version`;
  const { changes } = await db.run(text, params, { changes: { table: 'payment', keys: forget } });
  return changes === 1;
}

/** Columns holding integers: a VALUES list needs their type (PostgreSQL reads an untyped NULL as text). */
export const INTEGER_FIELDS = new Set<keyof ItemRow>(['amountCents', 'exportBatchId', 'authorizedBy', 'calculatedBy']);
/** Rows to a statement: a few statement texts, each cached (applyPrepared's bulk actions). */
export const UPDATE_CHUNKS = [250, 50, 10, 1];
/** The same for held UPDATEs, finer: their groups are small (the payments of one transaction's few actions). */
const HELD_CHUNKS = [250, 50, 10, 5, 2, 1];

/**
 * Held payments with the same columns changed by the same number of actions, many to a statement
 * (UPDATE … FROM VALUES, as applyPrepared): the ids of a statement that missed a row, or none.
 */
async function writeMany(db: Tx, group: readonly Pending[]): Promise<number[]> {
  const changed = changedColumns(group[0]);
  const cell = (field: keyof ItemRow) => (INTEGER_FIELDS.has(field) ? 'CAST(? AS BIGINT)' : '?');
  const tuple = `(CAST(? AS BIGINT), CAST(? AS BIGINT), ?${changed.map(([field]) => `, ${cell(field)}`).join('')})`;
  const set = [...changed.map(([, column], i) => `${column} = v.column${i + 4}`), 'updated_at = v.column3', `version = payment.version + ${group[0].actions}`].join(', ');
  const sent: Array<Promise<number[]>> = [];
  for (let at = 0; at < group.length; ) {
    const size = HELD_CHUNKS.find((n) => n <= group.length - at)!;
    const chunk = group.slice(at, at + size);
    at += size;
    const values: Array<string | number | null> = [];
    for (const p of chunk) {
      values.push(p.from.id, p.from.version, p.now);
      for (const [field] of changed) values.push(p.to[field] as string | number | null);
    }
    const text = `UPDATE payment SET ${set} FROM (VALUES ${new Array(size).fill(tuple).join(', ')}) AS v WHERE payment.id = v.column1 AND payment.version = v.column2`;
    sent.push(db.run(text, values, { changes: { table: 'payment', keys: [] } }).then(({ changes }) => (changes === chunk.length ? [] : chunk.map((p) => p.from.id))));
  }
  return (await Promise.all(sent)).flat();
}
