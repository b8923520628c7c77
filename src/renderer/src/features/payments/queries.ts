import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';
import type { PaymentRow } from '../../../../shared/api/contract/payments';
import type { ActionName } from '../../../../shared/workflow/actions';

// TanStack Query wrappers over the core's payments handlers. Every key starts with 'payments',
// so one invalidation after an action refreshes the tabs, counts, details and history alike.

export type PaymentFilters = Omit<HandlerArgs<'payments-tab-counts'>, 'periodId'>;

export const paymentKeys = {
  all: ['payments'] as const,
  list: (periodId: number, tab: string, filters: PaymentFilters) => ['payments', 'list', periodId, tab, filters] as const,
  counts: (periodId: number, filters: PaymentFilters) => ['payments', 'counts', periodId, filters] as const,
  detail: (id: number) => ['payments', 'detail', id] as const,
  history: (id: number) => ['payments', 'history', id] as const,
  reasons: (action: ActionName) => ['payments', 'reasons', action] as const,
};

export function fetchPaymentsPage(args: HandlerArgs<'payments-list'>) {
  return call('payments-list', args);
}

/** Every row of a view, page by page of 1,000 in the view's sort (an export takes the whole view). */
export async function fetchWholeView(args: HandlerArgs<'payments-list'>): Promise<PaymentRow[]> {
  const rows = new Map<number, PaymentRow>();
  for (let page = 0; ; page++) {
    const r = await call('payments-list', { ...args, page, pageSize: 1000 });
    for (const row of r.rows) if (!rows.has(row.id)) rows.set(row.id, row);
    if (r.rows.length < 1000 || rows.size >= r.total) return [...rows.values()];
  }
}

export function useTabCounts(periodId: number | undefined, filters: PaymentFilters) {
  return useQuery({
    queryKey: paymentKeys.counts(periodId ?? 0, filters),
    queryFn: () => call('payments-tab-counts', { periodId: periodId!, ...filters }),
    enabled: !!periodId,
  });
}

export function usePayment(id: number) {
  return useQuery({ queryKey: paymentKeys.detail(id), queryFn: () => call('payments-get', { paymentId: id }) });
}

export function usePaymentHistory(id: number) {
  return useQuery({ queryKey: paymentKeys.history(id), queryFn: () => call('payments-history', { paymentId: id }) });
}

/** The reasons offered for an action (an empty list: the action takes a comment only). */
export function useActionReasons(action: ActionName | null) {
  return useQuery({
    queryKey: paymentKeys.reasons(action ?? 'create'),
    queryFn: () => call('payments-reasons', { action: action! }),
    enabled: !!action,
    staleTime: 60_000,
  });
}
