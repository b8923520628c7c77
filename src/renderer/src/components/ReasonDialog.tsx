import { useEffect, useState } from 'react';
import {
  Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, MenuItem, Stack, TextField,
} from '@mui/material';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import BlockIcon from '@mui/icons-material/Block';

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
  /**
   * A final action (Deny): what cannot be undone, said in the dialog. The dialog then reads in the
   * error colour and confirms only once the user types the confirmation word.
   */
  final?: { consequence: string; word: string } | null;
}

/** The dialog's settings for an action that cannot be undone, or null. */
export function finalActionOf(action: string | null): ReasonDialogProps['final'] {
  if (action !== 'deny') return null;
  return {
    consequence:
      'Denying is final: the item moves to Invoice History as Denied and is never paid. No action, by you or anyone else, can bring it back.',
    word: 'DENY',
  };
}

/** Confirm-with-reason: a reason from the configured list plus a free comment (both go into the audit event). */
export function ReasonDialog(props: ReasonDialogProps) {
  const [code, setCode] = useState('');
  const [comment, setComment] = useState('');
  const [typed, setTyped] = useState('');
  useEffect(() => {
    if (props.open) {
      setCode('');
      setComment('');
      setTyped('');
    }
  }, [props.open]);
  const needsCode = props.reasons !== null;
  const final = props.final ?? null;
  const confirmed = !final || typed.trim().toUpperCase() === final.word;
  const ready = !props.pending && (!needsCode || code !== '') && confirmed;
  const confirm = () => {
    if (ready) props.onConfirm({ code: code || undefined, comment: comment.trim() || undefined });
  };
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="reason-dialog-title"
      aria-describedby={final ? 'reason-dialog-final' : undefined}
      slotProps={{ paper: { sx: final ? { borderTop: 6, borderColor: 'error.main' } : undefined, 'data-final': final ? 'true' : undefined } as object }}
    >
      <DialogTitle id="reason-dialog-title" sx={final ? { color: 'error.main', display: 'flex', alignItems: 'center', gap: 1 } : undefined}>
        {final && <WarningAmberIcon aria-hidden />}
        {final ? `${props.actionLabel} — final, cannot be undone` : props.actionLabel}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 0.5 }}>
          <DialogContentText>{props.subject}</DialogContentText>
          {final && (
            <Alert severity="error" id="reason-dialog-final" variant="outlined">
              {final.consequence}
            </Alert>
          )}
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
          {final && (
            <TextField
              label={`Type ${final.word} to confirm`}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              color="error"
              autoComplete="off"
              helperText={`The ${props.actionLabel} button stays off until ${final.word} is typed.`}
              onKeyDown={(e) => {
                if (e.key === 'Enter') confirm();
              }}
            />
          )}
          {props.error && (
            <Alert severity="error" data-testid="reason-dialog-error">
              {props.error}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button variant="contained" color={final ? 'error' : 'primary'} onClick={confirm} disabled={!ready} startIcon={final ? <BlockIcon /> : undefined}>
          {final ? `${props.actionLabel} for good` : props.actionLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
