import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { useLogin } from './mutations';
import { errorMessage, serverOrigin } from '../../api/client';

export function SignInPage({ isDemo, databasePath, locked, signedOutBecause, readOnly }: {
  isDemo: boolean;
  databasePath: string;
  locked?: string;
  /** Why the core ended the session (account disabled, password changed, idle). */
  signedOutBecause?: string | null;
  readOnly?: string | null;
}) {
  const [username, setUsername] = useState(locked ?? '');
  const [password, setPassword] = useState('');
  const login = useLogin();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ username, password });
  };
  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', bgcolor: 'background.default' }}>
      <Paper component="form" onSubmit={submit} sx={{ p: 4, width: 400 }} elevation={2} aria-label="Sign in">
        <Typography variant="h5" sx={{ fontWeight: 600 }}>
          PayDesk
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 3 }}>
          {locked ? 'Locked after a period without activity. Sign in again to continue.' : 'Sign in to the finance back office'}
        </Typography>
        <Stack spacing={2}>
          {signedOutBecause && !locked && <Alert severity="warning" data-testid="signed-out-because">{signedOutBecause}</Alert>}
          {readOnly && <Alert severity="error">The database is read-only: {readOnly}</Alert>}
          <TextField label="User name" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus={!locked} required
            disabled={!!locked} slotProps={{ htmlInput: { 'data-testid': 'username' } }} />
          <TextField label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus={!!locked}
            required slotProps={{ htmlInput: { 'data-testid': 'password' } }} />
          {login.isError && <Alert severity="error" role="alert" data-testid="sign-in-error">{errorMessage(login.error)}</Alert>}
          <Button type="submit" variant="contained" disabled={login.isPending}>
            Sign in
          </Button>
          {isDemo && (
            <Alert severity="info">
              Demo database: sign in as <b>approver</b>, <b>payor</b>, <b>finance</b>, <b>provider</b> or <b>admin</b> with the password <b>demo1234</b>.
            </Alert>
          )}
          <Typography variant="caption" color="text.secondary" sx={{ wordBreak: 'break-all' }} data-testid="sign-in-where">
            {serverOrigin() ? `PayDesk server: ${serverOrigin()}` : `Database: ${databasePath}`}
          </Typography>
        </Stack>
      </Paper>
    </Box>
  );
}
