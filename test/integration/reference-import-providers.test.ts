import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorIssue } from '../../src/shared/api/errors';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { auditCount, auditOf, badRouting, openRefWorld, routing, type RefWorld } from './reference-fixture';

let t: RefWorld;
beforeAll(async () => {
  t = await openRefWorld();
});
afterAll(() => t.close());

const HEADER =
  'license_number,name,type,payor_code,payment_method,routing_number,account_number,account_type,account_holder,tax_id,address_line1,city,state,postal_code,contact_email,active';
const good = (n: number, extra: Partial<Record<'name' | 'routing' | 'account' | 'city', string>> = {}) =>
  `LIC-7000${n},${extra.name ?? `Imported Center ${n}`},center,AGENCY,ach,${extra.routing ?? routing('0710000' + n)},${extra.account ?? `4000000${n}`},checking,business,12-345678${n},${n} Elm St,${extra.city ?? 'Peoria'},IL,61602,c${n}@example.org,yes`;
const file = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

async function refused(content: string): Promise<ErrorIssue[]> {
  const before = await snapshot(t.core);
  const error = await t.admin.call('reference-import-providers', { fileName: 'providers.csv', content }).catch((e) => e);
  expect(error).toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('nothing was changed') });
  expect(await snapshot(t.core)).toEqual(before);
  return error.issues.map(({ row, field, message }: ErrorIssue) => ({ row, field, message }));
}

describe('providers CSV import', () => {
  it('reports every kind of bad row with its spreadsheet row and column, and changes nothing', async () => {
    const existing = await testSql(t).get<{ l: string }>(`SELECT license_number AS l FROM provider WHERE id = 2`);
    const issues = await refused(
      file(
        good(1), // row 2: fine
        `LIC-70002,,center,AGENCY,check,,,,,,,,,,,`, // row 3: name missing
        good(3, { routing: badRouting('07100003') }), // row 4: routing check digit
        `LIC-70004,Bad Type,castle,AGENCY,check,,,,,,,,,,,`, // row 5: type
        `LIC-70005,No Bank,center,AGENCY,ach,,,,,,,,,,,`, // row 6: ACH without bank details
        `LIC-70006,Unknown Payor,center,NOBODY,check,,,,,,,,,,,`, // row 7: unknown payor code
        good(1, { name: 'Twice' }), // row 8: license number twice in the file
        `LIC-70009,Bad Email,center,AGENCY,check,,,,,,,,,,not-an-email,maybe`, // row 9: e-mail and active
        '', // row 10: blank, skipped (numbering stays the spreadsheet's)
        `LIC-70011,Too Many,center,AGENCY,check,,,,,,,,,,,,surplus`, // row 11: more cells than columns
        `LIC-70012,"Quoted, with comma",center,AGENCY,ach,${routing('07100012')},12,savings,personal,,,,,,,`, // row 12: account too short
      ),
    );
    expect(existing.l).toBeTruthy();
    expect(issues).toEqual([
      { row: 3, field: 'name', message: 'is required' },
      { row: 4, field: 'routing_number', message: 'the routing number fails its check digit (mistyped?)' },
      { row: 5, field: 'type', message: 'must be one of center, family_home, group_home' },
      { row: 6, field: 'routing_number', message: 'is required when the payment method is ach' },
      { row: 6, field: 'account_number', message: 'is required when the payment method is ach' },
      { row: 6, field: 'account_type', message: 'is required when the payment method is ach (checking or savings)' },
      { row: 6, field: 'account_holder', message: 'is required when the payment method is ach (business or personal)' },
      { row: 7, field: 'payor_code', message: expect.stringContaining('no payor with code NOBODY') },
      { row: 8, field: 'license_number', message: 'license number LIC-70001 is also on row 2' },
      { row: 9, field: 'contact_email', message: 'is not an e-mail address' },
      { row: 9, field: 'active', message: '"maybe" is not yes or no' },
      { row: 11, field: undefined, message: 'the row has 17 cells but the header has 16 columns' },
      { row: 12, field: 'account_number', message: 'an account number is 4 to 17 digits' },
    ]);
  });

  it('refuses a file whose header lacks a required column, or names a column twice', async () => {
    expect(await refused('license_number,name,type,payment_method\nLIC-1,A,center,check\n')).toEqual([
      { row: 1, field: 'payor_code', message: 'the required column payor_code is missing from the header' },
    ]);
    expect(await refused(`${HEADER},name\n`)).toEqual([{ row: 1, field: 'name', message: 'column name appears twice in the header (column 17)' }]);
  });

  it('imports a good file with an audit event per provider; the same file again changes nothing', async () => {
    const content = file(good(1), good(2), good(3));
    const first = await t.admin.call('reference-import-providers', { fileName: 'providers.csv', content });
    expect(first).toMatchObject({ kind: 'providers', rows: 3, created: 3, updated: 0, unchanged: 0, bankChanges: [] });
    const row = await testSql(t).get<Record<string, unknown>>(`SELECT * FROM provider WHERE license_number = 'LIC-70002'`);
    expect(row).toMatchObject({ name: 'Imported Center 2', type: 'center', payor_id: 1, routing_number: routing('07100002'), account_holder: 'business', active: 1 });
    expect((await auditOf(t, 'provider', row.id as number))).toHaveLength(1);

    const before = await snapshot(t.core);
    const second = await t.admin.call('reference-import-providers', { fileName: 'providers.csv', content });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await snapshot(t.core)).toEqual(before);
  });

  it('updates a changed row in place by license number, keeping columns the file does not have', async () => {
    const id = await testSql(t).value<number>(`SELECT id FROM provider WHERE license_number = 'LIC-70002'`);
    const count = await testSql(t).value<number>(`SELECT count(*) AS n FROM provider`);
    const events = (await auditCount(t));
    const r = await t.admin.call('reference-import-providers', { fileName: 'providers.csv', content: file(good(1), good(2, { city: 'Decatur' }), good(3)) });
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect(await testSql(t).one(`SELECT count(*) AS n FROM provider`)).toEqual({ n: count });
    expect(await testSql(t).one(`SELECT city, version FROM provider WHERE id = ?`, [id])).toEqual({ city: 'Decatur', version: 2 });
    expect((await auditCount(t))).toBe(events + 1);
    expect(JSON.parse((await auditOf(t, 'provider', id)).at(-1)!.state_after!)).toEqual({ city: 'Decatur' });

    // A file with only the required columns leaves the bank details and address as they are.
    const slim = 'license_number,name,type,payor_code,payment_method\nLIC-70002,Imported Center 2,center,AGENCY,ach\n';
    expect(await t.admin.call('reference-import-providers', { fileName: 'slim.csv', content: slim })).toMatchObject({ unchanged: 1 });
  });

  it('reads labels and spreadsheet spellings (Family home, ACH, a BOM, semicolons)', async () => {
    const content = '\uFEFFLicense Number;Name;Type;Payor Code;Payment Method\nLIC-70050;Spelled Home;Family home;agency;CHECK\n';
    expect(await t.admin.call('reference-import-providers', { fileName: 'semi.csv', content })).toMatchObject({ created: 1 });
    expect(await testSql(t).one(`SELECT type, payment_method AS m FROM provider WHERE license_number = 'LIC-70050'`)).toEqual({

      type: 'family_home',
      m: 'check',
    });
  });

  it('reports progress and is for Administrators only', async () => {
    const events: Array<{ task: string; done: number; total: number }> = [];
    const off = t.core.onEvent((e) => events.push(e));
    await t.admin.call('reference-import-providers', { fileName: 'providers.csv', content: file(good(1)) });
    off();
    expect(events.at(-1)).toMatchObject({ task: 'import-providers', done: 1, total: 1 });
    await expect(t.approver.call('reference-import-providers', { fileName: 'p.csv', content: file(good(1)) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
