import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';

// TanStack Query wrappers over the core's provider handlers. Every key starts with 'providers',
// so one invalidation after a save refreshes the grid and the open provider alike.

export const providerKeys = {
  all: ['providers'] as const,
  list: ['providers', 'list'] as const,
  detail: (id: number) => ['providers', 'detail', id] as const,
  payors: ['payors'] as const,
};

export function fetchProvidersPage(args: HandlerArgs<'providers-list'>) {
  return call('providers-list', args);
}

export function useProvider(id: number | null) {
  return useQuery({ queryKey: providerKeys.detail(id ?? 0), queryFn: () => call('providers-get', { providerId: id! }), enabled: !!id });
}

export function usePayors() {
  return useQuery({ queryKey: providerKeys.payors, queryFn: () => call('payors-list', {}), staleTime: 60_000 });
}
