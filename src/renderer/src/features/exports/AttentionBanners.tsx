import { Alert, AlertTitle, Button, Stack, Typography } from '@mui/material';
import { formatCents } from '../../../../shared/domain/money';
import type { SessionUser } from '../../../../shared/api/contract/session';
import { errorMessage } from '../../api/client';
import { navigate } from '../../router';
import { useCancelRelease, useRelease } from './mutations';
import { useExportAttention } from './queries';

/**
 * The Exports page's banners (export-attention): money that differs from the audit trail (for an
 * administrator), committed batches whose files could not be written, and batches above the
 * batch limit waiting for a second Payor's release (released or withdrawn here).
 */
export function AttentionBanners({ user }: { user: SessionUser }) {
  const attention = useExportAttention();
  const release = useRelease();
  const cancel = useCancelRelease();
  const a = attention.data;
  if (!a) return null;
  const payor = user.groups.includes('Payor');
  return (
    <Stack spacing={1} sx={{ mb: 2 }}>
      {a.alerts.length > 0 && (
        <Alert severity="error" data-testid="money-alerts">
          <AlertTitle>
            {a.alerts.length === 1 ? 'One provider is' : `${a.alerts.length} providers are`} left out: the money differs from the audit trail — tell an
            administrator
          </AlertTitle>
          {a.alerts.map((l) => (
            <Typography key={`${l.period.id}-${l.payor.id}-${l.providerId}-${l.reason}`} variant="body2">
              {l.period.label}, {l.payor.name}: {l.providerName} — {l.message}
            </Typography>
          ))}
        </Alert>
      )}
      {a.failedBatches.map((f) => (
        <Alert
          key={f.batchId}
          severity="error"
          data-testid="failed-batch"
          action={
            <Button color="inherit" size="small" onClick={() => navigate('exports', f.batchId)}>
              Open batch
            </Button>
          }
        >
          Batch {f.batchId} ({f.period.label}, {f.payor.name}) is committed but its files could not be written: {f.error}. They are tried again at every
          start, or now with Regenerate files.
        </Alert>
      ))}
      {a.releases.map((r) => (
        <Alert
          key={r.id}
          severity="info"
          data-testid="release-waiting"
          action={
            payor && (
              <Stack direction="row" spacing={1}>
                {r.requestedBy !== user.username && (
                  <Button color="inherit" size="small" disabled={release.isPending} onClick={() => release.mutate(r.id, { onSuccess: (d) => navigate('exports', d.batch.id) })}>
                    Release and export
                  </Button>
                )}
                <Button color="inherit" size="small" disabled={cancel.isPending} onClick={() => cancel.mutate(r.id)}>
                  Withdraw
                </Button>
              </Stack>
            )
          }
        >
          {r.period.label}, {r.payor.name}: {r.itemCount} items, {formatCents(r.totalCents)} — above the batch limit of {formatCents(r.limitCents)}; {r.requestedBy}{' '}
          asked for its release, which a second Payor gives.
        </Alert>
      ))}
      {release.isError && <Alert severity="error">{errorMessage(release.error)}</Alert>}
      {cancel.isError && <Alert severity="error">{errorMessage(cancel.error)}</Alert>}
    </Stack>
  );
}
