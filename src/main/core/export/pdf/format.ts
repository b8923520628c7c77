// formatCents (src/shared/domain/money.ts) for the PDFs' hot path: the same text ("$1,234.56",
// "-$5.00"), without toLocaleString, which costs a few microseconds a call and a remittance page
// prints ~100 amounts. test/unit/export-pdf-format.test.ts checks it against formatCents.

export function money(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new TypeError(`not a whole number of cents: ${String(cents)}`);
  const abs = Math.abs(cents);
  const digits = String(Math.floor(abs / 100));
  let grouped = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) grouped += ',';
    grouped += digits[i];
  }
  const rest = abs % 100;
  return `${cents < 0 ? '-' : ''}$${grouped}.${rest < 10 ? '0' : ''}${rest}`;
}
