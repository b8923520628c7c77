import { Alert, AlertTitle, Box, Chip, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { MONEY_ALERT_REASONS, type ExportPreview } from '../../../../shared/api/contract/export';
import { formatCents } from '../../../../shared/domain/money';
import { METHOD_LABELS } from './format';
import { LeftOutTable } from './BatchTables';

/** The preview of an export run: what it takes (count, total, per provider) and who is left out and why. */
export function PreviewView({ preview }: { preview: ExportPreview }) {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={3} sx={{ alignItems: 'baseline' }} data-testid="export-preview-summary">
        <Figure label="Items" value={String(preview.itemCount)} />
        <Figure label="Providers" value={String(preview.providerCount)} />
        <Figure label="Total" value={formatCents(preview.totalCents)} />
        <Box sx={{ flex: 1 }} />
        {preview.byMethod.map((m) => (
          <Chip key={m.method} variant="outlined" label={`${METHOD_LABELS[m.method]}: ${plural(m.providers, 'provider')}, ${formatCents(m.cents)}`} />
        ))}
      </Stack>
      <MoneyAlert leftOut={preview.leftOut} />
      {preview.refusal && (
        <Alert severity="error" data-testid="export-refusal">
          <AlertTitle>You may not run this export</AlertTitle>
          {preview.refusal}
        </Alert>
      )}
      {preview.providers.length > 0 && (
        <TableContainer sx={{ maxHeight: 240, border: 1, borderColor: 'divider', borderRadius: 1 }}>
          <Table size="small" stickyHeader aria-label="Providers in the export">
            <TableHead>
              <TableRow>
                <TableCell>Provider</TableCell>
                <TableCell>Paid by</TableCell>
                <TableCell>Account</TableCell>
                <TableCell align="right">Items</TableCell>
                <TableCell align="right">Payments</TableCell>
                <TableCell align="right">Adjustments</TableCell>
                <TableCell align="right">Net</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {preview.providers.map((p) => (
                <TableRow key={p.providerId}>
                  <TableCell>{p.providerName}</TableCell>
                  <TableCell>{METHOD_LABELS[p.method]}</TableCell>
                  <TableCell>{p.accountMasked ?? '—'}</TableCell>
                  <TableCell align="right">{p.paymentIds.length}</TableCell>
                  <TableCell align="right">{formatCents(p.paymentCents)}</TableCell>
                  <TableCell align="right">{p.adjustmentCents === 0 ? '—' : formatCents(p.adjustmentCents)}</TableCell>
                  <TableCell align="right" sx={{ fontWeight: 600 }}>
                    {formatCents(p.netCents)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {preview.leftOut.length > 0 && (
        <Box>
          <Typography variant="subtitle2" sx={{ mb: 0.5 }}>
            Left out ({plural(preview.leftOut.length, 'provider')}); their items stay where they are
          </Typography>
          <LeftOutTable leftOut={preview.leftOut} label="Left out of the export" maxHeight={180} />
        </Box>
      )}
    </Stack>
  );
}

/** Items left out because their amount or bank details differ from the audit trail: not routine, an administrator must look. */
export function MoneyAlert({ leftOut }: { leftOut: ExportPreview['leftOut'] }) {
  const alerts = leftOut.filter((l) => MONEY_ALERT_REASONS.includes(l.reason));
  if (alerts.length === 0) return null;
  return (
    <Alert severity="error" data-testid="money-alert">
      <AlertTitle>Money that differs from the audit trail — tell an administrator</AlertTitle>
      {alerts.map((a) => (
        <Typography key={`${a.providerId}-${a.reason}`} variant="body2">
          {a.providerName}: {a.message}
        </Typography>
      ))}
    </Alert>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="h6" component="div" aria-label={label}>
        {value}
      </Typography>
    </Box>
  );
}
