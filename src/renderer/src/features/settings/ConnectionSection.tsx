import { Alert, Stack, Typography } from '@mui/material';
import { serverOrigin } from '../../api/client';
import { useAppStatus } from '../session/queries';

/**
 * Where this window works: a PayDesk server (its address and its certificate's SHA-256
 * fingerprint, to compare with the one the server printed at its start) or a local database file.
 */
export function ConnectionSection() {
  const status = useAppStatus();
  const origin = serverOrigin();
  const fingerprint = status.data?.server?.certificateFingerprint;
  if (!origin) {
    return (
      <Stack spacing={1} data-testid="connection-settings">
        <Typography>This window works on a database file on this computer:</Typography>
        <Typography sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{status.data?.databasePath ?? '—'}</Typography>
      </Stack>
    );
  }
  return (
    <Stack spacing={1.5} data-testid="connection-settings" sx={{ maxWidth: 760 }}>
      <Typography>
        Connected to the PayDesk server at <b>{origin}</b>.
      </Typography>
      <Typography variant="subtitle2">Its certificate's SHA-256 fingerprint</Typography>
      <Typography data-testid="server-fingerprint" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
        {fingerprint ?? '—'}
      </Typography>
      <Alert severity="info">
        Compare it with the fingerprint the server printed when it started (or your IT department gave you). If they differ, sign
        out and tell IT before you enter anything.
      </Alert>
    </Stack>
  );
}
