import type { ReactNode } from 'react';
import { Box, Button, Link, Paper, Stack, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import type { PaymentDetail } from '../../../../../shared/api/contract/payments';
import { PROVIDER_TYPE_LABELS } from '../../../../../shared/domain/words';
import { StatusChip } from '../../../components/StatusChip';
import { QaChip } from '../../../components/QaChip';
import { navigate } from '../../../router';
import { KIND_LABELS, formatAmount, formatTimestamp } from '../columns';
import { RemittanceLink } from '../../exports/RemittanceLink';
import { formatDate } from '../../../../../shared/format';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Box sx={{ fontSize: '0.875rem' }} data-testid={testId}>
        {children}
      </Box>
    </Box>
  );
}

/** Provider, period, payor, amount and all four fields of state; the actions on the right. */
export function DetailsHeader({
  detail,
  actions,
  onBack = () => navigate('payments'),
  navigation,
}: {
  detail: PaymentDetail;
  actions: ReactNode;
  /** Back to the list, in the view it came from. */
  onBack?: () => void;
  /** Previous and next along that view. */
  navigation?: ReactNode;
}) {
  const s = detail.state;
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, mb: 1.5 }}>
        <Button size="small" startIcon={<ArrowBackIcon />} onClick={onBack} aria-label="Back to Provider Payments">
          Provider Payments
        </Button>
        {navigation}
        <Typography variant="h5" component="h1" sx={{ fontWeight: 600, flex: 1, minWidth: 0 }} noWrap>
          {KIND_LABELS[detail.kind]} {detail.id} — {detail.provider.name}
        </Typography>
        <Stack direction="row" spacing={1}>{actions}</Stack>
      </Stack>
      {/* Four columns: who and how much; the four fields of state; when and by whom. */}
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', columnGap: 3, rowGap: 1.5 }}>
        <Field label="Provider" testId="detail-provider">
          {detail.provider.name}
          <Typography variant="body2" color="text.secondary">
            {detail.provider.licenseNumber} · {PROVIDER_TYPE_LABELS[detail.provider.type]} ·{' '}
            <Link component="button" variant="body2" onClick={() => navigate('providers', detail.provider.id, 'payments')} sx={{ verticalAlign: 'baseline' }}>
              All payments
            </Link>{' '}
            ·{' '}
            <Link component="button" variant="body2" onClick={() => navigate('providers', detail.provider.id, 'ledger')} sx={{ verticalAlign: 'baseline' }}>
              Ledger
            </Link>
          </Typography>
        </Field>
        <Field label="Service period">
          {detail.period.label}
          <Typography variant="body2" color="text.secondary">
            {formatDate(detail.period.startDate)} – {formatDate(detail.period.endDate)}
          </Typography>
        </Field>
        <Field label="Payor">
          {detail.payor.name}
          <Typography variant="body2" color="text.secondary">
            {detail.payor.kind === 'direct' ? 'Paid directly by the agency' : 'Third-party payor'}
          </Typography>
        </Field>
        <Field label="Amount" testId="detail-amount">
          <Typography sx={{ fontSize: '1.25rem', fontWeight: 600 }}>{s.amountCents === null ? 'Not calculated' : formatAmount(s.amountCents)}</Typography>
        </Field>
        <Field label="Submission status" testId="detail-submission-status">
          <StatusChip value={s.submissionStatus} />
        </Field>
        <Field label="Payment status" testId="detail-payment-status">
          <StatusChip value={s.paymentStatus} strong />
        </Field>
        <Field label="Invoice status" testId="detail-invoice-status">
          <StatusChip value={s.invoiceStatus} />
        </Field>
        <Field label="Sub-status" testId="detail-sub-status">
          <StatusChip value={s.subStatus} />
        </Field>
        <Field label="Received">{s.receivedAt ? formatTimestamp(s.receivedAt) : 'Not yet'}</Field>
        <Field label="Signatures">
          <Typography variant="body2">Provider: {detail.providerSignedAt ? formatTimestamp(detail.providerSignedAt) : '—'}</Typography>
          <Typography variant="body2">Parent: {detail.parentSignedAt ? formatTimestamp(detail.parentSignedAt) : '—'}</Typography>
        </Field>
        <Field label="Authorized by">{detail.authorizedBy?.username ?? '—'}</Field>
        <Field label="Last change">{formatTimestamp(detail.updatedAt)}</Field>
        <Field label="Export batch" testId="detail-export-batch">
          {s.exportBatchId !== null ? <RemittanceLink paymentId={detail.id} exported /> : 'Not exported'}
        </Field>
        {detail.qa && (
          <Box sx={{ gridColumn: '1 / -1' }}>
            <Field label="QA sample" testId="detail-qa">
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <QaChip value={detail.qa.state} />
                <Typography variant="body2">
                  {detail.qa.reason === 'random draw' ? `Drawn at random (${detail.qa.percent}% of the period's calculated payments, seed ${detail.qa.seed})` : "A new provider's first payment, always drawn"}
                  {' · '}calculated by {detail.qa.calculatedBy?.username ?? 'PayDesk (Generate)'}
                  {' · '}
                  {detail.qa.state === 'checked' && detail.qa.checkedBy
                    ? `QA checked by ${detail.qa.checkedBy.username}, ${formatTimestamp(detail.qa.checkedAt)}`
                    : `waits for a second Approver${detail.qa.calculatedBy ? ` (not ${detail.qa.calculatedBy.username})` : ''} to mark it QA checked before Authorize`}
                </Typography>
              </Stack>
            </Field>
          </Box>
        )}
        {detail.kind === 'payment' && (
          <Field label="Attendance sheet" testId="detail-sheet-printed">
            {detail.sheetPrinted ? `Sheet printed on ${formatTimestamp(detail.sheetPrinted.printedAt)}` : 'Not printed'}
            {detail.sheetPrinted && (
              <Typography variant="body2" color="text.secondary">
                by {detail.sheetPrinted.printedBy}
                {detail.sheetPrinted.printCount > 1 ? ` · ${detail.sheetPrinted.printCount} times, first on ${formatTimestamp(detail.sheetPrinted.firstPrintedAt)}` : ''}
              </Typography>
            )}
          </Field>
        )}
      </Box>
    </Paper>
  );
}
