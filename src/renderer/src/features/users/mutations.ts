import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';
import { noticeKeys, userKeys } from './queries';

function useRefreshUsers() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: userKeys.all });
}

export function useCreateUser() {
  const refresh = useRefreshUsers();
  return useMutation({ mutationFn: (args: HandlerArgs<'users-create'>) => call('users-create', args), onSuccess: refresh });
}

export function useSetGroups() {
  const refresh = useRefreshUsers();
  return useMutation({ mutationFn: (args: HandlerArgs<'users-set-groups'>) => call('users-set-groups', args), onSuccess: refresh });
}

export function useSetActive() {
  const refresh = useRefreshUsers();
  return useMutation({ mutationFn: (args: HandlerArgs<'users-set-active'>) => call('users-set-active', args), onSuccess: refresh });
}

export function useResetPassword() {
  return useMutation({ mutationFn: (args: HandlerArgs<'users-reset-password'>) => call('users-reset-password', args) });
}

export function useDismissNotice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (noticeId: number) => call('notices-dismiss', { noticeId }),
    onSuccess: () => client.invalidateQueries({ queryKey: noticeKeys.all }),
  });
}
