import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/shared/api/errors';
import { readPaperCsv } from '../../src/main/core/intake/paper-csv';
import { validateAttendance } from '../../src/main/core/intake/validate';
import { openTestCore, snapshot, type TestCore } from '../helpers/core';
import { ENGINE } from '../helpers/engine';
import { testSql } from '../helpers/sql';
import { authorizedDays, generate, licenseOf, paymentOf } from './intake-fixture';

// Paper attendance as CSV (docs/formats/paper-attendance-csv.md), and validateAttendance.

let t: TestCore;
beforeEach(async () => {
  t = await openTestCore({ demo: true });
  await generate(t, '2026-03');
});
afterEach(async () => {
  await t.close();
});

const sql = () => testSql(t);
const HEADER = 'license_number,period,case_number,date,hours,absence_code';

async function csvFor(...providerIds: number[]): Promise<string> {
  const lines = [HEADER];
  for (const id of providerIds) {
    const license = (await licenseOf(t, id));
    for (const d of (await authorizedDays(t, id, '2026-03'))) lines.push([license, '2026-03', d.caseNumber, d.date, d.hours ?? '', d.absence ?? ''].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

async function importCsv(content: string, as = 'approver') {
  return (await t.as(as)).call('intake-import-paper-csv', { fileName: 'paper.csv', content });
}

async function refused(content: string): Promise<AppError> {
  const before = await snapshot(t.core);
  const error = await importCsv(content).then(
    () => null,
    (e: AppError) => e,
  );
  expect(error, 'the file should have been refused').not.toBeNull();
  expect(error!.code).toBe('INVALID_FILE');
  expect(await snapshot(t.core)).toEqual(before);
  return error!;
}

function expectIssue(error: AppError, row: number, field: string, message: RegExp) {
  const issue = error.issues?.find((i) => i.row === row && i.field === field);
  expect(issue, `an issue at row ${row}, ${field} in ${JSON.stringify(error.issues)}`).toBeDefined();
  expect(issue!.path).toBe(`row ${row}, ${field}`);
  expect(issue!.message).toMatch(message);
}

/** The CSV with one cell of one data row (row numbers as a spreadsheet shows them: header = 1). */
function withCell(content: string, row: number, column: number, value: string): string {
  const lines = content.split('\r\n');
  const cells = lines[row - 1].split(',');
  cells[column] = value;
  lines[row - 1] = cells.join(',');
  return lines.join('\r\n');
}

describe('intake-import-paper-csv', () => {
  it('records paper attendance for each payment in the file, as the Approver, received now', async () => {
    const content = (await csvFor(1, 2));
    const result = await importCsv(content);
    const rows = content.trim().split('\r\n').length - 1;
    expect(result).toMatchObject({ rows, recorded: 2, edited: 0 });
    for (const id of [1, 2]) {
      const p = (await paymentOf(t, id, '2026-03'));
      expect(p).toMatchObject({ submissionStatus: 'New', paymentStatus: 'Received' });
      expect(p.receivedAt).not.toBeNull();
      const ev = (await sql().one(`SELECT username, group_name AS g FROM audit_event WHERE entity_id = ? AND action = 'record-paper-attendance'`, [p.id]));
      expect(ev).toEqual({ username: 'approver', g: 'Approver' });
    }
    const sources = (await sql().rows(`SELECT DISTINCT source FROM attendance WHERE payment_id IN (SELECT id FROM payment WHERE period_id = (SELECT id FROM service_period WHERE code = '2026-03'))`));
    expect(sources).toEqual([{ source: 'paper' }]);
  });

  it('edits attendance of a payment already received, with old and new values in the audit event', async () => {
    await importCsv((await csvFor(1)));
    const license = (await licenseOf(t, 1));
    const day = (await authorizedDays(t, 1, '2026-03'))[0];
    const result = await importCsv(`${HEADER}\n${license},2026-03,${day.caseNumber},${day.date},3.5,\n`);
    expect(result).toMatchObject({ rows: 1, recorded: 0, edited: 1 });
    const p = (await paymentOf(t, 1, '2026-03'));
    const ev = (await sql().one(`SELECT details FROM audit_event WHERE entity_id = ? AND action = 'edit-attendance'`, [p.id])) as { details: string };
    const { attendance } = JSON.parse(ev.details);
    expect(attendance).toMatchObject({ source: 'paper', days: 1 });
    const childId = (await sql().value(`SELECT id FROM child WHERE case_number = ?`, [day.caseNumber]));
    expect(attendance.byChild[String(childId)]).toEqual({ new: { [day.date]: 3.5 }, old: { [day.date]: { hours: 8, absenceCode: null, source: 'paper' } } });
  });

  it('submits corrections for a payment sent back for corrections', async () => {
    await importCsv((await csvFor(1)));
    const p = (await paymentOf(t, 1, '2026-03'));
    await (await t.as('approver')).call('payments-act', { paymentId: p.id, action: 'request-corrections', reason: { code: 'HOURS_INCORRECT' } });
    const day = (await authorizedDays(t, 1, '2026-03'))[0];
    const result = await importCsv(`${HEADER}\n${(await licenseOf(t, 1))},2026-03,${day.caseNumber},${day.date},6,\n`);
    expect(result).toMatchObject({ recorded: 0, edited: 0, corrected: 1, items: [{ paymentId: p.id, action: 'submit-corrections' }] });
    const state = (await sql().one(`SELECT invoice_status AS i, sub_status AS s FROM payment WHERE id = ?`, [p.id]));
    expect(state).toEqual({ i: 'Pending Approval', s: 'Awaiting Action' });
  });

  it('accepts a header in any order and spelling, quotes, a BOM and blank lines', async () => {
    const license = (await licenseOf(t, 1));
    const day = (await authorizedDays(t, 1, '2026-03'))[0];
    const content = `\uFEFFDate,"Case Number",Hours,Absence-Code,Period,LICENSE_NUMBER\n\n${day.date},"${day.caseNumber}",7.25,,2026-03,${license}\n\n`;
    expect(await importCsv(content)).toMatchObject({ rows: 1, recorded: 1 });
  });

  it('reports progress (checking, then payments recorded) and holds one transaction: a call made meanwhile sees all or nothing', async () => {
    const events: Array<{ task: string; done: number; total: number; message?: string }> = [];
    const approver = await t.as('approver');
    const periodId = ((await sql().one(`SELECT id FROM service_period WHERE code = '2026-03'`)) as { id: number }).id;
    let counts: ReturnType<typeof approver.call<'payments-tab-counts'>> | undefined;
    const off = t.core.onEvent((e) => {
      events.push(e);
      // Asked while the import runs (it has begun its transaction): answered after it, from the committed state.
      if (e.task === 'import-paper' && !counts) counts = approver.call('payments-tab-counts', { periodId });
    });
    const result = await importCsv((await csvFor(1, 2, 3)));
    off();
    expect(result).toMatchObject({ recorded: 3 });
    // SQLite: the call waits for the import's write lock, then sees all of it. PostgreSQL: it reads at
    // once from the last committed state, before the import (none) or after it (all), never part of it.
    expect(ENGINE === 'sqlite' ? [3] : [0, 3]).toContain((await counts!).Submitted);
    const mine = events.filter((e) => e.task === 'import-paper');
    expect(mine[0]).toMatchObject({ done: 0, total: 0, message: 'Checking the rows of paper.csv' });
    expect(mine[1]).toMatchObject({ done: 0, total: 3 });
    expect(mine[1].message).toMatch(/^Recording \d+ days on 3 payments$/);
    expect(mine[1].message).toBe(`Recording ${result.rows} days on 3 payments`);
    expect(mine.at(-1)).toMatchObject({ done: 3, total: 3 });
  });

  it('rolls the whole file back when the engine refuses one payment after others were recorded', async () => {
    // Payment 2 is authorized (Pending Payment): its attendance can no longer change.
    await importCsv((await csvFor(2)));
    const approver = await t.as('approver');
    const p2 = (await paymentOf(t, 2, '2026-03'));
    await approver.call('payments-act', { paymentId: p2.id, action: 'calculate' });
    await approver.call('payments-act', { paymentId: p2.id, action: 'authorize' });
    const before = await snapshot(t.core);
    // One of payment 2's days changed (the unchanged ones would be left alone, not refused).
    const content = (await csvFor(1, 2));
    const at = content.lastIndexOf(',8,\r\n');
    await expect(importCsv(`${content.slice(0, at)},7,\r\n${content.slice(at + 5)}`)).rejects.toMatchObject({ code: 'REFUSED' });
    expect(await snapshot(t.core)).toEqual(before);
  });

  it('is for Approvers', async () => {
    await expect(importCsv((await csvFor(1)), 'payor')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('intake-import-paper-csv refuses a bad file whole, naming row and column', () => {
  it('header problems: missing and unknown columns, an empty file', async () => {
    const e = await refused('license_number,period,case_number,date,hourz\nx,y,z,2026-03-02,8\n');
    expectIssue(e, 1, 'hourz', /not a column/);
    expectIssue(e, 1, 'hours', /missing/);
    expectIssue(e, 1, 'absence_code', /missing/);
    expect((await refused('')).issues![0]).toMatchObject({ field: 'file', message: /is empty/ });
  });

  it('row numbers are the spreadsheet\'s, blank lines included, with or without quotes', async () => {
    const license = (await licenseOf(t, 1));
    const day = (await authorizedDays(t, 1, '2026-03'))[0];
    const plain = `${HEADER}\n\n${license},2026-03,${day.caseNumber},${day.date},30,\n`;
    expectIssue(await refused(plain), 3, 'hours', /not a number of hours/);
    const quoted = `${HEADER}\r\n,,,,,\r\n"${license}",2026-03,"${day.caseNumber}",${day.date},8,\r\n\r\n${license},2026-03,${day.caseNumber},${day.date},"3",\r\n`;
    expectIssue(await refused(quoted), 5, 'date', /already on row 3/);
  });

  it('unknown provider, period or child; a period without payments', async () => {
    const content = (await csvFor(1));
    expectIssue(await refused(withCell(content, 2, 0, 'LIC-NOPE')), 2, 'license_number', /no provider with license number LIC-NOPE/);
    expectIssue(await refused(withCell(content, 3, 1, '2031-01')), 3, 'period', /no service period 2031-01/);
    expectIssue(await refused(withCell(content, 4, 2, 'CASE-NOPE')), 4, 'case_number', /no child with case number CASE-NOPE/);
    const feb = withCell(withCell(content, 2, 1, '2026-02'), 2, 3, '2026-02-02');
    expectIssue(await refused(feb), 2, 'period', /generate the period's payments first/);
  });

  it('child not authorized at this provider, or not on that date; date outside the period', async () => {
    const content = (await csvFor(1));
    expectIssue(await refused(withCell(content, 2, 2, 'CASE-0000009')), 2, 'case_number', /no authorization at this provider during 2026-03/);
    expectIssue(await refused(withCell(content, 5, 3, '2026-04-01')), 5, 'date', /outside the service period 2026-03/);
    const caseNumber = content.split('\r\n')[1].split(',')[2];
    await sql().run(`UPDATE "authorization" SET start_date = '2026-03-20' WHERE child_id = (SELECT id FROM child WHERE case_number = ?)`, [caseNumber]);
    expectIssue(await refused(content), 2, 'date', /not authorized at this provider on 2026-03-02/);
  });

  it('hours outside 0–24 or not a number; hours and absence both (neither: a blank day, skipped); bad absence code; bad date', async () => {
    const content = (await csvFor(1));
    expectIssue(await refused(withCell(content, 2, 4, '25')), 2, 'hours', /"25" is not a number of hours from 0 to 24/);
    expectIssue(await refused(withCell(content, 2, 4, 'eight')), 2, 'hours', /not a number of hours/);
    expectIssue(await refused(withCell(content, 2, 5, 'ABSENT')), 2, 'absence_code', /not both/);
    // Neither on a row: a day left blank (a printed sheet's CSV template), skipped; a file of only such rows imports nothing.
    const blank = content.split('\r\n').map((l, i) => (i === 0 || !l ? l : l.split(',').map((c, k) => (k >= 4 ? '' : c)).join(','))).join('\r\n');
    const onlyBlank = (await refused(blank)).issues!;
    expect(onlyBlank).toEqual([{ path: 'file', field: 'file', message: expect.stringMatching(/has only days left blank \(\d+ rows with neither hours nor an absence code\): nothing to import/) }]);
    expectIssue(await refused(withCell(withCell(content, 2, 4, ''), 2, 5, 'SICK')), 2, 'absence_code', /ABSENT or CLOSED/);
    expectIssue(await refused(withCell(content, 3, 3, '03/02/2026')), 3, 'date', /not a date as YYYY-MM-DD/);
  });

  it('duplicate day, and every problem listed at once', async () => {
    const content = (await csvFor(1));
    const lines = content.trim().split('\r\n');
    const dup = [...lines, lines[1]].join('\r\n');
    expectIssue(await refused(dup), lines.length + 1, 'date', /already on row 2/);
    const many = withCell(withCell(withCell(content, 2, 4, '99'), 3, 2, 'CASE-NOPE'), 4, 0, 'LIC-NOPE');
    expect((await refused(many)).issues!.map((i) => i.path)).toEqual(['row 2, hours', 'row 3, case_number', 'row 4, license_number']);
  });
});

describe('readPaperCsv', () => {
  it('reads the same with point queries (small files) and bulk queries (large files)', async () => {
    const good = (await csvFor(1, 2, 3));
    const bad = withCell(withCell(withCell(good, 2, 2, 'CASE-0000009'), 3, 3, '2026-04-01'), 4, 0, 'LIC-NOPE');
    for (const content of [good, bad, withCell(good, 5, 2, 'CASE-NOPE')]) {
      const small = await readPaperCsv(t.core.store.db, content, { large: false });
      expect(await readPaperCsv(t.core.store.db, content, { large: true })).toEqual(small);
    }
    expect(Array.isArray(await readPaperCsv(t.core.store.db, bad, { large: true }))).toBe(true);
  });
});

describe('validateAttendance (for Record paper attendance / Edit attendance)', () => {
  it('returns every problem by row and field, and nothing for good rows', async () => {
    const p = (await paymentOf(t, 1, '2026-03'));
    const child = ((await sql().one(`SELECT child_id AS id, start_date AS s FROM "authorization" WHERE provider_id = 1 ORDER BY id LIMIT 1`)) as { id: number }).id;
    await sql().run(`UPDATE "authorization" SET start_date = '2026-03-10' WHERE child_id = ?`, [child]);
    const other = ((await sql().one(`SELECT child_id AS id FROM "authorization" WHERE provider_id = 2 LIMIT 1`)) as { id: number }).id;
    const issues = await validateAttendance(t.core.store.db, p.id, [
      { childId: child, date: '2026-03-10', hours: 8, absenceCode: null },
      { childId: child, date: '2026-03-09', hours: 8, absenceCode: null },
      { childId: child, date: '2026-04-01', hours: 8, absenceCode: null },
      { childId: other, date: '2026-03-11', hours: 8, absenceCode: null },
      { childId: child, date: '2026-03-11', hours: 25, absenceCode: null },
      { childId: child, date: '2026-03-10', hours: null, absenceCode: 'ABSENT' },
      { childId: 999_999, date: '2026-03-12', hours: 8, absenceCode: null },
      { childId: child, date: '2026-03-13', hours: null, absenceCode: null },
    ]);
    expect(issues.map((i) => [i.row, i.field])).toEqual([
      [2, 'date'],
      [3, 'date'],
      [4, 'childId'],
      [5, 'hours'],
      [6, 'date'],
      [7, 'childId'],
    ]);
    expect(issues[0]).toMatchObject({ path: 'attendance.rows.1.date', message: /not authorized at this provider on 2026-03-09/ });
    expect(await validateAttendance(t.core.store.db, p.id, [{ childId: child, date: '2026-03-10', hours: 8, absenceCode: null }])).toEqual([]);
  });
});
