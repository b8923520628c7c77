import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';

// Export batches and the export preview. Keys start with 'exports'; a run or a confirmation file
// also changes payments, so mutations refresh 'payments' too.

export const exportKeys = {
  all: ['exports'] as const,
  list: (periodId: number | null) => ['exports', 'list', periodId] as const,
  batch: (id: number) => ['exports', 'batch', id] as const,
  preview: (periodId: number, payorId: number) => ['exports', 'preview', periodId, payorId] as const,
  attention: ['exports', 'attention'] as const,
};

/** Releases waiting, batches whose files failed, items left out and money alerts (the Exports page's banners). */
export function useExportAttention() {
  return useQuery({ queryKey: exportKeys.attention, queryFn: () => call('export-attention', {}), staleTime: 0 });
}

export function fetchBatchesPage(args: HandlerArgs<'export-batches-list'>) {
  return call('export-batches-list', args);
}

export function useBatch(id: number) {
  return useQuery({ queryKey: exportKeys.batch(id), queryFn: () => call('export-batch-get', { batchId: id }) });
}

/** What a run would export now; always fetched fresh (another user may have changed items). */
export function useExportPreview(periodId: number | null, payorId: number | null, enabled: boolean) {
  return useQuery({
    queryKey: exportKeys.preview(periodId ?? 0, payorId ?? 0),
    queryFn: () => call('export-preview', { periodId: periodId!, payorId: payorId! }),
    enabled: enabled && !!periodId && !!payorId,
    staleTime: 0,
    gcTime: 0,
  });
}

export function usePayorList() {
  return useQuery({ queryKey: ['payors'], queryFn: () => call('payors-list', {}), staleTime: 60_000 });
}
