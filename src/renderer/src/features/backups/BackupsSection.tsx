import { useState } from 'react';
import {
  Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, Table, TableBody, TableCell, TableContainer,
  TableHead, TableRow, Typography,
} from '@mui/material';
import BackupIcon from '@mui/icons-material/Backup';
import RestoreIcon from '@mui/icons-material/Restore';
import type { BackupRow } from '../../../../shared/api/contract/backups';
import { errorMessage } from '../../api/client';
import { useNotify } from '../../components/Notifier';
import { SectionFrame } from '../reference-settings/SectionFrame';
import { formatBytes, formatWhen } from '../exports/format';
import { useBackupNow, useRestore } from './mutations';
import { useBackups } from './queries';

/**
 * Settings > Backups (Administrator): the database's backups, newest first, each with the check
 * made after writing it; back up now; restore one (checked again first; the database it replaces
 * is kept aside). Also the way out of read-only mode.
 */
export function BackupsSection() {
  const backups = useBackups();
  const backupNow = useBackupNow();
  const restore = useRestore();
  const notify = useNotify();
  const [confirm, setConfirm] = useState<BackupRow | null>(null);
  const list = backups.data;

  const makeOne = () =>
    backupNow.mutate(undefined, {
      onSuccess: (r) => notify('success', `Backed up as ${r.name} (${formatBytes(r.bytes)}, ${r.events} audit events verified).${r.removed.length ? ` Removed the oldest: ${r.removed.join(', ')}.` : ''}`),
      onError: (err) => notify('error', errorMessage(err)),
    });
  const restoreOne = (b: BackupRow) =>
    restore.mutate(b.name, {
      onSuccess: (r) => {
        setConfirm(null);
        notify('success', `Restored ${r.restored}.${r.keptAs ? ` The database it replaced is kept as ${r.keptAs}.` : ''}`);
      },
      onError: (err) => notify('error', errorMessage(err)),
    });

  return (
    <SectionFrame
      title="Backups"
      hint={`A backup is made every day (and whenever you press Back up now), checked right after it is written, and the newest ${list?.generations ?? '…'} are kept (change it under Calculation and workflow). Restoring replaces the database with a backup after checking it; the database it replaces is kept in the same folder.`}
      actions={
        <Button variant="contained" startIcon={<BackupIcon />} onClick={makeOne} disabled={backupNow.isPending || Boolean(list?.byServer)}>
          {backupNow.isPending ? 'Backing up…' : 'Back up now'}
        </Button>
      }
    >
      {backups.isError && <Alert severity="error">{errorMessage(backups.error)}</Alert>}
      {list?.byServer && <Alert severity="info">{list.byServer}</Alert>}
      {list && !list.byServer && (
        <Stack spacing={1.5}>
          <Typography variant="body2" color="text.secondary" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="backup-folder">
            {list.folder}
          </Typography>
          {list.backups.length === 0 ? (
            <Alert severity="info">No backup yet. The first one is made within a minute of the app starting, or now with Back up now.</Alert>
          ) : (
            <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 1 }}>
              <Table size="small" aria-label="Backups">
                <TableHead>
                  <TableRow>
                    <TableCell>Made</TableCell>
                    <TableCell>File</TableCell>
                    <TableCell align="right">Size</TableCell>
                    <TableCell>Check</TableCell>
                    <TableCell />
                  </TableRow>
                </TableHead>
                <TableBody>
                  {list.backups.map((b) => (
                    <TableRow key={b.name}>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatWhen(b.createdAt)}</TableCell>
                      <TableCell sx={{ fontFamily: 'monospace' }}>{b.name}</TableCell>
                      <TableCell align="right">{formatBytes(b.bytes)}</TableCell>
                      <TableCell sx={{ color: b.checked && !b.checked.ok ? 'error.main' : undefined }}>
                        {b.checked ? (b.checked.ok ? `Sound; ${b.checked.events} audit events verify` : b.checked.problems.join(' ')) : 'Not checked yet'}
                      </TableCell>
                      <TableCell align="right">
                        <Button size="small" startIcon={<RestoreIcon />} onClick={() => setConfirm(b)} aria-label={`Restore ${b.name}`}>
                          Restore
                        </Button>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
        </Stack>
      )}
      <Dialog open={!!confirm} onClose={() => !restore.isPending && setConfirm(null)} aria-labelledby="restore-title">
        <DialogTitle id="restore-title">Restore {confirm?.name}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The database goes back to how it was on {confirm ? formatWhen(confirm.createdAt) : ''}: everything done since then (actions, imports,
            exports) is no longer in it. The backup is checked first; the database it replaces is kept in the backups folder. Everyone&apos;s work
            continues on the restored database.
          </DialogContentText>
          {restore.isError && <Alert severity="error" sx={{ mt: 2 }}>{errorMessage(restore.error)}</Alert>}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirm(null)} disabled={restore.isPending}>
            Cancel
          </Button>
          <Button variant="contained" color="warning" onClick={() => confirm && restoreOne(confirm)} disabled={restore.isPending}>
            {restore.isPending ? 'Restoring…' : 'Restore this backup'}
          </Button>
        </DialogActions>
      </Dialog>
    </SectionFrame>
  );
}
