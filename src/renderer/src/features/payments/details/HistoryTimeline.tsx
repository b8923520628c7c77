import { Box, Paper, Stack, Typography } from '@mui/material';
import ArrowRightAltIcon from '@mui/icons-material/ArrowRightAlt';
import type { HistoryEvent } from '../../../../../shared/api/contract/payments';
import { StatusChip } from '../../../components/StatusChip';
import { formatAmount, formatTimestamp } from '../columns';

const FIELD_LABELS = {
  invoiceStatus: 'Invoice status',
  subStatus: 'Sub-status',
  submissionStatus: 'Submission',
  paymentStatus: 'Payment status',
} as const;

/** What changed between two recorded states, as the words the user knows. */
function Change({ event }: { event: HistoryEvent }) {
  const { before, after } = event;
  if (!after) return null;
  const fields = (Object.keys(FIELD_LABELS) as Array<keyof typeof FIELD_LABELS>).filter((f) => !before || before[f] !== after[f]);
  const amountChanged = (before?.amountCents ?? null) !== after.amountCents;
  if (fields.length === 0 && !amountChanged) return null;
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, rowGap: 0.5, alignItems: 'center', mt: 0.5 }}>
      {amountChanged && (
        <Typography variant="body2" data-testid="history-amount">
          <Typography component="span" variant="caption" color="text.secondary">
            Amount:{' '}
          </Typography>
          {before?.amountCents != null && `${formatAmount(before.amountCents)} → `}
          <strong>{formatAmount(after.amountCents)}</strong>
        </Typography>
      )}
      {fields.map((f) => (
        <Stack key={f} direction="row" sx={{ alignItems: 'center', gap: 0.5 }}>
          <Typography variant="caption" color="text.secondary">
            {FIELD_LABELS[f]}:
          </Typography>
          {before && <StatusChip value={before[f]} />}
          {before && <ArrowRightAltIcon fontSize="small" color="action" />}
          <StatusChip value={after[f]} strong={f === 'paymentStatus'} />
        </Stack>
      ))}
    </Stack>
  );
}

/** The item's history from the audit trail: who, as which group, when, what, before and after, why. */
export function HistoryTimeline({ events }: { events: HistoryEvent[] | undefined }) {
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" sx={{ fontSize: '1rem', fontWeight: 600, mb: 1 }}>
        History
      </Typography>
      {!events ? (
        <Typography variant="body2" color="text.secondary">Loading…</Typography>
      ) : (
        <Box component="ol" aria-label="History" sx={{ listStyle: 'none', m: 0, p: 0 }}>
          {[...events].reverse().map((e) => (
            <Box component="li" key={e.id} sx={{ borderLeft: 3, borderColor: 'primary.light', pl: 1.5, pb: 1.5, position: 'relative' }} data-testid="history-event">
              <Typography variant="body2" sx={{ fontWeight: 600 }}>
                {e.actionLabel}
              </Typography>
              <Typography variant="caption" color="text.secondary">
                {formatTimestamp(e.at)} · {e.username} ({e.group})
              </Typography>
              <Change event={e} />
              {(e.reasonLabel || e.reasonCode) && (
                <Typography variant="body2" sx={{ mt: 0.5 }}>
                  Reason: {e.reasonLabel ?? e.reasonCode}
                </Typography>
              )}
              {e.comment && (
                <Typography variant="body2" color="text.secondary" sx={{ fontStyle: 'italic' }}>
                  “{e.comment}”
                </Typography>
              )}
            </Box>
          ))}
        </Box>
      )}
    </Paper>
  );
}
