import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';

export const backupKeys = { all: ['backups'] as const };

export function useBackups() {
  return useQuery({ queryKey: backupKeys.all, queryFn: () => call('backups-list', {}) });
}
