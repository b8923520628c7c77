import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILDREN_PER_PAGE, renderAttendanceSheets } from '../../src/main/core/attendance-sheets/pdf';
import { attendanceSheet, keySheet, paperCsv, sheetTemplate, type SheetInput } from '../../src/shared/intake/attendance-sheet';
import { tempDir } from '../helpers/core';
import { pdfPagesText, sha256 } from './export-pdf-text';

// The printed attendance sheet: its model (days, shading, who is authorized when), the CSV a
// filled-in sheet keys as, and the PDF read back as text and rendered to PNG.

const MAY: SheetInput['period'] = { code: '2026-05', label: 'May 2026', startDate: '2026-05-01', endDate: '2026-05-31' };
const auth = (childId: number, name: string, a: Partial<SheetInput['authorizations'][number]> = {}): SheetInput['authorizations'][number] => ({
  childId, caseNumber: `CASE-${String(childId).padStart(7, '0')}`, childName: name, startDate: '2026-01-01', endDate: '2026-12-31', careLevel: 'full_time', daysPerWeek: 5, ...a,
});
const input = (authorizations: SheetInput['authorizations'], period = MAY): SheetInput => ({
  provider: { id: 12, name: 'Sunny Days Family Child Care', licenseNumber: 'LIC-100012' },
  period,
  authorizations,
  holidays: [{ date: '2026-05-25', name: 'Memorial Day' }, { date: '2026-07-03', name: 'Independence Day (observed)' }],
});

describe('attendance sheet model', () => {
  const model = attendanceSheet(input([
    auth(2, 'Young, Zoe'),
    auth(1, 'Abbott, Sam', { endDate: '2026-05-15', careLevel: 'part_time', daysPerWeek: 3 }),
    auth(1, 'Abbott, Sam', { startDate: '2026-05-21' }),
    auth(3, 'Gone, Before', { endDate: '2026-04-30' }),
  ]));

  it('has a column per day of the period, weekends and the agency\u2019s holidays in it marked', () => {
    expect(model.days).toHaveLength(31);
    expect(model.days[0]).toEqual({ date: '2026-05-01', dayOfMonth: 1, weekday: 'Fr', weekend: false, holiday: null, shaded: false });
    expect(model.days.filter((d) => d.shaded).map((d) => d.dayOfMonth)).toEqual([2, 3, 9, 10, 16, 17, 23, 24, 25, 30, 31]);
    expect(model.days.filter((d) => d.weekend).map((d) => d.dayOfMonth)).toEqual([2, 3, 9, 10, 16, 17, 23, 24, 30, 31]);
    expect(model.days[24]).toMatchObject({ date: '2026-05-25', weekday: 'Mo', weekend: false, holiday: 'Memorial Day', shaded: true });
    expect(model.holidays).toEqual([{ date: '2026-05-25', name: 'Memorial Day' }]);
  });

  it('lists each authorized child once, by name, with the days of all its authorizations', () => {
    expect(model.children.map((c) => [c.name, c.caseNumber])).toEqual([['Abbott, Sam', 'CASE-0000001'], ['Young, Zoe', 'CASE-0000002']]);
    const sam = model.children[0];
    const authorizedDays = model.days.filter((_, i) => sam.authorized[i]).map((d) => d.dayOfMonth);
    expect(authorizedDays).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);
    expect(sam.authorizationText).toBe('Part-time, 3 days/week, 2026-05-01 to 2026-05-15; Full-time, 5 days/week, 2026-05-21 to 2026-05-31');
    expect(model.children[1].authorizationText).toBe('Full-time, 5 days/week');
  });

  it('keys a filled-in sheet as paper attendance CSV rows, in reading order', () => {
    const rows = keySheet(model, { 'CASE-0000002': { '2026-05-04': 'C', '2026-05-01': 7.5 }, 'CASE-0000001': { '2026-05-01': 'A' } });
    expect(paperCsv(rows)).toBe(
      'license_number,period,case_number,date,hours,absence_code\r\n' +
        'LIC-100012,2026-05,CASE-0000001,2026-05-01,,ABSENT\r\n' +
        'LIC-100012,2026-05,CASE-0000002,2026-05-01,7.5,\r\n' +
        'LIC-100012,2026-05,CASE-0000002,2026-05-04,,CLOSED\r\n',
    );
    expect(() => keySheet(model, { 'CASE-0000003': { '2026-05-01': 8 } })).toThrow(/CASE-0000003 is not on the sheet/);
    expect(() => keySheet(model, { 'CASE-0000001': { '2026-06-01': 8 } })).toThrow(/2026-06-01 is not a day of the sheet/);
    expect(() => keySheet(model, { 'CASE-0000001': { '2026-05-01': 25 } })).toThrow(/25 is not a number of hours from 0 to 24/);
  });

  it('its CSV template: a row per child and day not crossed out, in reading order, hours and absence empty', () => {
    const rows = sheetTemplate(model);
    const sam = model.children[0];
    expect(rows).toHaveLength(sam.authorized.filter(Boolean).length + 31);
    expect(rows[0]).toEqual({ license_number: 'LIC-100012', period: '2026-05', case_number: 'CASE-0000001', date: '2026-05-01', hours: '', absence_code: '' });
    expect(rows.filter((r) => r.case_number === 'CASE-0000001').map((r) => r.date)).not.toContain('2026-05-16'); // crossed out
    expect(rows.at(-1)).toEqual({ license_number: 'LIC-100012', period: '2026-05', case_number: 'CASE-0000002', date: '2026-05-31', hours: '', absence_code: '' });
  });

  it('quotes a cell that holds a comma', () => {
    expect(paperCsv([{ license_number: 'LIC,1', period: '2026-05', case_number: 'C"1', date: '2026-05-01', hours: '8', absence_code: '' }]).split('\r\n')[1]).toBe(
      '"LIC,1",2026-05,"C""1",2026-05-01,8,',
    );
  });
});

describe('attendance sheet PDF', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  const many = Array.from({ length: CHILDREN_PER_PAGE + 2 }, (_, k) => auth(k + 1, `Child${String(k + 1).padStart(2, '0')}, Long-Named Alexandra`));
  const big = attendanceSheet(input(many));
  const small = attendanceSheet({ ...input([auth(1, 'Abbott, Sam', { startDate: '2026-05-11' })]), provider: { id: 7, name: 'Tiny Tots Home', licenseNumber: 'LIC-7' } });
  const meta = { agencyName: 'Lakeside County Child Care Assistance', createdAt: '2026-04-28T15:00:00Z' };

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('paydesk-sheet-'));
    file = path.join(dir, 'sheets-2026-05.pdf');
    fs.writeFileSync(file, await renderAttendanceSheets([big, small], meta));
  });
  afterAll(() => cleanup());

  it('one combined PDF for the period: each provider\u2019s pages numbered on their own, everything keying needs printed on each', async () => {
    const pages = await pdfPagesText(file);
    expect(pages).toHaveLength(3); // the big provider needs two pages, the small one one
    expect(pages.map((p) => /Page (\d) of (\d)/.exec(p)![0])).toEqual(['Page 1 of 2', 'Page 2 of 2', 'Page 1 of 1']);
    for (const [page, sheet] of [[pages[0], big], [pages[1], big], [pages[2], small]] as const) {
      expect(page).toContain('ATTENDANCE SHEET');
      expect(page).toContain(`License number ${sheet.provider.licenseNumber}`);
      expect(page).toContain('Period code 2026-05');
      expect(page).toContain('Service period: May 2026 (2026-05-01 – 2026-05-31)');
      expect(page).toContain('Provider signature');
      expect(page).toContain('Agency holidays: 2026-05-25 Memorial Day');
      for (const d of ['1', '25', '31', 'Fr', 'Hol']) expect(page.split('\n')).toContain(d);
    }
    // Each child (name, case number, a parent's signature line) on exactly one page, in order.
    many.forEach((a, k) => {
      const on = pages.slice(0, 2).map((p, i) => (p.includes(a.caseNumber) ? i : -1)).filter((i) => i >= 0);
      expect(on).toEqual([k < CHILDREN_PER_PAGE ? 0 : 1]);
    });
    expect(pages[0].split('Parent or guardian signature').length - 1).toBe(CHILDREN_PER_PAGE);
    expect(pages[1].split('Parent or guardian signature').length - 1).toBe(2);
    expect(pages[2]).toContain('Full-time, 5 days/week, 2026-05-11 to 2026-05-31');
  });

  it('a period longer than 31 days continues its columns on further pages', async () => {
    const long = attendanceSheet(input([auth(1, 'Abbott, Sam')], { code: 'Q2-2026', label: 'Spring 2026', startDate: '2026-04-01', endDate: '2026-05-31' }));
    fs.writeFileSync(path.join(dir, 'long.pdf'), await renderAttendanceSheets([long], meta));
    const text = await pdfPagesText(path.join(dir, 'long.pdf'));
    expect(text).toHaveLength(2); // 61 days: 31 + 30 columns
    expect(text[0].split('\n')).toContain('30'); // 30 April
    expect(text[1].split('\n')).toContain('Hol'); // 25 May on the second band
    expect(text.every((p) => p.includes('CASE-0000001'))).toBe(true);
  });

  it('is the same bytes when rendered again (deterministic)', async () => {
    const again = path.join(dir, 'again.pdf');
    fs.writeFileSync(again, await renderAttendanceSheets([big, small], meta));
    expect(sha256(again)).toBe(sha256(file));
  });

  it('renders to PNG with poppler', () => {
    const out = path.join(dir, 'png');
    fs.mkdirSync(out);
    execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(out, 'sheet')]);
    const pngs = fs.readdirSync(out);
    expect(pngs).toHaveLength(3);
    for (const f of pngs) expect(fs.statSync(path.join(out, f)).size).toBeGreaterThan(10_000);
    if (process.env.PAYDESK_KEEP_PNG) for (const f of pngs) fs.copyFileSync(path.join(out, f), path.join(process.env.PAYDESK_KEEP_PNG, f));
  });
});
