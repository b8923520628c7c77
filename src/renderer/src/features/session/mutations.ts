import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call, desktopApi, startOver } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';

/** Signing in or out changes what every screen may show: drop all cached data. */
function useResetAll() {
  const client = useQueryClient();
  return () => client.resetQueries();
}

export function useLogin() {
  const reset = useResetAll();
  return useMutation({ mutationFn: (args: HandlerArgs<'session-login'>) => call('session-login', args), onSuccess: reset });
}

export function useLogout() {
  const reset = useResetAll();
  return useMutation({ mutationFn: () => call('session-logout', {}), onSuccess: reset });
}

export function useCreateAdministrator() {
  const reset = useResetAll();
  return useMutation({
    mutationFn: (args: HandlerArgs<'setup-create-administrator'>) => call('setup-create-administrator', args),
    onSuccess: reset,
  });
}

export function useOpenDemo() {
  const reset = useResetAll();
  // The desktop starts the page again: its app bar names the file it works on, now the demo's.
  return useMutation({ mutationFn: () => call('setup-open-demo', {}), onSuccess: () => (desktopApi() ? startOver() : reset()) });
}
