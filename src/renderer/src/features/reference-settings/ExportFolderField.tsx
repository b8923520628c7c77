import { useState } from 'react';
import { Alert, Button, Stack, TextField } from '@mui/material';
import FolderOpenIcon from '@mui/icons-material/FolderOpen';
import { useQueryClient } from '@tanstack/react-query';
import { desktopApi, errorMessage, localDatabase } from '../../api/client';
import { useNotify } from '../../components/Notifier';
import { refKeys, useExportFolder } from './queries';

/**
 * Where export batches go. Shown here, never typed: no call names a folder (DESIGN.md §9). On the
 * desktop with its own database file, Choose… opens the main process's folder dialog; a server's
 * folder (or the web preview's) is set on the database's machine with `paydesk export-folder`.
 */
export function ExportFolderField() {
  const folder = useExportFolder();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [problem, setProblem] = useState<string | null>(null);
  const [choosing, setChoosing] = useState(false);
  const desktop = desktopApi();
  const canChoose = !!desktop && !!localDatabase();

  const choose = async () => {
    if (!desktop) return;
    setChoosing(true);
    setProblem(null);
    try {
      const result = await desktop.chooseExportFolder();
      if (!result.ok) return setProblem(result.error.message);
      if (!result.value) return; // cancelled
      queryClient.setQueryData(refKeys.exportFolder, result.value);
      notify('success', `Export batches now go into ${result.value.folder}.`);
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setChoosing(false);
    }
  };

  const hint = folder.data?.isDefault ? 'The default: “exports” in the data folder' : 'Chosen by an Administrator';
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField
          label="Export folder"
          value={folder.data?.folder ?? ''}
          helperText={canChoose ? hint : `${hint}. Set on the database’s machine: paydesk export-folder FOLDER`}
          fullWidth
          slotProps={{ input: { readOnly: true } }}
        />
        {canChoose && (
          <Button variant="outlined" startIcon={<FolderOpenIcon />} onClick={() => void choose()} disabled={choosing} sx={{ mt: 1, flexShrink: 0 }}>
            Choose…
          </Button>
        )}
      </Stack>
      {(problem || folder.isError) && <Alert severity="error">{problem ?? errorMessage(folder.error)}</Alert>}
    </Stack>
  );
}
