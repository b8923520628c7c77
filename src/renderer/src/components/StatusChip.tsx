import { theme } from '../theme';
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

/**
 * The chips' style sheet, written once from the theme. A grid page shows a few hundred chips on
 * every render, so they are plain spans with a class (no per-chip style work, unlike MUI's Chip).
 */
function chipCss(): string {
  // The theme's CSS variables: the chips follow the light or dark scheme with the rest.
  const p = theme.vars!.palette;
  const rules = TONES.map((tone) => {
    const main = tone === 'default' ? p.text.primary : p[tone].main;
    const border = tone === 'default' ? p.divider : p[tone].main;
    const fillBg = tone === 'default' ? p.action.selected : p[tone].main;
    const fillFg = tone === 'default' ? p.text.primary : p[tone].contrastText;
    return `.pd-chip[data-tone="${tone}"]{color:${main};border-color:${border}}` +
      `.pd-chip[data-tone="${tone}"][data-strong]{background:${fillBg};color:${fillFg};border-color:transparent}`;
  });
  return (
    '.pd-chip{display:inline-flex;align-items:center;height:1.7em;padding:0 0.6em;border-radius:0.85em;border:1px solid;' +
    'font-size:0.75rem;font-weight:500;line-height:1;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:100%;' +
    `box-sizing:border-box;vertical-align:middle;font-family:${theme.typography.fontFamily}}` +
    rules.join('')
  );
}

if (typeof document !== 'undefined' && !document.getElementById('pd-chip-css')) {
  const style = document.createElement('style');
  style.id = 'pd-chip-css';
  style.textContent = chipCss();
  document.head.appendChild(style);
}

/** Payment status is the headline state (filled); the other three fields are outlined. */
export function StatusChip({ value, strong = false }: { value: StatusWord; strong?: boolean }) {
  return (
    <span className="pd-chip" data-tone={STATUS_COLOURS[value] ?? 'default'} data-strong={strong ? '' : undefined} data-status={value}>
      {value}
    </span>
  );
}
