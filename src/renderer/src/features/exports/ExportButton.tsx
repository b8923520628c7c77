import { useState } from 'react';
import { Button } from '@mui/material';
import OutboxIcon from '@mui/icons-material/Outbox';
import { ExportDialog } from './ExportDialog';

/** "Export" for the Authorized tab of Provider Payments: the export flow of the given period. */
export function ExportButton({ periodId }: { periodId: number }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="contained" startIcon={<OutboxIcon />} onClick={() => setOpen(true)}>
        Export
      </Button>
      <ExportDialog open={open} onClose={() => setOpen(false)} periodId={periodId} />
    </>
  );
}
