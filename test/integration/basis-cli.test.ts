import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paydeskOn } from '../helpers/cli';
import { openTestCore, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';

// `paydesk settings` and `paydesk reconcile` in-process on a real demo database (a SQLite file or a
// postgres:// URL, the project's engine): the same handlers as the app. The test's core reads the rows.

let t: TestCore;
let db: string;
beforeAll(async () => {
  t = await openTestCore({ demo: true });
  db = t.file;
}, 120_000);
afterAll(async () => t?.close());

/** The CLI on this test's database. */
const cli = (...args: string[]) => paydeskOn(db, ...args);

describe('paydesk settings / reconcile', () => {
  it('shows the defaults, sets the basis from a date, the threshold and the holidays, and refuses bad values changing nothing', async () => {
    let r = await cli('settings', '--as', 'admin');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('Payment basis     Attendance (since 1900-01-01)');
    expect(r.stdout).toContain('Recovery threshold $0.00');
    expect(r.stdout).toContain('Holidays          (none)');
    r = await cli('settings', '--as', 'admin', '--basis', 'prospective', '--from', '2026-12-01');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('from 2026-12-01: Prospective (in advance)');
    r = await cli('settings', '--as', 'admin', '--threshold', '25.00', '--holidays', '2026-12-25,2026-12-24', '--from', '2026-01-01', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { recoveryThresholdCents: { value: number }; holidays: { value: string[] } };
    expect(json.recoveryThresholdCents.value).toBe(2500);
    expect(json.holidays.value).toEqual(['2026-12-24', '2026-12-25']); // stored in date order
    const settingRows = () => testSql(t).value<number>(`SELECT count(*) FROM setting`);
    const before = await settingRows();
    r = await cli('settings', '--as', 'admin', '--basis', 'weekly');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--basis must be one of attendance, enrollment, prospective');
    r = await cli('settings', '--as', 'admin', '--holidays', '2026-02-30');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/must be a date as YYYY-MM-DD/);
    r = await cli('settings', '--as', 'approver', '--threshold', '1');
    expect(r.code).not.toBe(0);
    expect(await settingRows()).toBe(before);
  });

  it('sets the recovery plans\' largest share and the days to contest a notice from a date, and refuses values out of range', async () => {
    let r = await cli('settings', '--as', 'admin');
    expect(r.stdout).toContain('Recovery plans    at most 25% of each later payment (since 1900-01-01)');
    expect(r.stdout).toContain('Contest a notice  within 30 days (since 1900-01-01)');
    r = await cli('settings', '--as', 'admin', '--recovery-percent', '10', '--contest-days', '45', '--from', '2026-02-01', '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(r.stdout) as { recoveryMaxPercent: { history: unknown[] }; recoveryContestDays: { history: unknown[] } };
    expect(json.recoveryMaxPercent.history).toEqual([{ effectiveFrom: '1900-01-01', value: 25 }, { effectiveFrom: '2026-02-01', value: 10 }]);
    expect(json.recoveryContestDays.history).toEqual([{ effectiveFrom: '1900-01-01', value: 30 }, { effectiveFrom: '2026-02-01', value: 45 }]);
    // What the recovery code reads (recovery/service.ts: getSetting on the plan's or the notice's date).
    const sql = testSql(t);
    expect(await sql.values(`SELECT value FROM setting WHERE key = 'recovery.maxPercent' ORDER BY effective_from`)).toEqual(['25', '10']);
    const events = await sql.value<number>(`SELECT count(*) FROM audit_event WHERE action = 'save-setting'`);
    for (const [option, value, message] of [
      ['--recovery-percent', '0', /recovery\.maxPercent.*must be at least 1%|must be at least 1%/],
      ['--recovery-percent', '101', /must be at most 100%/],
      ['--contest-days', '5', /must be at least 10 days/],
    ] as const) {
      r = await cli('settings', '--as', 'admin', option, value);
      expect(r.code, `${option} ${value}`).not.toBe(0);
      expect(r.stderr).toMatch(message);
    }
    expect(await sql.value<number>(`SELECT count(*) FROM audit_event WHERE action = 'save-setting'`)).toBe(events);
  });

  it('generate on the prospective basis calculates in advance; reconcile lists what waits and why', async () => {
    let r = await cli('generate', '--as', 'approver', '--period', '2026-12');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Paid in advance \(prospective basis\): \d+ calculated on enrollment, ready to authorize\./);
    const sql = testSql(t);
    const advance = await sql.value<number>(`SELECT count(*) FROM payment p JOIN service_period sp ON sp.id = p.period_id WHERE sp.code = '2026-12' AND p.basis = 'prospective' AND p.amount_cents IS NOT NULL`);
    const lines = await sql.values(`SELECT DISTINCT l.basis FROM calculation_line l JOIN payment p ON p.id = l.payment_id JOIN service_period sp ON sp.id = p.period_id WHERE sp.code = '2026-12'`);
    expect(advance).toBeGreaterThan(0);
    expect(lines).toEqual(['prospective']);
    r = await cli('reconcile', '--as', 'approver', '--period', '2026-12');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Reconciled 0 payments made in advance (recovery threshold $25.00); 0 reconciled before;');
    expect(r.stdout).toContain('the payment made in advance is not authorized yet (Pending Approval / Awaiting Action)');
    r = await cli('reconcile', '--as', 'payor', '--period', '2026-12');
    expect(r.code).not.toBe(0);
  });
});
