import { Chip, type ChipProps } from '@mui/material';
import type { InvoiceStatus, PaymentStatus, SubmissionStatus, SubStatus } from '../../../shared/domain/words';

export type StatusWord = SubmissionStatus | PaymentStatus | InvoiceStatus | SubStatus;
type Colour = NonNullable<ChipProps['color']>;

/**
 * One colour per status word, everywhere: a word means the same thing in every column and
 * screen (e.g. "Paid" as payment status and as sub-status), so it looks the same too.
 * Grey = nothing to do yet, blue = moving, green = done, amber = stopped, red = refused.
 */
export const STATUS_COLOURS: Record<StatusWord, Colour> = {
  New: 'default',
  'Ready for Parent': 'info',
  Submitted: 'primary',
  Received: 'info',
  Authorized: 'primary',
  Hold: 'warning',
  Paid: 'success',
  Denied: 'error',
  'Pending Approval': 'info',
  'Pending Payment': 'primary',
  'Corrections Required': 'warning',
  'Invoice History': 'default',
  'Awaiting Action': 'default',
  'In Review': 'info',
  'Administrative Hold': 'warning',
  'In Process': 'secondary',
  Processed: 'secondary',
};

/** Payment status is the headline state (filled); the other three fields are outlined. */
export function StatusChip({ value, strong = false }: { value: StatusWord; strong?: boolean }) {
  return (
    <Chip
      size="small"
      label={value}
      color={STATUS_COLOURS[value] ?? 'default'}
      variant={strong ? 'filled' : 'outlined'}
      sx={{ fontWeight: 500, maxWidth: '100%' }}
    />
  );
}
