import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { ReasonKind } from '../../../../shared/reference/settings';

// The Administrator's reference settings. 'periods' is the key the period selector reads, so a
// new year of periods shows up there at once.

export const refKeys = {
  rates: ['rates'] as const,
  settings: ['settings'] as const,
  reasons: ['reasons'] as const,
  agency: ['agency'] as const,
  exportFolder: ['export-folder'] as const,
  periods: ['periods'] as const,
};

export function useRateTables() {
  return useQuery({ queryKey: refKeys.rates, queryFn: () => call('rates-list', {}) });
}

export function useSettings() {
  return useQuery({ queryKey: refKeys.settings, queryFn: () => call('settings-get', {}) });
}

export function useReasons(kind: ReasonKind) {
  return useQuery({ queryKey: [...refKeys.reasons, kind], queryFn: () => call('reasons-list', { kind, includeInactive: true }) });
}

export function useAgency() {
  return useQuery({ queryKey: refKeys.agency, queryFn: () => call('agency-get', {}) });
}

export function useExportFolder() {
  return useQuery({ queryKey: refKeys.exportFolder, queryFn: () => call('export-folder-get', {}) });
}

export function usePeriods() {
  return useQuery({ queryKey: refKeys.periods, queryFn: () => call('periods-list', {}) });
}
