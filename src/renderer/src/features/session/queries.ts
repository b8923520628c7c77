import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import { setFormatContext } from '../../../../shared/format';

export const appStatusKey = ['app-status'] as const;

export function useAppStatus() {
  return useQuery({
    queryKey: appStatusKey,
    queryFn: async () => {
      const status = await call('app-status', {});
      // Every screen writes dates in the agency's time zone and locale (src/shared/format).
      setFormatContext({ timeZone: status.timeZone, locale: status.locale });
      return status;
    },
  });
}
