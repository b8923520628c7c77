import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';
import type { PaymentRow } from '../../../../shared/api/contract/payments';
import type { ActionName } from '../../../../shared/workflow/actions';

// TanStack Query wrappers over the core's payments handlers. Every key starts with 'payments',
// so one invalidation after an action refreshes the tabs, counts, details and history alike.

export type PaymentFilters = Omit<HandlerArgs<'payments-tab-counts'>, 'periodId' | 'search'>;

export const paymentKeys = {
  all: ['payments'] as const,
  list: (periodId: number, tab: string, filters: PaymentFilters) => ['payments', 'list', periodId, tab, filters] as const,
  counts: (periodId: number, filters: PaymentFilters) => ['payments', 'counts', periodId, filters] as const,
  totals: (periodId: number, filters: PaymentFilters, search: string) => ['payments', 'totals', periodId, filters, search] as const,
  neighbours: (args: HandlerArgs<'payments-neighbours'>) => ['payments', 'neighbours', args] as const,
  provider: (providerId: number) => ['payments', 'provider', providerId] as const,
  attention: ['payments', 'attention'] as const,
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

/** Every tab's count and amount (cents, added by the core) as filtered and searched. */
export function useTabTotals(periodId: number | undefined, filters: PaymentFilters, search: string) {
  return useQuery({
    queryKey: paymentKeys.totals(periodId ?? 0, filters, search),
    queryFn: () => call('payments-tab-totals', { periodId: periodId!, ...filters, search }),
    enabled: !!periodId,
    // While the next search's totals load, the tabs keep showing the last ones.
    placeholderData: (previous) => previous,
  });
}

/** The items before and after one item in the list's view (Invoice Details' previous and next). */
export function useNeighbours(args: HandlerArgs<'payments-neighbours'> | null) {
  return useQuery({
    queryKey: paymentKeys.neighbours(args ?? { periodId: 0, paymentId: 0 }),
    queryFn: () => call('payments-neighbours', args!),
    enabled: !!args,
  });
}

/** One provider's items across every period, remittances and totals per year. */
export function useProviderPayments(providerId: number) {
  return useQuery({ queryKey: paymentKeys.provider(providerId), queryFn: () => call('provider-payments', { providerId }) });
}

/** What waits for the signed-in user ("Needs attention"); refreshed with every payments change and each minute. */
export function useAttention() {
  return useQuery({ queryKey: paymentKeys.attention, queryFn: () => call('attention-list', {}), refetchInterval: 60_000 });
}

export const viewKeys = { all: ['views'] as const };

export function useSavedViews() {
  return useQuery({ queryKey: viewKeys.all, queryFn: () => call('views-list', {}) });
}
