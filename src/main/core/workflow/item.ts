import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import type {
  HoldKind,
  InvoiceStatus,
  ItemKind,
  PaymentStatus,
  PaymentBasis,
  PayorKind,
  QaSampleState,
  SubmissionStatus,
  SubStatus,
} from '../../../shared/domain/words';
import type { Queryable } from '../db/engine/port';

/** The workflow state of a payment or adjustment, as recorded before and after every action. */
export interface ItemState {
  invoiceStatus: InvoiceStatus;
  subStatus: SubStatus;
  submissionStatus: SubmissionStatus;
  paymentStatus: PaymentStatus;
  receivedAt: string | null;
  amountCents: number | null;
  exportBatchId: number | null;
  holdKind: HoldKind | null;
  version: number;
}

/** Everything the engine reads about one item: its state and the facts the rules look at. */
export interface ItemRow extends ItemState {
  id: number;
  kind: ItemKind;
  providerId: number;
  periodId: number;
  payorId: number;
  payorKind: PayorKind;
  providerSignedAt: string | null;
  parentSignedAt: string | null;
  calculatedAt: string | null;
  authorizedBy: number | null;
  statusChangedAt: string;
  /** The payment basis the amount was calculated on (null: no amount, or an adjustment); 'prospective': paid in advance. */
  basis: PaymentBasis | null;
  /** Its place in its period's QA draw (null: in no draw); 'sampled' waits for a second Approver's check. */
  qaSample: QaSampleState | null;
  /** The user of the last calculation (null: none, or PayDesk itself at Generate). */
  calculatedBy: number | null;
}

// The payor's kind by a correlated subquery rather than a JOIN: on large files SQLite runs this
// form about ten times faster, and the engine reads an item twice per action.
const SELECT_ITEM = `SELECT p.id, p.kind, p.provider_id AS providerId, p.period_id AS periodId, p.payor_id AS payorId,
    (SELECT y.kind FROM payor y WHERE y.id = p.payor_id) AS payorKind, p.submission_status AS submissionStatus, p.invoice_status AS invoiceStatus,
    p.sub_status AS subStatus, p.payment_status AS paymentStatus, p.hold_kind AS holdKind,
    p.received_at AS receivedAt, p.provider_signed_at AS providerSignedAt, p.parent_signed_at AS parentSignedAt,
    p.amount_cents AS amountCents, p.calculated_at AS calculatedAt, p.export_batch_id AS exportBatchId,
    p.authorized_by AS authorizedBy, p.status_changed_at AS statusChangedAt, p.version, p.basis,
    p.qa_sample AS qaSample, p.calculated_by AS calculatedBy
  FROM payment p`;
const ONE_ITEM = `${SELECT_ITEM} WHERE p.id = ?`;
const MANY_ITEMS = (db: Queryable) => `${SELECT_ITEM} WHERE p.id IN ${db.dialect.idsFromJson}`;

/** One message for "no such id" and "not yours", so a Provider user cannot probe other providers' ids. */
export function notFound(paymentId: number): AppError {
  return new AppError({ code: 'NOT_FOUND', message: `There is no payment ${paymentId}.`, rule: 'item.exists' });
}

/** A Provider-group user is tied to one provider and sees only that provider's items (DESIGN.md section 3). */
export function scopedProviderId(user: SessionUser | null | undefined): number | null {
  if (!user || !user.groups.includes('Provider')) return null;
  // A Provider user without a provider sees nothing: -1 matches no row.
  return user.providerId ?? -1;
}

/** The item as the user may see it (NOT_FOUND otherwise). `lock`: its row locked until the transaction ends (an action). */
export async function loadItem(db: Queryable, paymentId: number, user?: SessionUser | null, options?: { lock: 'update' }): Promise<ItemRow> {
  // Locked, it is kept for the transaction (PostgreSQL; forgotten when it writes payments): the
  // row stays locked until the end, and the engine remembers what its own UPDATE made of it.
  const row = options?.lock
    ? await db.cached('payment', lockedItemKey(paymentId), () => db.one<ItemRow>(ONE_ITEM, [paymentId], options))
    : await db.one<ItemRow>(ONE_ITEM, [paymentId]);
  return ownItem(row, paymentId, user);
}

/** The key of a locked item in the transaction's cache (Queryable.cached): what the engine's UPDATE wrote is remembered under it. */
export const lockedItemKey = (paymentId: number): string => `locked-item:${paymentId}`;

/**
 * The key of the payment an import fills for a provider and period (intake/lookup.ts), kept for a
 * transaction: the engine's UPDATE of any payment of that provider and period forgets it.
 */
export const providerPaymentKey = (providerId: number, periodId: number): string => `provider-payment:${providerId}|${periodId}`;

/** The keys of `cached('payment', …)` an UPDATE of this payment's state changes. */
export const itemKeys = (item: Pick<ItemRow, 'id' | 'providerId' | 'periodId'>): string[] => [lockedItemKey(item.id), providerPaymentKey(item.providerId, item.periodId)];

/** The row read for `paymentId` (or none), as loadItem answers it for this user. */
export function ownItem(row: ItemRow | undefined, paymentId: number, user?: SessionUser | null): ItemRow {
  if (!row) throw notFound(paymentId);
  const own = scopedProviderId(user);
  if (own !== null && row.providerId !== own) throw notFound(paymentId);
  return row;
}

/**
 * Many items in one statement (a bulk action's, locked for its transaction): by id, those that
 * exist. Locked, each is kept for the transaction as loadItem keeps one (the engine's actions on
 * them read none again). Scoping is the caller's, per item (ownItem).
 */
export async function loadItems(db: Queryable, paymentIds: readonly number[], options?: { lock: 'update' }): Promise<Map<number, ItemRow>> {
  const rows = await db.rows<ItemRow>(MANY_ITEMS(db), [JSON.stringify(paymentIds)], options);
  if (options?.lock) for (const r of rows) db.remember('payment', lockedItemKey(r.id), r);
  return new Map(rows.map((r) => [r.id, r]));
}

export function stateOf(item: ItemRow): ItemState {
  return {
    invoiceStatus: item.invoiceStatus,
    subStatus: item.subStatus,
    submissionStatus: item.submissionStatus,
    paymentStatus: item.paymentStatus,
    receivedAt: item.receivedAt,
    amountCents: item.amountCents,
    exportBatchId: item.exportBatchId,
    holdKind: item.holdKind,
    version: item.version,
  };
}

const text = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));
const num = (v: number | null): string => (v === null ? 'null' : JSON.stringify(v));

/**
 * canonicalJson(state) exactly (keys sorted), written by hand: every action records two states, and
 * bulk runs record thousands.
 */
export function stateJson(s: ItemState): string {
  return `{"amountCents":${num(s.amountCents)},"exportBatchId":${num(s.exportBatchId)},"holdKind":${text(s.holdKind)},"invoiceStatus":${text(
    s.invoiceStatus,
  )},"paymentStatus":${text(s.paymentStatus)},"receivedAt":${text(s.receivedAt)},"subStatus":${text(s.subStatus)},"submissionStatus":${text(
    s.submissionStatus,
  )},"version":${num(s.version)}}`;
}

export function describeState(item: Pick<ItemState, 'invoiceStatus' | 'subStatus'>): string {
  return `${item.invoiceStatus} / ${item.subStatus}`;
}
