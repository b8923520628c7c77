import { Box, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { PaymentDetail } from '../../../../../shared/api/contract/payments';
import { formatCents } from '../../../../../shared/domain/money';
import { formatTimestamp } from '../columns';
import { formatAgeGroup } from '../../../../../shared/format';
import { PAYMENT_BASIS_LABELS } from '../../../../../shared/domain/words';


/** The calculation lines behind the amount (DESIGN.md section 4), one per child authorization. */
export function CalculationTable({ detail }: { detail: PaymentDetail }) {
  const lines = detail.calculation;
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" sx={{ fontSize: '1rem', fontWeight: 600 }}>
        Calculation
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {detail.kind === 'adjustment'
          ? `Adjustment amount, given when it was created${detail.adjustmentReason ? `: ${detail.adjustmentReason}` : ''}.`
          : detail.calculatedAt
            ? `Calculated ${formatTimestamp(detail.calculatedAt)}.`
            : 'Not calculated yet: an Approver calculates once the attendance is received.'}
      </Typography>
      {lines.length > 0 && (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Calculation lines" sx={{ '& td, & th': { whiteSpace: 'nowrap', px: 1 } }}>
            <TableHead>
              <TableRow>
                <TableCell>Line</TableCell>
                <TableCell>Basis</TableCell>
                <TableCell>Age group</TableCell>
                <TableCell align="right">Full days</TableCell>
                <TableCell align="right">Part days</TableCell>
                <TableCell align="right">Paid absences</TableCell>
                <TableCell align="right">Unpaid</TableCell>
                <TableCell align="right">Days cut</TableCell>
                <TableCell align="right">Full rate</TableCell>
                <TableCell align="right">Part rate</TableCell>
                <TableCell align="right">Co-pay</TableCell>
                <TableCell align="right">Subtotal</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {lines.map((l) => (
                <TableRow key={l.lineNo}>
                  <TableCell sx={{ whiteSpace: 'normal !important', minWidth: 180 }}>{l.label}</TableCell>
                  <TableCell>{PAYMENT_BASIS_LABELS[l.basis]}</TableCell>
                  <TableCell>{formatAgeGroup(l.ageGroup)}</TableCell>
                  <TableCell align="right">{l.fullDays}</TableCell>
                  <TableCell align="right">{l.partDays}</TableCell>
                  <TableCell align="right">{l.paidAbsences}</TableCell>
                  <TableCell align="right">{l.unpaidDays}</TableCell>
                  <TableCell align="right">{l.daysCut}</TableCell>
                  <TableCell align="right">{formatCents(l.fullRateCents)}</TableCell>
                  <TableCell align="right">{formatCents(l.partRateCents)}</TableCell>
                  <TableCell align="right">{l.copayCents ? `−${formatCents(l.copayCents)}` : ''}</TableCell>
                  <TableCell align="right">{formatCents(l.subtotalCents)}</TableCell>
                </TableRow>
              ))}
              <TableRow>
                <TableCell colSpan={11} sx={{ fontWeight: 600 }}>
                  Total
                </TableCell>
                <TableCell align="right" sx={{ fontWeight: 600 }}>
                  {detail.state.amountCents === null ? '' : formatCents(detail.state.amountCents)}
                </TableCell>
              </TableRow>
            </TableBody>
          </Table>
        </Box>
      )}
    </Paper>
  );
}
