import { describe, expect, it } from 'vitest';
import { demoForCli } from '../helpers/cli';
import { drawQaSample } from '../../src/shared/qa/sample';
import { onDatabase } from '../helpers/sql';

// `paydesk settings --qa-percent` and `paydesk qa-sample --redraw-check` in-process on a real demo
// database of the project's engine (a SQLite file, or PostgreSQL by URL): the same handlers as the app.

const demo = demoForCli('paydesk-qa-cli-');
const cli = demo.cli;

describe('paydesk settings --qa-… / paydesk qa-sample', () => {
  it('sets the QA sample from a date, draws it when December is calculated, shows it and re-draws it from its seed', async () => {
    let r = await cli('settings', '--as', 'admin');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('QA sample         off (0%) (since 1900-01-01)');
    const settingRows = () => onDatabase(demo.db, (sql) => sql.value(`SELECT count(*) FROM setting`));
    const before = await settingRows();
    r = await cli('settings', '--as', 'admin', '--qa-percent', '120');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('at most 100');
    r = await cli('settings', '--as', 'admin', '--qa-percent', '2.5');
    expect(r.stderr).toContain('--qa-percent must be a whole number');
    r = await cli('settings', '--as', 'admin', '--qa-first-payment', 'maybe');
    expect(r.stderr).toContain('--qa-first-payment must be on or off');
    r = await cli('settings', '--as', 'approver', '--qa-percent', '20');
    expect(r.code).not.toBe(0);
    expect(await settingRows()).toBe(before);

    r = await cli('settings', '--as', 'admin', '--qa-percent', '20', '--qa-first-payment', 'on', '--basis', 'enrollment', '--from', '2026-12-01');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('from 2026-12-01: 20%');
    // November (already calculated, and from before the date) has no draw.
    r = await cli('qa-sample', '--as', 'approver', '--period', '2026-11');
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('Period 2026-11: no QA draw');

    expect((await cli('generate', '--as', 'approver', '--period', '2026-12')).code).toBe(0);
    expect((await cli('calculate', '--as', 'approver', '--period', '2026-12')).code).toBe(0);
    r = await cli('qa-sample', '--as', 'approver', '--period', '2026-12', '--redraw-check');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Period 2026-12, .*: seed [0-9a-f]{16}, 20%, a new provider's first payment always; drawn .* by approver\./);
    expect(r.stdout).toContain('The draw checks.');
    const json = JSON.parse((await cli('qa-sample', '--as', 'payor', '--period', '2026-12', '--redraw-check', '--json')).stdout) as {
      draws: Array<{ seed: string; percent: number; items: number; sampled: Array<{ paymentId: number }>; redraw: { matches: boolean } }>;
    };
    expect(json.draws.length).toBeGreaterThan(0);
    // The auditor's own re-draw from what the database holds: the same payments.
    for (const d of json.draws) {
      expect(d.redraw.matches).toBe(true);
      const items = await onDatabase(demo.db, (sql) =>
        sql.rows<{ paymentId: number; f: number }>(
          `SELECT i.payment_id AS paymentId, i.first_payment AS f FROM qa_draw_item i JOIN qa_draw q ON q.id = i.draw_id WHERE q.seed = ? ORDER BY i.payment_id`,
          [d.seed],
        ),
      );
      expect(items.length).toBe(d.items);
      const again = drawQaSample('2026-12', d.seed, { percent: 20, firstPaymentAlwaysSampled: true }, items.map((i) => ({ paymentId: i.paymentId, firstPaymentOfNewProvider: i.f === 1 })));
      expect(again.sampled.map((s) => s.paymentId)).toEqual(d.sampled.map((s) => s.paymentId));
    }
    // A tampered seed: the re-draw says DIFFERENT and exits 1.
    await onDatabase(demo.db, (sql) => sql.run(`UPDATE qa_draw SET seed = 'not-the-seed'`));
    r = await cli('qa-sample', '--as', 'approver', '--period', '2026-12', '--redraw-check');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('DIFFERENT');
  });
});
