import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';

// The year-end's reads and actions. Keys start with 'year-end'; every action refreshes them all.

export const yearEndKeys = {
  all: ['year-end'] as const,
  review: (year: number) => ['year-end', 'review', year] as const,
  settings: (year: number) => ['year-end', 'settings', year] as const,
  tax: (providerId: number) => ['year-end', 'tax', providerId] as const,
};

export function useYearEndReview(year: number) {
  return useQuery({ queryKey: yearEndKeys.review(year), queryFn: () => call('year-end-review', { taxYear: year }), staleTime: 0 });
}

export function useYearEndSettings(year: number, enabled: boolean) {
  return useQuery({ queryKey: yearEndKeys.settings(year), queryFn: () => call('year-end-settings-get', { taxYear: year }), enabled });
}

export function useProviderTax(providerId: number | null) {
  return useQuery({ queryKey: yearEndKeys.tax(providerId ?? 0), queryFn: () => call('provider-tax-get', { providerId: providerId! }), enabled: providerId !== null, staleTime: 0, gcTime: 0 });
}

function useRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: yearEndKeys.all });
}

export function useGenerate() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (taxYear: number) => call('year-end-generate', { taxYear }), onSettled: refresh });
}

export function useMarkFiled() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (taxYear: number) => call('year-end-mark-filed', { taxYear }), onSettled: refresh });
}

export function useCorrections() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (taxYear: number) => call('year-end-corrections', { taxYear }), onSettled: refresh });
}

export function useSaveSettings() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (args: HandlerArgs<'year-end-settings-save'>) => call('year-end-settings-save', args), onSuccess: refresh });
}

export function useSaveProviderTax() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (args: HandlerArgs<'provider-tax-save'>) => call('provider-tax-save', args), onSuccess: refresh });
}
