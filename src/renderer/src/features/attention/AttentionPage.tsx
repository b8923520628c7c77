import { Alert, Box, Chip, CircularProgress, List, ListItemButton, ListItemText, Paper, Stack, Typography } from '@mui/material';
import { ATTENTION_KINDS, ATTENTION_TITLES, type AttentionItem } from '../../../../shared/api/contract/attention';
import type { PageProps } from '../../pages';
import { errorMessage } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { navigate } from '../../router';
import { PageTitle } from '../shell/AppShell';
import { formatAmount } from '../payments/columns';
import { useAttention } from '../payments/queries';

function open(item: AttentionItem) {
  const [page, ...rest] = item.route.split('/');
  navigate(page, ...rest);
}

/** #/attention: what waits for the signed-in user, by their groups, section by section. */
export function AttentionPage({ user }: PageProps) {
  const attention = useAttention();
  if (attention.isLoading) return <CircularProgress sx={{ m: 4 }} />;
  if (!attention.data) return <Alert severity="error">{errorMessage(attention.error)}</Alert>;
  const { items, counts, total } = attention.data;
  return (
    <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', pr: 1, pb: 3 }}>
      <PageTitle
        title="Needs attention"
        subtitle={`What waits for ${user.displayName} (${user.groups.join(', ')}): ${total === 0 ? 'nothing' : `${total.toLocaleString('en-US')} thing${total === 1 ? '' : 's'}`}`}
      />
      {total === 0 ? (
        <EmptyState title="Nothing needs you now" hint="Holds placed by the system, bank details to confirm, corrections near auto-deny, items left out of an export, batches waiting for release and failed file writes appear here." />
      ) : (
        <Stack spacing={2}>
          {ATTENTION_KINDS.filter((k) => counts[k] > 0).map((kind) => (
            <Paper variant="outlined" key={kind} component="section" aria-labelledby={`attention-${kind}`} data-testid={`attention-${kind}`}>
              <Stack direction="row" spacing={1} sx={{ px: 2, pt: 1.5, alignItems: 'center' }}>
                <Typography variant="subtitle1" component="h2" id={`attention-${kind}`} sx={{ fontWeight: 600 }}>
                  {ATTENTION_TITLES[kind]}
                </Typography>
                <Chip size="small" label={counts[kind].toLocaleString('en-US')} data-testid={`attention-count-${kind}`} />
              </Stack>
              <List dense>
                {items
                  .filter((i) => i.kind === kind)
                  .map((i, n) => (
                    <ListItemButton key={`${kind}-${n}`} onClick={() => open(i)}>
                      <ListItemText primary={i.title} secondary={i.detail} />
                      {i.daysLeft !== null && (
                        <Chip
                          size="small"
                          color={i.daysLeft <= 2 ? 'error' : 'warning'}
                          label={i.daysLeft === 0 ? 'Today' : `${i.daysLeft} day${i.daysLeft === 1 ? '' : 's'} left`}
                          sx={{ ml: 2 }}
                        />
                      )}
                      {i.amountCents !== null && (
                        <Typography variant="body2" sx={{ ml: 2, minWidth: 100, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                          {formatAmount(i.amountCents)}
                        </Typography>
                      )}
                    </ListItemButton>
                  ))}
              </List>
            </Paper>
          ))}
        </Stack>
      )}
    </Box>
  );
}
