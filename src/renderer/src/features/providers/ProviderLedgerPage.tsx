import { useState } from 'react';
import { Alert, Box, Button, Chip, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, Paper, Stack, TextField, Typography } from '@mui/material';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionUser } from '../../../../shared/api/contract/session';
import type { LedgerLineView, RecoveryView } from '../../../../shared/api/contract/recovery';
import { call, errorMessage } from '../../api/client';
import { ProviderPageHeader } from './ProviderPageHeader';
import { formatAmount } from '../payments/columns';

// #/providers/<id>/ledger: the provider's ledger (DESIGN.md section 4, docs/recovery.md): what was
// paid, what recoveries took back, what was waived and the balance owed, each line with the audit
// events behind it; the recoveries with their plan and state, the notice PDF, and Waive the rest
// (a second user, with a reason). A Provider user sees their own ledger only.

const money = (c: number) => (c ? formatAmount(c) : '');
const num = { type: 'number' as const, headerAlign: 'right' as const, align: 'right' as const };

const lineColumns: GridColDef<LedgerLineView & { id: number }>[] = [
  { field: 'at', headerName: 'Date', width: 110, valueGetter: (v: string) => v.slice(0, 10) },
  { field: 'kind', headerName: 'Line', width: 100 },
  { field: 'description', headerName: 'Description', flex: 1, minWidth: 280 },
  { field: 'paidCents', headerName: 'Paid', width: 120, ...num, valueFormatter: money },
  { field: 'recoveredCents', headerName: 'Recovered', width: 120, ...num, valueFormatter: money },
  { field: 'waivedCents', headerName: 'Waived', width: 110, ...num, valueFormatter: money },
  { field: 'owedCents', headerName: 'Owed', width: 120, ...num, valueFormatter: money },
  { field: 'balanceOwedCents', headerName: 'Balance owed', width: 130, ...num, valueFormatter: (c: number) => formatAmount(c) },
  { field: 'eventIds', headerName: 'Audit events', width: 130, sortable: false, valueGetter: (v: number[]) => v.join(', ') },
];

function openPdf(fileName: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function WaiveDialog({ recovery, onClose }: { recovery: RecoveryView; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const client = useQueryClient();
  const waive = useMutation({
    mutationFn: () => call('recovery-waive', { recoveryId: recovery.recoveryId, reason }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['ledger'] });
      onClose();
    },
  });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>Waive the rest of recovery {recovery.recoveryId}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {formatAmount(recovery.balanceCents)} is still owed. Once waived it is not recovered. A second user waives: not the one who created the recovery nor the one who authorized it.
        </Typography>
        <TextField autoFocus fullWidth multiline minRows={2} label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'waive-reason' } }} />
        {waive.error && <Alert severity="error" sx={{ mt: 2 }} data-testid="waive-error">{errorMessage(waive.error)}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" color="warning" disabled={waive.isPending} onClick={() => waive.mutate()}>
          Waive {formatAmount(recovery.balanceCents)}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function ProviderLedgerPage({ id, user }: { id: number; user: SessionUser }) {
  const ledger = useQuery({ queryKey: ['ledger', id], queryFn: () => call('provider-ledger', { providerId: id }) });
  const [waiving, setWaiving] = useState<RecoveryView | null>(null);
  const [noticeError, setNoticeError] = useState<string | null>(null);
  const staff = !user.groups.includes('Provider');
  const mayWaive = user.groups.some((g) => g === 'Approver' || g === 'Payor');
  if (ledger.isLoading) return <CircularProgress sx={{ m: 4 }} />;
  if (!ledger.data) return <Alert severity="error">{errorMessage(ledger.error)}</Alert>;
  const { provider, totals, lines, recoveries } = ledger.data;
  const notice = async (r: RecoveryView) => {
    setNoticeError(null);
    try {
      const n = await call('recovery-notice', { recoveryId: r.recoveryId });
      openPdf(n.fileName, n.pdfBase64);
    } catch (err) {
      setNoticeError(errorMessage(err));
    }
  };
  const figures: Array<[string, number, string]> = [
    ['Paid', totals.paidCents, 'ledger-paid'],
    ['Recovered', totals.recoveredCents, 'ledger-recovered'],
    ['Net paid', totals.netPaidCents, 'ledger-net'],
    ['Owed (recoveries)', totals.owedCents, 'ledger-owed'],
    ['Waived', totals.waivedCents, 'ledger-waived'],
    ['Balance owed', totals.balanceOwedCents, 'ledger-balance'],
  ];
  return (
    <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', pr: 1, pb: 3 }}>
      <ProviderPageHeader
        id={id}
        staff={staff}
        title={`${provider.name}: ledger`}
        subtitle={`License ${provider.licenseNumber} · paid, recovered, waived and balance owed, each line with its audit events`}
        other={{ label: 'Payments', page: 'payments' }}
      />
      <Stack spacing={2}>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Stack direction="row" spacing={4} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {figures.map(([label, cents, testId]) => (
              <Box key={label}>
                <Typography variant="caption" color="text.secondary">{label}</Typography>
                <Typography variant="h6" data-testid={testId} sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: label === 'Balance owed' ? 700 : 500 }}>
                  {formatAmount(cents)}
                </Typography>
              </Box>
            ))}
          </Stack>
        </Paper>
        <Paper variant="outlined">
          <Typography variant="subtitle1" component="h2" sx={{ px: 2, pt: 1.5, fontWeight: 600 }}>
            Lines
          </Typography>
          <Box sx={{ height: 360, px: 1, pb: 1 }}>
            <DataGrid
              aria-label="Ledger lines"
              rows={lines.map((l, i) => ({ ...l, id: i + 1 }))}
              columns={lineColumns}
              density="compact"
              disableRowSelectionOnClick
              hideFooter={lines.length <= 100}
              localeText={{ noRowsLabel: 'Nothing paid or recovered yet.' }}
            />
          </Box>
        </Paper>
        <Paper variant="outlined">
          <Typography variant="subtitle1" component="h2" sx={{ px: 2, pt: 1.5, fontWeight: 600 }}>
            Recoveries
          </Typography>
          {noticeError && <Alert severity="error" sx={{ mx: 2 }}>{noticeError}</Alert>}
          <Stack spacing={1} sx={{ p: 2 }} data-testid="ledger-recoveries">
            {recoveries.length === 0 && <Typography variant="body2">No recoveries.</Typography>}
            {recoveries.map((r) => (
              <Stack key={r.recoveryId} direction="row" spacing={2} sx={{ alignItems: 'center' }} data-testid={`recovery-${r.recoveryId}`}>
                <Typography variant="body2" sx={{ fontWeight: 600, minWidth: 110 }}>Recovery {r.recoveryId}</Typography>
                <Chip size="small" label={r.state} color={r.state === 'open' ? 'warning' : r.state === 'repaid' ? 'success' : 'default'} />
                <Typography variant="body2" sx={{ flex: 1 }}>
                  {formatAmount(-r.amountCents)} · {r.reasonCode} · service {r.serviceFrom} – {r.serviceTo} · {r.planText} · recovered {formatAmount(r.recoveredCents)}
                  {r.waivedCents ? ` · waived ${formatAmount(r.waivedCents)} (${r.waiveReason})` : ''} · balance {formatAmount(r.balanceCents)}
                  {r.contestBy ? ` · contest by ${r.contestBy}` : ''}
                </Typography>
                <Button size="small" variant="outlined" onClick={() => void notice(r)}>Notice PDF</Button>
                {mayWaive && r.balanceCents > 0 && r.state !== 'denied' && (
                  <Button size="small" variant="outlined" color="warning" onClick={() => setWaiving(r)}>Waive the rest</Button>
                )}
              </Stack>
            ))}
          </Stack>
        </Paper>
      </Stack>
      {waiving && <WaiveDialog recovery={waiving} onClose={() => setWaiving(null)} />}
    </Box>
  );
}
