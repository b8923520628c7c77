// ABA routing numbers: nine digits whose weighted sum (3, 7, 1 repeating) is a multiple of 10.

export function routingCheckDigit(first8: string): number {
  const w = [3, 7, 1, 3, 7, 1, 3, 7];
  const sum = first8.split('').reduce((acc, d, i) => acc + Number(d) * w[i], 0);
  return (10 - (sum % 10)) % 10;
}

export function isValidRouting(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  return routingCheckDigit(routing.slice(0, 8)) === Number(routing[8]);
}

/** Why a routing number is refused, or null when it is good. */
export function routingProblem(routing: string): string | null {
  if (!/^\d{9}$/.test(routing)) return 'a routing number is exactly 9 digits';
  if (!isValidRouting(routing)) return 'the routing number fails its check digit (mistyped?)';
  return null;
}

/** "•••• 6789": account numbers are shown with the last four digits only. */
export function maskAccount(account: string | null): string | null {
  if (!account) return null;
  return `•••• ${account.slice(-4)}`;
}
