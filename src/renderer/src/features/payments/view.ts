import { viewState, type ViewState } from '../../../../shared/api/contract/views';
import { ITEM_KINDS, PAYMENT_STATUSES, SUB_STATUSES } from '../../../../shared/domain/words';
import { TABS } from '../../../../shared/workflow/tabs';

// Provider Payments' view in the address: "#/payments?tab=Paid&q=oak&ps=Hold&sort=amountCents.desc
// &page=2". Read field by field, so a damaged or old address keeps what it can and defaults the
// rest; written back only with what differs from the defaults (short, readable addresses).

export interface ListView extends ViewState {
  /** The page of the grid (0-based; the address shows it 1-based). */
  page: number;
}

export const DEFAULT_VIEW: ListView = { tab: 'All', search: '', paymentStatus: [], subStatus: [], sort: [], pageSize: 50, page: 0 };
const PAGE_SIZES = [25, 50, 100];

function listOf<T extends string>(text: string | null, allowed: readonly T[]): T[] {
  if (!text) return [];
  return [...new Set(text.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v)))];
}

export function viewFromQuery(text: string): ListView {
  const q = new URLSearchParams(text);
  const tab = q.get('tab');
  const kind = q.get('kind');
  const size = Number(q.get('size'));
  const page = Number(q.get('page'));
  const sort = (q.get('sort') ?? '')
    .split(',')
    .filter(Boolean)
    .map((s) => {
      const at = s.lastIndexOf('.');
      return { field: s.slice(0, at), sort: s.slice(at + 1) };
    })
    .filter((s): s is { field: string; sort: 'asc' | 'desc' } => /^\w{1,50}$/.test(s.field) && (s.sort === 'asc' || s.sort === 'desc'))
    .slice(0, 3);
  return {
    tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as ListView['tab']) : 'All',
    search: (q.get('q') ?? '').slice(0, 200),
    paymentStatus: listOf(q.get('ps'), PAYMENT_STATUSES),
    subStatus: listOf(q.get('ss'), SUB_STATUSES),
    kind: (ITEM_KINDS as readonly string[]).includes(kind ?? '') ? (kind as ListView['kind']) : undefined,
    sort,
    pageSize: PAGE_SIZES.includes(size) ? size : 50,
    page: Number.isSafeInteger(page) && page > 1 ? page - 1 : 0,
  };
}

export function viewToQuery(v: ListView): URLSearchParams {
  const q = new URLSearchParams();
  // Always written: an address without a view (the navigation's link) opens the window's last view.
  q.set('tab', v.tab);
  if (v.search) q.set('q', v.search);
  if (v.paymentStatus.length) q.set('ps', v.paymentStatus.join(','));
  if (v.subStatus.length) q.set('ss', v.subStatus.join(','));
  if (v.kind) q.set('kind', v.kind);
  if (v.sort.length) q.set('sort', v.sort.map((s) => `${s.field}.${s.sort}`).join(','));
  if (v.pageSize !== 50) q.set('size', String(v.pageSize));
  if (v.page > 0) q.set('page', String(v.page + 1));
  return q;
}

/** What a saved view keeps (no page: a view opens on its first page). */
export function savedState(v: ListView): ViewState {
  const { page: _page, ...state } = v;
  return viewState.parse(state);
}

/** The core's arguments for the view's rows (list, totals, next/previous). */
export function viewArgs(v: ListView) {
  return { tab: v.tab, search: v.search, paymentStatus: v.paymentStatus, subStatus: v.subStatus, kind: v.kind, sort: v.sort };
}
