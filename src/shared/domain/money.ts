// Money is integer cents everywhere; these are the only conversions to and from text.
import { formatMoney } from '../format';

export type Cents = number;

export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** 123456 -> "$1,234.56"; -500 -> "-$5.00": the one formatter's money (src/shared/format). */
export function formatCents(cents: Cents): string {
  return formatMoney(cents);
}

/** "1,234.56", "$12", "-5.5" -> cents. Returns null when the text is not an amount. */
export function parseCents(text: string): Cents | null {
  const m = /^\s*(-)?\$?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const whole = Number(m[2].replace(/,/g, ''));
  const frac = Number((m[3] ?? '').padEnd(2, '0'));
  const cents = whole * 100 + frac;
  if (!Number.isSafeInteger(cents)) return null;
  return m[1] && cents !== 0 ? -cents : cents;
}

/** Plain decimal for files (CSV, registers): 123456 -> "1234.56". */
export function centsToDecimal(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
