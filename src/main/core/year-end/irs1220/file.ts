import { filingSettings, type FilingSettings } from '../../../../shared/year-end/filing';
import { FORM_BOX_SPECS, US_STATES } from '../../../../shared/year-end/tax-year';
import { tinProblem } from '../../../../shared/year-end/tin';
import type { ReturnRow } from '../returns';
import { fireText, FilingError } from './fields';
import { aRecord, amountsOf, bRecord, cRecord, fRecord, kRecord, stateCodeOf, tRecord, type AmountCode, type ControlTotals } from './records';

// The electronic filing file of a tax year (IRS Publication 1220; docs/formats/irs-1220.md):
// T, then for each type of return an A record, its B records, its C record and a K record per
// state of the Combined Federal/State Filing Program, then F. A correction file holds only the
// changed payees: G-coded returns under one A record and C-coded under another, as Pub 1220 asks.

export interface Filing1220 {
  paymentYear: number;
  /** 'original' returns, or 'correction' (every return G or C). */
  kind: 'original' | 'correction';
  /** A test file (T in the T record), for the IRS's test system. */
  test: boolean;
  /** Returns for a year before the current tax year ("P" in the T record). */
  priorYearData: boolean;
  /** The payer will file no more returns after this year (the A record's last filing indicator). */
  lastFiling: boolean;
  settings: FilingSettings;
  returns: readonly ReturnRow[];
}

/** What stops a return from going into the file, in words naming the provider; none when it can. */
export function returnProblems(r: ReturnRow, kind: Filing1220['kind']): string[] {
  const who = `provider ${r.providerId} (${r.name})`;
  const out: string[] = [];
  if (kind === 'original' && r.corrected !== '') out.push(`${who}: an original file holds no corrected returns (${r.corrected})`);
  if (kind === 'correction' && r.corrected === '') out.push(`${who}: a correction file holds only returns marked G or C`);
  if (!Number.isSafeInteger(r.amountCents) || r.amountCents < 0) out.push(`${who}: the amount must be whole cents of zero or more`);
  else if (r.amountCents > 999_999_999_999) out.push(`${who}: the amount does not fit the file's 12 digits`);
  if (r.tin !== null) {
    if (!r.tinType) out.push(`${who}: the TIN has no type (SSN or EIN)`);
    else {
      const problem = tinProblem(r.tinType, r.tin);
      if (problem) out.push(`${who}: the TIN is not valid: ${problem}`);
    }
  }
  if (!fireText(r.name)) out.push(`${who}: the payee has no name`);
  if (fireText(r.name).length > 80) out.push(`${who}: the name is longer than the file's two lines of 40 characters`);
  const street = fireText([r.address.line1, r.address.line2].filter((l) => l.trim()).join(' '));
  if (!street) out.push(`${who}: the street address is missing`);
  else if (street.length > 40) out.push(`${who}: the street address "${street}" is longer than the file's 40 characters`);
  if (!fireText(r.address.city)) out.push(`${who}: the city is missing`);
  if (!(US_STATES as readonly string[]).includes(r.address.state.trim().toUpperCase())) out.push(`${who}: "${r.address.state}" is not a US state code`);
  if (!/^\d{5}(-?\d{4})?$/.test(r.address.postalCode.trim())) out.push(`${who}: "${r.address.postalCode}" is not a ZIP code`);
  return out;
}

interface PayerGroup {
  typeOfReturn: 'NE' | 'A';
  returns: ReturnRow[];
}

/** One A record per type of return, and for corrections per indicator: G returns apart from C returns. */
function groupsOf(returns: readonly ReturnRow[]): PayerGroup[] {
  const groups = new Map<string, PayerGroup>();
  for (const r of returns) {
    const typeOfReturn = FORM_BOX_SPECS[r.formBox].typeOfReturn;
    const key = `${typeOfReturn}/${r.corrected}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { typeOfReturn, returns: [] }));
    g.returns.push(r);
  }
  const order = (g: PayerGroup) => `${g.typeOfReturn === 'NE' ? 0 : 1}${g.returns[0].corrected === 'C' ? 1 : 0}`;
  return [...groups.values()].sort((a, b) => order(a).localeCompare(order(b)));
}

function totalsOf(returns: readonly ReturnRow[]): ControlTotals {
  const totals = new Map<AmountCode, number>();
  for (const r of returns) for (const [code, cents] of amountsOf(r)) totals.set(code, (totals.get(code) ?? 0) + cents);
  return { payees: returns.length, totals };
}

/** Renders the file. Refuses, listing every problem, a file that the IRS would not accept as written. */
export function render1220(input: Filing1220): string {
  const settings = filingSettings.parse(input.settings);
  const problems = input.returns.flatMap((r) => returnProblems(r, input.kind));
  const seen = new Set<string>();
  for (const r of input.returns) {
    const key = `${r.accountNumber}/${r.formBox}/${r.corrected}`;
    if (seen.has(key)) problems.push(`provider ${r.providerId}: two returns of ${r.formBox}${r.corrected ? ` marked ${r.corrected}` : ''} for one account number`);
    seen.add(key);
  }
  if (input.returns.length === 0) problems.push('there are no returns to file');
  if (problems.length > 0) throw new FilingError(`The filing file cannot be written:\n- ${problems.join('\n- ')}`);

  const lines: string[] = [];
  const next = () => lines.length + 1;
  lines.push(tRecord({ paymentYear: input.paymentYear, priorYearData: input.priorYearData, test: input.test, totalPayees: input.returns.length, settings }, next()));
  const groups = groupsOf(input.returns);
  for (const g of groups) {
    const codes = [...new Set(g.returns.flatMap((r) => [...amountsOf(r).keys()]))];
    const stateCodes = g.returns.map((r) => stateCodeOf(r, settings.combinedFederalState));
    const combined = stateCodes.some((c) => c !== '');
    lines.push(aRecord({ paymentYear: input.paymentYear, typeOfReturn: g.typeOfReturn, amountCodes: codes, combinedFederalState: combined, lastFiling: input.lastFiling, settings }, next()));
    g.returns.forEach((r, i) => lines.push(bRecord(input.paymentYear, r, stateCodes[i], next())));
    lines.push(cRecord(totalsOf(g.returns), next()));
    for (const state of [...new Set(stateCodes.filter(Boolean))].sort()) {
      lines.push(kRecord(totalsOf(g.returns.filter((_, i) => stateCodes[i] === state)), state, next()));
    }
  }
  lines.push(fRecord(groups.length, input.returns.length, next()));
  return lines.join('');
}
