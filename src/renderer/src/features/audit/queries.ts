import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';

// The audit trail's key and its verification, for Administrators (Settings → Audit trail).

export const auditKeys = { status: ['audit', 'key-status'] as const };

export function useAuditKeyStatus() {
  return useQuery({ queryKey: auditKeys.status, queryFn: () => call('audit-key-status', {}) });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => call('audit-verify', {}) });
}

export function useExportAuditKey() {
  const client = useQueryClient();
  return useMutation({ mutationFn: () => call('audit-key-export', {}), onSettled: () => client.invalidateQueries({ queryKey: auditKeys.status }) });
}
