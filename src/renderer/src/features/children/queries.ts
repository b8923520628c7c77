import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';

// Children and their authorizations. Keys start with 'children' (and 'authorizations', which the
// payments screens also read), so a save refreshes every view of them.

export const childKeys = {
  all: ['children'] as const,
  list: ['children', 'list'] as const,
  detail: (id: number) => ['children', 'detail', id] as const,
};

export function fetchChildrenPage(args: HandlerArgs<'children-list'>) {
  return call('children-list', args);
}

export function useChild(id: number | null) {
  return useQuery({ queryKey: childKeys.detail(id ?? 0), queryFn: () => call('children-get', { childId: id! }), enabled: !!id });
}

/** Providers whose name or license matches, for the authorization's provider picker. */
export function useProviderChoices(search: string) {
  return useQuery({
    queryKey: ['providers', 'choices', search],
    queryFn: () => call('providers-list', { search, page: 0, pageSize: 25, sort: [] }),
    staleTime: 30_000,
  });
}
