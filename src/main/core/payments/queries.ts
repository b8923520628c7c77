import type { Params, Queryable, Value } from '../db/engine/port';
import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import type { PaymentRow } from '../../../shared/api/contract/payments';
import type { ItemKind, InvoiceStatus, PaymentStatus, SubStatus } from '../../../shared/domain/words';
import { TAB_RULES, TABS, type Tab } from '../../../shared/workflow/tabs';
import { likePattern, orderBy } from '../db/paging';
import { scopedProviderId } from '../workflow/item';
import { formatCount } from '../../../shared/format';

// The tabs' server-side queries. Tab membership is built from TAB_RULES (the same data the
// renderer and tests read), never restated here.

export interface PaymentFilters {
  periodId: number;
  paymentStatus: PaymentStatus[];
  invoiceStatus: InvoiceStatus[];
  subStatus: SubStatus[];
  kind?: ItemKind;
  providerId?: number;
}

interface Where {
  clauses: string[];
  params: Record<string, unknown>;
}

/** `col IN (@p0, @p1)` with named parameters: values never reach SQL as text. */
function inList(w: Where, column: string, prefix: string, values: readonly string[]): string {
  const names = values.map((v, i) => {
    w.params[`${prefix}${i}`] = v;
    return `@${prefix}${i}`;
  });
  return `${column} IN (${names.join(', ')})`;
}

/** A tab's rule as SQL: a disjunction of field IN (...) terms; the empty rule selects everything. */
export function tabClause(w: Where, tab: Tab): string | null {
  const rule = TAB_RULES[tab];
  const terms: string[] = [];
  const key = tab.replace(/\W/g, '');
  if (rule.paymentStatusIn.length) terms.push(inList(w, 'p.payment_status', `tp${key}`, rule.paymentStatusIn));
  if (rule.submissionStatusIn.length) terms.push(inList(w, 'p.submission_status', `ts${key}`, rule.submissionStatusIn));
  return terms.length ? `(${terms.join(' OR ')})` : null;
}

export function filterWhere(f: PaymentFilters, user: SessionUser | null, search = ''): Where {
  const w: Where = { clauses: ['p.period_id = @periodId'], params: { periodId: f.periodId } };
  const own = scopedProviderId(user);
  if (own !== null) {
    w.clauses.push('p.provider_id = @ownProvider');
    w.params.ownProvider = own;
  }
  if (f.paymentStatus.length) w.clauses.push(inList(w, 'p.payment_status', 'fps', f.paymentStatus));
  if (f.invoiceStatus.length) w.clauses.push(inList(w, 'p.invoice_status', 'fis', f.invoiceStatus));
  if (f.subStatus.length) w.clauses.push(inList(w, 'p.sub_status', 'fss', f.subStatus));
  if (f.kind) {
    w.clauses.push('p.kind = @kind');
    w.params.kind = f.kind;
  }
  if (f.providerId) {
    w.clauses.push('p.provider_id = @providerId');
    w.params.providerId = f.providerId;
  }
  const text = search.trim();
  if (text) {
    const idTerm = /^\d{1,15}$/.test(text) ? ' OR p.id = @searchId' : '';
    if (idTerm) w.params.searchId = Number(text);
    w.clauses.push(`(v.name LIKE @q ESCAPE '\\' OR v.license_number LIKE @q ESCAPE '\\'${idTerm})`);
    w.params.q = likePattern(text);
  }
  return w;
}

const FROM = `FROM payment p JOIN provider v ON v.id = p.provider_id JOIN payor y ON y.id = p.payor_id`;

/**
 * The FROM of a count or a sum: the payments alone when the conditions name no provider or payor
 * column (no search). Every payment has exactly one provider and one payor (both columns NOT NULL,
 * foreign keys), so the joins change no count; without them PostgreSQL counts a period of 5,000
 * items from the payment table alone instead of hashing the provider table for each count.
 */
function countFrom(where: string): string {
  return /\b[vy]\./.test(where) ? FROM : 'FROM payment p';
}

const SORT: Record<string, string> = {
  id: 'p.id',
  kind: 'p.kind',
  providerName: 'v.name',
  providerType: 'v.type',
  licenseNumber: 'v.license_number',
  payorName: 'y.name',
  submissionStatus: 'p.submission_status',
  paymentStatus: 'p.payment_status',
  invoiceStatus: 'p.invoice_status',
  subStatus: 'p.sub_status',
  amountCents: 'p.amount_cents',
  receivedAt: 'p.received_at',
  exportBatchId: 'p.export_batch_id',
  updatedAt: 'p.updated_at',
};

export interface ListQuery extends PaymentFilters {
  tab: Tab;
  page: number;
  pageSize: number;
  sort: Array<{ field: string; sort: 'asc' | 'desc' }>;
  search: string;
}

function viewWhere(q: Omit<ListQuery, 'page' | 'pageSize'>, user: SessionUser | null): Where & { where: string } {
  const w = filterWhere(q, user, q.search);
  const tab = tabClause(w, q.tab);
  if (tab) w.clauses.push(tab);
  return { ...w, where: `WHERE ${w.clauses.join(' AND ')}` };
}

const COLUMNS = `p.id, p.kind, p.provider_id AS providerId, v.name AS providerName, v.type AS providerType,
         v.license_number AS licenseNumber, p.period_id AS periodId, p.payor_id AS payorId, y.name AS payorName,
         y.kind AS payorKind, p.submission_status AS submissionStatus, p.payment_status AS paymentStatus,
         p.invoice_status AS invoiceStatus, p.sub_status AS subStatus, p.amount_cents AS amountCents,
         p.received_at AS receivedAt, p.export_batch_id AS exportBatchId, p.updated_at AS updatedAt, p.version, p.qa_sample AS qaSample`;

export async function listPayments(db: Queryable, q: ListQuery, user: SessionUser | null): Promise<{ rows: PaymentRow[]; total: number }> {
  const { where, params } = viewWhere(q, user);
  const total = Number((await db.one<{ n: number }>(`SELECT count(*) AS n ${countFrom(where)} ${where}`, params as Params))!.n);
  // Compiled once per text on SQLite (the grid asks the same queries again and again).
  const rows = await db.rows<PaymentRow>(`SELECT ${COLUMNS} ${FROM} ${where} ${orderBy(q.sort, SORT, 'v.name')}, p.id LIMIT @limit OFFSET @offset`, {
    ...(params as Record<string, Value>),
    limit: q.pageSize,
    offset: q.page * q.pageSize,
  });
  return { rows, total };
}

/** Every row of a view, in one statement (one snapshot), in the grid's order; refused past `max`. */
export async function viewRows(db: Queryable, q: Omit<ListQuery, 'page' | 'pageSize'>, user: SessionUser | null, max: number): Promise<PaymentRow[]> {
  const { where, params } = viewWhere(q, user);
  const rows = await db.rows<PaymentRow>(`SELECT ${COLUMNS} ${FROM} ${where} ${orderBy(q.sort, SORT, 'v.name')}, p.id LIMIT @limit`, {
    ...(params as Record<string, Value>),
    limit: max + 1,
  });
  if (rows.length > max) {
    throw new AppError({ code: 'REFUSED', message: `This view holds more than ${formatCount(max)} rows: filter or search to narrow it, then export.` });
  }
  return rows;
}

/** The ids of every item of a tab as the grid lists it (filters and search), in id order: a bulk action's items. */
/** The ids of a tab's items as filtered and searched (a bulk action locks them by id: workflow/item.ts loadItems). */
export function listIds(db: Queryable, q: PaymentFilters & { tab: Tab; search: string }, user: SessionUser | null): Promise<number[]> {
  const w = filterWhere(q, user, q.search);
  const tab = tabClause(w, q.tab);
  if (tab) w.clauses.push(tab);
  return db.values<number>(`SELECT p.id ${FROM} WHERE ${w.clauses.join(' AND ')} ORDER BY p.id`, w.params as Params);
}

/** Every tab's count in one pass over the period's items (as filtered and searched). */
export async function tabCounts(db: Queryable, f: PaymentFilters & { search?: string }, user: SessionUser | null): Promise<Record<Tab, number>> {
  const totals = await tabTotals(db, f, user);
  return Object.fromEntries(TABS.map((tab) => [tab, totals[tab].count])) as Record<Tab, number>;
}

/**
 * Every tab's count and amount (integer cents; an item not yet calculated counts 0) in one pass
 * over the period's items, as filtered and searched: the tabs' badges and the grid's footer.
 */
export async function tabTotals(
  db: Queryable,
  f: PaymentFilters & { search?: string },
  user: SessionUser | null,
): Promise<Record<Tab, { count: number; amountCents: number }>> {
  const w = filterWhere(f, user, f.search ?? '');
  const columns = TABS.flatMap((tab, i) => {
    const rule = tabClause(w, tab) ?? '1 = 1';
    return [
      `coalesce(sum(CASE WHEN ${rule} THEN 1 ELSE 0 END), 0) AS t${i}`,
      `coalesce(sum(CASE WHEN ${rule} THEN coalesce(p.amount_cents, 0) ELSE 0 END), 0) AS a${i}`,
    ];
  });
  const where = `WHERE ${w.clauses.join(' AND ')}`;
  const row = (await db.one<Record<string, number>>(`SELECT ${columns.join(', ')} ${countFrom(where)} ${where}`, w.params as Params))!;
  return Object.fromEntries(TABS.map((tab, i) => [tab, { count: Number(row[`t${i}`]), amountCents: Number(row[`a${i}`]) }])) as Record<
    Tab,
    { count: number; amountCents: number }
  >;
}

/**
 * Where an item stands in a view (the grid's tab, filters, search and sort): its place, the view's
 * size, and the items before and after it — Invoice Details' previous and next. An item not in the
 * view (it moved to another tab) gets position null and the view's first item as next.
 */
export async function viewNeighbours(
  db: Queryable,
  q: Omit<ListQuery, 'page' | 'pageSize'> & { paymentId: number },
  user: SessionUser | null,
): Promise<{ position: number | null; total: number; previousId: number | null; nextId: number | null }> {
  const { where, params } = viewWhere(q, user);
  const ids = await db.values<number>(`SELECT p.id ${FROM} ${where} ${orderBy(q.sort, SORT, 'v.name')}, p.id`, params as Params);
  const at = ids.indexOf(q.paymentId);
  if (at < 0) return { position: null, total: ids.length, previousId: null, nextId: ids[0] ?? null };
  return { position: at + 1, total: ids.length, previousId: ids[at - 1] ?? null, nextId: ids[at + 1] ?? null };
}
