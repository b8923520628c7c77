import { useState, type FormEvent } from 'react';
import { Alert, AlertTitle, Box, Button, Checkbox, FormControlLabel, Stack, TextField, Typography } from '@mui/material';
import type { ServerProbe } from '../../../../shared/api/desktop';
import { desktopApi, startOver } from '../../api/client';

// Connect the desktop to a PayDesk server (DESIGN.md section 7). The address is checked first: the
// main process looks at the server's certificate and sends nothing. A self-signed certificate's
// SHA-256 fingerprint is shown to compare with the one the server's administrator gave (the
// server prints it, Settings shows it); once the user says they match, it is pinned. A server that
// later shows another certificate is refused, and the warning names both fingerprints.

/** A fingerprint in lines of 16 pairs, easier to compare with another by eye. */
export function Fingerprint({ value, testId }: { value: string; testId?: string }) {
  const pairs = value.split(':');
  const lines = [];
  // Each line but the last ends with its colon: read (or copied) across the lines, it is the whole fingerprint.
  for (let i = 0; i < pairs.length; i += 16) lines.push(pairs.slice(i, i + 16).join(':') + (i + 16 < pairs.length ? ':' : ''));
  return (
    <Box
      component="code"
      data-testid={testId}
      aria-label={`SHA-256 fingerprint ${value}`}
      sx={{ display: 'block', fontFamily: 'monospace', fontSize: 13, lineHeight: 1.6, bgcolor: 'action.hover', borderRadius: 1, px: 1.5, py: 1, my: 1, wordBreak: 'break-all' }}
    >
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </Box>
  );
}

export function ConnectServerForm({ onCancel }: { onCancel?: () => void }) {
  const desktop = desktopApi();
  const [address, setAddress] = useState('');
  const [probe, setProbe] = useState<ServerProbe | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmedNew, setConfirmedNew] = useState(false);
  if (!desktop) return null;

  const check = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setProbe(null);
    setConfirmedNew(false);
    const result = await desktop.probeServer(address);
    setBusy(false);
    if (result.ok) setProbe(result.value);
    else setError(result.error.message);
  };

  const connect = async (replace = false) => {
    if (!probe) return;
    setBusy(true);
    setError(null);
    const fingerprint = probe.status === 'trusted' ? null : probe.fingerprint;
    const result = await desktop.connectServer(probe.origin, fingerprint, replace);
    if (result.ok) return startOver();
    setBusy(false);
    setError(result.error.message);
  };

  return (
    <Stack spacing={2} data-testid="connect-server">
      <Stack component="form" direction="row" spacing={1} onSubmit={check} aria-label="Connect to a PayDesk server" sx={{ alignItems: 'flex-start' }}>
        <TextField
          label="Server address"
          placeholder="https://paydesk.agency.local:8443"
          value={address}
          onChange={(e) => {
            setAddress(e.target.value);
            setProbe(null);
          }}
          required
          fullWidth
          size="small"
          helperText="The address the server's administrator gave you"
          slotProps={{ htmlInput: { 'data-testid': 'server-address', spellCheck: false } }}
        />
        <Button type="submit" variant="outlined" disabled={busy || address.trim() === ''} sx={{ whiteSpace: 'nowrap', mt: '1px', height: 40 }}>
          Check
        </Button>
      </Stack>

      {probe?.status === 'new' && (
        <Alert severity="info" data-testid="server-new">
          <AlertTitle>Compare the certificate's fingerprint</AlertTitle>
          The server at <b>{probe.origin}</b> has its own (self-signed) certificate. Check that its SHA-256 fingerprint is the one the server's
          administrator gave you ("paydesk serve" prints it; Settings shows it on the server):
          <Fingerprint value={probe.fingerprint} testId="server-fingerprint" />
          If they match, PayDesk remembers this certificate and refuses any other one this server might show later.
        </Alert>
      )}
      {probe?.status === 'pinned' && (
        <Alert severity="success" data-testid="server-pinned">
          The server at <b>{probe.origin}</b> shows the certificate this computer pinned at its first contact.
          <Fingerprint value={probe.fingerprint} testId="server-fingerprint" />
        </Alert>
      )}
      {probe?.status === 'trusted' && (
        <Alert severity="success" data-testid="server-trusted">
          The certificate of <b>{probe.origin}</b> is vouched for by an authority this computer trusts.
          <Fingerprint value={probe.fingerprint} testId="server-fingerprint" />
        </Alert>
      )}
      {probe?.status === 'changed' && (
        <Alert severity="error" data-testid="server-changed">
          <AlertTitle>Warning: this server's certificate has changed</AlertTitle>
          <Typography variant="body2">
            The server at <b>{probe.origin}</b> shows another certificate than the one pinned at the first contact. Someone may be intercepting
            the connection, or the server has a new certificate. Nothing was sent to it.
          </Typography>
          <Typography variant="body2" sx={{ mt: 1 }}>Pinned at the first contact:</Typography>
          <Fingerprint value={probe.pinned ?? ''} testId="server-pinned-fingerprint" />
          <Typography variant="body2">Shown now:</Typography>
          <Fingerprint value={probe.fingerprint} testId="server-fingerprint" />
          <Typography variant="body2">Ask the server's administrator for its fingerprint. Replace the pinned certificate only if they confirm this new one.</Typography>
          <FormControlLabel
            sx={{ mt: 1 }}
            control={<Checkbox size="small" checked={confirmedNew} onChange={(e) => setConfirmedNew(e.target.checked)} />}
            label={<Typography variant="body2">The administrator confirmed this new fingerprint</Typography>}
          />
        </Alert>
      )}

      {error && (
        <Alert severity="error" role="alert" data-testid="connect-error" sx={{ wordBreak: 'break-word' }}>
          {error}
        </Alert>
      )}

      <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
        {onCancel && (
          <Button onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        )}
        {probe && probe.status !== 'changed' && (
          <Button variant="contained" onClick={() => void connect()} disabled={busy} data-testid="server-connect">
            {probe.status === 'new' ? 'The fingerprints match: connect' : 'Connect'}
          </Button>
        )}
        {probe?.status === 'changed' && (
          <Button variant="outlined" color="error" onClick={() => void connect(true)} disabled={busy || !confirmedNew} data-testid="server-replace">
            Replace the pinned certificate and connect
          </Button>
        )}
      </Stack>
    </Stack>
  );
}
