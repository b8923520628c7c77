import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';
import { providerKeys } from './queries';

/** A provider change can hold or release payments (bank details): refresh those views too. */
function useRefresh() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: providerKeys.all }), client.invalidateQueries({ queryKey: ['payments'] })]);
}

export function useSaveProvider() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (args: HandlerArgs<'providers-save'>) => call('providers-save', args), onSuccess: refresh });
}

export function useSaveProviderRates() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (args: HandlerArgs<'providers-rates-save'>) => call('providers-rates-save', args), onSuccess: refresh });
}

export function useConfirmBankDetails() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (providerId: number) => call('providers-confirm-bank-details', { providerId }),
    onSettled: refresh,
  });
}

/** Reads the pending new bank details in full (recorded in the audit trail as a viewing). */
export function useViewBankDetails() {
  return useMutation({ mutationFn: (providerId: number) => call('providers-view-bank-details', { providerId }) });
}

export function useImportProviders() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (args: HandlerArgs<'reference-import-providers'>) => call('reference-import-providers', args),
    onSuccess: refresh,
  });
}
