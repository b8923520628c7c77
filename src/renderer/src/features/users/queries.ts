import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';

export const userKeys = { all: ['users'] as const };

export function useUsers() {
  return useQuery({ queryKey: userKeys.all, queryFn: () => call('users-list', {}) });
}

/** Providers matching a search, for tying a Provider-group user to their provider. */
export function useProviderSearch(search: string) {
  return useQuery({
    queryKey: ['providers', 'pick', search],
    queryFn: () => call('providers-list', { search, page: 0, pageSize: 20, sort: [] }),
    staleTime: 30_000,
  });
}

export const noticeKeys = { all: ['notices'] as const };

/** What PayDesk changed on its own that the administrators should know about. */
export function useNotices() {
  return useQuery({ queryKey: noticeKeys.all, queryFn: () => call('notices-list', {}) });
}
