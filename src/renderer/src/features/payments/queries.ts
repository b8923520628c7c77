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

/** Every row of a view in the view's sort, read by the core in one go (an export takes the whole view). */
export async function fetchWholeView(args: HandlerArgs<'payments-view-rows'>): Promise<PaymentRow[]> {
  return (await call('payments-view-rows', args)).rows;
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
