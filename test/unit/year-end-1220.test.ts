import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { computeYearEnd } from '../../src/main/core/year-end/amounts';
import { planCorrections } from '../../src/main/core/year-end/corrections';
import { renderReturnsCsv, RETURNS_CSV_HEADER } from '../../src/main/core/year-end/csv';
import { FilingError } from '../../src/main/core/year-end/irs1220/fields';
import { render1220, type Filing1220 } from '../../src/main/core/year-end/irs1220/file';
import { returnsOf, type ReturnRow } from '../../src/main/core/year-end/returns';
import { filingSettings } from '../../src/shared/year-end/filing';
import { controlProblems, parse1220 } from './irs-1220-reader';
import { exported, provider } from './year-end-fixture';

const settings = filingSettings.parse({
  tcc: '12AB3', payerTin: '37-6000001', payerName: 'Prairie County Child Care Assistance Program of the Central Illinois Region',
  payerAddress: '200 Main Street Suite 4', payerCity: 'Springfield', payerState: 'IL', payerZip: '62701', payerPhone: '217-555-0100',
  contactName: 'Dana Finance', contactPhone: '217-555-0101', contactEmail: 'Dana.Finance@example.org',
});

const providers = [
  provider(1, 'Sunny Days Family Home', { legalName: 'María López', tinType: 'SSN', tin: '212345678', address: { line1: '12 Elm St', line2: 'Apt 3', city: 'Springfield', state: 'IL', postalCode: '62701-4321' } }),
  provider(2, 'Little Acorns LLC', { address: { line1: '40 Lake Rd', line2: '', city: 'Madison', state: 'WI', postalCode: '53703' } }),
  provider(3, 'Maple Tree Home', { address: { line1: '9 Pine Ave', line2: '', city: 'Gary', state: 'IN', postalCode: '46402' } }),
  provider(4, 'Willow Home', { address: { line1: '5 Birch Ln', line2: '', city: 'Madison', state: 'WI', postalCode: '53704' } }),
];
const events = [
  exported(1, 11, 399_575, '2026-05-05'),
  exported(2, 21, 250_000, '2026-05-05'),
  exported(3, 31, 210_000, '2026-05-05'),
  exported(4, 41, 1_234_567, '2026-05-05'),
];
const nec = returnsOf(computeYearEnd({ taxYear: 2026, formBox: '1099-NEC box 1', thresholdCents: 200_000 }, providers, events));
const ret = (id: number) => nec.find((r) => r.providerId === id)!;
const base: Filing1220 = { paymentYear: 2026, kind: 'original', test: false, priorYearData: false, lastFiling: false, settings, returns: nec };

describe('the Publication 1220 file', () => {
  it('is T, A, the B records, C, F: every record 750 bytes, numbered in order, counts and totals adding up', () => {
    const file = render1220(base);
    const p = parse1220(file);
    expect(p.records.length).toBe(1 + 1 + 4 + 1 + 1);
    expect(p.records.every((r) => Buffer.byteLength(r, 'latin1') === 750)).toBe(true);
    expect(controlProblems(p)).toEqual([]);
    expect(p.payers[0].c.total1).toBe(String(399_575 + 250_000 + 210_000 + 1_234_567).padStart(18, '0'));
    expect(p.f).toMatchObject({ payers: '00000001', totalPayees: '00000004', seq: '00000008' });
  });

  it('the T record carries the TCC, the test flag and the contact the agency filled in', () => {
    const p = parse1220(render1220({ ...base, test: true, priorYearData: true }));
    expect(p.t).toMatchObject({
      type: 'T', paymentYear: '2026', priorYear: 'P', tin: '376000001', tcc: '12AB3', test: 'T',
      name: 'PRAIRIE COUNTY CHILD CARE ASSISTANCE'.padEnd(40), name2: 'PROGRAM OF THE CENTRAL ILLINOIS REGION'.padEnd(40),
      state: 'IL', zip: '62701    ', totalPayees: '00000004', contact: 'DANA FINANCE'.padEnd(40),
      contactPhone: '2175550101     ', email: 'Dana.Finance@example.org'.padEnd(50), vendor: 'I',
    });
    expect(parse1220(render1220(base)).t).toMatchObject({ priorYear: ' ', test: ' ' });
  });

  it('1099-NEC: type of return NE, amount code 1, the amount in payment amount 1 as cents', () => {
    const p = parse1220(render1220(base));
    expect(p.payers[0].a).toMatchObject({ typeOfReturn: 'NE', amountCodes: '1'.padEnd(18), tin: '376000001', transferAgent: '0', phone: '2175550100     ', cfsf: ' ' });
    const b1 = p.payers[0].b.find((b) => b.account.trim() === 'P1');
    expect(b1).toMatchObject({
      corrected: ' ', tinType: '2', tin: '212345678', account: 'P1'.padEnd(20), amount1: '000000399575', amount3: '0'.repeat(12),
      name: 'MARIA LOPEZ'.padEnd(40), name2: 'SUNNY DAYS FAMILY HOME'.padEnd(40), address: '12 ELM ST APT 3'.padEnd(40),
      city: 'SPRINGFIELD'.padEnd(40), state: 'IL', zip: '627014321', stateCode: '  ',
    });
    // An EIN is TIN type 1; a business whose legal name is its name has no second name line.
    expect(p.payers[0].b.find((b) => b.account.trim() === 'P2')).toMatchObject({ tinType: '1', tin: '376000002', name2: ' '.repeat(40) });
  });

  it('1099-MISC: type of return A, the amount in payment amount 3 or 6 as the agency chose', () => {
    for (const [formBox, code] of [['1099-MISC box 3', '3'], ['1099-MISC box 6', '6']] as const) {
      const misc = returnsOf(computeYearEnd({ taxYear: 2026, formBox, thresholdCents: 200_000 }, providers, events));
      const p = parse1220(render1220({ ...base, returns: misc }));
      expect(p.payers[0].a).toMatchObject({ typeOfReturn: 'A ', amountCodes: code.padEnd(18) });
      const b1 = p.payers[0].b.find((b) => b.account.trim() === 'P1')!;
      expect(b1[`amount${code}`]).toBe('000000399575');
      expect(b1.amount1).toBe('0'.repeat(12));
      expect(p.payers[0].c[`total${code}`]).toBe(String(2_094_142).padStart(18, '0'));
      expect(controlProblems(p)).toEqual([]);
    }
  });

  it('the Combined Federal/State Filing Program only if the agency asks: state codes on B records, a K record per state', () => {
    expect(parse1220(render1220(base)).payers[0].k).toEqual([]);
    const p = parse1220(render1220({ ...base, settings: { ...settings, combinedFederalState: true } }));
    expect(p.payers[0].a.cfsf).toBe('1');
    // Illinois is not in the program: no code, no K. Indiana is 18, Wisconsin 55.
    expect(p.payers[0].b.map((b) => [b.account.trim(), b.stateCode])).toEqual([['P2', '55'], ['P3', '18'], ['P1', '  '], ['P4', '55']]);
    expect(p.payers[0].k.map((k) => [k.stateCode, Number(k.payees), Number(k.total1)])).toEqual([['18', 1, 210_000], ['55', 2, 250_000 + 1_234_567]]);
    expect(p.records.map((r) => r[0]).join('')).toBe('TABBBBCKKF');
    expect(controlProblems(p)).toEqual([]);
  });

  it('the reader catches a file that does not add up', () => {
    const file = render1220(base);
    const p = parse1220(file);
    const bAt = file.indexOf(p.records[2]);
    const tampered = file.slice(0, bAt + 54) + '000000250001' + file.slice(bAt + 66);
    expect(controlProblems(parse1220(tampered))).toEqual([
      'payer 1: C total 1 is 2094142, its B records add up to 2094143',
    ]);
    expect(() => parse1220(file.slice(0, -1))).toThrow('not a multiple of 750');
  });

  it('refuses, naming each provider and problem, returns the IRS would not accept', () => {
    const bad: ReturnRow[] = [
      { ...ret(1), tin: '071234567', tinType: 'EIN' },
      { ...ret(2), address: { ...ret(2).address, line1: '', postalCode: '5370' } },
      { ...ret(3), address: { ...ret(3).address, state: 'XX' } },
    ];
    expect(() => render1220({ ...base, returns: bad })).toThrow(FilingError);
    let message = '';
    try {
      render1220({ ...base, returns: bad });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'The filing file cannot be written:',
      '- provider 1 (María López): the TIN is not valid: no EIN begins with 07 (the IRS has never issued that prefix)',
      '- provider 2 (Little Acorns LLC): the street address is missing',
      '- provider 2 (Little Acorns LLC): "5370" is not a ZIP code',
      '- provider 3 (Maple Tree Home): "XX" is not a US state code',
    ]);
    expect(() => render1220({ ...base, returns: [] })).toThrow('there are no returns to file');
    expect(() => render1220({ ...base, returns: [{ ...ret(1), corrected: 'G' }] })).toThrow('an original file holds no corrected returns');
  });

  it('a return without a TIN goes in with the TIN and its type blank', () => {
    const p = parse1220(render1220({ ...base, returns: [{ ...ret(1), tin: null, tinType: null }] }));
    expect(p.payers[0].b[0]).toMatchObject({ tinType: ' ', tin: ' '.repeat(9) });
  });
});

describe('corrections', () => {
  const filed = nec;
  const now: ReturnRow[] = [
    { ...ret(1), amountCents: 389_575 }, // provider 1: a late recovery dated in the year
    { ...ret(2), tin: '376000099' }, // provider 2: the TIN was wrong
    ret(3), // provider 3: unchanged
    // provider 4: no longer due (became exempt)
    { ...ret(1), providerId: 5, accountNumber: 'P5', name: 'New Home', businessName: '', tin: '376000005', tinType: 'EIN', amountCents: 300_000 }, // never filed
  ];
  const changes = planCorrections(filed, now);

  it('lists only the changed payees, each with what changed', () => {
    expect(changes.map((c) => [c.providerId, c.kinds, c.description])).toEqual([
      [1, ['amount'], 'amount: filed $3,995.75, now $3,895.75'],
      [2, ['tin'], 'TIN'],
      [4, ['no_longer_due'], 'no return due any more: filed $12,345.67, now below the threshold, exempt or not paid directly'],
      [5, ['newly_due'], 'a return now due: $3,000.00, never filed'],
    ]);
  });

  it('an amount: one return marked G with the new amount; a TIN: the filed return G with zero amounts, then the right one C', () => {
    const file = render1220({ ...base, kind: 'correction', returns: changes.flatMap((c) => c.corrections) });
    const p = parse1220(file);
    expect(controlProblems(p)).toEqual([]);
    // G returns under one A record, C returns under another (Pub 1220).
    expect(p.records.map((r) => r[0]).join('')).toBe('TABBBCABCF');
    expect(p.payers.map((x) => x.b.map((b) => [b.account.trim(), b.corrected, b.tin, Number(b.amount1)]))).toEqual([
      [['P1', 'G', '212345678', 389_575], ['P2', 'G', '376000002', 0], ['P4', 'G', '376000004', 0]],
      [['P2', 'C', '376000099', 250_000]],
    ]);
    expect(p.t.totalPayees).toBe('00000004');
    expect(p.f.payers).toBe('00000002');
  });

  it('a provider never filed goes in an original file of its own, and a correction file refuses it', () => {
    const late = changes.flatMap((c) => (c.lateOriginal ? [c.lateOriginal] : []));
    const p = parse1220(render1220({ ...base, returns: late }));
    expect(p.payers[0].b.map((b) => [b.account.trim(), b.corrected])).toEqual([['P5', ' ']]);
    expect(() => render1220({ ...base, kind: 'correction', returns: late })).toThrow('a correction file holds only returns marked G or C');
  });

  it('a wrong form is two transactions; a wrong box of the same form and an address are one', () => {
    const asMisc = { ...ret(1), formBox: '1099-MISC box 3' as const };
    expect(planCorrections([ret(1)], [asMisc])[0].corrections.map((r) => [r.formBox, r.corrected, r.amountCents])).toEqual([
      ['1099-NEC box 1', 'G', 0],
      ['1099-MISC box 3', 'C', 399_575],
    ]);
    const box6 = planCorrections([asMisc], [{ ...asMisc, formBox: '1099-MISC box 6' }])[0];
    expect([box6.kinds, box6.corrections.map((r) => [r.formBox, r.corrected])]).toEqual([['box'], [['1099-MISC box 6', 'G']]]);
    const moved = planCorrections([ret(1)], [{ ...ret(1), address: { ...ret(1).address, line1: '14 Elm St' } }])[0];
    expect([moved.kinds, moved.corrections.map((r) => r.corrected)]).toEqual([['address'], ['G']]);
    expect(planCorrections(nec, nec)).toEqual([]);
  });
});

describe('the returns CSV', () => {
  it('has a row per return of the file, in its order, amounts as plain numbers, TINs whole or masked', () => {
    const whole = Papa.parse<string[]>(renderReturnsCsv(2026, nec, { tins: 'whole', combinedFederalState: true }), { skipEmptyLines: true }).data;
    expect(whole[0]).toEqual([...RETURNS_CSV_HEADER]);
    const fileAccounts = parse1220(render1220(base)).payers[0].b.map((b) => b.account.trim());
    expect(whole.slice(1).map((r) => r[5])).toEqual(fileAccounts);
    expect(whole[3]).toEqual(['2026', '1099-NEC', '1', '', '1', 'P1', 'María López', 'Sunny Days Family Home', 'SSN', '212-34-5678', '12 Elm St Apt 3', 'Springfield', 'IL', '62701-4321', '3995.75', '']);
    expect(whole[1][14]).toBe('2500.00');
    expect(whole[1][15]).toBe('55');
    const masked = renderReturnsCsv(2026, nec, { tins: 'masked', combinedFederalState: false });
    expect(masked).toContain('***-**-5678');
    expect(masked).not.toContain('212-34-5678');
  });
});
