import { useState } from 'react';
import { Button, IconButton, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import type { AuthorizationRow, ChildDetail } from '../../../../shared/api/contract/reference';
import { formatCents } from '../../../../shared/domain/money';
import { CARE_LEVEL_LABELS, localToday } from '../../components/referenceLabels';
import { useNotify } from '../../components/Notifier';
import { errorMessage } from '../../api/client';
import { navigate } from '../../router';
import { useDeleteAuthorization } from './mutations';
import { AuthorizationDialog } from './AuthorizationDialog';
import { formatDate } from '../../../../shared/format';

/** The child's authorizations (subsidy certificates), newest first, with add, edit and delete for Administrators. */
export function AuthorizationsPanel({ child, admin }: { child: ChildDetail; admin: boolean }) {
  const [editing, setEditing] = useState<AuthorizationRow | 'new' | null>(null);
  const remove = useDeleteAuthorization();
  const notify = useNotify();
  const today = localToday();
  const rows = [...child.authorizations].sort((a, b) => b.startDate.localeCompare(a.startDate) || a.providerName.localeCompare(b.providerName));
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, flex: 1 }}>
          Authorizations
        </Typography>
        {admin && (
          <Button startIcon={<AddIcon />} onClick={() => setEditing('new')}>
            Add authorization
          </Button>
        )}
      </Stack>
      {rows.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No authorizations: the child is not paid for at any provider.
        </Typography>
      ) : (
        <Table size="small" aria-label="Authorizations">
          <TableHead>
            <TableRow>
              <TableCell>Provider</TableCell>
              <TableCell>License</TableCell>
              <TableCell>Start</TableCell>
              <TableCell>End</TableCell>
              <TableCell>Care level</TableCell>
              <TableCell align="right">Days / week</TableCell>
              <TableCell align="right">Co-payment</TableCell>
              {admin && <TableCell sx={{ width: 96 }} />}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((a) => (
              <TableRow key={a.id} hover sx={{ opacity: a.endDate < today ? 0.6 : 1 }}>
                <TableCell>
                  <Button size="small" sx={{ p: 0, minWidth: 0, textTransform: 'none' }} onClick={() => navigate('providers', a.providerId)}>
                    {a.providerName}
                  </Button>
                </TableCell>
                <TableCell>{a.licenseNumber}</TableCell>
                <TableCell>{a.startDate}</TableCell>
                <TableCell>{a.endDate}</TableCell>
                <TableCell>{CARE_LEVEL_LABELS[a.careLevel]}</TableCell>
                <TableCell align="right">{a.daysPerWeek}</TableCell>
                <TableCell align="right">{formatCents(a.copayCents)}</TableCell>
                {admin && (
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    <Tooltip title="Edit">
                      <IconButton size="small" aria-label={`Edit authorization at ${a.providerName} from ${a.startDate}`} onClick={() => setEditing(a)}>
                        <EditIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                    <Tooltip title="Delete (only while no payment rests on it)">
                      <IconButton
                        size="small"
                        aria-label={`Delete authorization at ${a.providerName} from ${a.startDate}`}
                        disabled={remove.isPending}
                        onClick={() => {
                          if (!window.confirm(`Delete the authorization at ${a.providerName} (${formatDate(a.startDate)} – ${formatDate(a.endDate)})?`)) return;
                          remove.mutate(a.id, {
                            onSuccess: () => notify('success', 'Authorization deleted.'),
                            onError: (err) => notify('error', errorMessage(err)),
                          });
                        }}
                      >
                        <DeleteIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {editing && <AuthorizationDialog child={child} authorization={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Paper>
  );
}
