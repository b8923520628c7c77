import { styled } from '@mui/material/styles';
import type { InvoiceStatus, PaymentStatus, SubmissionStatus, SubStatus } from '../../../shared/domain/words';

export type StatusWord = SubmissionStatus | PaymentStatus | InvoiceStatus | SubStatus;
type Tone = 'default' | 'primary' | 'secondary' | 'info' | 'success' | 'warning' | 'error';

/**
 * One colour per status word, everywhere: a word means the same thing in every column and
 * screen (e.g. "Paid" as payment status and as sub-status), so it looks the same too.
 * Grey = nothing to do yet, blue = moving, green = done, amber = stopped, red = refused.
 */
export const STATUS_COLOURS: Record<StatusWord, Tone> = {
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

const TONES: Tone[] = ['default', 'primary', 'secondary', 'info', 'success', 'warning', 'error'];

// A plain span styled once for every tone (a grid page shows a few hundred of them, so no
// per-chip style work): outlined, or filled for the headline payment status.
const Pill = styled('span')(({ theme }) => {
  const tones = Object.fromEntries(
    TONES.map((tone) => {
      const main = tone === 'default' ? theme.palette.text.secondary : theme.palette[tone].main;
      const filledBg = tone === 'default' ? theme.palette.action.selected : theme.palette[tone].main;
      const filledFg = tone === 'default' ? theme.palette.text.primary : theme.palette[tone].contrastText;
      return [
        `&[data-tone="${tone}"]`,
        { color: tone === 'default' ? theme.palette.text.primary : main, borderColor: tone === 'default' ? theme.palette.divider : main,
          '&[data-strong="true"]': { backgroundColor: filledBg, color: filledFg, borderColor: 'transparent' } },
      ];
    }),
  );
  return {
    display: 'inline-flex',
    alignItems: 'center',
    height: 22,
    padding: '0 8px',
    borderRadius: 11,
    border: '1px solid',
    fontSize: 12,
    fontWeight: 500,
    lineHeight: 1,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    maxWidth: '100%',
    boxSizing: 'border-box',
    verticalAlign: 'middle',
    ...tones,
  };
});

/** Payment status is the headline state (filled); the other three fields are outlined. */
export function StatusChip({ value, strong = false }: { value: StatusWord; strong?: boolean }) {
  return (
    <Pill data-tone={STATUS_COLOURS[value] ?? 'default'} data-strong={strong ? 'true' : undefined} data-status={value}>
      {value}
    </Pill>
  );
}
