import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import { backupKeys } from './queries';

export function useBackupNow() {
  const client = useQueryClient();
  return useMutation({ mutationFn: () => call('backup-now', {}), onSuccess: () => client.invalidateQueries({ queryKey: backupKeys.all }) });
}

/** A restore replaces the whole database: every screen's data is read again (kept on screen meanwhile). */
export function useRestore() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (name: string) => call('backup-restore', { name }), onSuccess: () => client.invalidateQueries() });
}
