import { afterEach, describe, expect, it } from 'vitest';
import type { AppError, ErrorIssue } from '../../src/shared/api/errors';
import { openTestCore, snapshot, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { authorizedDays, generate, licenseOf, paymentOf, periodOf, submission } from './intake-fixture';
import { formOf, newProvider, NOW } from './reference-fixture';

// Finding 5 of issue 11: imports. An unknown column is refused (not dropped), a UTF-16 file or
// one with NULs is named as such, control characters never get into names, license and case
// numbers match whatever their case, and a paper file imported twice edits nothing.

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function refusedFile(p: Promise<unknown>, before: Record<string, unknown[]>): Promise<ErrorIssue[]> {
  const error = (await p.then(
    () => null,
    (e: AppError) => e,
  )) as AppError | null;
  expect(error, 'the file should have been refused').toMatchObject({ code: 'INVALID_FILE' });
  expect(await snapshot(t!.core)).toEqual(before);
  return error!.issues!;
}

/** A text as a spreadsheet's "Unicode" export writes it (UTF-16 LE with its BOM), read back as UTF-8 as the CLI does. */
const asUtf16ReadAsUtf8 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]).toString('utf8');

describe('reference CSV imports', () => {
  it('refuse an unknown or misspelled column, naming it and the columns expected (co_payment is not copay)', async () => {
    t = await openTestCore({ demo: true, now: () => NOW, skipStartupTasks: true });
    const admin = await t.as('admin');
    const sql = testSql(t);
    const caseNumber = ((await sql.one(`SELECT case_number AS c FROM child ORDER BY id LIMIT 1`)) as { c: string }).c;
    const before = await snapshot(t.core);
    const issues = await refusedFile(
      admin.call('reference-import-authorizations', {
        fileName: 'auth.csv',
        content: `case_number,provider_license,start_date,end_date,care_level,days_per_week,co_payment\n${caseNumber},${(await licenseOf(sql, 1))},2027-01-01,2027-06-30,full_time,5,45.00\n`,
      }),
      before,
    );
    expect(issues).toEqual([
      expect.objectContaining({
        row: 1,
        field: 'co_payment',
        message: 'column "co_payment" is not a column of this file; the columns are case_number, provider_license, start_date, end_date, care_level, days_per_week, copay',
      }),
    ]);
  });

  it('name a UTF-16 file and a file with NULs for what they are, for every import', async () => {
    t = await openTestCore({ demo: true, now: () => NOW, skipStartupTasks: true });
    const admin = await t.as('admin');
    const approver = await t.as('approver');
    const payor = await t.as('payor');
    const before = await snapshot(t.core);
    const csv = 'case_number,first_name,last_name,birth_date\r\nK-77,Kim,Ray,2022-01-01\r\n';
    const utf16 = /saved as UTF-16 \("Unicode"\), not UTF-8: open it in the spreadsheet and save it again as "CSV UTF-8"/;
    const nul = /contains a NUL character \(on line 2\): it is not a text file, or it is damaged/;
    for (const [content, message] of [
      [asUtf16ReadAsUtf8(csv), utf16],
      [csv.replace('Kim', 'Ki\u0000m'), nul],
    ] as const) {
      expect((await refusedFile(admin.call('reference-import-children', { fileName: 'c.csv', content }), before))[0].message).toMatch(message);
      expect((await refusedFile(approver.call('intake-import-paper-csv', { fileName: 'p.csv', content }), before))[0].message).toMatch(message);
      expect((await refusedFile(approver.call('intake-import-submission', { fileName: 's.json', content }), before))[0].message).toMatch(message);
      expect((await refusedFile(payor.call('export-import-confirmation', { fileName: 'f.csv', content }), before))[0].message).toMatch(message);
    }
  });

  it('refuse control characters in names, on the form and in a file, so they never reach a register', async () => {
    t = await openTestCore({ demo: true, now: () => NOW, skipStartupTasks: true });
    const admin = await t.as('admin');
    const before = await snapshot(t.core);
    await expect(admin.call('providers-save', newProvider({ name: 'Maple\u0007 Tree' }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      field: 'name',
      message: expect.stringMatching(/must not contain control characters/),
    });
    await expect(admin.call('children-save', { caseNumber: 'K-9', firstName: 'Kim\nRay', lastName: 'Ray', birthDate: '2022-01-01', guardianName: '' })).rejects.toMatchObject({ field: 'firstName' });
    const issues = await refusedFile(
      admin.call('reference-import-providers', {
        fileName: 'p.csv',
        content: 'license_number,name,type,payor_code,payment_method\nLIC-900009,"Bad\u001b[31m Name",center,AGENCY,check\n',
      }),
      before,
    );
    expect(issues).toEqual([expect.objectContaining({ row: 2, field: 'name', message: expect.stringMatching(/control characters/) })]);
  });

  it('match license and case numbers whatever their case: lic-100001 updates LIC-100001', async () => {
    t = await openTestCore({ demo: true, now: () => NOW, skipStartupTasks: true });
    const admin = await t.as('admin');
    const sql = testSql(t);
    const provider = (await sql.one(`SELECT id, license_number AS license FROM provider WHERE payment_method = 'check' ORDER BY id LIMIT 1`)) as { id: number; license: string };
    const count = async () => ((await sql.one(`SELECT count(*) AS n FROM provider`)) as { n: number }).n;
    const providers = await count();
    const lower = provider.license.toLowerCase();
    expect(lower).not.toBe(provider.license);
    const result = await admin.call('reference-import-providers', {
      fileName: 'p.csv',
      content: `license_number,name,type,payor_code,payment_method\n${lower},Renamed By File,center,AGENCY,check\n`,
    });
    expect(result).toMatchObject({ created: 0, updated: 1 });
    expect(await count()).toBe(providers);
    expect((await sql.one(`SELECT name, license_number AS license FROM provider WHERE id = ?`, [provider.id]))).toEqual({ name: 'Renamed By File', license: provider.license });
    // The form refuses a second provider whose number differs only by case.
    await expect(admin.call('providers-save', newProvider({ licenseNumber: lower }))).rejects.toMatchObject({ field: 'licenseNumber', message: expect.stringMatching(/already used by Renamed By File/) });
    const detail = await admin.call('providers-get', { providerId: provider.id });
    expect(formOf(detail).licenseNumber).toBe(provider.license);

    // Case numbers: a child file and an authorization file in lower case find the children.
    const child = (await sql.one(`SELECT case_number AS c, first_name AS f, last_name AS l FROM child ORDER BY id LIMIT 1`)) as { c: string; f: string; l: string };
    const children = ((await sql.one(`SELECT count(*) AS n FROM child`)) as { n: number }).n;
    await admin.call('reference-import-children', { fileName: 'c.csv', content: `case_number,first_name,last_name,birth_date\n${child.c.toLowerCase()},${child.f},${child.l},2022-02-02\n` });
    expect(((await sql.one(`SELECT count(*) AS n FROM child`)) as { n: number }).n).toBe(children);
    expect((await sql.one(`SELECT birth_date AS b FROM child WHERE case_number = ?`, [child.c]))).toEqual({ b: '2022-02-02' });
    const auth = await admin.call('reference-import-authorizations', {
      fileName: 'a.csv',
      content: `case_number,provider_license,start_date,end_date,care_level,days_per_week\n${child.c.toLowerCase()},${lower},2027-01-01,2027-03-31,part_time,3\n`,
    });
    expect(auth).toMatchObject({ created: 1 });
  });
});

describe('paper attendance imported twice (finding 5)', () => {
  it('edits nothing the second time: no edit events, the amounts stay calculated', async () => {
    t = await openTestCore({ demo: true });
    await generate(t, '2026-03');
    const sql = testSql(t);
    const approver = await t.as('approver');
    const lines = ['license_number,period,case_number,date,hours,absence_code'];
    for (const id of [1, 2]) {
      for (const d of (await authorizedDays(sql, id, '2026-03'))) lines.push([(await licenseOf(sql, id)), '2026-03', d.caseNumber, d.date, d.hours ?? '', d.absence ?? ''].join(','));
    }
    const content = `${lines.join('\r\n')}\r\n`;
    const first = await approver.call('intake-import-paper-csv', { fileName: 'paper.csv', content });
    expect(first).toMatchObject({ recorded: 2, edited: 0, unchanged: 0 });
    const ids = [(await paymentOf(sql, 1, '2026-03')).id, (await paymentOf(sql, 2, '2026-03')).id];
    await approver.call('payments-calculate-period', { periodId: (await periodOf(sql, '2026-03')).id, paymentIds: ids });
    const amounts = [(await paymentOf(sql, 1, '2026-03')).amountCents, (await paymentOf(sql, 2, '2026-03')).amountCents];
    expect(amounts.every((a) => a !== null && a > 0)).toBe(true);
    const events = async () => (await sql.one(`SELECT count(*) AS n FROM audit_event WHERE entity = 'payment' AND entity_id IN (?, ?)`, [...ids]));
    const before = await events();

    const second = await approver.call('intake-import-paper-csv', { fileName: 'paper.csv', content });
    expect(second).toMatchObject({ recorded: 0, edited: 0, unchanged: 2, message: expect.stringMatching(/2 unchanged/) });
    expect(await events()).toEqual(before);
    expect([(await paymentOf(sql, 1, '2026-03')).amountCents, (await paymentOf(sql, 2, '2026-03')).amountCents]).toEqual(amounts);

    // One day changed: that payment is edited, with only that day in its event; the other is left alone.
    const changed = content.replace(/,8,\r\n/, ',6,\r\n');
    const third = await approver.call('intake-import-paper-csv', { fileName: 'paper.csv', content: changed });
    expect(third).toMatchObject({ edited: 1, unchanged: 1 });
    const edit = (await sql.one(`SELECT details FROM audit_event WHERE action = 'edit-attendance' ORDER BY id DESC LIMIT 1`)) as { details: string };
    expect(JSON.parse(edit.details).attendance.days).toBe(1);
    expect((await paymentOf(sql, 1, '2026-03')).amountCents).toBeNull();
    expect((await paymentOf(sql, 2, '2026-03')).amountCents).toBe(amounts[1]);
  });

  it('a digital submission in lower case finds its provider and children', async () => {
    t = await openTestCore({ demo: true });
    await generate(t, '2026-03');
    const sql = testSql(t);
    const file = (await submission(sql, 1, '2026-03'));
    file.licenseNumber = String(file.licenseNumber).toLowerCase();
    file.attendance = file.attendance.map((d) => ({ ...d, caseNumber: d.caseNumber.toLowerCase() }));
    const r = await (await t.as('approver')).call('intake-import-submission', { fileName: 's.json', content: JSON.stringify(file) });
    expect(r).toMatchObject({ status: 'imported', paymentId: (await paymentOf(sql, 1, '2026-03')).id, days: file.attendance.length });
  });
});
