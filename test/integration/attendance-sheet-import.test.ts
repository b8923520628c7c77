import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPaperCsv } from '../../src/main/core/intake/paper-csv';
import { attendanceSheet, keySheet, paperCsv, type AttendanceSheetModel, type SheetEntries, type SheetInput } from '../../src/shared/intake/attendance-sheet';
import { openTestCore, type TestCore } from '../helpers/core';
import { testSql, type TestSql } from '../helpers/sql';
import { generate, paymentOf, periodOf } from './intake-fixture';

// A printed attendance sheet, filled in and keyed as CSV, imports through the ordinary paper
// attendance import (docs/formats/paper-attendance-csv.md) into the real core: the sheet's layout
// is the CSV's.

let t: TestCore;
const sql = () => testSql(t);

/** The sheet of a provider and period, from the database as phase B's printing will read it. */
async function sheetOf(db: TestSql, providerId: number, code: string): Promise<AttendanceSheetModel> {
  const p = await periodOf(db, code);
  const provider = (await db.get(`SELECT id, name, license_number AS licenseNumber FROM provider WHERE id = ?`, [providerId])) as SheetInput['provider'];
  const period = (await db.get(`SELECT code, label, start_date AS startDate, end_date AS endDate FROM service_period WHERE id = ?`, [p.id])) as SheetInput['period'];
  const authorizations = (await db.rows(
    `SELECT a.child_id AS childId, c.case_number AS caseNumber, c.last_name || ', ' || c.first_name AS childName, a.start_date AS startDate,
       a.end_date AS endDate, a.care_level AS careLevel, a.days_per_week AS daysPerWeek
     FROM "authorization" a JOIN child c ON c.id = a.child_id WHERE a.provider_id = ? AND a.start_date <= ? AND a.end_date >= ? ORDER BY a.id`,
    [providerId, p.endDate, p.startDate],
  )) as SheetInput['authorizations'];
  return attendanceSheet({ provider, period, authorizations, holidays: [{ date: '2026-03-13', name: 'Staff development day' }] });
}

/** What a provider writes: on each authorized weekday that is not a holiday, 8 h; every 6th day A, every 11th C, every 7th 4.25 h. */
function fillIn(model: AttendanceSheetModel): SheetEntries {
  const entries: Record<string, Record<string, number | 'A' | 'C'>> = {};
  let k = 0;
  for (const child of model.children) {
    const byDate: Record<string, number | 'A' | 'C'> = {};
    model.days.forEach((d, i) => {
      if (!child.authorized[i] || d.weekend || d.holiday) return;
      k += 1;
      byDate[d.date] = k % 11 === 0 ? 'C' : k % 6 === 0 ? 'A' : k % 7 === 0 ? 4.25 : 8;
    });
    entries[child.caseNumber] = byDate;
  }
  return entries;
}

beforeAll(async () => {
  t = await openTestCore({ demo: true });
  await generate(t, '2026-03');
});
afterAll(async () => {
  await t.close();
});

describe('a filled-in printed attendance sheet keyed as CSV', () => {
  it('parses with the paper CSV reader and imports through the ordinary paper import, day for day', async () => {
    const sheets = [await sheetOf(sql(), 1, '2026-03'), await sheetOf(sql(), 2, '2026-03')];
    expect(sheets.every((s) => s.children.length > 0)).toBe(true);
    const filled = sheets.map(fillIn);
    const content = paperCsv(sheets.flatMap((s, i) => keySheet(s, filled[i])));

    const read = await readPaperCsv(t.core.store.db, content);
    if (Array.isArray(read)) throw new Error(`refused: ${JSON.stringify(read.slice(0, 3))}`);
    const expectedDays = filled.reduce((n, f) => n + Object.values(f).reduce((m, d) => m + Object.keys(d).length, 0), 0);
    expect(read.rows).toBe(expectedDays);

    const result = await (await t.as('approver')).call('intake-import-paper-csv', { fileName: 'sheets-2026-03.csv', content });
    expect(result).toMatchObject({ rows: expectedDays, recorded: 2 });
    for (const [i, s] of sheets.entries()) {
      const payment = (await paymentOf(t, s.provider.id, '2026-03'));
      expect(payment.paymentStatus).toBe('Received');
      const stored = (await sql().rows(`SELECT c.case_number AS caseNumber, a.date, a.hours, a.absence_code AS absenceCode FROM attendance a JOIN child c ON c.id = a.child_id WHERE a.payment_id = ?`, [payment.id])) as Array<{ caseNumber: string; date: string; hours: number | null; absenceCode: string | null }>;
      const back: Record<string, Record<string, number | 'A' | 'C'>> = {};
      for (const r of stored) (back[r.caseNumber] ??= {})[r.date] = r.absenceCode === 'ABSENT' ? 'A' : r.absenceCode === 'CLOSED' ? 'C' : r.hours!;
      expect(back).toEqual(Object.fromEntries(Object.entries(filled[i]).filter(([, d]) => Object.keys(d).length > 0)));
    }
  });

  it('a box filled on a crossed-out day (the child not authorized) is refused by the import, naming the row', async () => {
    // An authorization that starts after the first of its month: the days before are crossed out.
    const a = (await sql().one(`SELECT provider_id AS providerId, child_id AS childId, start_date AS startDate FROM "authorization" WHERE substr(start_date, 9, 2) <> '01' ORDER BY id LIMIT 1`)) as { providerId: number; childId: number; startDate: string };
    const code = a.startDate.slice(0, 7);
    await generate(t, code);
    const sheet = await sheetOf(sql(), a.providerId, code);
    const child = sheet.children.find((c) => c.childId === a.childId)!;
    expect(child.authorized[0]).toBe(false);
    const day = sheet.days[child.authorized.indexOf(false)];
    const read = await readPaperCsv(t.core.store.db, paperCsv(keySheet(sheet, { [child.caseNumber]: { [day.date]: 8 } })));
    expect(day.date < a.startDate).toBe(true);
    expect(Array.isArray(read)).toBe(true);
    expect((read as Array<{ row?: number; field?: string; message: string }>)[0]).toMatchObject({ row: 2, message: expect.stringContaining('not authorized') });
  });
});
