import { describe, expect, it } from 'vitest';
import { computeYearEnd } from '../../src/main/core/year-end/amounts';
import { moneyLeftOn, type YearEnd, type YearEndRow } from '../../src/main/core/year-end/model';
import { exported, provider, repaid } from './year-end-fixture';

// Hand-worked yearly sums. Every expected figure below is worked out in the comments from the
// events, not computed by the code under test.

const Y2026 = { taxYear: 2026, formBox: '1099-NEC box 1' as const, thresholdCents: 200_000 };
const Y2027 = { taxYear: 2027, formBox: '1099-NEC box 1' as const, thresholdCents: 200_000 };

const providers = [
  provider(1, 'Sunny Days Family Home', { legalName: 'Maria Lopez', tinType: 'SSN', tin: '212345678' }),
  provider(2, 'Little Acorns LLC'),
  provider(3, 'Falling Leaves Preschool'),
  provider(4, 'Maple Tree Home'),
  provider(5, 'Bright Futures Inc', { exemptReason: 'corporation' }),
  provider(6, 'Rosa Chen Home', { legalName: 'Rosa Chen', tinType: 'SSN', tin: '301223344' }),
  provider(7, 'Exactly Home'),
  provider(8, 'One Cent Short Home'),
  provider(9, 'No Paper Home', { legalName: '', tinType: null, tin: null, w9ReceivedOn: null }),
  provider(10, 'Kim Family Home North', { legalName: 'Ji-woo Kim', tinType: 'SSN', tin: '345678901' }),
  provider(11, 'Kim Family Home South', { legalName: 'Ji-woo Kim', tinType: 'SSN', tin: '345678901' }),
  provider(12, 'Overpaid Home'),
  provider(13, 'Old Data Home', { tinType: 'EIN', tin: '071234567', address: { line1: '', line2: '', city: 'Springfield', state: 'IL', postalCode: '' } }),
  provider(14, 'Never Paid Home'),
];

const events = [
  // 1: payments across periods, an adjustment up, a recovery taken from a later batch, an adjustment
  // for a 2025 service period exported in 2026, and two batches on a December 31.
  exported(1, 100, 50_000, '2025-12-31'), // ACH: settles Thu 2026-01-01 -> 2026
  exported(1, 106, 2_000, '2026-01-06', { itemKind: 'adjustment' }), // corrects a 2025 period, paid 2026-01-07 -> 2026
  exported(1, 101, 125_000, '2026-02-05'),
  exported(1, 102, 118_050, '2026-03-05'),
  exported(1, 103, 4_525, '2026-04-06', { itemKind: 'adjustment' }),
  exported(1, 104, 130_000, '2026-05-05'),
  exported(1, 105, -30_000, '2026-05-05'), // recovery taken from the same batch: net 1,000.00 left
  exported(1, 107, 99_900, '2026-12-31'), // ACH: settles Fri 2027-01-01 -> 2027
  // 2: a bank change holds the November payment; released and exported in January.
  exported(2, 201, 60_000, '2026-10-05'),
  exported(2, 202, 65_000, '2026-11-05'),
  exported(2, 200, 30_000, '2026-12-31', { method: 'check' }), // a check is dated the batch date -> 2026
  exported(2, 203, 80_000, '2027-01-07'), // held 2026-12-01 for the bank change, confirmed 2027-01-06
  // 3: paid only by the third-party payor (and a recovery repaid to it).
  exported(3, 301, 200_000, '2026-03-10', { payor: 'third_party' }),
  exported(3, 302, 180_000, '2026-06-10', { payor: 'third_party' }),
  exported(3, 303, 120_000, '2026-09-10', { payor: 'third_party' }),
  repaid(3, 31, 20_000, '2026-10-01', 'third_party'),
  // 4: moved from the third-party payor to the agency in July.
  exported(4, 401, 150_000, '2026-02-10', { payor: 'third_party' }),
  exported(4, 402, 150_000, '2026-05-10', { payor: 'third_party' }),
  exported(4, 403, 110_000, '2026-08-05'),
  exported(4, 404, 100_000, '2026-09-04', { method: 'check' }),
  // 5: a corporation.
  exported(5, 501, 1_000_000, '2026-04-06'),
  // 6: an overpayment found in 2026, repaid by check in January 2027.
  exported(6, 601, 250_000, '2026-06-04'),
  repaid(6, 61, 60_000, '2027-01-12'),
  exported(6, 602, 240_000, '2027-03-04'),
  // 7 and 8: at the threshold, and one cent under it.
  exported(7, 701, 200_000, '2026-06-04'),
  exported(8, 801, 199_999, '2026-06-04'),
  // 9: no W-9.
  exported(9, 901, 220_000, '2026-06-04'),
  // 10 and 11: one person's two homes.
  exported(10, 1001, 120_000, '2026-06-04'),
  exported(11, 1101, 120_000, '2026-06-04'),
  // 12: repaid more in the year than it was paid.
  exported(12, 1201, 10_000, '2026-06-04'),
  repaid(12, 121, 30_000, '2026-08-20'),
  // 13: a return due, but a TIN and address from before they were checked.
  exported(13, 1301, 300_000, '2026-06-04'),
  // 14: money only in 2025.
  exported(14, 1401, 500_000, '2025-06-04'),
];

const row = (ye: YearEnd, id: number): YearEndRow => {
  const r = ye.rows.find((x) => x.provider.id === id);
  if (!r) throw new Error(`no row for provider ${id}`);
  return r;
};
const codes = (r: YearEndRow) => r.warnings.map((w) => w.code);

describe('the day money left', () => {
  it('an ACH credit settles on the first weekday after the batch, a check is dated the batch, a hand-over the batch', () => {
    expect(moneyLeftOn('2026-12-31', 'ach', 'direct')).toBe('2027-01-01');
    expect(moneyLeftOn('2026-12-31', 'check', 'direct')).toBe('2026-12-31');
    expect(moneyLeftOn('2026-07-03', 'ach', 'direct')).toBe('2026-07-06'); // Friday -> Monday
    expect(moneyLeftOn('2026-12-31', 'none', 'third_party')).toBe('2026-12-31');
  });
});

describe('the yearly amounts, hand-worked (tax year 2026, 1099-NEC box 1, threshold $2,000.00)', () => {
  const ye = computeYearEnd(Y2026, providers, events);

  it('sums payments and adjustments across periods by the day the money left, less the recovery taken by offset', () => {
    // paid: 500.00 (2025-12-31 batch, settled 2026-01-01) + 20.00 + 1,250.00 + 1,180.50 + 45.25 + 1,300.00 = 4,295.75
    // recovered by offset: 300.00; the 999.00 batch of 2026-12-31 settles in 2027.
    const r = row(ye, 1);
    expect(r).toMatchObject({ paidCents: 429_575, recoveredByOffsetCents: 30_000, repaidCents: 0, amountCents: 399_575, thirdPartyCents: 0 });
    expect(r.formBox).toBe('1099-NEC box 1');
    expect(r.reason).toBe('1099-NEC box 1: $3,995.75, at least the 2026 threshold of $2,000.00');
    expect(r.warnings).toEqual([]);
  });

  it('a payment held by a bank change and exported in January counts in the next year', () => {
    // 2026: 600.00 + 650.00 + 300.00 (check dated 2026-12-31) = 1,550.00, below $2,000.00 without the held 800.00.
    const r = row(ye, 2);
    expect(r).toMatchObject({ paidCents: 155_000, amountCents: 155_000, formBox: null, noFormReason: 'below_threshold' });
    expect(r.reason).toBe('below the 2026 threshold of $2,000.00');
    expect(row(computeYearEnd(Y2027, providers, events), 2)).toMatchObject({ paidCents: 80_000, amountCents: 80_000 });
  });

  it('what a third-party payor paid is listed, never reported', () => {
    expect(row(ye, 3)).toMatchObject({ paidCents: 0, amountCents: 0, thirdPartyCents: 500_000, formBox: null, noFormReason: 'third_party_only' });
    expect(row(ye, 3).reason).toBe('paid only by a third-party payor ($5,000.00), which files its own returns');
    // Moved to the agency in July: 1,100.00 + 1,000.00 = 2,100.00 reported; the third party's 3,000.00 is not.
    expect(row(ye, 4)).toMatchObject({ paidCents: 210_000, amountCents: 210_000, thirdPartyCents: 300_000, formBox: '1099-NEC box 1' });
  });

  it('an exempt provider is listed with the reason and gets no form, whatever it was paid', () => {
    expect(row(ye, 5)).toMatchObject({ amountCents: 1_000_000, formBox: null, noFormReason: 'exempt' });
    expect(row(ye, 5).reason).toBe('exempt: a corporation (C or S, or an LLC taxed as one)');
  });

  it('the threshold: at least $2,000.00 gets a form, one cent less does not', () => {
    expect(row(ye, 7)).toMatchObject({ amountCents: 200_000, formBox: '1099-NEC box 1', noFormReason: null });
    expect(row(ye, 8)).toMatchObject({ amountCents: 199_999, formBox: null, noFormReason: 'below_threshold' });
  });

  it('a recovery repaid in January reduces the next year, not the last', () => {
    // 2026: 2,500.00 paid, nothing repaid in 2026: the return stays at 2,500.00.
    expect(row(ye, 6)).toMatchObject({ paidCents: 250_000, repaidCents: 0, amountCents: 250_000, formBox: '1099-NEC box 1' });
    // 2027: 2,400.00 paid − 600.00 repaid on 2027-01-12 = 1,800.00, below the threshold.
    const y27 = computeYearEnd(Y2027, providers, events);
    expect(row(y27, 6)).toMatchObject({ paidCents: 240_000, repaidCents: 60_000, amountCents: 180_000, formBox: null, noFormReason: 'below_threshold' });
  });

  it('a repayment bigger than the year\'s payments leaves a negative amount and no form', () => {
    expect(row(ye, 12)).toMatchObject({ paidCents: 10_000, repaidCents: 30_000, amountCents: -20_000, formBox: null, noFormReason: 'below_threshold' });
  });

  it('warns of a missing W-9, TIN and legal name; a bad TIN or address blocks the return from the file', () => {
    expect(row(ye, 9).formBox).toBe('1099-NEC box 1');
    expect(codes(row(ye, 9))).toEqual(['w9_missing', 'tin_missing', 'legal_name_missing']);
    expect(row(ye, 9).warnings.every((w) => !w.blocksFiling)).toBe(true);
    expect(row(ye, 9).warnings[2].message).toBe('no legal name from a W-9: the return names "No Paper Home"');
    const old = row(ye, 13);
    expect(codes(old)).toEqual(['tin_invalid', 'address_incomplete']);
    expect(old.warnings.every((w) => w.blocksFiling)).toBe(true);
    expect(old.warnings[0].message).toBe('the TIN on file is not valid: no EIN begins with 07 (the IRS has never issued that prefix)');
  });

  it('one TIN on two providers: the threshold applies to their total, each reports its own amount', () => {
    for (const [id, other] of [[10, 11], [11, 10]]) {
      const r = row(ye, id);
      expect(r).toMatchObject({ amountCents: 120_000, thresholdBasisCents: 240_000, formBox: '1099-NEC box 1' });
      expect(r.warnings.map((w) => w.message)).toEqual([`same TIN as provider ${other}: the threshold applies to their total`]);
    }
  });

  it('lists only providers with money in the year, in the order of the names on the returns, with totals', () => {
    expect(ye.rows.some((r) => r.provider.id === 14)).toBe(false);
    expect(ye.rows.map((r) => r.provider.id)).toEqual([5, 7, 3, 10, 11, 2, 4, 1, 9, 13, 8, 12, 6]);
    // Returns: 1 (3,995.75), 4 (2,100.00), 6 (2,500.00), 7 (2,000.00), 9 (2,200.00), 10 and 11 (1,200.00 each), 13 (3,000.00).
    expect(ye.totals).toEqual({ providers: 13, returns: 8, reportedCents: 1_819_575, exempt: 1, belowThreshold: 3, thirdPartyOnly: 1, blocked: 1 });
  });

  it('a corporation is reported in 1099-MISC box 6 (medical and health care payments); the other exemptions hold', () => {
    const ps = [provider(5, 'Bright Futures Inc', { exemptReason: 'corporation' }), provider(6, 'County Schools', { exemptReason: 'government_entity' })];
    const ev = [exported(5, 501, 1_000_000, '2026-04-06'), exported(6, 601, 1_000_000, '2026-04-06')];
    const box6 = computeYearEnd({ ...Y2026, formBox: '1099-MISC box 6' }, ps, ev);
    expect(row(box6, 5)).toMatchObject({ formBox: '1099-MISC box 6', noFormReason: null });
    expect(row(box6, 5).reason).toBe('1099-MISC box 6: $10,000.00, at least the 2026 threshold of $2,000.00; a corporation is not exempt from box 6 (medical and health care payments)');
    expect(row(box6, 6)).toMatchObject({ formBox: null, noFormReason: 'exempt' });
    expect(row(computeYearEnd({ ...Y2026, formBox: '1099-MISC box 3' }, ps, ev), 5)).toMatchObject({ formBox: null, noFormReason: 'exempt' });
  });

  it('an exempt provider without a W-9 is told its exemption is undocumented', () => {
    const ye2 = computeYearEnd(Y2026, [provider(5, 'Bright Futures Inc', { exemptReason: 'corporation', w9ReceivedOn: null })], [exported(5, 501, 1_000, '2026-04-06')]);
    expect(ye2.rows[0].warnings.map((w) => w.message)).toEqual(['no W-9 on file: the exemption is not documented']);
  });
});

describe('the threshold follows the tax year', () => {
  it('2025: $600.00 gets a form, $599.99 does not', () => {
    const ps = [provider(1, 'A Home'), provider(2, 'B Home')];
    const ye = computeYearEnd({ taxYear: 2025, formBox: '1099-MISC box 6', thresholdCents: 60_000 }, ps, [
      exported(1, 1, 60_000, '2025-03-04'),
      exported(2, 2, 59_999, '2025-03-04'),
      exported(2, 3, 500_000, '2026-03-04'),
    ]);
    expect(ye.rows.map((r) => [r.provider.id, r.amountCents, r.formBox])).toEqual([[1, 60_000, '1099-MISC box 6'], [2, 59_999, null]]);
    expect(ye.rows[0].reason).toBe('1099-MISC box 6: $600.00, at least the 2025 threshold of $600.00');
  });
});

describe('bad input', () => {
  it('an event for a provider not given, a fraction of a cent, a repayment of zero, bad settings: each refused by name', () => {
    expect(() => computeYearEnd(Y2026, [], [exported(99, 1, 100, '2026-03-04')])).toThrow('provider 99');
    expect(() => computeYearEnd(Y2026, [provider(1, 'A')], [exported(1, 1, 10.5, '2026-03-04')])).toThrow('not whole cents');
    expect(() => computeYearEnd(Y2026, [provider(1, 'A')], [repaid(1, 7, 0, '2026-03-04')])).toThrow('recovery 7');
    expect(() => computeYearEnd({ ...Y2026, thresholdCents: -1 }, [], [])).toThrow();
  });
});
