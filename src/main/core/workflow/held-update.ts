import { AppError } from '../../../shared/api/errors';
import type { Tx } from '../db/engine/port';
import { lockedItemKey, type ItemRow } from './item';

// The engine's versioned UPDATE of a payment. On PostgreSQL it is held like inserts
// (db/held-insert.ts, Tx.hold): the next action on the same payment in the transaction folds its
// change into it, so work that moves a payment through several actions at once (an import, its
// Calculate, its Authorize) sends one UPDATE, before the next statement that names the payment
// table, a savepoint or the commit. The engine acts only on rows its transaction holds locked (read
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
    // Sent together (not waited for one by one). Holding forgot what the transaction kept of these
    // rows, and what it keeps since is their new state: nothing more to forget.
    const written = await Promise.all(all.map((p) => write(db, p, [])));
    const missed = all.find((_, i) => !written[i]);
    if (missed) throw versionMoved(missed.from.id);
  };
  if (db.hold('payment', { send, discard: () => waiting.clear() }, [lockedItemKey(item.id)])) return;
  waiting.clear();
  if (!(await write(db, { from: item, to: next, now, actions: 1 }, [lockedItemKey(item.id)]))) throw await conflict();
}

function versionMoved(paymentId: number): AppError {
  return new AppError({ code: 'CONFLICT', rule: 'item.version', message: `Payment ${paymentId} was changed by someone else meanwhile: nothing of this change was saved; try again.` });
}

/** The one versioned UPDATE of the columns that changed (so SQLite touches only the indexes it must); false when the version had moved. */
async function write(db: Tx, p: Pending, forget: readonly string[]): Promise<boolean> {
  const set: string[] = [];
  const params: Record<string, string | number | null> = { now: p.now, id: p.from.id, version: p.from.version };
  for (const [field, column] of COLUMNS) {
    if (p.to[field] === p.from[field]) continue;
    set.push(`${column} = @${field}`);
    params[field] = p.to[field] as string | number | null;
  }
  // The number of actions in the text, not a parameter: one statement text per column set stays cached.
  const text = `UPDATE payment SET ${[...set, 'updated_at = @now', `version = version + ${p.actions}`].join(', ')} WHERE id = @id AND version = @version`;
  const { changes } = await db.run(text, params, { changes: { table: 'payment', keys: forget } });
  return changes === 1;
}
