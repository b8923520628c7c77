import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';
import { paymentKeys } from './queries';

/** After any change, every payments view (tabs, counts, details, history) is stale. */
function useRefreshPayments() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: paymentKeys.all });
}

export function useAct() {
  const refresh = useRefreshPayments();
  return useMutation({ mutationFn: (args: HandlerArgs<'payments-act'>) => call('payments-act', args), onSettled: refresh });
}

export function useApplyBulk() {
  const refresh = useRefreshPayments();
  return useMutation({
    mutationFn: (args: HandlerArgs<'payments-apply-bulk'>) => call('payments-apply-bulk', args),
    onSettled: refresh,
  });
}

export function useGenerate() {
  const refresh = useRefreshPayments();
  return useMutation({
    mutationFn: (args: HandlerArgs<'payments-generate'>) => call('payments-generate', args),
    onSettled: refresh,
  });
}

export function useImportSubmission() {
  const refresh = useRefreshPayments();
  return useMutation({
    mutationFn: (args: HandlerArgs<'intake-import-submission'>) => call('intake-import-submission', args),
    onSettled: refresh,
  });
}

export function useImportPaperCsv() {
  const refresh = useRefreshPayments();
  return useMutation({
    mutationFn: (args: HandlerArgs<'intake-import-paper-csv'>) => call('intake-import-paper-csv', args),
    onSettled: refresh,
  });
}

export function useCreateAdjustment() {
  const refresh = useRefreshPayments();
  return useMutation({
    mutationFn: (args: HandlerArgs<'adjustments-create'>) => call('adjustments-create', args),
    onSettled: refresh,
  });
}
