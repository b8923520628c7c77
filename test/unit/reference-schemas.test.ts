import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldOfColumn, keepAbsent, parseCsv } from '../../src/main/core/reference/imports/csv';
import { isIsoDate } from '../../src/shared/domain/dates';
import { routingCheckDigit } from '../../src/shared/domain/routing';
import { isCalendarDate } from '../../src/shared/reference/fields';
import { authorizationCsvRow, childCsvRow, csvDate, CSV_FORMATS, normalizeHeader } from '../../src/shared/reference/csv';
import { providerInput } from '../../src/shared/reference/provider';
import { rateTableInput, RATE_TABLE_KEYS } from '../../src/shared/reference/rates';
import { agencySettings, settingsSaveInput } from '../../src/shared/reference/settings';

const routing = (first8: string) => first8 + String(routingCheckDigit(first8));
const provider = {
  name: 'P',
  licenseNumber: 'L-1',
  type: 'center',
  payorId: 1,
  paymentMethod: 'ach',
  routingNumber: routing('07100001'),
  accountNumber: '12345678',
  accountType: 'checking',
  accountHolder: 'business',
};

describe('the provider form schema', () => {
  it('accepts every routing number with its check digit and refuses every single-digit change of it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (first8, at, bump) => {
        const good = routing(first8);
        expect(providerInput.safeParse({ ...provider, routingNumber: good }).success).toBe(true);
        const bad = good.slice(0, at) + String((Number(good[at]) + bump) % 10) + good.slice(at + 1);
        const r = providerInput.safeParse({ ...provider, routingNumber: bad });
        expect(r.success).toBe(false);
        expect(r.error!.issues[0].path).toEqual(['routingNumber']);
      }),
    );
  });

  it('needs every bank field for ACH and none for checks; blank fields read as none', () => {
    const r = providerInput.safeParse({ ...provider, routingNumber: '', accountHolder: '  ' });
    expect(r.error!.issues.map((i) => i.path[0])).toEqual(['routingNumber', 'accountHolder']);
    const check = providerInput.parse({ ...provider, paymentMethod: 'check', routingNumber: '', accountNumber: '', accountType: '', accountHolder: '' });
    expect(check).toMatchObject({ routingNumber: null, accountNumber: null, accountType: null, accountHolder: null, active: true, taxId: '' });
  });
});

describe('CSV row schemas', () => {
  it('reads ISO and US dates, and refuses impossible ones', () => {
    expect(csvDate.parse('2026-02-28')).toBe('2026-02-28');
    expect(csvDate.parse('2/3/2026')).toBe('2026-02-03');
    for (const bad of ['2026-02-29', '13/01/2026', '2026/01/01', '']) expect(csvDate.safeParse(bad).success).toBe(false);
  });

  it('turns a child row and an authorization row into typed fields', () => {
    expect(childCsvRow.parse({ case_number: ' C-1 ', first_name: 'A', last_name: 'B', birth_date: '01/02/2020', guardian_name: '' })).toEqual({
      caseNumber: 'C-1',
      firstName: 'A',
      lastName: 'B',
      birthDate: '2020-01-02',
      guardianName: '',
    });
    expect(
      authorizationCsvRow.parse({
        case_number: 'C-1',
        provider_license: 'L-1',
        start_date: '2026-01-01',
        end_date: '2026-12-31',
        care_level: 'Part-time',
        days_per_week: '3',
        copay: '$1,234.5',
      }),
    ).toMatchObject({ careLevel: 'part_time', daysPerWeek: 3, copayCents: 123450 });
  });

  it('matches headers loosely and maps columns to fields', () => {
    expect(normalizeHeader('\uFEFF License Number ')).toBe('license_number');
    expect(CSV_FORMATS.providers.columns.map(fieldOfColumn)).toContain('addressLine1');
    expect(fieldOfColumn('copay')).toBe('copayCents');
    expect(keepAbsent({ a: 1, b: 2 }, { a: 9, b: 8 }, ['b'])).toEqual({ a: 1, b: 8 });
  });
});

describe('parseCsv', () => {
  it('numbers rows as a spreadsheet does: header 1, blank lines counted, quoted line breaks inside one row', () => {
    const content = 'case_number,first_name,last_name,birth_date\n\nC-1,"Multi\nline",X,2020-01-01\n\nC-2,,X,2020-01-01\n';
    const { rows, issues } = parseCsv('children', content);
    // The quoted line break keeps row 3 one row (and, in a name, is refused: issue 11, finding 5).
    expect(rows.map((r) => r.line)).toEqual([]);
    expect(issues).toEqual([
      { path: 'row 3, first_name', row: 3, field: 'first_name', message: 'must not contain control characters (tabs, line breaks and the like)' },
      { path: 'row 5, first_name', row: 5, field: 'first_name', message: 'is required' },
    ]);
  });

  it('reports an unterminated quote with its row', () => {
    const { issues } = parseCsv('children', 'case_number,first_name,last_name,birth_date\nC-1,"open,X,2020-01-01\n');
    expect(issues[0]).toMatchObject({ row: 2, message: expect.stringContaining('cannot be read') });
  });
});

describe('rate table and settings schemas', () => {
  it('needs a complete rate table, each combination once', () => {
    const full = RATE_TABLE_KEYS.map((k) => ({ ...k, cents: 100 }));
    expect(rateTableInput.safeParse({ effectiveFrom: '2026-01-01', rates: full }).success).toBe(true);
    expect(rateTableInput.safeParse({ effectiveFrom: '2026-01-01', rates: full.slice(1) }).error!.issues[0].message).toMatch(/missing: center\/infant\/full/);
    expect(rateTableInput.safeParse({ effectiveFrom: '2026-01-01', rates: [...full, full[0]] }).error!.issues[0].message).toMatch(/given twice/);
  });

  it('checks a setting value by its key', () => {
    expect(settingsSaveInput.safeParse({ key: 'calculation.fullDayThresholdHours', value: 4.5 }).success).toBe(true);
    expect(settingsSaveInput.safeParse({ key: 'calculation.fullDayThresholdHours', value: 0 }).success).toBe(false);
    expect(settingsSaveInput.safeParse({ key: 'calculation.paidAbsenceAllowance', value: 2.5 }).success).toBe(false);
    expect(settingsSaveInput.safeParse({ key: 'workflow.separationOfDuties', value: false }).success).toBe(true);
  });

  it('checks the agency ACH identity', () => {
    const agency = {
      name: 'A',
      odfiRouting: routing('07100001'),
      immediateDestination: routing('07100001'),
      immediateDestinationName: 'BANK',
      immediateOrigin: '1376000001',
      immediateOriginName: 'AGENCY',
      companyId: '1376000001',
      companyName: 'AGENCY',
      companyEntryDescription: 'CHILD CARE',
      checkAccountNumber: '123456789',
      startingCheckNumber: 1,
    };
    expect(agencySettings.safeParse(agency).success).toBe(true);
    expect(agencySettings.safeParse({ ...agency, companyId: '137600000' }).error!.issues[0].path).toEqual(['companyId']);
    expect(agencySettings.safeParse({ ...agency, companyEntryDescription: 'CHILD CARE X' }).error!.issues[0].path).toEqual(['companyEntryDescription']);
  });
});

describe('isCalendarDate', () => {
  it('agrees with the Date-based isIsoDate on every day of 1899 to 2101 and on near misses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1899, max: 2101 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(isCalendarDate(text)).toBe(isIsoDate(text));
      }),
      { numRuns: 5000 },
    );
    for (const t of ['2024-02-29', '2100-02-29', '2000-02-29', '2026-1-01', ' 2026-01-01', '2026-01-01x']) expect(isCalendarDate(t)).toBe(isIsoDate(t));
  });
});
