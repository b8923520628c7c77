import { Link, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { PaymentDetail } from '../../../../../shared/api/contract/payments';
import { StatusChip } from '../../../components/StatusChip';
import { navigate } from '../../../router';
import { formatAmount, formatDate } from '../columns';

/** Adjustments that correct this item, and (for an adjustment) the payment it corrects. */
export function RelatedItems({ detail }: { detail: PaymentDetail }) {
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" sx={{ fontSize: '1rem', fontWeight: 600, mb: 1 }}>
        Related adjustments
      </Typography>
      {detail.correctsPaymentId && (
        <Typography variant="body2" sx={{ mb: 1 }}>
          This adjustment corrects{' '}
          <Link component="button" onClick={() => navigate('payments', detail.correctsPaymentId!)}>
            payment {detail.correctsPaymentId}
          </Link>
          .
        </Typography>
      )}
      {detail.adjustments.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No adjustment corrects this {detail.kind}.
        </Typography>
      ) : (
        <Table size="small" aria-label="Related adjustments">
          <TableHead>
            <TableRow>
              <TableCell>ID</TableCell>
              <TableCell>Created</TableCell>
              <TableCell>Reason</TableCell>
              <TableCell align="right">Amount</TableCell>
              <TableCell>Payment status</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {detail.adjustments.map((a) => (
              <TableRow key={a.id} hover sx={{ cursor: 'pointer' }} onClick={() => navigate('payments', a.id)}>
                <TableCell>{a.id}</TableCell>
                <TableCell>{formatDate(a.createdAt)}</TableCell>
                <TableCell>{a.adjustmentReason ?? ''}</TableCell>
                <TableCell align="right">{formatAmount(a.amountCents)}</TableCell>
                <TableCell>
                  <StatusChip value={a.paymentStatus} strong />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Paper>
  );
}
