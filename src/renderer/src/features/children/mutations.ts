import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';
import { childKeys } from './queries';

function useRefresh() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: childKeys.all }), client.invalidateQueries({ queryKey: ['authorizations'] })]);
}

export function useSaveChild() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (args: HandlerArgs<'children-save'>) => call('children-save', args), onSuccess: refresh });
}

export function useSaveAuthorization() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (args: HandlerArgs<'authorizations-save'>) => call('authorizations-save', args), onSuccess: refresh });
}

export function useDeleteAuthorization() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (authorizationId: number) => call('authorizations-delete', { authorizationId }),
    onSuccess: refresh,
  });
}

export function useImportChildren() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (args: HandlerArgs<'reference-import-children'>) => call('reference-import-children', args), onSuccess: refresh });
}

export function useImportAuthorizations() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (args: HandlerArgs<'reference-import-authorizations'>) => call('reference-import-authorizations', args),
    onSuccess: refresh,
  });
}
