import { useEffect, useState } from 'react';
import { Dialog, DialogContent, DialogTitle, LinearProgress, Typography } from '@mui/material';
import { onCoreEvent } from '../api/client';
import type { ProgressEvent } from '../../../shared/api/common';
import { formatCount } from '../../../shared/format';

/** Progress the renderer steps through itself, e.g. files imported one after another. */
export interface ProgressStep {
  done: number;
  total: number;
  /** What is being done now, e.g. "File 2 of 3: b.json". */
  text: string;
}

/**
 * Shows the core's progress events for long work (generation, imports) while it runs. Opens
 * with an indeterminate bar and switches to done/total as soon as the core reports. Work the
 * renderer steps through itself gives its own `step` instead.
 */
/** "Recording 880,000 days on 5,000 payments — 250 of 5,000"; a step with no total yet says only what it does. */
function eventText(e: ProgressEvent): string {
  const what = e.message ?? 'Working';
  return e.total > 0 ? `${what} — ${formatCount(e.done)} of ${formatCount(e.total)}` : `${what}…`;
}

export function ProgressDialog({ open, title, task, step }: { open: boolean; title: string; task?: string; step?: ProgressStep }) {
  const [event, setEvent] = useState<ProgressEvent | null>(null);
  const stepped = step !== undefined;
  useEffect(() => {
    if (!open || stepped) return;
    setEvent(null);
    return onCoreEvent((e) => {
      if (!task || e.task === task) setEvent(e);
    });
  }, [open, task, stepped]);
  const shown = step ?? event;
  const percent = shown && shown.total > 0 ? Math.min(100, (shown.done / shown.total) * 100) : null;
  const text = step ? step.text : event ? eventText(event) : 'Starting…';
  return (
    <Dialog open={open} maxWidth="xs" fullWidth aria-labelledby="progress-title">
      <DialogTitle id="progress-title">{title}</DialogTitle>
      <DialogContent>
        <LinearProgress variant={percent === null ? 'indeterminate' : 'determinate'} value={percent ?? 0} aria-label={title} />
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }} data-testid="progress-message">
          {text}
        </Typography>
      </DialogContent>
    </Dialog>
  );
}
