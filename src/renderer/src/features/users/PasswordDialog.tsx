import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField } from '@mui/material';
import type { UserRow } from '../../../../shared/api/contract/users';
import { errorMessage } from '../../api/client';
import { useNotify } from '../../components/Notifier';
import { useResetPassword } from './mutations';

export function PasswordDialog({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const reset = useResetPassword();
  const notify = useNotify();
  // A fresh form for each user chosen.
  useEffect(() => {
    setPassword('');
    setRepeat('');
    reset.reset();
  }, [user]);
  const mismatch = repeat.length > 0 && repeat !== password;
  const ready = password.length >= 8 && repeat === password && !reset.isPending;
  const save = () =>
    user &&
    reset.mutate(
      { userId: user.id, password },
      {
        onSuccess: () => {
          notify('success', `The password of ${user.username} was reset.`);
          onClose();
        },
      },
    );
  return (
    <Dialog open={!!user} onClose={onClose} maxWidth="xs" fullWidth aria-labelledby="password-dialog-title">
      <DialogTitle id="password-dialog-title">Reset password</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <DialogContentText>A new password for {user?.displayName} ({user?.username}).</DialogContentText>
          <TextField label="New password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus
            error={password.length > 0 && password.length < 8} helperText="At least 8 characters." />
          <TextField label="Repeat" type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)}
            error={mismatch} helperText={mismatch ? 'The passwords differ.' : ' '} />
          {reset.isError && <Alert severity="error">{errorMessage(reset.error)}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={save} disabled={!ready}>
          Reset password
        </Button>
      </DialogActions>
    </Dialog>
  );
}
