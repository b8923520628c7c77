import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, DialogContent, DialogTitle, Divider, Stack, Typography } from '@mui/material';
import StorageIcon from '@mui/icons-material/StorageOutlined';
import FolderOpenIcon from '@mui/icons-material/FolderOpenOutlined';
import { desktopApi, localDatabase, serverOrigin, startOver } from '../../api/client';
import { ConnectServerForm } from './ConnectServer';

// File > Open… on the desktop: a database file on this computer (PayDesk's own, or one chosen in
// the open dialog of the main process: the page never names a path) or a PayDesk server. After
// the switch the page starts again on the new place (nothing of the old one is kept on screen).

/** Opens when the menu's File > Open… is chosen. */
export function useOpenRequest(): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(false);
  useEffect(() => desktopApi()?.onOpenRequest(() => setOpen(true)), []);
  return [open, setOpen];
}

export function OpenDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const desktop = desktopApi();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!desktop) return null;
  const local = localDatabase();
  const server = serverOrigin();

  const openLocal = async (which: 'default' | 'file') => {
    setBusy(true);
    setError(null);
    const result = which === 'default' ? await desktop.openDefaultDatabase() : await desktop.openDatabaseFile();
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    if (result.value) startOver();
  };

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="open-title">
      <DialogTitle id="open-title">Open</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }} data-testid="open-where">
          {server ? `Now connected to the PayDesk server at ${server}.` : local ? `Now open: ${local.file}` : ''}
        </Typography>
        <Typography variant="subtitle2" sx={{ mb: 1 }}>
          A database on this computer
        </Typography>
        <Stack direction="row" spacing={1}>
          <Button variant="outlined" startIcon={<StorageIcon />} onClick={() => void openLocal('default')} disabled={busy} data-testid="open-default">
            PayDesk's own database
          </Button>
          <Button variant="outlined" startIcon={<FolderOpenIcon />} onClick={() => void openLocal('file')} disabled={busy} data-testid="open-file">
            Choose a database file…
          </Button>
        </Stack>
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
        <Divider sx={{ my: 3 }}>or</Divider>
        <Typography variant="subtitle2" sx={{ mb: 1.5 }}>
          A PayDesk server (the agency's team)
        </Typography>
        <ConnectServerForm onCancel={onClose} />
      </DialogContent>
    </Dialog>
  );
}
