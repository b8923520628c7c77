import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/main/core/core';
import { loadSheets } from '../../src/main/core/attendance-sheets/sheets';
import { insertUser } from '../../src/main/core/users/users';
import type { SheetsPrintResult } from '../../src/shared/api/contract/sheets';
import type { AppError } from '../../src/shared/api/errors';
import type { Group } from '../../src/shared/domain/words';
import { openTestCore, recordProviders, snapshot, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { pdfPagesText } from '../unit/export-pdf-text';

// Printed attendance sheets through the core's handler (attendance-sheets-print) on either
// engine: which providers are on paper, the combined PDF read back, the printed mark and its
// audit event, the CSV template filled in and imported through the ordinary paper import, and
// the agency's holidays shading the sheet and lowering the cap, amounts worked by hand.
//
// The world: one direct payor; Center 1 and Center 2 on paper, Center 3 with a portal user
// (digital); 2026's months; agency maximums preschool 5400 / 3200, toddler 6200 / 3700 (full /
// part); threshold 5 h, allowance 5. It is 15 July 2026.
//   Center 1: Ada Abbott (CASE-1, preschool, full-time 5 d/w all year), Ben Baker (CASE-2, toddler,
//             part-time 3 d/w from Tue 10 March).
//   Center 2: Cy Cole (CASE-3, preschool, full-time 5 d/w).  Center 3: Di Dunn (CASE-4).
// Holidays: Mon 16 and Sat 21 March (from 1 January); Good Friday 3 April (from 1 April).

const NOW = new Date('2026-07-15T15:00:00.000Z');
const T0 = NOW.toISOString();
const USERS: Array<[string, Group[], number | null]> = [
  ['admin', ['Administrator'], null],
  ['approver', ['Approver'], null],
  ['payor', ['Payor'], null],
  ['portal3', ['Provider'], 3],
];

let t: TestCore;
let approver: Connection;
let admin: Connection;
const sql = () => testSql(t);

beforeAll(async () => {
  t = await openTestCore({ now: () => NOW, skipStartupTasks: true });
  await sql().tx(async (db) => {
    await db.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'AGENCY', 'Agency (direct pay)', 'direct')`);
    for (const id of [1, 2, 3]) {
      await db.run(`INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (?, ?, ?, 'center', 1, 'check', ?, ?)`, [
        id, `Center ${id}`, `LIC-${id}`, T0, T0,
      ]);
    }
    for (let m = 1; m <= 12; m++) {
      const mm = String(m).padStart(2, '0');
      const end = new Date(Date.UTC(2026, m, 0)).toISOString().slice(0, 10);
      await db.run(`INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (?, ?, ?, ?, ?)`, [m, `2026-${mm}`, `Month ${m} 2026`, `2026-${mm}-01`, end]);
    }
    const kids: Array<[number, string, string, string, string]> = [
      [1, 'CASE-1', 'Ada', 'Abbott', '2022-01-15'],
      [2, 'CASE-2', 'Ben', 'Baker', '2024-01-20'],
      [3, 'CASE-3', 'Cy', 'Cole', '2022-01-15'],
      [4, 'CASE-4', 'Di', 'Dunn', '2022-01-15'],
    ];
    for (const k of kids) await db.run(`INSERT INTO child (id, case_number, first_name, last_name, birth_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, [...k, T0, T0]);
    const auths: Array<[number, number, string, string, number]> = [
      [1, 1, '2026-01-01', 'full_time', 5],
      [2, 1, '2026-03-10', 'part_time', 3],
      [3, 2, '2026-01-01', 'full_time', 5],
      [4, 3, '2026-01-01', 'full_time', 5],
    ];
    for (const [child, provider, start, care, dpw] of auths) {
      await db.run(`INSERT INTO "authorization" (child_id, provider_id, start_date, end_date, care_level, days_per_week, copay_cents, created_at, updated_at)
        VALUES (?, ?, ?, '2026-12-31', ?, ?, 0, ?, ?)`, [child, provider, start, care, dpw, T0, T0]);
    }
    for (const table of ['payor', 'provider', 'service_period', 'child']) await db.syncIds(table);
    await recordProviders(db, T0);
    for (const [age, full, part] of [['infant', 6800, 4100], ['toddler', 6200, 3700], ['preschool', 5400, 3200], ['school_age', 4200, 2500]] as const) {
      await db.run(`INSERT INTO max_rate (provider_type, age_group, day_kind, effective_from, cents) VALUES ('center', ?, 'full', '2026-01-01', ?)`, [age, full]);
      await db.run(`INSERT INTO max_rate (provider_type, age_group, day_kind, effective_from, cents) VALUES ('center', ?, 'part', '2026-01-01', ?)`, [age, part]);
    }
    for (const [username, groups, providerId] of USERS) await insertUser(db, { username, displayName: username, passwordHash: 'x', groups, providerId }, T0);
  });
  approver = await t.as('approver');
  admin = await t.as('admin');
  await admin.call('calculation-settings-save', { key: 'calculation.holidays', value: ['2026-03-21', '2026-03-16'], effectiveFrom: '2026-01-01' });
  await admin.call('calculation-settings-save', { key: 'calculation.holidays', value: ['2026-04-03'], effectiveFrom: '2026-04-01' });
  for (const periodId of [3, 4]) await approver.call('payments-generate', { periodId });
});
afterAll(async () => t.close());

const paymentId = (providerId: number, periodId: number) =>
  sql().value<number>(`SELECT id FROM payment WHERE kind = 'payment' AND provider_id = ? AND period_id = ?`, [providerId, periodId]);

async function refusal(work: () => Promise<unknown>): Promise<AppError> {
  const before = await snapshot(t.core);
  const error = await work().then(
    () => null,
    (e: AppError) => e,
  );
  expect(error, 'the call should have been refused').not.toBeNull();
  expect(await snapshot(t.core)).toEqual(before);
  return error!;
}

describe('printing a period\u2019s attendance sheets', () => {
  let march: SheetsPrintResult;
  let file: string;

  beforeAll(async () => {
    march = await approver.call('attendance-sheets-print', { periodId: 3 });
    file = path.join(t.dir, march.fileName);
    fs.writeFileSync(file, Buffer.from(march.pdfBase64, 'base64'));
  });

  it('takes the providers on paper only (not Center 3, whose provider has a portal user), one page each in one PDF', async () => {
    expect(march.fileName).toBe('attendance-sheets-2026-03.pdf');
    expect(march.sheets.map((s) => [s.licenseNumber, s.children, s.pages])).toEqual([['LIC-1', 2, 1], ['LIC-2', 1, 1]]);
    const pages = await pdfPagesText(file);
    expect(pages).toHaveLength(2);
    expect(march.pages).toBe(2);
    expect(march.message).toBe("Month 3 2026: 2 providers' sheets printed (2 pages).");
    expect(pages[0]).toContain('Center 1');
    expect(pages[0]).toContain('License number LIC-1');
    expect(pages[0]).toContain('Period code 2026-03');
    for (const s of ['Abbott, Ada', 'CASE-1', 'Baker, Ben', 'CASE-2', 'Full-time, 5 days/week', 'Part-time, 3 days/week, 2026-03-10 to 2026-03-31']) expect(pages[0]).toContain(s);
    expect(pages[0]).not.toContain('CASE-3');
    expect(pages[1]).toContain('Cole, Cy');
    for (const p of pages) {
      expect(p).toContain('Agency holidays: 2026-03-16 · 2026-03-21');
      expect(p.split('Parent or guardian signature').length - 1).toBe(p.includes('CASE-2') ? 2 : 1);
      expect(p).toContain('Provider signature');
      expect(p.split('\n').filter((s) => s === 'Hol')).toHaveLength(2);
    }
  });

  it('renders to PNG (pdftoppm)', () => {
    const out = path.join(t.dir, 'png');
    fs.mkdirSync(out, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '70', file, path.join(out, 'march')]);
    const pngs = fs.readdirSync(out).sort();
    expect(pngs).toHaveLength(2);
    for (const f of pngs) expect(fs.statSync(path.join(out, f)).size).toBeGreaterThan(10_000);
    if (process.env.PAYDESK_KEEP_PNG) for (const f of pngs) fs.copyFileSync(path.join(out, f), path.join(process.env.PAYDESK_KEEP_PNG, f));
  });

  it('shades weekends and the agency\u2019s holidays, crosses out the days before an authorization starts (the layout model)', async () => {
    const { sheets } = await loadSheets(sql().db, 3);
    const model = sheets[0].model;
    const shaded = model.days.filter((d) => d.shaded).map((d) => d.dayOfMonth);
    expect(shaded).toEqual([1, 7, 8, 14, 15, 16, 21, 22, 28, 29]); // Sundays, Saturdays, and Mon 16 (Sat 21 a holiday too)
    expect(model.days[15]).toMatchObject({ date: '2026-03-16', weekday: 'Mo', weekend: false, holiday: '', shaded: true });
    expect(model.days[20]).toMatchObject({ date: '2026-03-21', weekday: 'Sa', weekend: true, holiday: '', shaded: true });
    expect(model.holidays.map((h) => h.date)).toEqual(['2026-03-16', '2026-03-21']);
    const ben = model.children.find((c) => c.caseNumber === 'CASE-2')!;
    expect(ben.authorized.indexOf(true)).toBe(9); // 10 March
  });

  it('marks each sheet printed (not a status) with an audit event, shown on Invoice Details and in its history', async () => {
    const p1 = await paymentId(1, 3);
    const stored = await sql().rows(`SELECT payment_id AS paymentId, first_printed_at AS f, printed_at AS p, printed_by AS who, print_count AS n FROM attendance_sheet ORDER BY payment_id`);
    expect(stored).toEqual([
      { paymentId: p1, f: T0, p: T0, who: 'approver', n: 1 },
      { paymentId: await paymentId(2, 3), f: T0, p: T0, who: 'approver', n: 1 },
    ]);
    const detail = await approver.call('payments-get', { paymentId: p1 });
    expect(detail.sheetPrinted).toEqual({ firstPrintedAt: T0, printedAt: T0, printedBy: 'approver', printCount: 1 });
    expect(detail.state).toMatchObject({ invoiceStatus: 'Pending Approval', subStatus: 'Awaiting Action', paymentStatus: 'New' });
    expect((await approver.call('payments-get', { paymentId: await paymentId(3, 3) })).sheetPrinted).toBeNull();
    const event = await sql().get<{ action: string; username: string; groupName: string; details: string; stateBefore: string | null }>(
      `SELECT action, username, group_name AS groupName, details, state_before AS stateBefore FROM audit_event WHERE entity = 'payment' AND entity_id = ? AND action = 'print-attendance-sheet'`,
      [p1],
    );
    expect(event).toMatchObject({ action: 'print-attendance-sheet', username: 'approver', groupName: 'Approver', stateBefore: null });
    expect(JSON.parse(event.details)).toEqual({
      period: '2026-03', licenseNumber: 'LIC-1', children: ['CASE-1', 'CASE-2'], days: 31, holidays: ['2026-03-16', '2026-03-21'], pages: 1, printCount: 1, printedBefore: 0, combined: true,
    });
    const history = await approver.call('payments-history', { paymentId: p1 });
    expect(history.at(-1)).toMatchObject({ action: 'print-attendance-sheet', actionLabel: 'Attendance sheet printed', username: 'approver' });
  });

  it('printing one provider\u2019s sheet again counts it, keeping when it was first printed', async () => {
    const later = await approver.call('attendance-sheets-print', { periodId: 3, providerId: 1 });
    expect(later.fileName).toBe('attendance-sheet-2026-03-LIC-1.pdf');
    expect(later.sheets).toHaveLength(1);
    expect(later.sheets[0].printed).toEqual({ firstPrintedAt: T0, printedAt: T0, printedBy: 'approver', printCount: 2 });
    expect(await pdfPagesText(writePdf(later))).toHaveLength(1);
    // A provider on the portal gets its sheet when asked for by name.
    const digital = await approver.call('attendance-sheets-print', { periodId: 3, providerId: 3 });
    expect(digital.sheets.map((s) => s.licenseNumber)).toEqual(['LIC-3']);
    expect(await sql().value(`SELECT count(*) FROM audit_event WHERE action = 'print-attendance-sheet'`)).toBe(4);
  });

  it('refuses, changing nothing: a period with no payments, a provider with none, a Payor, bad arguments', async () => {
    expect((await refusal(async () => approver.call('attendance-sheets-print', { periodId: 5 }))).message).toMatch(/No provider of Month 5 2026 \(2026-05\) is on paper/);
    expect((await refusal(async () => approver.call('attendance-sheets-print', { periodId: 3, providerId: 99 }))).message).toMatch(/Provider 99 has no payment in Month 3 2026/);
    expect((await refusal(async () => approver.call('attendance-sheets-print', { periodId: 77 }))).message).toMatch(/no service period 77/);
    expect((await refusal(async () => (await t.as('payor')).call('attendance-sheets-print', { periodId: 3 }))).code).toBe('FORBIDDEN');
    expect((await refusal(async () => approver.call('attendance-sheets-print', { periodId: 3, extra: 1 } as never))).code).toBe('BAD_REQUEST');
  });
});

function writePdf(r: SheetsPrintResult): string {
  const f = path.join(t.dir, `${Date.now()}-${r.fileName}`);
  fs.writeFileSync(f, Buffer.from(r.pdfBase64, 'base64'));
  return f;
}

/** Fills a sheet's CSV template: each row's hours (or absence code) by child and date, blank where `fill` gives nothing. */
function fillTemplate(content: string, fill: (caseNumber: string, date: string) => string | number | undefined): string {
  const lines = content.split('\r\n');
  return lines
    .map((line, i) => {
      if (i === 0 || !line) return line;
      const cells = line.split(',');
      const v = fill(cells[2], cells[3]);
      if (v === 'ABSENT' || v === 'CLOSED') cells[5] = v;
      else if (v !== undefined) cells[4] = String(v);
      return cells.join(',');
    })
    .join('\r\n');
}

const isWeekday = (date: string) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

describe('the CSV template of a sheet, filled in and imported through the paper import', () => {
  it('March on attendance: the holiday (Mon 16) lowers the cap; amounts by hand', async () => {
    const r = await approver.call('attendance-sheets-print', { periodId: 3, providerId: 1 });
    const template = r.sheets[0].template;
    expect(template.fileName).toBe('attendance-sheet-2026-03-LIC-1.csv');
    const rows = template.content.trim().split('\r\n');
    expect(rows[0]).toBe('license_number,period,case_number,date,hours,absence_code');
    // Ada every day of March (31), Ben from 10 March (22): the boxes not crossed out, hours and absence empty.
    expect(rows).toHaveLength(1 + 31 + 22);
    expect(rows[1]).toBe('LIC-1,2026-03,CASE-1,2026-03-01,,');
    expect(rows[32]).toBe('LIC-1,2026-03,CASE-2,2026-03-10,,');
    // Ada: 8 h every weekday, the holiday Monday 16 too (the center was open): 22 full days.
    // Ben: 4 h every weekday from 10 March but the holiday: 15 part days; one ABSENT on Tue 31.
    const filled = fillTemplate(template.content, (c, d) => {
      if (!isWeekday(d)) return undefined;
      if (c === 'CASE-1') return 8;
      if (d === '2026-03-16') return undefined;
      return d === '2026-03-31' ? 'ABSENT' : 4;
    });
    const before = await sql().value<number>(`SELECT count(*) FROM attendance`);
    const imported = await approver.call('intake-import-paper-csv', { fileName: template.fileName, content: filled });
    expect(imported).toMatchObject({ rows: 22 + 15, recorded: 1 });
    expect((await sql().value<number>(`SELECT count(*) FROM attendance`)) - before).toBe(37);
    await approver.call('payments-calculate-period', { periodId: 3 });
    const p1 = await paymentId(1, 3);
    // Ada: weekdays 22 − 1 holiday = 21 authorized days (5 d/w): 21 × 5400 = 113,400, 1 day cut.
    // Ben: weekdays 10–31 March = 16 − 1 holiday = 15; × 3 ÷ 5 = 9 authorized days: 8 part days + the
    //      absence (paid as a part day, part-time) in date order are 14 payable, 9 paid × 3700 = 33,300, 5 cut.
    const lines = await sql().rows(`SELECT child_id AS childId, full_days AS f, part_days AS p, paid_absences AS a, days_cut AS cut, subtotal_cents AS cents, basis
      FROM calculation_line WHERE payment_id = ? ORDER BY line_no`, [p1]);
    expect(lines).toEqual([
      { childId: 1, f: 21, p: 0, a: 0, cut: 1, cents: 113_400, basis: 'attendance' },
      { childId: 2, f: 0, p: 9, a: 0, cut: 6, cents: 33_300, basis: 'attendance' },
    ]);
    expect(await sql().value(`SELECT amount_cents FROM payment WHERE id = ?`, [p1])).toBe(146_700);
  });

  it('a template with nothing filled in imports nothing and says so', async () => {
    const r = await approver.call('attendance-sheets-print', { periodId: 3, providerId: 2 });
    const error = await refusal(async () => approver.call('intake-import-paper-csv', { fileName: 'blank.csv', content: r.sheets[0].template.content }));
    expect(error.issues?.[0].message).toMatch(/has only days left blank \(31 rows/);
  });
});

describe('the holiday calendar in the cap on every basis (hand-worked)', () => {
  it('enrollment in April: Good Friday (3 April, April\u2019s list) is shaded and not paid; March\u2019s holidays are not April\u2019s', async () => {
    await admin.call('calculation-settings-save', { key: 'calculation.paymentBasis', value: 'enrollment', effectiveFrom: '2026-04-01' });
    const r = await approver.call('attendance-sheets-print', { periodId: 4, providerId: 1 });
    const { sheets } = await loadSheets(sql().db, 4, 1);
    expect(sheets[0].model.holidays).toEqual([{ date: '2026-04-03', name: '' }]);
    expect((await pdfPagesText(writePdf(r)))[0]).toContain('Agency holidays: 2026-04-03');
    await approver.call('payments-calculate-period', { periodId: 4 });
    // April 2026: 22 weekdays − Good Friday = 21. Ada 21 × 5400 = 113,400; Ben 21 × 3 ÷ 5 = 12.6 -> 13 part days × 3700 = 48,100.
    const p = await paymentId(1, 4);
    expect(await sql().rows(`SELECT full_days AS f, part_days AS p, subtotal_cents AS cents, basis FROM calculation_line WHERE payment_id = ? ORDER BY line_no`, [p])).toEqual([
      { f: 21, p: 0, cents: 113_400, basis: 'enrollment' },
      { f: 0, p: 13, cents: 48_100, basis: 'enrollment' },
    ]);
    expect(await sql().value(`SELECT amount_cents FROM payment WHERE id = ?`, [p])).toBe(161_500);
  });

  it('prospective in May: the advance counts Memorial Day out (20 weekdays, not 21)', async () => {
    await admin.call('calculation-settings-save', { key: 'calculation.paymentBasis', value: 'prospective', effectiveFrom: '2026-05-01' });
    await admin.call('calculation-settings-save', { key: 'calculation.holidays', value: ['2026-05-25'], effectiveFrom: '2026-05-01' });
    await approver.call('payments-generate', { periodId: 5 });
    // May 2026: 21 weekdays − Memorial Day = 20. Ada 20 × 5400 = 108,000; Ben 20 × 3 ÷ 5 = 12 × 3700 = 44,400.
    const p = await paymentId(1, 5);
    expect(await sql().get(`SELECT amount_cents AS cents, basis FROM payment WHERE id = ?`, [p])).toEqual({ cents: 152_400, basis: 'prospective' });
    const { sheets } = await loadSheets(sql().db, 5);
    expect(sheets.map((s) => s.model.provider.licenseNumber)).toEqual(['LIC-1', 'LIC-2']);
    expect(sheets[0].model.days.filter((d) => d.holiday !== null).map((d) => d.date)).toEqual(['2026-05-25']);
  });
});
