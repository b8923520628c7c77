import { useEffect, useState } from 'react';
import { Dialog, DialogContent, DialogTitle, LinearProgress, Typography } from '@mui/material';
import { onCoreEvent } from '../api/client';
import type { ProgressEvent } from '../../../shared/api/common';

/**
 * Shows the core's progress events for long work (generation, imports) while it runs. Opens
 * with an indeterminate bar and switches to done/total as soon as the core reports.
 */
export function ProgressDialog({ open, title, task }: { open: boolean; title: string; task?: string }) {
  const [event, setEvent] = useState<ProgressEvent | null>(null);
  useEffect(() => {
    if (!open) return;
    setEvent(null);
    return onCoreEvent((e) => {
      if (!task || e.task === task) setEvent(e);
    });
  }, [open, task]);
  const percent = event && event.total > 0 ? Math.min(100, (event.done / event.total) * 100) : null;
  return (
    <Dialog open={open} maxWidth="xs" fullWidth aria-labelledby="progress-title">
      <DialogTitle id="progress-title">{title}</DialogTitle>
      <DialogContent>
        <LinearProgress variant={percent === null ? 'indeterminate' : 'determinate'} value={percent ?? 0} aria-label={title} />
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }} data-testid="progress-message">
          {event ? `${event.message ?? 'Working'} — ${event.done} of ${event.total}` : 'Starting…'}
        </Typography>
      </DialogContent>
    </Dialog>
  );
}
