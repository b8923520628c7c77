import { Button, Stack } from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import { useBatchFiles } from './useFiles';
import { navigate } from '../../router';
import { exportKeys } from './queries';
import { useAppStatus } from '../session/queries';
import { BATCH_GROUPS } from './batchAccess';

/**
 * For an exported payment (Paid tab, Invoice Details): a link to its batch and "Print remittance"
 * of its provider in that batch. Shows nothing for a payment that has not been exported.
 */
export function RemittanceLink({ paymentId, exported }: { paymentId: number; exported: boolean }) {
  const remittance = useQuery({
    queryKey: [...exportKeys.all, 'remittance', paymentId],
    queryFn: () => call('export-remittance-for-payment', { paymentId }),
    enabled: exported,
    retry: false,
  });
  const files = useBatchFiles();
  const groups = useAppStatus().data?.signedIn?.groups ?? [];
  // A Provider user cannot open a batch: its number is said, not linked.
  const mayOpen = groups.some((g) => BATCH_GROUPS.includes(g));
  const r = remittance.data;
  if (!exported || !r) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      {mayOpen ? (
        <Button size="small" onClick={() => navigate('exports', r.batchId)}>
          Batch {r.batchId}
        </Button>
      ) : (
        <span data-testid="batch-number">Batch {r.batchId}</span>
      )}
      <Button size="small" startIcon={<PrintIcon />} disabled={!r.exists} onClick={() => files.print({ batchId: r.batchId, kind: 'remittance', providerId: r.providerId })} title={r.exists ? undefined : 'The file is missing: regenerate the batch files'}>
        Print remittance
      </Button>
    </Stack>
  );
}
