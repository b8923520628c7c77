import { Alert, AlertTitle } from '@mui/material';
import type { PaymentDetail } from '../../../../../shared/api/contract/payments';
import { formatTimestamp } from '../columns';

/** Who placed the (latest) hold, when and why; who released it. */
export function HoldPanel({ hold }: { hold: NonNullable<PaymentDetail['hold']> }) {
  const why = [hold.reasonLabel ?? hold.reasonCode, hold.comment ? `“${hold.comment}”` : null].filter(Boolean).join(' — ');
  return (
    <Alert severity={hold.active ? 'warning' : 'info'} data-testid="hold-info">
      <AlertTitle>
        {hold.active ? (hold.kind === 'bank_details' ? 'On hold: bank details changed' : 'On administrative hold') : 'Hold released'}
      </AlertTitle>
      Placed by {hold.placedBy.username} on {formatTimestamp(hold.placedAt)}
      {why ? `: ${why}` : ''}.
      {hold.releasedBy && (
        <>
          {' '}
          Released by {hold.releasedBy.username} on {formatTimestamp(hold.releasedAt)}
          {hold.releaseComment ? ` (“${hold.releaseComment}”)` : ''}.
        </>
      )}
      {hold.active && hold.kind === 'bank_details' && ' It is released once a second user confirms the new bank details (Providers).'}
    </Alert>
  );
}
