import { useEffect, useState } from 'react';
import {
  Alert, Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, FormGroup, FormHelperText, FormLabel, Stack, TextField,
} from '@mui/material';
import { GROUPS, type Group } from '../../../../shared/domain/words';
import type { UserRow } from '../../../../shared/api/contract/users';
import { errorMessage } from '../../api/client';
import { useNotify } from '../../components/Notifier';
import { ProviderPicker, type PickedProvider } from './ProviderPicker';
import { useCreateUser, useSetGroups } from './mutations';

const GROUP_HINTS: Record<Group, string> = {
  Provider: 'submits attendance for one provider',
  Approver: 'reviews, calculates and authorizes',
  Payor: 'pays, exports, returns to approval',
  Administrator: 'manages users and settings; takes no workflow action',
};

/** Create a user, or change an existing user's groups (and the provider of a Provider-group user). */
export function UserDialog(props: { open: boolean; user: UserRow | null; onClose: () => void }) {
  const editing = props.user;
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [groups, setGroups] = useState<Group[]>([]);
  const [provider, setProvider] = useState<PickedProvider | null>(null);
  const create = useCreateUser();
  const setGroupsMutation = useSetGroups();
  const notify = useNotify();
  const pending = create.isPending || setGroupsMutation.isPending;
  const error = create.error ?? setGroupsMutation.error;

  // The form starts afresh each time the dialog opens.
  useEffect(() => {
    if (!props.open) return;
    create.reset();
    setGroupsMutation.reset();
    setUsername(editing?.username ?? '');
    setDisplayName(editing?.displayName ?? '');
    setPassword('');
    setGroups(editing?.groups ?? []);
    setProvider(editing?.providerId ? { id: editing.providerId, name: editing.providerName ?? '', licenseNumber: '' } : null);
  }, [props.open, editing]);

  const needsProvider = groups.includes('Provider');
  // A Provider-group user belongs to no other group: choosing one side clears the other.
  const toggle = (g: Group) =>
    setGroups((gs) => {
      if (gs.includes(g)) return gs.filter((x) => x !== g);
      return g === 'Provider' ? ['Provider'] : [...gs.filter((x) => x !== 'Provider'), g];
    });
  const ready = groups.length > 0 && (!needsProvider || provider) && (editing || (username.trim() && displayName.trim() && password.length >= 8));
  const done = (message: string) => {
    notify('success', message);
    props.onClose();
  };
  const save = () => {
    const providerId = needsProvider ? (provider?.id ?? null) : null;
    if (editing) {
      setGroupsMutation.mutate(
        { userId: editing.id, groups, providerId },
        { onSuccess: (u) => done(`${u.username} is now in ${u.groups.join(', ')}.`) },
      );
    } else {
      create.mutate(
        { username: username.trim(), displayName: displayName.trim(), password, groups, providerId },
        { onSuccess: (u) => done(`User ${u.username} created.`) },
      );
    }
  };

  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="sm" fullWidth aria-labelledby="user-dialog-title">
      <DialogTitle id="user-dialog-title">{editing ? `Groups of ${editing.username}` : 'New user'}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {!editing && (
            <>
              <TextField label="User name" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus
                helperText="Letters, digits, dot, dash, underscore (at least 3)." />
              <TextField label="Full name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
              <TextField label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required
                error={password.length > 0 && password.length < 8} helperText="At least 8 characters. Tell the user in person, never by e-mail." />
            </>
          )}
          <div>
            <FormLabel component="legend" required>
              Groups
            </FormLabel>
            <FormGroup>
              {GROUPS.map((g) => (
                <FormControlLabel
                  key={g}
                  control={<Checkbox checked={groups.includes(g)} onChange={() => toggle(g)} />}
                  label={`${g} — ${GROUP_HINTS[g]}`}
                />
              ))}
            </FormGroup>
            <FormHelperText>
              {groups.length === 0 ? 'Choose at least one group.' : 'A Provider-group user is in no other group: staff work needs a separate account.'}
            </FormHelperText>
          </div>
          {needsProvider && <ProviderPicker value={provider} onChange={setProvider} error={provider ? undefined : 'Choose the provider this user works for.'} />}
          {error && <Alert severity="error">{errorMessage(error)}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button variant="contained" onClick={save} disabled={!ready || pending}>
          {editing ? 'Save groups' : 'Create user'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
