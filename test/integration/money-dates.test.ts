import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/shared/api/errors';
import { openTestCore, snapshot, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { authorizedDays, generate, licenseOf, paymentOf, periodOf, submission } from './intake-fixture';

// Findings 3 and 4 of issue 11. Dates that cannot be right are refused with the field named,
// "today" being the agency's local date (setting agency.timeZone, America/Chicago by default),
// not the UTC date. A parent's signature is recorded whatever the invoice status, except once
// the item was exported, denied or paid.

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** 03:00 UTC on March 11th is still March 10th in Chicago: the agency's today. */
const NOW = new Date('2026-03-11T03:00:00.000Z');
const TODAY = '2026-03-10';

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: AppError) => e,
  );
  expect(error, 'it should have been refused').not.toBeNull();
  return error!;
}

describe('dates that cannot be right (finding 3)', () => {
  it("attendance for a day after the agency's today is refused: digital submission, paper CSV and the grid", async () => {
    t = await openTestCore({ demo: true, now: () => NOW });
    await generate(t, '2026-03');
    const sql = testSql(t);
    const approver = await t.as('approver');
    const before = await snapshot(t.core);

    // The digital submission: every authorized day of March, signed on the 10th.
    const file = (await submission(sql, 1, '2026-03', { providerSignedAt: '2026-03-10T15:00:00Z', parentSignedAt: '2026-03-10T20:00:00Z' }));
    const e = await refusal(approver.call('intake-import-submission', { fileName: 'p1.json', content: JSON.stringify(file) }));
    const late = file.attendance.findIndex((d) => d.date > TODAY);
    expect(e.issues).toContainEqual(expect.objectContaining({ row: late + 1, field: 'date', message: `${file.attendance[late].date} is after today (${TODAY}): attendance is recorded for days that have passed` }));
    // The first day after today by the agency's calendar (the UTC date is already the 11th).
    expect(file.attendance.some((d) => d.date === '2026-03-11')).toBe(true);
    expect(e.issues!.filter((i) => i.field === 'date').length).toBe(file.attendance.filter((d) => d.date > TODAY).length);

    // Paper attendance, one row on the 11th.
    const day = (await authorizedDays(sql, 2, '2026-03')).find((d) => d.date === '2026-03-11')!;
    const csv = `license_number,period,case_number,date,hours,absence_code\r\n${(await licenseOf(sql, 2))},2026-03,${day.caseNumber},2026-03-11,8,\r\n`;
    const p = await refusal(approver.call('intake-import-paper-csv', { fileName: 'paper.csv', content: csv }));
    expect(p.issues).toEqual([expect.objectContaining({ row: 2, field: 'date', message: expect.stringMatching(/2026-03-11 is after today \(2026-03-10\)/) })]);

    // The attendance grid (Record paper attendance through payments-act).
    const payment = (await paymentOf(sql, 2, '2026-03'));
    const childId = ((await sql.one(`SELECT id FROM child WHERE case_number = ?`, [day.caseNumber])) as { id: number }).id;
    const g = await refusal(
      approver.call('payments-act', { paymentId: payment.id, action: 'record-paper-attendance', attendance: { rows: [{ childId, date: '2026-03-11', hours: 8, absenceCode: null }] } }),
    );
    expect(g).toMatchObject({ code: 'BAD_REQUEST', issues: [expect.objectContaining({ field: 'date', message: expect.stringMatching(/after today/) })] });
    expect(await snapshot(t.core)).toEqual(before);

    // Days up to today are fine.
    const good = (await submission(sql, 1, '2026-03', { providerSignedAt: '2026-03-10T15:00:00Z', parentSignedAt: '2026-03-10T20:00:00Z' }));
    good.attendance = good.attendance.filter((d) => d.date <= TODAY);
    expect(await approver.call('intake-import-submission', { fileName: 'p1.json', content: JSON.stringify(good) })).toMatchObject({ status: 'imported' });
  });

  it('a signature dated in the future is refused (it would set the received date in the future)', async () => {
    t = await openTestCore({ demo: true, now: () => NOW });
    await generate(t, '2026-03');
    const sql = testSql(t);
    const approver = await t.as('approver');
    const days = (await authorizedDays(sql, 1, '2026-03')).filter((d) => d.date <= '2026-03-06');
    for (const [field, over] of [
      ['providerSignedAt', { providerSignedAt: '2029-03-10T15:00:00Z', parentSignedAt: '2029-03-10T20:00:00Z' }],
      ['parentSignedAt', { providerSignedAt: '2026-03-09T15:00:00Z', parentSignedAt: '2028-01-01T00:00:00Z' }],
    ] as const) {
      const file = { ...(await submission(sql, 1, '2026-03', over)), attendance: days };
      const e = await refusal(approver.call('intake-import-submission', { fileName: `${field}.json`, content: JSON.stringify(file) }));
      expect(e.issues).toContainEqual(expect.objectContaining({ field, message: expect.stringMatching(/is in the future \(it is now 2026-03-11T03:00:00\.000Z\)/) }));
    }
    expect((await paymentOf(sql, 1, '2026-03'))).toMatchObject({ receivedAt: null, submissionStatus: 'New' });
  });

  it("\"today\" is the agency's date: a setting changed without a date starts on it, and the time zone is the agency's to set", async () => {
    t = await openTestCore({ demo: true, now: () => NOW });
    const admin = await t.as('admin');
    const saved = await admin.call('settings-save', { key: 'calculation.paidAbsenceAllowance', value: 4 });
    expect(saved).toMatchObject({ value: 4, effectiveFrom: TODAY });
    await admin.call('agency-save', { ...(await admin.call('agency-get', {})), timeZone: 'Asia/Tokyo' });
    const tokyo = await admin.call('settings-save', { key: 'calculation.paidAbsenceAllowance', value: 3 });
    expect(tokyo).toMatchObject({ value: 3, effectiveFrom: '2026-03-11' });
    await expect(admin.call('agency-save', { ...(await admin.call('agency-get', {})), timeZone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      field: 'timeZone',
      message: expect.stringMatching(/must be a time zone such as America\/Chicago/),
    });
  });

  it('a birth date in the future or implausibly long ago (0000-01-01) is refused, naming the field', async () => {
    t = await openTestCore({ demo: true, now: () => NOW });
    const admin = await t.as('admin');
    const child = { caseNumber: 'CASE-9', firstName: 'Ada', lastName: 'Byron', guardianName: '' };
    for (const [birthDate, message] of [
      ['0000-01-01', /0000-01-01 is more than 25 years ago: check the year/],
      ['1926-05-01', /more than 25 years ago/],
      ['2026-03-11', /2026-03-11 is in the future \(today is 2026-03-10\)/],
    ] as const) {
      await expect(admin.call('children-save', { ...child, birthDate })).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'birthDate', message });
    }
    const csv = 'case_number,first_name,last_name,birth_date\r\nCASE-9,Ada,Byron,0000-01-01\r\n';
    const e = await refusal(admin.call('reference-import-children', { fileName: 'children.csv', content: csv }));
    expect(JSON.stringify(e)).toMatch(/birth_date.*more than 25 years ago/);
    expect(await admin.call('children-save', { ...child, birthDate: '2024-03-10' })).toMatchObject({ caseNumber: 'CASE-9' });
  });

  it("a third-party payor's confirmation dated before the hand-over is refused", async () => {
    t = await openTestCore({ demo: true });
    const sql = testSql(t);
    const item = (await sql.one(
        `SELECT p.id, b.id AS batchId, coalesce(${sql.db.dialect.jsonText('b.snapshot', 'date')}, substr(b.created_at, 1, 10)) AS date FROM payment p JOIN export_batch b ON b.id = p.export_batch_id
         WHERE p.sub_status = 'In Process' ORDER BY p.id LIMIT 1`,
      )) as { id: number; batchId: number; date: string };
    const payor = await t.as('payor');
    const dayBefore = new Date(Date.parse(`${item.date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const e = await refusal(payor.call('export-import-confirmation', { fileName: 'c.csv', content: `payment_id,status,date\r\n${item.id},Paid,${dayBefore}\r\n` }));
    expect(e).toMatchObject({ code: 'INVALID_FILE' });
    expect(e.issues).toEqual([expect.objectContaining({ row: 2, field: 'date', message: `${dayBefore} is before payment ${item.id} was handed over (${item.date}, batch ${item.batchId})` })]);
    expect(await payor.call('export-import-confirmation', { fileName: 'c.csv', content: `payment_id,status,date\r\n${item.id},Paid,${item.date}\r\n` })).toMatchObject({ paid: 1 });
  });
});

describe("a parent's signature after the item left Pending Approval (finding 4)", () => {
  it('is recorded (Submitted) whatever the invoice status; refused, saying why, once exported or denied', async () => {
    t = await openTestCore({ demo: true, now: () => new Date('2026-04-10T15:00:00Z') });
    await generate(t, '2026-03');
    const sql = testSql(t);
    const approver = await t.as('approver');
    const periodId = (await periodOf(sql, '2026-03')).id;
    const providerOnly = async (id: number) => {
      const f = (await submission(sql, id, '2026-03'));
      delete (f as { parentSignedAt?: string }).parentSignedAt;
      return f;
    };
    const parentSigned = async (id: number) => (await submission(sql, id, '2026-03', { parentSignedAt: '2026-04-06T18:30:00Z' }));
    const importAs = (content: unknown, name: string) => approver.call('intake-import-submission', { fileName: name, content: JSON.stringify(content) });

    // Three providers (two paid by the agency, one through the third-party payor): each provider
    // submits; the parent's signature is slow; staff record the paper copy, calculate, authorize
    // (or deny): the items leave Pending Approval while Ready for Parent.
    const firstOf = async (payorId: number, skip = 0) =>
      ((await sql.one(`SELECT provider_id AS p FROM payment WHERE period_id = ? AND payor_id = ? AND kind = 'payment' ORDER BY provider_id LIMIT 1 OFFSET ?`, [periodId, payorId, skip])) as { p: number }).p;
    const [direct, denied, third] = [await firstOf(1), await firstOf(1, 1), await firstOf(2)];
    const providers = [direct, denied, third];
    for (const id of providers) await importAs(await providerOnly(id), `p${id}.json`);
    const ids: number[] = [];
    for (const id of providers) ids.push((await paymentOf(sql, id, '2026-03')).id);
    expect((await paymentOf(sql, direct, '2026-03')).submissionStatus).toBe('Ready for Parent');
    const childIds = new Map((await sql.rows<{ id: number; c: string }>(`SELECT id, case_number AS c FROM child`)).map((r) => [r.c, r.id]));
    const rowsOf = async (providerId: number) =>
      (await authorizedDays(sql, providerId, '2026-03')).map((d) => ({
        childId: childIds.get(d.caseNumber)!,
        date: d.date,
        hours: d.hours ?? null,
        absenceCode: (d.absence ?? null) as 'ABSENT' | null,
      }));
    for (const [i, providerId] of providers.entries()) {
      await approver.call('payments-act', { paymentId: ids[i], action: 'record-paper-attendance', attendance: { rows: await rowsOf(providerId) } });
    }
    await approver.call('payments-calculate-period', { periodId, paymentIds: ids });
    for (const id of [ids[0], ids[2]]) await approver.call('payments-act', { paymentId: id, action: 'authorize' });
    await approver.call('payments-act', { paymentId: ids[1], action: 'deny', reason: { code: 'NOT_ELIGIBLE', comment: 'moved away' } });
    const receivedOnPaper = (await paymentOf(sql, direct, '2026-03')).receivedAt;

    // Pending Payment: the signature is recorded, the item leaves the Pending Parent tab.
    const signed = await importAs(await parentSigned(direct), 'direct-signed.json');
    expect(signed).toMatchObject({ status: 'imported', state: { submissionStatus: 'Submitted', invoiceStatus: 'Pending Payment', paymentStatus: 'Authorized' } });
    // The received date stays the paper copy's; the parent's signature time is kept.
    expect((await paymentOf(sql, direct, '2026-03'))).toMatchObject({ receivedAt: receivedOnPaper, parentSignedAt: '2026-04-06T18:30:00Z' });
    const pendingParent = await approver.call('payments-list', { periodId, tab: 'Pending Parent', page: 0, pageSize: 100, sort: [], search: '' });
    expect(pendingParent.rows.map((r) => r.id)).not.toContain(ids[0]);

    // Denied: refused with the reason, nothing changes.
    const before = await snapshot(t.core);
    await expect(importAs(await parentSigned(denied), 'denied-signed.json')).rejects.toMatchObject({ code: 'REFUSED', rule: 'item.final', message: expect.stringMatching(/is Denied: movement has ceased/) });
    expect(await snapshot(t.core)).toEqual(before);
    // Handed over to the third-party payor (exported, In Process): refused with the batch named.
    const batch = await (await t.as('payor')).call('export-run', { periodId, payorId: 2 });
    expect(batch.providers.flatMap((p) => p.items.map((i) => i.paymentId))).toContain(ids[2]);
    const exported = await snapshot(t.core);
    await expect(importAs(await parentSigned(third), 'third-signed.json')).rejects.toMatchObject({
      code: 'REFUSED',
      rule: 'parent-signature.exported',
      message: `Parent signature is not recorded: payment ${ids[2]} was exported in batch ${batch.batch.id}, and nothing about it changes after export.`,
    });
    expect(await snapshot(t.core)).toEqual(exported);
  });
});
