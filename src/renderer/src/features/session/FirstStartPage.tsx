import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Divider, Paper, Stack, TextField, Typography } from '@mui/material';
import DnsIcon from '@mui/icons-material/DnsOutlined';
import { useCreateAdministrator, useOpenDemo } from './mutations';
import { desktopApi, errorMessage } from '../../api/client';
import { ConnectServerForm } from './ConnectServer';

/**
 * First start: no user yet. Create the administrator, or look around in the demo database; on the
 * desktop, or connect to the agency's PayDesk server instead of a database on this computer.
 */
export function FirstStartPage({ databasePath }: { databasePath: string }) {
  const [connecting, setConnecting] = useState(false);
  if (connecting) return <ConnectPanel onBack={() => setConnecting(false)} />;
  return <LocalPanel databasePath={databasePath} onConnect={desktopApi() ? () => setConnecting(true) : undefined} />;
}

function ConnectPanel({ onBack }: { onBack: () => void }) {
  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
      <Paper sx={{ p: 4, width: 620 }} elevation={2}>
        <Typography variant="h5" sx={{ fontWeight: 600 }}>
          Connect to a PayDesk server
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 3 }}>
          The agency's team works on one PayDesk server: every desktop connects to it, and you sign in with the user name and password the
          server's administrator gave you. Nothing is kept on this computer but the server's address and its certificate's fingerprint.
        </Typography>
        <ConnectServerForm onCancel={onBack} />
      </Paper>
    </Box>
  );
}

function LocalPanel({ databasePath, onConnect }: { databasePath: string; onConnect?: () => void }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const create = useCreateAdministrator();
  const demo = useOpenDemo();
  const mismatch = repeat.length > 0 && repeat !== password;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mismatch) create.mutate({ username, displayName, password });
  };
  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
      <Paper sx={{ p: 4, width: 520 }} elevation={2}>
        <Typography variant="h5" sx={{ fontWeight: 600 }}>
          Welcome to PayDesk
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 3 }}>
          This database is new ({databasePath}). Create the administrator who will add the finance staff, or open the demo
          database to try PayDesk with realistic sample data.
        </Typography>
        <Stack component="form" spacing={2} onSubmit={submit} aria-label="Create administrator">
          <TextField label="User name" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
          <TextField label="Full name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
          <TextField label="Password (at least 8 characters)" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          <TextField label="Repeat password" type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required
            error={mismatch} helperText={mismatch ? 'The passwords differ' : ' '} />
          {create.isError && <Alert severity="error">{errorMessage(create.error)}</Alert>}
          <Button type="submit" variant="contained" disabled={create.isPending || mismatch}>
            Create administrator
          </Button>
        </Stack>
        <Divider sx={{ my: 3 }}>or</Divider>
        {demo.isError && <Alert severity="error" sx={{ mb: 2 }}>{errorMessage(demo.error)}</Alert>}
        <Button fullWidth variant="outlined" onClick={() => demo.mutate()} disabled={demo.isPending}>
          {demo.isPending ? 'Preparing the demo database…' : 'Open the demo database'}
        </Button>
        {onConnect && (
          <Button fullWidth variant="outlined" startIcon={<DnsIcon />} onClick={onConnect} sx={{ mt: 1.5 }} data-testid="first-start-connect">
            Connect to a PayDesk server
          </Button>
        )}
      </Paper>
    </Box>
  );
}
