import { useEffect, useState } from 'react';
import {
  Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, MenuItem, Stack, TextField,
} from '@mui/material';

export interface ReasonChoice {
  code: string;
  label: string;
}

export interface ReasonDialogProps {
  open: boolean;
  /** The action's label from the actions table, e.g. "Place on administrative hold". */
  actionLabel: string;
  /** What the action will apply to, e.g. "Payment 42 — Sunny Learning Center". */
  subject: string;
  /** The configured reasons for this action; null when the action takes a comment only. */
  reasons: ReasonChoice[] | null;
  pending?: boolean;
  /** The core's refusal, shown in the dialog so the user can correct and retry. */
  error?: string | null;
  onConfirm: (reason: { code?: string; comment?: string }) => void;
  onClose: () => void;
}

/** Confirm-with-reason: a reason from the configured list plus a free comment (both go into the audit event). */
export function ReasonDialog(props: ReasonDialogProps) {
  const [code, setCode] = useState('');
  const [comment, setComment] = useState('');
  useEffect(() => {
    if (props.open) {
      setCode('');
      setComment('');
    }
  }, [props.open]);
  const needsCode = props.reasons !== null;
  const ready = !props.pending && (!needsCode || code !== '');
  const confirm = () => {
    if (ready) props.onConfirm({ code: code || undefined, comment: comment.trim() || undefined });
  };
  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="sm" fullWidth aria-labelledby="reason-dialog-title">
      <DialogTitle id="reason-dialog-title">{props.actionLabel}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 0.5 }}>
          <DialogContentText>{props.subject}</DialogContentText>
          {needsCode && (
            <TextField
              select
              label="Reason"
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoFocus
              helperText={props.reasons!.length === 0 ? 'No reasons are configured for this action: an administrator adds them in Settings.' : ' '}
            >
              {props.reasons!.map((r) => (
                <MenuItem key={r.code} value={r.code}>
                  {r.label}
                </MenuItem>
              ))}
            </TextField>
          )}
          <TextField
            label="Comment"
            multiline
            minRows={3}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            slotProps={{ htmlInput: { maxLength: 2000 } }}
            helperText="Kept in the item's history with the reason."
          />
          {props.error && (
            <Alert severity="error" data-testid="reason-dialog-error">
              {props.error}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button variant="contained" onClick={confirm} disabled={!ready}>
          {props.actionLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
