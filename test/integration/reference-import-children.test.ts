import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorIssue } from '../../src/shared/api/errors';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { auditCount, auditOf, openRefWorld, type RefWorld } from './reference-fixture';

let t: RefWorld;
beforeAll(async () => {
  t = await openRefWorld();
});
afterAll(() => t.close());

const HEADER = 'case_number,first_name,last_name,birth_date,guardian_name';
const file = (...rows: string[]) => [HEADER, ...rows].join('\r\n');

async function refused(content: string): Promise<ErrorIssue[]> {
  const before = await snapshot(t.core);
  const error = await t.admin.call('reference-import-children', { fileName: 'children.csv', content }).catch((e) => e);
  expect(error).toMatchObject({ code: 'INVALID_FILE' });
  expect(await snapshot(t.core)).toEqual(before);
  return error.issues.map(({ row, field, message, path }: ErrorIssue) => ({ row, field, message, path }));
}

describe('children CSV import', () => {
  it('reports every kind of bad row with its row and column, and changes nothing', async () => {
    const issues = await refused(
      file(
        'C-1,Ann,Lee,2022-04-01,Mary Lee', // row 2: fine
        'C-2,,Lee,2022-04-01,', // row 3: first name missing
        'C-3,Bo,Lee,2022-02-30,', // row 4: no such date
        'C-4,Cy,Lee,04/31/2022,', // row 5: no such date, US style
        'C-1,Di,Lee,2021-01-01,', // row 6: case number twice
        ',Ed,Lee,2021-01-01,', // row 7: case number missing
        'C-7,Flo,Lee,2027-01-01,', // row 8: born after today
        'C-8,"Gil\nbert",Lee,yesterday,', // row 9: a quoted line break stays one spreadsheet row (refused in a name); bad date
      ),
    );
    expect(issues).toEqual([
      { row: 3, field: 'first_name', message: 'is required', path: 'row 3, first_name' },
      { row: 4, field: 'birth_date', message: '"2022-02-30" is not a date (YYYY-MM-DD or MM/DD/YYYY)', path: 'row 4, birth_date' },
      { row: 5, field: 'birth_date', message: '"04/31/2022" is not a date (YYYY-MM-DD or MM/DD/YYYY)', path: 'row 5, birth_date' },
      { row: 6, field: 'case_number', message: 'case number C-1 is also on row 2', path: 'row 6, case_number' },
      { row: 7, field: 'case_number', message: 'is required', path: 'row 7, case_number' },
      { row: 8, field: 'birth_date', message: '2027-01-01 is in the future (today is 2026-11-25)', path: 'row 8, birth_date' },
      { row: 9, field: 'first_name', message: 'must not contain control characters (tabs, line breaks and the like)', path: 'row 9, first_name' },
      { row: 9, field: 'birth_date', message: '"yesterday" is not a date (YYYY-MM-DD or MM/DD/YYYY)', path: 'row 9, birth_date' },
    ]);
  });

  it('imports, then the same file again changes nothing, then an updated row updates in place', async () => {
    const content = file('C-1,Ann,Lee,2022-04-01,Mary Lee', 'C-2,Ben,Lee,12/05/2021,Mary Lee', 'C-3,Cal,Lee,2020-01-15,');
    expect(await t.admin.call('reference-import-children', { fileName: 'children.csv', content })).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    expect(await testSql(t).one(`SELECT birth_date AS b FROM child WHERE case_number = 'C-2'`)).toEqual({ b: '2021-12-05' });

    const before = await snapshot(t.core);
    expect(await t.admin.call('reference-import-children', { fileName: 'children.csv', content })).toMatchObject({ created: 0, unchanged: 3 });
    expect(await snapshot(t.core)).toEqual(before);

    const id = await testSql(t).value<number>(`SELECT id FROM child WHERE case_number = 'C-3'`);
    const events = (await auditCount(t));
    const changed = file('C-1,Ann,Lee,2022-04-01,Mary Lee', 'C-2,Ben,Lee,12/05/2021,Mary Lee', 'C-3,Cal,Lee-Park,2020-01-15,Jo Park');
    expect(await t.admin.call('reference-import-children', { fileName: 'children.csv', content: changed })).toMatchObject({ updated: 1, unchanged: 2 });
    expect(await testSql(t).rows(`SELECT id, last_name AS l, guardian_name AS g FROM child WHERE case_number = 'C-3'`)).toEqual([

      { id, l: 'Lee-Park', g: 'Jo Park' },
    ]);
    expect((await auditCount(t))).toBe(events + 1);
    expect((await auditOf(t, 'child', id)).at(-1)).toMatchObject({ action: 'update-child', username: 'admin' });

    // Without the guardian_name column, guardians stay as stored.
    const slim = 'case_number,first_name,last_name,birth_date\nC-3,Cal,Lee-Park,2020-01-15\n';
    expect(await t.admin.call('reference-import-children', { fileName: 'slim.csv', content: slim })).toMatchObject({ unchanged: 1 });
  });

  it('lists children with search by name or case number, paged', async () => {
    const byCase = await t.approver.call('children-list', { search: 'C-3' });
    expect(byCase.rows.map((r) => r.caseNumber)).toEqual(['C-3']);
    const byName = await t.approver.call('children-list', { search: 'Cal Lee' });
    expect(byName.rows[0]).toMatchObject({ firstName: 'Cal', lastName: 'Lee-Park', authorizationCount: 0 });
    const page = await t.approver.call('children-list', { page: 1, pageSize: 10, sort: [{ field: 'caseNumber', sort: 'asc' }] });
    expect(page.total).toBe(323);
    expect(page.rows).toHaveLength(10);
  });
});
