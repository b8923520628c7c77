import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filingSettings } from '../../src/shared/year-end/filing';
import { providerTaxCsvColumns, providerTaxFields } from '../../src/shared/year-end/provider-tax';
import { defaultTaxYearSettings, statutoryThreshold, taxYearSettings } from '../../src/shared/year-end/tax-year';
import { formatTin, isIssuedEinPrefix, looksLikeItin, maskTin, normalizeTin, tinForViewer, tinProblem, tinWarning } from '../../src/shared/year-end/tin';

describe('TIN format checks', () => {
  it('accepts good SSNs and EINs, written with or without dashes', () => {
    expect(tinProblem('SSN', '212-34-5678')).toBeNull();
    expect(tinProblem('SSN', '212345678')).toBeNull();
    expect(tinProblem('EIN', '37-6000001')).toBeNull();
    expect(tinProblem('EIN', '376000001')).toBeNull();
    expect(normalizeTin(' 37-6000001 ')).toBe('376000001');
    expect(normalizeTin('212-34-5678')).toBe('212345678');
  });

  it('refuses what is not nine digits, or has dashes in the wrong places', () => {
    for (const bad of ['', '12345678', '1234567890', '12-345-6789', '2123-4-5678', 'AB-CDEFGHI', '212 34 5678']) {
      expect(tinProblem('SSN', bad), bad).toMatch(/9 digits/);
      expect(tinProblem('EIN', bad), bad).toMatch(/9 digits/);
    }
  });

  it('refuses nine digits all the same, for either type (Pub 1220: they read as an incorrect TIN)', () => {
    for (let d = 0; d <= 9; d++) {
      const tin = String(d).repeat(9);
      expect(tinProblem('SSN', tin)).toMatch(/all nine digits the same/);
      expect(tinProblem('EIN', tin)).toMatch(/all nine digits the same/);
    }
  });

  it('refuses SSNs the SSA never issues: area 000 or 666, group 00, serial 0000, advertising numbers', () => {
    expect(tinProblem('SSN', '000-12-3456')).toBe('no SSN begins with 000');
    expect(tinProblem('SSN', '666-12-3456')).toBe('no SSN begins with 666');
    expect(tinProblem('SSN', '212-00-3456')).toBe('no SSN has 00 as its 4th and 5th digits');
    expect(tinProblem('SSN', '212-34-0000')).toBe('no SSN ends in 0000');
    expect(tinProblem('SSN', '078-05-1120')).toMatch(/examples and advertisements/);
    expect(tinProblem('SSN', '987-65-4325')).toMatch(/examples and advertisements/);
    expect(tinProblem('SSN', '123-45-6789')).toMatch(/examples and advertisements/);
    // The same digits can be a real EIN (prefix 12 is Andover's).
    expect(tinProblem('EIN', '12-3456789')).toBeNull();
  });

  it('takes an ITIN in the SSN box (as the W-9 does) but refuses other 9xx numbers and ATINs', () => {
    expect(tinProblem('SSN', '912-70-1234')).toBeNull();
    expect(tinWarning('SSN', '912-70-1234')).toMatch(/ITIN/);
    expect(tinProblem('SSN', '912-93-1234')).toMatch(/ATIN/);
    expect(tinProblem('SSN', '912-40-1234')).toMatch(/ITIN's 4th and 5th digits/);
    expect(tinProblem('SSN', '912-89-1234')).toMatch(/ITIN's 4th and 5th digits/);
  });

  it('refuses an ITIN where an EIN is required', () => {
    // Written the SSN way: an individual's number in the EIN box.
    expect(tinProblem('EIN', '912-70-1234')).toMatch(/ITIN .*EIN/);
    // A prefix no EIN has, and the ITIN form: surely an ITIN.
    expect(tinProblem('EIN', '967701234')).toMatch(/ITIN .*not an EIN/);
    expect(tinProblem('EIN', '97-7801234')).toMatch(/ITIN .*not an EIN/);
    // A real EIN prefix (94: Memphis) whose digits also have the ITIN form: accepted, with a warning.
    expect(tinProblem('EIN', '94-5612345')).toBeNull();
    expect(tinWarning('EIN', '94-5612345')).toMatch(/form of an ITIN/);
    expect(tinWarning('EIN', '37-6000001')).toBeNull();
  });

  it('refuses EIN prefixes the IRS has never issued, and accepts every one it has', () => {
    const never = [0, 7, 8, 9, 17, 18, 19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97];
    for (let p = 0; p <= 99; p++) {
      expect(isIssuedEinPrefix(p), String(p)).toBe(!never.includes(p));
      const tin = `${String(p).padStart(2, '0')}-1234567`;
      if (never.includes(p)) expect(tinProblem('EIN', tin), tin).not.toBeNull();
      else expect(tinProblem('EIN', tin), tin).toBeNull();
    }
  });

  it('any nine digits: a refusal is a sentence, and an accepted TIN normalizes to its digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), fc.constantFrom('SSN' as const, 'EIN' as const), (digits, type) => {
        const problem = tinProblem(type, digits);
        if (problem === null) {
          expect(normalizeTin(formatTin(type, digits))).toBe(digits);
          expect(tinProblem(type, formatTin(type, digits))).toBeNull();
        } else {
          expect(problem.length).toBeGreaterThan(10);
        }
        expect(looksLikeItin(digits)).toBe(digits[0] === '9' && [...Array(100).keys()].filter((m) => (m >= 50 && m <= 65) || (m >= 70 && m <= 88) || (m >= 90 && m <= 92) || m >= 94).includes(Number(digits.slice(3, 5))));
      }),
    );
  });
});

describe('TIN display', () => {
  it('formats and masks by type, and shows the whole number to Administrators only', () => {
    expect(formatTin('SSN', '212345678')).toBe('212-34-5678');
    expect(formatTin('EIN', '376000001')).toBe('37-6000001');
    expect(maskTin('SSN', '212345678')).toBe('***-**-5678');
    expect(maskTin('EIN', '376000001')).toBe('**-***0001');
    expect(tinForViewer('SSN', '212345678', true)).toBe('212-34-5678');
    expect(tinForViewer('SSN', '212345678', false)).toBe('***-**-5678');
    expect(tinForViewer(null, null, true)).toBe('');
    expect(tinForViewer('SSN', '212345678', false)).not.toContain('2123');
  });
});

describe('provider tax fields (form and CSV)', () => {
  it('stores the TIN as digits with its type; blanks mean none', () => {
    expect(providerTaxFields.parse({ tinType: 'EIN', tin: '37-6000001', legalName: ' Sunny Days LLC ', w9ReceivedOn: '2026-01-15', exemptReason: '' })).toEqual({
      tinType: 'EIN', tin: '376000001', legalName: 'Sunny Days LLC', w9ReceivedOn: '2026-01-15', exemptReason: null,
    });
    expect(providerTaxFields.parse({ tinType: '', tin: ' ', w9ReceivedOn: '' })).toEqual({ tinType: null, tin: null, legalName: '', w9ReceivedOn: null, exemptReason: null });
  });

  it('names the field at fault: a TIN without its type, a type without a TIN, a bad TIN, no legal name, a bad date', () => {
    const paths = (v: unknown) => providerTaxFields.safeParse(v).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(paths({ tin: '212-34-5678', legalName: 'A' })).toEqual(['tinType: choose SSN or EIN for the TIN']);
    expect(paths({ tinType: 'SSN' })).toEqual(['tin: is required with TIN type SSN']);
    expect(paths({ tinType: 'EIN', tin: '912-70-1234', legalName: 'A' })![0]).toMatch(/^tin: this is an ITIN/);
    expect(paths({ tinType: 'SSN', tin: '212-34-5678' })).toEqual(['legalName: is required with a TIN (the name on line 1 of the W-9)']);
    expect(paths({ w9ReceivedOn: '2026-02-30' })).toEqual(['w9ReceivedOn: must be a date as YYYY-MM-DD']);
    expect(paths({ exemptReason: 'charity' })![0]).toMatch(/^exemptReason: must be one of corporation/);
  });

  it('reads the CSV columns in the words a spreadsheet uses; errors name the column', () => {
    expect(providerTaxCsvColumns.parse({ tin_type: 'ein', tin: '37-6000001', legal_name: 'Sunny Days Inc', w9_received: '1/5/2026', exempt: 'Yes' })).toEqual({
      tinType: 'EIN', tin: '376000001', legalName: 'Sunny Days Inc', w9ReceivedOn: '2026-01-05', exemptReason: 'corporation',
    });
    expect(providerTaxCsvColumns.parse({ exempt: 'Tax-exempt organization' }).exemptReason).toBe('tax_exempt_organization');
    expect(providerTaxCsvColumns.parse({})).toEqual({ tinType: null, tin: null, legalName: '', w9ReceivedOn: null, exemptReason: null });
    const issues = providerTaxCsvColumns.safeParse({ tin_type: 'SSN', tin: '666-12-3456', legal_name: '', w9_received: '13/1/2026', exempt: 'maybe' }).error!.issues;
    expect(issues.map((i) => i.path[0])).toEqual(['w9_received', 'exempt']);
    const tinIssues = providerTaxCsvColumns.safeParse({ tin_type: 'SSN', tin: '666-12-3456' }).error!.issues;
    expect(tinIssues.map((i) => `${String(i.path[0])}: ${i.message}`)).toEqual([
      'tin: no SSN begins with 666',
      'legal_name: is required with a TIN (the name on line 1 of the W-9)',
    ]);
    expect(providerTaxCsvColumns.safeParse({ tin_type: 'ITIN', tin: '912-70-1234' }).error!.issues[0].path).toEqual(['tin_type']);
  });
});

describe('tax year settings', () => {
  it('the statutory threshold: $600 through 2025, $2,000 in 2026, then $2,000 to be replaced by the indexed amount', () => {
    expect(statutoryThreshold(2024)).toEqual({ cents: 60_000, indexed: false });
    expect(statutoryThreshold(2025)).toEqual({ cents: 60_000, indexed: false });
    expect(statutoryThreshold(2026)).toEqual({ cents: 200_000, indexed: false });
    expect(statutoryThreshold(2027)).toEqual({ cents: 200_000, indexed: true });
    expect(defaultTaxYearSettings(2026)).toEqual({ taxYear: 2026, formBox: '1099-NEC box 1', thresholdCents: 200_000 });
  });

  it('refuses an unknown form and box, a threshold of zero, a year before 1099-NEC existed', () => {
    expect(taxYearSettings.safeParse({ taxYear: 2026, formBox: '1099-MISC box 7', thresholdCents: 200_000 }).error!.issues[0].path).toEqual(['formBox']);
    expect(taxYearSettings.safeParse({ taxYear: 2026, formBox: '1099-MISC box 6', thresholdCents: 0 }).error!.issues[0].path).toEqual(['thresholdCents']);
    expect(taxYearSettings.safeParse({ taxYear: 2019, formBox: '1099-NEC box 1', thresholdCents: 60_000 }).error!.issues[0].path).toEqual(['taxYear']);
  });

  it('the filing settings: TCC, payer EIN, address and contact, normalized for the file', () => {
    const good = {
      tcc: ' 12ab3 ', payerTin: '37-6000001', payerName: 'Prairie County Child Care Assistance', payerAddress: '200 Main Street, Suite 4',
      payerCity: 'Springfield', payerState: 'il', payerZip: '62701-1234', payerPhone: '(217) 555-0100', contactName: 'Dana Finance',
      contactPhone: '1-217-555-0101 ext. 12', contactEmail: 'dana@example.org',
    };
    expect(filingSettings.parse(good)).toMatchObject({ tcc: '12AB3', payerTin: '376000001', payerState: 'IL', payerZip: '627011234', payerPhone: '2175550100', contactPhone: '217555010112', combinedFederalState: false });
    const bad = filingSettings.safeParse({ ...good, tcc: '1234', payerTin: '07-1234567', payerState: 'XX', payerZip: '6270', contactEmail: 'dana' });
    expect(bad.error!.issues.map((i) => i.path[0])).toEqual(['tcc', 'payerTin', 'payerState', 'payerZip', 'contactEmail']);
  });
});
