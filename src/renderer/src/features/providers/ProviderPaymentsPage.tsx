import { Alert, Box, CircularProgress, Link, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { SessionUser } from '../../../../shared/api/contract/session';
import type { ProviderItem } from '../../../../shared/api/contract/payments';
import { PROVIDER_TYPE_LABELS } from '../../../../shared/domain/words';
import { errorMessage } from '../../api/client';
import { StatusChip } from '../../components/StatusChip';
import { navigate } from '../../router';
import { ProviderPageHeader } from './ProviderPageHeader';
import { BATCH_GROUPS } from '../exports/batchAccess';
import { formatAmount, formatTimestamp, KIND_LABELS } from '../payments/columns';
import { useProviderPayments } from '../payments/queries';

const num = { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

function kindLabel(i: ProviderItem): string {
  return i.recovery ? 'Recovery' : KIND_LABELS[i.kind];
}

/**
 * #/providers/<id>/payments: the provider's payments, adjustments and recoveries across every
 * service period, the remittances the exports sent, and the totals per year (added by the core,
 * in cents). A Provider user sees their own provider only.
 */
export function ProviderPaymentsPage({ id, user }: { id: number; user: SessionUser }) {
  const data = useProviderPayments(id);
  const mayOpenBatch = user.groups.some((g) => BATCH_GROUPS.includes(g));
  const staff = !user.groups.includes('Provider');
  if (data.isLoading) return <CircularProgress sx={{ m: 4 }} />;
  if (!data.data) return <Alert severity="error">{errorMessage(data.error)}</Alert>;
  const { provider, items, remittances, years } = data.data;
  return (
    <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', pr: 1, pb: 3 }}>
      <ProviderPageHeader
        id={id}
        staff={staff}
        title={`${provider.name}: payments`}
        subtitle={`License ${provider.licenseNumber} · ${PROVIDER_TYPE_LABELS[provider.type]} · ${provider.payorName} · every service period`}
        other={{ label: 'Ledger', page: 'ledger' }}
      />
      <Stack spacing={2}>
        <Paper variant="outlined">
          <Typography variant="subtitle1" component="h2" sx={{ px: 2, pt: 1.5, fontWeight: 600 }}>
            Totals per year
          </Typography>
          <Table size="small" aria-label="Totals per year" data-testid="provider-years">
            <TableHead>
              <TableRow>
                <TableCell>Year</TableCell>
                <TableCell sx={num}>Payments</TableCell>
                <TableCell sx={num}>Adjustments</TableCell>
                <TableCell sx={num}>Recoveries</TableCell>
                <TableCell sx={num}>Net</TableCell>
                <TableCell sx={num}>Paid by exports</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {years.map((y) => (
                <TableRow key={y.year} data-testid={`provider-year-${y.year}`}>
                  <TableCell>{y.year}</TableCell>
                  <TableCell sx={num}>
                    {formatAmount(y.payments.cents)} <Typography component="span" variant="caption" color="text.secondary">({y.payments.count})</Typography>
                  </TableCell>
                  <TableCell sx={num}>
                    {formatAmount(y.adjustments.cents)} <Typography component="span" variant="caption" color="text.secondary">({y.adjustments.count})</Typography>
                  </TableCell>
                  <TableCell sx={num}>
                    {formatAmount(y.recoveries.cents)} <Typography component="span" variant="caption" color="text.secondary">({y.recoveries.count})</Typography>
                  </TableCell>
                  <TableCell sx={{ ...num, fontWeight: 600 }}>{formatAmount(y.netCents)}</TableCell>
                  <TableCell sx={num}>{formatAmount(y.paidCents)}</TableCell>
                </TableRow>
              ))}
              {years.length === 0 && (
                <TableRow>
                  <TableCell colSpan={6}>No payments yet.</TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </Paper>
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', xl: 'minmax(0, 2fr) minmax(0, 1fr)' }, alignItems: 'start' }}>
          <Paper variant="outlined">
            <Typography variant="subtitle1" component="h2" sx={{ px: 2, pt: 1.5, fontWeight: 600 }}>
              Payments, adjustments and recoveries ({items.length.toLocaleString('en-US')})
            </Typography>
            <Table size="small" aria-label="Payments, adjustments and recoveries" data-testid="provider-items">
              <TableHead>
                <TableRow>
                  <TableCell>ID</TableCell>
                  <TableCell>Period</TableCell>
                  <TableCell>Kind</TableCell>
                  <TableCell>Payment</TableCell>
                  <TableCell>Invoice status</TableCell>
                  <TableCell sx={num}>Amount</TableCell>
                  <TableCell sx={num}>Paid</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((i) => (
                  <TableRow key={i.id} hover data-testid={`provider-item-${i.id}`}>
                    <TableCell>
                      <Link component="button" onClick={() => navigate('payments', i.id)} aria-label={`Open ${kindLabel(i)} ${i.id}`}>
                        {i.id}
                      </Link>
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{i.period.label}</TableCell>
                    <TableCell title={i.adjustmentReason ?? undefined}>{kindLabel(i)}</TableCell>
                    <TableCell>
                      <StatusChip value={i.paymentStatus} strong />
                    </TableCell>
                    <TableCell>
                      <StatusChip value={i.invoiceStatus} />
                    </TableCell>
                    <TableCell sx={num}>{i.amountCents === null ? 'Not calculated' : formatAmount(i.amountCents)}</TableCell>
                    <TableCell sx={num}>{i.paidCents === null ? '' : formatAmount(i.paidCents)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Paper>
          <Paper variant="outlined">
            <Typography variant="subtitle1" component="h2" sx={{ px: 2, pt: 1.5, fontWeight: 600 }}>
              Remittances
            </Typography>
            <Table size="small" aria-label="Remittances" data-testid="provider-remittances">
              <TableHead>
                <TableRow>
                  <TableCell>Batch</TableCell>
                  <TableCell>Period</TableCell>
                  <TableCell>Exported</TableCell>
                  <TableCell sx={num}>Amount</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {remittances.map((r) => (
                  <TableRow key={r.batchId}>
                    <TableCell>
                      {mayOpenBatch ? (
                        <Link component="button" onClick={() => navigate('exports', r.batchId)}>
                          {r.batchId}
                        </Link>
                      ) : (
                        r.batchId
                      )}
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{r.period.label}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatTimestamp(r.createdAt).slice(0, 10)}</TableCell>
                    <TableCell sx={num}>{formatAmount(r.amountCents)}</TableCell>
                  </TableRow>
                ))}
                {remittances.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={4}>No export has paid this provider yet.</TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </Paper>
        </Box>
      </Stack>
    </Box>
  );
}
