import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';
import { exportKeys } from './queries';

function useRefresh() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: exportKeys.all }), client.invalidateQueries({ queryKey: ['payments'] })]);
}

export function useRunExport() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (args: HandlerArgs<'export-run'>) => call('export-run', args), onSettled: refresh });
}

export function useRegenerate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (batchId: number) => call('export-regenerate', { batchId }),
    onSuccess: (detail) => client.setQueryData(exportKeys.batch(detail.batch.id), detail),
  });
}

export function useImportConfirmation() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (args: HandlerArgs<'export-import-confirmation'>) => call('export-import-confirmation', args),
    onSuccess: refresh,
  });
}

export function useRequestRelease() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (args: HandlerArgs<'export-release-request'>) => call('export-release-request', args), onSettled: refresh });
}

export function useRelease() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (releaseId: number) => call('export-release', { releaseId }), onSettled: refresh });
}

export function useCancelRelease() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (releaseId: number) => call('export-release-cancel', { releaseId }), onSettled: refresh });
}
