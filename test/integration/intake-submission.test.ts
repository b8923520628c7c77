import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/shared/api/errors';
import { openTestCore, snapshot, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { generate, paymentOf, submission, type Day } from './intake-fixture';

// Digital submission import (docs/formats/submission-v1.md) on the demo database, March 2026.

let t: TestCore;
beforeEach(async () => {
  t = await openTestCore({ demo: true });
  await generate(t, '2026-03');
});
afterEach(async () => {
  await t.close();
});

const sql = () => testSql(t);

async function importFile(content: string, as = 'approver', fileName = 'provider-1-2026-03.json') {
  return (await t.as(as)).call('intake-import-submission', { fileName, content });
}

/** Imports a bad file: it must be refused as INVALID_FILE and change nothing. Returns the error. */
async function refused(content: string): Promise<AppError> {
  const before = await snapshot(t.core);
  const error = (await importFile(content).then(
    () => null,
    (e: AppError) => e,
  ))!;
  expect(error, 'the file should have been refused').not.toBeNull();
  expect(error.code).toBe('INVALID_FILE');
  expect(await snapshot(t.core)).toEqual(before);
  return error;
}

function expectIssue(error: AppError, row: number | undefined, field: string, message: RegExp) {
  const issue = error.issues?.find((i) => i.row === row && i.field === field);
  expect(issue, `an issue at row ${row}, ${field} in ${JSON.stringify(error.issues)}`).toBeDefined();
  expect(issue!.message).toMatch(message);
  expect(issue!.path).toBe(row === undefined ? field : `row ${row}, ${field}`);
}

describe('intake-import-submission', () => {
  it('a provider- and parent-signed file submits the payment and marks it received, through the engine', async () => {
    const file = (await submission(t, 1, '2026-03'));
    const result = await importFile(JSON.stringify(file));
    const p = (await paymentOf(t, 1, '2026-03'));
    expect(result).toMatchObject({ status: 'imported', paymentId: p.id, days: file.attendance.length });
    expect(p).toMatchObject({
      submissionStatus: 'Submitted',
      paymentStatus: 'Received',
      providerSignedAt: '2026-04-02T15:00:00Z',
      parentSignedAt: '2026-04-03T18:30:00Z',
      receivedAt: '2026-04-03T18:30:00Z',
    });
    const stored = (await sql().one(`SELECT count(*) AS n, min(source) AS lo, max(source) AS hi FROM attendance WHERE payment_id = ?`, [p.id]));
    expect(stored).toEqual({ n: file.attendance.length, lo: 'digital', hi: 'digital' });
    const events = (await sql().rows(`SELECT action, group_name AS g FROM audit_event WHERE entity = 'payment' AND entity_id = ? ORDER BY id`, [p.id]));
    expect(events).toEqual([
      { action: 'create', g: 'System' },
      { action: 'submit-for-payment', g: 'System' },
      { action: 'parent-signature', g: 'System' },
    ]);
    expect((await sql().rows(`SELECT file_name AS f, payment_id AS p FROM submission_import WHERE payment_id = ?`, [p.id]))).toEqual([{ f: 'provider-1-2026-03.json', p: p.id }]);
  });

  it('importing the same file twice changes nothing the second time', async () => {
    const content = JSON.stringify((await submission(t, 1, '2026-03')));
    await importFile(content);
    const before = await snapshot(t.core);
    const again = await importFile(content, 'approver', 'renamed-copy.json');
    expect(again).toMatchObject({ status: 'already-imported', days: 0 });
    expect(again.message).toMatch(/already imported/);
    expect(await snapshot(t.core)).toEqual(before);
  });

  it('a provider-signed file leaves the payment Ready for Parent; the parent-signed file then submits it', async () => {
    const file = (await submission(t, 1, '2026-03', { parentSignedAt: null }));
    const first = await importFile(JSON.stringify(file));
    expect(first.state).toMatchObject({ submissionStatus: 'Ready for Parent', paymentStatus: 'New', receivedAt: null });
    const signed = { ...file, parentSignedAt: '2026-04-05T08:00:00Z' };
    const second = await importFile(JSON.stringify(signed), 'approver', 'signed.json');
    expect(second.state).toMatchObject({ submissionStatus: 'Submitted', paymentStatus: 'Received', receivedAt: '2026-04-05T08:00:00Z' });
  });

  it('a parent-signed file that differs from the provider-signed one waiting for the parent is refused', async () => {
    const file = (await submission(t, 1, '2026-03', { parentSignedAt: null }));
    await importFile(JSON.stringify(file));
    const changed = { ...file, parentSignedAt: '2026-04-05T08:00:00Z', attendance: file.attendance.slice(1) };
    expectIssue(await refused(JSON.stringify(changed)), undefined, 'parentSignedAt', /different submission/);
  });

  it('a Provider user imports their own provider only', async () => {
    const own = await importFile(JSON.stringify((await submission(t, 1, '2026-03'))), 'provider');
    expect(own.status).toBe('imported');
    const before = await snapshot(t.core);
    const other = await importFile(JSON.stringify((await submission(t, 2, '2026-03'))), 'provider').catch((e: AppError) => e);
    expect(other).toMatchObject({ code: 'INVALID_FILE' });
    expectIssue(other as AppError, undefined, 'licenseNumber', /not your provider/);
    expect(await snapshot(t.core)).toEqual(before);
  });
});

describe('intake-import-submission refuses a bad file whole, naming each problem by row and field', () => {
  const withRow = async (n: number, change: Partial<Day>) => {
    const file = (await submission(t, 1, '2026-03'));
    file.attendance[n - 1] = { ...file.attendance[n - 1], ...change };
    return JSON.stringify(file);
  };

  it('malformed JSON', async () => {
    const e = await refused('{"format": "paydesk-submission", "version": 1,\n  "licenseNumber": "LIC-100001" "period": "2026-03"}');
    expectIssue(e, undefined, 'file', /not valid JSON \(line 2, column \d+\)/);
    expect(e.message).toMatch(/nothing was changed/);
  });

  it('unknown provider', async () => {
    const e = await refused(JSON.stringify((await submission(t, 1, '2026-03', { licenseNumber: 'LIC-NOPE' }))));
    expectIssue(e, undefined, 'licenseNumber', /no provider with license number LIC-NOPE/);
  });

  it('unknown period, and a period without generated payments', async () => {
    expectIssue(await refused(JSON.stringify((await submission(t, 1, '2026-03', { period: '2031-01' })))), undefined, 'period', /no service period 2031-01/);
    expectIssue(await refused(JSON.stringify((await submission(t, 1, '2026-03', { period: '2026-02' })))), undefined, 'period', /generate the period's payments first/);
  });

  it('unknown child', async () => {
    const e = await refused(await withRow(3, { caseNumber: 'CASE-9999999' }));
    expectIssue(e, 3, 'caseNumber', /no child with case number CASE-9999999/);
    expect(e.message).toContain('row 3, caseNumber');
  });

  it('child not authorized at this provider', async () => {
    // CASE-0000009 is a child of provider 2.
    expectIssue(await refused(await withRow(2, { caseNumber: 'CASE-0000009' })), 2, 'caseNumber', /no authorization at this provider during 2026-03/);
  });

  it('child not authorized on that date (authorization starts mid-period)', async () => {
    const file = (await submission(t, 1, '2026-03'));
    const first = file.attendance[0];
    await sql().run(`UPDATE "authorization" SET start_date = '2026-03-16' WHERE child_id = (SELECT id FROM child WHERE case_number = ?)`, [first.caseNumber]);
    const e = await refused(JSON.stringify({ ...file, attendance: [{ ...first, date: '2026-03-10' }, ...file.attendance.slice(1)] }));
    expectIssue(e, 1, 'date', /not authorized at this provider on 2026-03-10 \(authorized 2026-03-16 to/);
  });

  it('date outside the period, and not a date', async () => {
    expectIssue(await refused(await withRow(4, { date: '2026-04-01' })), 4, 'date', /outside the service period 2026-03/);
    expectIssue(await refused(await withRow(4, { date: '2026-02-30' })), 4, 'date', /YYYY-MM-DD/);
  });

  it('hours outside 0–24', async () => {
    expectIssue(await refused(await withRow(5, { hours: 25 })), 5, 'hours', /from 0 to 24/);
    expectIssue(await refused(await withRow(6, { hours: -1 })), 6, 'hours', /from 0 to 24/);
    expectIssue(await refused(await withRow(7, { hours: '8' as never })), 7, 'hours', /from 0 to 24/);
  });

  it('hours and absence both, or neither; an unknown absence code', async () => {
    expectIssue(await refused(await withRow(2, { hours: 8, absence: 'ABSENT' })), 2, 'absence', /not both/);
    expectIssue(await refused(await withRow(2, { hours: null, absence: null })), 2, 'hours', /give the hours attended/);
    expectIssue(await refused(await withRow(2, { hours: null, absence: 'SICK' })), 2, 'absence', /ABSENT or CLOSED/);
  });

  it('duplicate day', async () => {
    const file = (await submission(t, 1, '2026-03'));
    file.attendance.push({ ...file.attendance[1], hours: 3 });
    const n = file.attendance.length;
    expectIssue(await refused(JSON.stringify(file)), n, 'date', /already on row 2: one row per child per day/);
  });

  it('signature missing, malformed, or out of order', async () => {
    const { providerSignedAt: _gone, ...unsigned } = (await submission(t, 1, '2026-03'));
    expectIssue(await refused(JSON.stringify(unsigned)), undefined, 'providerSignedAt', /is missing/);
    expectIssue(await refused(JSON.stringify((await submission(t, 1, '2026-03', { providerSignedAt: 'yesterday' })))), undefined, 'providerSignedAt', /timestamp/);
    const early = (await submission(t, 1, '2026-03', { providerSignedAt: '2026-04-03T12:00:00Z', parentSignedAt: '2026-04-02T12:00:00Z' }));
    expectIssue(await refused(JSON.stringify(early)), undefined, 'parentSignedAt', /before the provider/);
    expectIssue(await refused(JSON.stringify((await submission(t, 1, '2026-03', { providerSignedAt: '2026-02-27T12:00:00Z' })))), undefined, 'providerSignedAt', /before 2026-03 began/);
  });

  it('unknown fields and a wrong format name', async () => {
    const e = await refused(JSON.stringify((await submission(t, 1, '2026-03', { format: 'other', signedBy: 'x' }))));
    expectIssue(e, undefined, 'format', /must be "paydesk-submission"/);
    expectIssue(e, undefined, 'signedBy', /not a field/);
  });

  it('lists every problem of the file at once', async () => {
    const file = (await submission(t, 1, '2026-03', { licenseNumber: 'LIC-100001', parentSignedAt: '2020-01-01T00:00:00Z' }));
    file.attendance[0] = { ...file.attendance[0], hours: 30 };
    file.attendance[1] = { ...file.attendance[1], caseNumber: 'CASE-X' };
    file.attendance[2] = { ...file.attendance[2], date: '2026-05-01' };
    const e = await refused(JSON.stringify(file));
    expect(e.issues!.map((i) => i.path)).toEqual(['parentSignedAt', 'row 1, hours', 'row 2, caseNumber', 'row 3, date']);
  });
});
