import { formatCents } from '../../../shared/domain/money';
import { EXEMPT_REASON_LABELS, type ExemptReason } from '../../../shared/year-end/provider-tax';
import { FORM_BOX_SPECS, taxYearSettings, type FormBox, type TaxYearSettings } from '../../../shared/year-end/tax-year';
import { tinProblem, tinWarning } from '../../../shared/year-end/tin';
import { compareText } from '../export/model';
import type { MoneyEvent, ProviderForYearEnd, YearEnd, YearEndRow, YearEndWarning } from './model';

// A calendar year's 1099 amounts (issue #17): per provider, what the agency paid directly, dated
// by the day the money left, minus recoveries actually repaid in the year (taken from an export or
// paid back); what a third-party payor paid is shown and never reported. A return is due when
// the amount reaches the year's threshold and the provider is not exempt.

interface Sums {
  paid: number;
  offset: number;
  repaid: number;
  thirdParty: number;
}

const eventDate = (e: MoneyEvent) => (e.kind === 'exported' ? e.paidOn : e.receivedOn);

function sumEvents(year: number, events: readonly MoneyEvent[], providers: ReadonlyMap<number, ProviderForYearEnd>): Map<number, Sums> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const sums = new Map<number, Sums>();
  for (const e of events) {
    if (!providers.has(e.providerId)) throw new Error(`money event for provider ${e.providerId}, which is not in the year-end's providers`);
    if (!Number.isSafeInteger(e.amountCents)) throw new Error(`money event for provider ${e.providerId} is not whole cents: ${e.amountCents}`);
    if (e.kind === 'recovery_repaid' && e.amountCents <= 0) throw new Error(`recovery ${e.recoveryId} repaid ${e.amountCents} cents: a repayment is more than zero`);
    const date = eventDate(e);
    if (date < first || date > last) continue;
    if (e.kind === 'recovery_repaid' && e.payorKind === 'third_party') continue; // the third-party payor's own business
    let s = sums.get(e.providerId);
    if (!s) sums.set(e.providerId, (s = { paid: 0, offset: 0, repaid: 0, thirdParty: 0 }));
    if (e.payorKind === 'third_party') s.thirdParty += e.amountCents;
    else if (e.kind === 'recovery_repaid') s.repaid += e.amountCents;
    else if (e.amountCents >= 0) s.paid += e.amountCents;
    else s.offset -= e.amountCents;
  }
  return sums;
}

/**
 * Whether an exemption holds for the year's form and box. The IRS's exemption of corporations does
 * not cover medical and health care payments (1099-MISC box 6): those are reported for
 * corporations too. Tax-exempt organizations and government entities are not reported either way.
 */
export function exemptFrom(reason: ExemptReason, formBox: FormBox): boolean {
  return !(reason === 'corporation' && formBox === '1099-MISC box 6');
}

const ADDRESS_NEEDED = 'street address, city, state and ZIP code';

function warningsOf(p: ProviderForYearEnd, sums: Sums, returnDue: boolean, sharedWith: number[]): YearEndWarning[] {
  const out: YearEndWarning[] = [];
  const direct = sums.paid > 0 || sums.offset > 0 || sums.repaid > 0;
  if (direct && !p.w9ReceivedOn) {
    out.push({
      code: 'w9_missing',
      blocksFiling: false,
      message: p.exemptReason
        ? 'no W-9 on file: the exemption is not documented'
        : 'no W-9 on file: ask the provider for one (payments without a TIN are subject to backup withholding)',
    });
  }
  if (!returnDue) return out;
  if (!p.tin || !p.tinType) {
    out.push({ code: 'tin_missing', blocksFiling: false, message: 'no TIN: the return is filed without one, and the IRS may ask the agency to withhold' });
  } else {
    const problem = tinProblem(p.tinType, p.tin);
    if (problem) out.push({ code: 'tin_invalid', blocksFiling: true, message: `the TIN on file is not valid: ${problem}` });
    const check = problem ? null : tinWarning(p.tinType, p.tin);
    if (check && p.tinType === 'EIN') out.push({ code: 'tin_check', blocksFiling: false, message: check });
  }
  if (!p.legalName.trim()) {
    out.push({ code: 'legal_name_missing', blocksFiling: false, message: `no legal name from a W-9: the return names "${p.name}"` });
  }
  const a = p.address;
  if (!a.line1.trim() || !a.city.trim() || !a.state.trim() || !a.postalCode.trim()) {
    out.push({ code: 'address_incomplete', blocksFiling: true, message: `the mailing address is incomplete: the return needs a ${ADDRESS_NEEDED}` });
  }
  if (sharedWith.length > 0) {
    out.push({
      code: 'tin_shared',
      blocksFiling: false,
      message: `same TIN as provider${sharedWith.length > 1 ? 's' : ''} ${sharedWith.join(', ')}: the threshold applies to their total`,
    });
  }
  return out;
}

/** The review list of one tax year: every provider with money in the year, due a return or not, and why. */
export function computeYearEnd(settingsInput: TaxYearSettings, providers: readonly ProviderForYearEnd[], events: readonly MoneyEvent[]): YearEnd {
  const settings = taxYearSettings.parse(settingsInput);
  const byId = new Map(providers.map((p) => [p.id, p]));
  const sums = sumEvents(settings.taxYear, events, byId);
  const amountOf = (s: Sums) => s.paid - s.offset - s.repaid;

  // One payee may be several providers (one person running two homes): the threshold applies to the TIN's total.
  const byTin = new Map<string, number[]>();
  for (const [id] of sums) {
    const p = byId.get(id)!;
    if (p.tin) byTin.set(p.tin, [...(byTin.get(p.tin) ?? []), id]);
  }

  const spec = FORM_BOX_SPECS[settings.formBox];
  const threshold = formatCents(settings.thresholdCents);
  const rows: YearEndRow[] = [];
  for (const [id, s] of sums) {
    const p = byId.get(id)!;
    const amount = amountOf(s);
    const sharedWith = p.tin ? byTin.get(p.tin)!.filter((other) => other !== id) : [];
    const basis = amount + sharedWith.reduce((sum, other) => sum + amountOf(sums.get(other)!), 0);
    const directMoney = s.paid > 0 || s.offset > 0 || s.repaid > 0;
    let noFormReason: YearEndRow['noFormReason'] = null;
    let reason: string;
    if (!directMoney) {
      noFormReason = 'third_party_only';
      reason = `paid only by a third-party payor (${formatCents(s.thirdParty)}), which files its own returns`;
    } else if (p.exemptReason && exemptFrom(p.exemptReason, settings.formBox)) {
      noFormReason = 'exempt';
      reason = `exempt: ${EXEMPT_REASON_LABELS[p.exemptReason]}`;
    } else if (basis < settings.thresholdCents) {
      noFormReason = 'below_threshold';
      reason = `below the ${settings.taxYear} threshold of ${threshold}${sharedWith.length ? ` (${formatCents(basis)} with the same TIN)` : ''}`;
    } else {
      reason = `${spec.form} box ${spec.box}: ${formatCents(amount)}, at least the ${settings.taxYear} threshold of ${threshold}${sharedWith.length ? ` (${formatCents(basis)} with the same TIN)` : ''}`;
      if (p.exemptReason) reason += '; a corporation is not exempt from box 6 (medical and health care payments)';
    }
    const returnDue = noFormReason === null;
    rows.push({
      provider: p,
      paidCents: s.paid,
      recoveredByOffsetCents: s.offset,
      repaidCents: s.repaid,
      amountCents: amount,
      thirdPartyCents: s.thirdParty,
      thresholdBasisCents: basis,
      formBox: returnDue ? settings.formBox : null,
      noFormReason,
      reason,
      warnings: warningsOf(p, s, returnDue, sharedWith),
    });
  }
  rows.sort(compareRows);

  const count = (f: (r: YearEndRow) => boolean) => rows.filter(f).length;
  return {
    settings,
    rows,
    totals: {
      providers: rows.length,
      returns: count((r) => r.formBox !== null),
      reportedCents: rows.reduce((sum, r) => sum + (r.formBox ? r.amountCents : 0), 0),
      exempt: count((r) => r.noFormReason === 'exempt'),
      belowThreshold: count((r) => r.noFormReason === 'below_threshold'),
      thirdPartyOnly: count((r) => r.noFormReason === 'third_party_only'),
      blocked: count((r) => r.formBox !== null && r.warnings.some((w) => w.blocksFiling)),
    },
  };
}

/** The name a return is filed under: the W-9's legal name, or the business name when none is on file. */
export function payeeName(p: ProviderForYearEnd): string {
  return p.legalName.trim() || p.name;
}

/** Review list, filing file and recipient copies all follow this order: by the name on the return, then provider id. */
export function compareRows(a: YearEndRow, b: YearEndRow): number {
  return compareText(payeeName(a.provider), payeeName(b.provider)) || a.provider.id - b.provider.id;
}
