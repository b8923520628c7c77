import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, List, ListItem, ListItemText, Typography } from '@mui/material';

export interface BulkOutcome {
  id: number;
  ok: boolean;
  /** Who or what the row is, for the user (e.g. the provider's name). */
  label?: string;
  /** The refusal's message from the core. */
  message?: string;
}

/** The per-row result of a bulk action: how many succeeded, and why each refusal happened. */
export function BulkResultDialog(props: { open: boolean; actionLabel: string; outcomes: BulkOutcome[]; onClose: () => void }) {
  const succeeded = props.outcomes.filter((o) => o.ok).length;
  const refused = props.outcomes.filter((o) => !o.ok);
  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="md" fullWidth aria-labelledby="bulk-result-title">
      <DialogTitle id="bulk-result-title">{props.actionLabel}: result</DialogTitle>
      <DialogContent dividers>
        <Alert severity={refused.length === 0 ? 'success' : succeeded === 0 ? 'error' : 'warning'} data-testid="bulk-summary">
          {succeeded} of {props.outcomes.length} succeeded
          {refused.length > 0 ? `, ${refused.length} refused` : ''}.
        </Alert>
        {refused.length > 0 && (
          <>
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              Refused
            </Typography>
            <List dense data-testid="bulk-refusals" sx={{ maxHeight: 360, overflow: 'auto' }}>
              {refused.map((o) => (
                <ListItem key={o.id} divider>
                  <ListItemText primary={`Payment ${o.id}${o.label ? ` — ${o.label}` : ''}`} secondary={o.message} />
                </ListItem>
              ))}
            </List>
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={props.onClose} autoFocus>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
