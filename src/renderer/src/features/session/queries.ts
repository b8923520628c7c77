import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';

export const appStatusKey = ['app-status'] as const;

export function useAppStatus() {
  return useQuery({ queryKey: appStatusKey, queryFn: () => call('app-status', {}) });
}
