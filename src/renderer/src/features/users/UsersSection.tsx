import { useState } from 'react';
import {
  Alert, Box, Button, Chip, IconButton, Paper, Stack, Switch, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip, Typography,
} from '@mui/material';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import GroupsIcon from '@mui/icons-material/Groups';
import KeyIcon from '@mui/icons-material/Key';
import type { UserRow } from '../../../../shared/api/contract/users';
import type { SessionUser } from '../../../../shared/api/contract/session';
import { errorMessage } from '../../api/client';
import { useNotify } from '../../components/Notifier';
import { formatDate } from '../payments/columns';
import { useUsers } from './queries';
import { useSetActive } from './mutations';
import { UserDialog } from './UserDialog';
import { PasswordDialog } from './PasswordDialog';
import { NoticesPanel } from './NoticesPanel';

/** Settings > Users (Administrator): list, create, set groups, activate or deactivate, reset a password. */
export function UsersSection({ user: me }: { user: SessionUser }) {
  const users = useUsers();
  const setActive = useSetActive();
  const notify = useNotify();
  const [dialog, setDialog] = useState<{ user: UserRow | null } | null>(null);
  const [passwordFor, setPasswordFor] = useState<UserRow | null>(null);

  const toggleActive = (u: UserRow) =>
    setActive.mutate(
      { userId: u.id, active: !u.active },
      {
        onSuccess: (r) => notify('success', `${r.username} is ${r.active ? 'active again' : 'deactivated: they can no longer sign in'}.`),
        onError: (err) => notify('error', errorMessage(err)),
      },
    );

  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ alignItems: 'center' }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="h6" component="h2" sx={{ fontWeight: 600 }}>
            Users
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Who may sign in, and in which groups. A user may be in several groups.
          </Typography>
        </Box>
        <Button variant="contained" startIcon={<PersonAddIcon />} onClick={() => setDialog({ user: null })}>
          Add user
        </Button>
      </Stack>
      <NoticesPanel />
      {users.isError && <Alert severity="error">{errorMessage(users.error)}</Alert>}
      <TableContainer component={Paper} variant="outlined">
        <Table size="small" aria-label="Users" sx={{ '& th, & td.nowrap': { whiteSpace: 'nowrap' } }}>
          <TableHead>
            <TableRow>
              <TableCell>User name</TableCell>
              <TableCell>Full name</TableCell>
              <TableCell>Groups</TableCell>
              <TableCell>Provider</TableCell>
              <TableCell>Created</TableCell>
              <TableCell>Active</TableCell>
              <TableCell align="right">Manage</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(users.data ?? []).map((u) => (
              <TableRow key={u.id} hover sx={{ opacity: u.active ? 1 : 0.6 }} data-testid={`user-${u.username}`}>
                <TableCell sx={{ fontWeight: 600 }} className="nowrap">
                  {u.username}
                </TableCell>
                <TableCell>{u.displayName}</TableCell>
                <TableCell>
                  <Stack direction="row" sx={{ gap: 0.5, flexWrap: 'wrap' }}>
                    {u.groups.map((g) => (
                      <Chip key={g} size="small" label={g} variant="outlined" />
                    ))}
                  </Stack>
                </TableCell>
                <TableCell>{u.providerName ?? ''}</TableCell>
                <TableCell className="nowrap">{formatDate(u.createdAt)}</TableCell>
                <TableCell>
                  <Tooltip title={u.id === me.id ? 'You cannot deactivate yourself.' : u.active ? 'Deactivate' : 'Activate'}>
                    <span>
                      <Switch
                        size="small"
                        checked={u.active}
                        disabled={u.id === me.id || setActive.isPending}
                        onChange={() => toggleActive(u)}
                        slotProps={{ input: { 'aria-label': `${u.username} active` } }}
                      />
                    </span>
                  </Tooltip>
                </TableCell>
                <TableCell align="right" className="nowrap">
                  <Tooltip title="Set groups">
                    <IconButton size="small" aria-label={`Set groups of ${u.username}`} onClick={() => setDialog({ user: u })}>
                      <GroupsIcon fontSize="small" />
                    </IconButton>
                  </Tooltip>
                  <Tooltip title="Reset password">
                    <IconButton size="small" aria-label={`Reset password of ${u.username}`} onClick={() => setPasswordFor(u)}>
                      <KeyIcon fontSize="small" />
                    </IconButton>
                  </Tooltip>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <UserDialog open={dialog !== null} user={dialog?.user ?? null} onClose={() => setDialog(null)} />
      <PasswordDialog user={passwordFor} onClose={() => setPasswordFor(null)} />
    </Stack>
  );
}
