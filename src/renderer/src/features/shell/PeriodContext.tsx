import { fileDate } from '../../../../shared/format';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { ServicePeriod } from '../../../../shared/api/contract/reference';

interface PeriodState {
  periods: ServicePeriod[];
  period: ServicePeriod | null;
  setPeriodId: (id: number) => void;
}

const PeriodContext = createContext<PeriodState>({ periods: [], period: null, setPeriodId: () => undefined });
const STORAGE_KEY = 'paydesk.periodId';

export function usePeriodsQuery() {
  return useQuery({ queryKey: ['periods'], queryFn: () => call('periods-list', {}) });
}

/** The service period every Provider Payments view follows; remembered between sessions. */
export function PeriodProvider({ children }: { children: ReactNode }) {
  const { data: periods = [] } = usePeriodsQuery();
  // The core picks the default by its own clock and data (the latest started period with payments).
  const { data: fallback, isError } = useQuery({ queryKey: ['periods', 'default'], queryFn: () => call('periods-default', {}) });
  const [periodId, setPeriodId] = useState<number | null>(() => Number(localStorage.getItem(STORAGE_KEY)) || null);
  useEffect(() => {
    if (periods.length === 0 || (!fallback && !isError)) return;
    if (periodId && periods.some((p) => p.id === periodId)) return;
    // Without the core's answer: the newest period that has started here (periods come newest first).
    const today = fileDate(new Date()); // the agency's date (src/shared/format)
    setPeriodId(fallback?.periodId ?? (periods.find((p) => p.startDate <= today) ?? periods[periods.length - 1]).id);
  }, [periods, periodId, fallback, isError]);
  const value = useMemo<PeriodState>(
    () => ({
      periods,
      period: periods.find((p) => p.id === periodId) ?? null,
      setPeriodId: (id) => {
        localStorage.setItem(STORAGE_KEY, String(id));
        setPeriodId(id);
      },
    }),
    [periods, periodId],
  );
  return <PeriodContext.Provider value={value}>{children}</PeriodContext.Provider>;
}

export function usePeriod() {
  return useContext(PeriodContext);
}
