import { Alert, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import { FileErrorsTable } from '../../components/FileErrorsDialog';
import { navigate } from '../../router';
import type { SubmissionFileOutcome } from './mutations';

const STATUS = {
  imported: { label: 'Imported', color: 'success' },
  'already-imported': { label: 'Already imported', color: 'default' },
  refused: { label: 'Refused', color: 'error' },
} as const;

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Each submission file of an import: imported (what it did), already imported (no change), or refused with its errors by row and field. */
export function SubmissionResultsDialog({ outcomes, onClose }: { outcomes: SubmissionFileOutcome[] | null; onClose: () => void }) {
  const list = outcomes ?? [];
  const count = (status: SubmissionFileOutcome['status']) => list.filter((o) => o.status === status).length;
  const refused = count('refused');
  const title = list.length === 1 && refused === 1 ? `${list[0].fileName} was not imported` : `Import submission: ${plural(list.length, 'file')}`;
  return (
    <Dialog open={outcomes !== null} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="submission-results-title">
      <DialogTitle id="submission-results-title">{title}</DialogTitle>
      <DialogContent dividers>
        <Alert severity={refused === 0 ? 'success' : refused === list.length ? 'error' : 'warning'} data-testid="submission-results-summary">
          {count('imported')} imported, {count('already-imported')} already imported (no change), {refused} refused
          {refused > 0 ? ' (a refused file changes nothing: fix it and import it again)' : ''}.
        </Alert>
        <Stack role="list" aria-label="Files" spacing={2} sx={{ mt: 2 }}>
          {list.map((o, i) => (
            <Box key={i} role="listitem" aria-label={o.fileName} data-status={o.status} sx={{ borderTop: i > 0 ? 1 : 0, borderColor: 'divider', pt: i > 0 ? 2 : 0 }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Typography variant="subtitle2">{o.fileName}</Typography>
                <Chip size="small" label={STATUS[o.status].label} color={STATUS[o.status].color} variant={o.status === 'imported' ? 'filled' : 'outlined'} />
                <Box sx={{ flex: 1 }} />
                {o.status !== 'refused' && (
                  <Button size="small" onClick={() => { onClose(); navigate('payments', o.paymentId); }}>
                    Open payment {o.paymentId}
                  </Button>
                )}
              </Stack>
              <Typography variant="body2" color={o.status === 'refused' ? 'error' : 'text.secondary'} sx={{ mt: 0.5 }}>
                {o.message}
                {o.status === 'refused' ? ' Nothing was changed.' : ''}
              </Typography>
              {o.status === 'refused' && o.issues.length > 0 && (
                <Box sx={{ mt: 1 }}>
                  <FileErrorsTable issues={o.issues} maxHeight={260} />
                </Box>
              )}
            </Box>
          ))}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose} autoFocus>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
