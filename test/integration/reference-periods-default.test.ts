import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';

// The period the workspace opens on is chosen by the core's clock (not the screen's) and data:
// on the first days of a month the work is the month just ended, which holds the payments.

let now = new Date('2026-11-25T09:00:00.000Z');
let t: TestCore;
beforeAll(async () => {
  t = await openTestCore({ demo: true, now: () => now, skipStartupTasks: true });
});
afterAll(() => t.close());

const codeOf = async (id: number | null) => (id === null ? null : testSql(t).value<string>(`SELECT code FROM service_period WHERE id = ?`, [id]));
const newestWithPayments = (onDate: string, providerId?: number) =>
  testSql(t).value<string>(
    `SELECT s.code FROM service_period s JOIN payment p ON p.period_id = s.id
     WHERE s.start_date <= ? ${providerId === undefined ? '' : 'AND p.provider_id = ?'} ORDER BY s.start_date DESC LIMIT 1`,
    providerId === undefined ? [onDate] : [onDate, providerId],
  );

describe('periods-default', () => {
  it('opens on the current period when it holds payments', async () => {
    now = new Date('2026-11-25T09:00:00.000Z');
    expect(await newestWithPayments('2026-11-25')).toBe('2026-11');
    const { periodId } = await (await t.as('finance')).call('periods-default', {});
    expect(await codeOf(periodId)).toBe('2026-11');
  });

  it('on the first of a month with nothing generated yet, opens on the month just ended', async () => {
    now = new Date('2026-12-01T08:00:00.000Z');
    const december = await testSql(t).value<number>(`SELECT count(*) AS n FROM payment p JOIN service_period s ON s.id = p.period_id WHERE s.code = '2026-12'`);
    expect(december).toBe(0);
    const { periodId } = await (await t.as('approver')).call('periods-default', {});
    expect(await codeOf(periodId)).toBe('2026-11');
  });

  it('for a Provider-group user, follows that provider’s own payments', async () => {
    now = new Date('2026-12-02T08:00:00.000Z');
    const approver = await t.as('approver');
    const december = await testSql(t).value<number>(`SELECT id FROM service_period WHERE code = '2026-12'`);
    await approver.call('payments-generate', { periodId: december });
    const own = await testSql(t).value<number>(`SELECT provider_id AS id FROM app_user WHERE username = 'provider'`);
    // Set-up outside the app: the portal user's own provider has no December payment.
    await testSql(t).run(`DELETE FROM payment WHERE provider_id = ? AND period_id = ?`, [own, december]);
    expect(await codeOf((await approver.call('periods-default', {})).periodId)).toBe('2026-12');
    expect(await codeOf((await (await t.as('provider')).call('periods-default', {})).periodId)).toBe(await newestWithPayments('2026-12-02', own));
    expect(await newestWithPayments('2026-12-02', own)).not.toBe('2026-12');
  });

  it('without payments, opens on the newest period that has started; before any has, on the first', async () => {
    const empty = await openTestCore({ now: () => new Date('2026-03-10T12:00:00.000Z') });
    try {
      await testSql(empty).exec(`INSERT INTO service_period (code, label, start_date, end_date) VALUES
        ('2026-02', 'February 2026', '2026-02-01', '2026-02-28'), ('2026-03', 'March 2026', '2026-03-01', '2026-03-31'),
        ('2026-04', 'April 2026', '2026-04-01', '2026-04-30')`);
      // A real user: the core re-reads the caller's rights from the database at every call.
      await testSql(empty).tx(async (tx) => {
        await tx.run(`INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES (1, 'x', 'X', 'x', '2026-01-01')`);
        await tx.run(`INSERT INTO user_group (user_id, group_name) VALUES (1, 'Approver')`);
        await tx.syncIds('app_user');
      });
      const anyone = await empty.as('x');
      const first = await anyone.call('periods-default', {});
      expect(await testSql(empty).value(`SELECT code FROM service_period WHERE id = ?`, [first.periodId])).toBe('2026-03');

    } finally {
      await empty.close();
    }
  });
});
