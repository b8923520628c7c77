import type { Queryable, Tx } from '../db/engine/port';
import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { rowsFor, type ActionName } from '../../../shared/workflow/actions';
import { appendAudit, SYSTEM_ACTOR, type Actor } from '../audit/chain';
import { bankDigestFor } from '../audit/digest';
import { lastBankEvent } from '../audit/money';
import { applyAction } from '../workflow/engine';
import { loadItems } from '../workflow/item';
import { actorAs } from './db';

// The bank-detail guard (DESIGN.md section 3, the 2026 Nacha fraud-monitoring rule): a changed
// routing or account number holds the provider's unexported items until a second user confirms
// the new details. While the change is pending the export leaves the provider out.

export const BANK_HOLD_REASON = { code: 'BANK_DETAILS_CHANGED', comment: 'bank details changed — verify' } as const;
/** Who may confirm new bank details (never the user who entered them). */
export const CONFIRM_GROUPS = ['Administrator', 'Approver', 'Payor'] as const;

/** For the export: a provider whose new bank details are not yet confirmed is not paid. */
export async function isBankChangePending(db: Queryable, providerId: number): Promise<boolean> {
  const row = await db.one<{ p: number }>(`SELECT bank_change_pending AS p FROM provider WHERE id = ?`, [providerId]);
  return row?.p === 1;
}

/** The items an action's rows start from, as SQL over payment p: read from the actions table. */
function fromStatesSql(action: ActionName): { where: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  for (const row of rowsFor(action)) {
    for (const from of row.from ?? []) {
      parts.push(`(p.invoice_status = ? AND p.sub_status IN (${from.subStatuses.map(() => '?').join(', ')}))`);
      params.push(from.status, ...from.subStatuses);
    }
  }
  return { where: parts.join(' OR '), params };
}

export interface BankChange {
  providerId: number;
  before: { routingNumber: string | null; accountMasked: string | null };
  /** The new details' keyed fingerprint (audit/digest.ts): what the confirmation must find again. */
  after: { routingNumber: string | null; accountMasked: string | null; bankDigest: string };
}

/**
 * Records who changed the bank details and when, marks them pending, and puts the provider's
 * unexported items in Awaiting Action or In Review on hold through the workflow engine.
 * Returns the held payment ids. Call inside the transaction that changed the details.
 */
export async function guardBankChange(db: Tx, change: BankChange, actor: Actor, at: string): Promise<number[]> {
  await db.run(`UPDATE provider SET bank_change_pending = 1, bank_changed_by = ?, bank_changed_at = ? WHERE id = ?`, [actor.userId, at, change.providerId]);
  const from = fromStatesSql('bank-detail-hold');
  const ids = await db.values<number>(`SELECT p.id FROM payment p WHERE p.provider_id = ? AND p.export_batch_id IS NULL AND (${from.where}) ORDER BY p.id`, [
    change.providerId,
    ...from.params,
  ]);
  // The items read again in one statement, locked until the end (PostgreSQL).
  const items = await loadItems(db, ids, { lock: 'update' });
  for (const paymentId of ids) {
    await applyAction(
      db,
      { paymentId, action: 'bank-detail-hold', actor: SYSTEM_ACTOR, reason: { ...BANK_HOLD_REASON }, details: { providerId: change.providerId, changedBy: actor.username } },
      at,
      items.get(paymentId),
    );
  }
  await appendAudit(db, {
    actor,
    at,
    entity: 'provider',
    entityId: change.providerId,
    action: 'change-bank-details',
    before: change.before,
    after: change.after,
    reasonCode: BANK_HOLD_REASON.code,
    comment: BANK_HOLD_REASON.comment,
    details: { heldPaymentIds: ids },
  });
  return ids;
}

/**
 * A second user confirms the new bank details: the pending flag is cleared and the holds the
 * change placed are released (System release-hold, hold kind bank_details). Returns their ids.
 */
export async function confirmBankDetails(db: Tx, providerId: number, user: SessionUser, at: string): Promise<number[]> {
  const p = await pendingChange(db, providerId, user);
  // The details confirmed must be the ones that were entered: not changed behind the app since.
  const now = (await db.one<{ routing: string | null; account: string | null }>(`SELECT routing_number AS routing, account_number AS account FROM provider WHERE id = ?`, [providerId]))!;
  const digest = bankDigestFor(db, now.routing, now.account);
  const entered = await enteredChange(db, providerId, digest);
  // The confirmer has read the new numbers in full (an audit event of the viewing, since the change).
  const viewed = (await db.one<{ id: number | null }>(
    `SELECT max(id) AS id FROM audit_event WHERE entity = 'provider' AND entity_id = ? AND action = 'view-bank-details' AND user_id = ? AND id > ?`,
    [providerId, user.id, entered.eventId],
  ))!;
  if (viewed.id === null) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'bank-details.not-viewed',
      message: `Read the new routing and account numbers of provider ${providerId} in full first ("Show new bank details"), and check them with the provider; nothing was confirmed.`,
    });
  }
  const actor = actorAs(user, CONFIRM_GROUPS);
  await db.run(`UPDATE provider SET bank_change_pending = 0, updated_at = ? WHERE id = ?`, [at, providerId]);
  const ids = await db.values<number>(`SELECT id FROM payment WHERE provider_id = ? AND sub_status = 'Administrative Hold' AND hold_kind = 'bank_details' ORDER BY id`, [
    providerId,
  ]);
  const items = await loadItems(db, ids, { lock: 'update' });
  for (const paymentId of ids) {
    await applyAction(db, { paymentId, action: 'release-hold', actor: SYSTEM_ACTOR, details: { providerId, confirmedBy: user.username } }, at, items.get(paymentId));
  }
  await appendAudit(db, {
    actor,
    at,
    entity: 'provider',
    entityId: providerId,
    action: 'confirm-bank-details',
    before: { bankChangePending: true, bankChangedBy: p.changedBy, bankChangedAt: p.changedAt },
    after: { bankChangePending: false, bankDigest: digest },
    details: { releasedPaymentIds: ids, viewEventId: viewed.id },
  });
  return ids;
}

export interface PendingBankDetails {
  providerId: number;
  routingNumber: string | null;
  accountNumber: string | null;
  accountType: 'checking' | 'savings' | null;
  accountHolder: 'personal' | 'business' | null;
  changedBy: string | null;
  changedAt: string | null;
  viewEventId: number;
}

/**
 * The pending new bank details in full, for a user who may confirm them (not the one who entered
 * them). The viewing is an audit event (view-bank-details: who, when, which change); confirming
 * requires one by the confirmer since the change.
 */
export async function viewBankDetails(db: Tx, providerId: number, user: SessionUser, at: string): Promise<PendingBankDetails> {
  const p = await pendingChange(db, providerId, user);
  const row = (await db.one<{ routing: string | null; account: string | null; accountType: PendingBankDetails['accountType']; accountHolder: PendingBankDetails['accountHolder']; changedBy: string | null }>(
    `SELECT p.routing_number AS routing, p.account_number AS account, p.account_type AS accountType, p.account_holder AS accountHolder, u.username AS changedBy
       FROM provider p LEFT JOIN app_user u ON u.id = p.bank_changed_by WHERE p.id = ?`,
    [providerId],
  ))!;
  const digest = bankDigestFor(db, row.routing, row.account);
  const entered = await enteredChange(db, providerId, digest);
  const actor = actorAs(user, CONFIRM_GROUPS);
  const viewEventId = await appendAudit(db, {
    actor,
    at,
    entity: 'provider',
    entityId: providerId,
    action: 'view-bank-details',
    details: { purpose: 'confirm the new bank details', changeEventId: entered.eventId, accountMasked: row.account ? `•••• ${row.account.slice(-4)}` : null },
  });
  return {
    providerId,
    routingNumber: row.routing,
    accountNumber: row.account,
    accountType: row.accountType,
    accountHolder: row.accountHolder,
    changedBy: row.changedBy,
    changedAt: p.changedAt,
    viewEventId,
  };
}

/** The provider's pending change, refused when there is none or the user entered it. */
async function pendingChange(db: Queryable, providerId: number, user: SessionUser): Promise<{ changedBy: number | null; changedAt: string | null }> {
  const p = await db.one<{ pending: number; changedBy: number | null; changedAt: string | null }>(
    `SELECT bank_change_pending AS pending, bank_changed_by AS changedBy, bank_changed_at AS changedAt FROM provider WHERE id = ?`,
    [providerId],
  );
  if (!p) throw new AppError({ code: 'NOT_FOUND', message: `There is no provider ${providerId}.` });
  if (p.pending !== 1) {
    throw new AppError({ code: 'REFUSED', rule: 'bank-details.none-pending', message: `Provider ${providerId} has no bank-detail change waiting for confirmation.` });
  }
  if (p.changedBy === user.id) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'bank-details.second-user',
      message: `${user.username} entered these bank details on ${p.changedAt}; a different user must confirm them.`,
    });
  }
  return p;
}

/** The audit event that entered the provider's current details; refused when they were changed outside PayDesk. */
async function enteredChange(db: Queryable, providerId: number, digest: string): Promise<{ eventId: number }> {
  const entered = await lastBankEvent(db, providerId, ['change-bank-details']);
  if (!entered || entered.digest !== digest) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'bank-details.differ',
      message: `Provider ${providerId}'s bank details differ from the change recorded in the audit trail${entered ? ` (event ${entered.eventId})` : ''}: they were changed outside PayDesk. Tell an administrator; nothing was confirmed.`,
    });
  }
  return { eventId: entered.eventId };
}
