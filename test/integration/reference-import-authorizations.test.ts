import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorIssue } from '../../src/shared/api/errors';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { auditCount, openRefWorld, type RefWorld } from './reference-fixture';

let t: RefWorld;
let lic: string[];
beforeAll(async () => {
  t = await openRefWorld();
  lic = await testSql(t).values<string>(`SELECT license_number AS l FROM provider ORDER BY id LIMIT 3`);
  await t.admin.call('reference-import-children', {
    fileName: 'children.csv',
    content: 'case_number,first_name,last_name,birth_date\nK-1,Kim,Ray,2022-01-01\nK-2,Lou,Ray,2021-06-01\nK-3,Max,Ray,2020-03-03\n',
  });
});
afterAll(() => t.close());

const HEADER = 'case_number,provider_license,start_date,end_date,care_level,days_per_week,copay';
const file = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';
const authsOf = (caseNumber: string) =>
  testSql(t).rows<{ id: number }>(
    `SELECT a.id, p.license_number AS lic, a.start_date AS s, a.end_date AS e, a.care_level AS c, a.days_per_week AS d, a.copay_cents AS copay
     FROM "authorization" a JOIN child c ON c.id = a.child_id JOIN provider p ON p.id = a.provider_id WHERE c.case_number = ? ORDER BY a.start_date, p.id`,
    [caseNumber],
  );

async function refused(content: string): Promise<ErrorIssue[]> {
  const before = await snapshot(t.core);
  const error = await t.admin.call('reference-import-authorizations', { fileName: 'auth.csv', content }).catch((e) => e);
  expect(error).toMatchObject({ code: 'INVALID_FILE' });
  expect(await snapshot(t.core)).toEqual(before);
  return error.issues.map(({ row, field, message }: ErrorIssue) => ({ row, field, message }));
}

describe('authorizations CSV import', () => {
  it('reports every kind of bad row with its row and column, and changes nothing', async () => {
    const issues = await refused(
      file(
        `K-1,${lic[0]},2026-01-01,2026-06-30,full_time,5,25.00`, // row 2: fine
        `K-9,${lic[0]},2026-01-01,2026-06-30,full_time,5,`, // row 3: unknown child
        `K-2,LIC-NOPE,2026-01-01,2026-06-30,full_time,5,`, // row 4: unknown provider
        `K-2,${lic[0]},2026-13-01,2026-06-30,full_time,5,`, // row 5: bad date
        `K-2,${lic[1]},2026-07-01,2026-06-30,full_time,5,`, // row 6: ends before it starts
        `K-2,${lic[2]},2026-01-01,2026-06-30,overtime,7,ten`, // row 7: care level, days per week, copay
        `K-1,${lic[0]},2026-06-01,2026-12-31,part_time,3,`, // row 8: overlaps row 2 (same child, same provider)
        `K-1,${lic[0]},2026-01-01,2026-03-31,full_time,5,`, // row 9: same key as row 2
        `K-3,${lic[0]},,2026-03-31,full_time,5,`, // row 10: start date missing
      ),
    );
    expect(issues).toEqual([
      { row: 3, field: 'case_number', message: 'no child with case number K-9 (import the children first)' },
      { row: 4, field: 'provider_license', message: 'no provider with license number LIC-NOPE' },
      { row: 5, field: 'start_date', message: '"2026-13-01" is not a date (YYYY-MM-DD or MM/DD/YYYY)' },
      { row: 6, field: 'end_date', message: 'must not be before start_date' },
      { row: 7, field: 'care_level', message: 'must be one of full_time, part_time' },
      { row: 7, field: 'days_per_week', message: '"7" is not a whole number from 1 to 5' },
      { row: 7, field: 'copay', message: '"ten" is not an amount in dollars (like 25.00)' },
      { row: 8, field: 'start_date', message: '2026-06-01 to 2026-12-31 overlaps the authorization on row 2 (2026-01-01 to 2026-06-30) of the same child at the same provider' },
      { row: 9, field: 'start_date', message: 'the same child, provider and start date are also on row 2' },
      { row: 10, field: 'start_date', message: 'is required' },
    ]);
  });

  it('allows one child at two providers at once, and refuses an overlap with a stored authorization', async () => {
    const content = file(`K-1,${lic[0]},2026-01-01,2026-06-30,full_time,5,25.00`, `K-1,${lic[1]},2026-03-01,2026-08-31,part_time,2,0`);
    expect(await t.admin.call('reference-import-authorizations', { fileName: 'auth.csv', content })).toMatchObject({ created: 2 });
    expect(await authsOf('K-1')).toMatchObject([
      { lic: lic[0], s: '2026-01-01', e: '2026-06-30', c: 'full_time', d: 5, copay: 2500 },
      { lic: lic[1], s: '2026-03-01', e: '2026-08-31', c: 'part_time', d: 2, copay: 0 },
    ]);
    const stored = (await authsOf('K-1'))[0];
    expect(await refused(file(`K-1,${lic[0]},2026-06-15,2026-09-30,full_time,5,`))).toEqual([
      { row: 2, field: 'start_date', message: `2026-06-15 to 2026-09-30 overlaps authorization ${stored.id} (2026-01-01 to 2026-06-30) of the same child at the same provider` },
    ]);
  });

  it('imports the same file twice without change, and updates a row in place by case + license + start date', async () => {
    const content = file(`K-1,${lic[0]},2026-01-01,2026-06-30,full_time,5,25.00`, `K-1,${lic[1]},2026-03-01,2026-08-31,part_time,2,0`);
    const before = await snapshot(t.core);
    expect(await t.admin.call('reference-import-authorizations', { fileName: 'auth.csv', content })).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await snapshot(t.core)).toEqual(before);

    // Shorten the first and add the next one in the same file, the new row first: checked on the final state.
    const [first] = await authsOf('K-1');
    const events = (await auditCount(t));
    const changed = file(
      `K-1,${lic[0]},2026-05-01,2026-12-31,part_time,3,10.00`,
      `K-1,${lic[0]},2026-01-01,2026-04-30,full_time,5,25.00`,
      `K-1,${lic[1]},2026-03-01,2026-08-31,part_time,2,0`,
    );
    expect(await t.admin.call('reference-import-authorizations', { fileName: 'auth.csv', content: changed })).toMatchObject({
      created: 1,
      updated: 1,
      unchanged: 1,
    });
    expect(await authsOf('K-1')).toMatchObject([
      { id: first.id, lic: lic[0], s: '2026-01-01', e: '2026-04-30' },
      { lic: lic[1], s: '2026-03-01' },
      { lic: lic[0], s: '2026-05-01', e: '2026-12-31', copay: 1000 },
    ]);
    expect((await auditCount(t))).toBe(events + 2);
  });

  it('lists authorizations by child or by provider', async () => {
    const child = await testSql(t).value<number>(`SELECT id FROM child WHERE case_number = 'K-1'`);

    const byChild = await t.approver.call('authorizations-list', { childId: child, sort: [{ field: 'startDate', sort: 'asc' }] });
    expect(byChild.total).toBe(3);
    expect(byChild.rows[0]).toMatchObject({ caseNumber: 'K-1', childName: 'Ray, Kim', licenseNumber: lic[0], startDate: '2026-01-01' });
    const detail = await t.approver.call('children-get', { childId: child });
    expect(detail.authorizations).toHaveLength(3);
    expect(detail.authorizationCount).toBe(3);
  });
});
