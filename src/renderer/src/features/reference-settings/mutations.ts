import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';
import { refKeys } from './queries';

function useSaver<K extends 'rates-save-table' | 'settings-save' | 'reasons-save' | 'agency-save' | 'periods-save' | 'periods-create-year'>(
  name: K,
  key: readonly unknown[],
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: HandlerArgs<K>) => call(name, args),
    // Reasons feed the payments screens' drop-downs ('payments' keys) too.
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: key }), client.invalidateQueries({ queryKey: ['payments', 'reasons'] })]),
  });
}

export const useSaveRateTable = () => useSaver('rates-save-table', refKeys.rates);
export const useSaveSetting = () => useSaver('settings-save', refKeys.settings);
export const useSaveReason = () => useSaver('reasons-save', refKeys.reasons);
export const useSaveAgency = () => useSaver('agency-save', refKeys.agency);
export const useSavePeriod = () => useSaver('periods-save', refKeys.periods);
export const useCreateYear = () => useSaver('periods-create-year', refKeys.periods);
