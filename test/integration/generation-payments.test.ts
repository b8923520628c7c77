import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/core/core';
import type { ProgressEvent } from '../../src/shared/api/common';
import { loadSessionUserByName } from '../../src/main/core/users/users';
import { openTestCore, snapshot, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';

// Generate payments on the demo database (scale S: 40 providers, authorizations from January).

let t: TestCore;
beforeEach(async () => {
  t = await openTestCore({ demo: true });
});
afterEach(async () => {
  await t.close();
});

const periodId = async (code: string) => ((await testSql(t).one(`SELECT id FROM service_period WHERE code = ?`, [code])) as { id: number }).id;
const paymentsOf = async (pid: number) =>
  (await testSql(t).rows(`SELECT id, provider_id AS providerId, payor_id AS payorId, kind, submission_status AS s, invoice_status AS i, sub_status AS u, payment_status AS p
      FROM payment WHERE period_id = ? AND kind = 'payment' ORDER BY provider_id`, [pid])) as Array<{ id: number; providerId: number; payorId: number; s: string; i: string; u: string; p: string }>;
/** Active providers with an authorization overlapping the period: who should get a payment. */
const expectedProviders = async (pid: number) =>
  testSql(t).values<number>(
    `SELECT p.id FROM provider p, service_period sp WHERE sp.id = ? AND p.active = 1 AND EXISTS
     (SELECT 1 FROM "authorization" a WHERE a.provider_id = p.id AND a.start_date <= sp.end_date AND a.end_date >= sp.start_date) ORDER BY p.id`,
    [pid],
  );

describe('payments-generate', () => {
  it('creates one New payment per active authorized provider × period × payor, by the System Create action, with progress', async () => {
    const sql = testSql(t);
    await sql.run(`UPDATE provider SET active = 0 WHERE id = 3`);
    // Provider 4's authorizations all end before March: nothing to pay there in March.
    await sql.run(`UPDATE "authorization" SET start_date = '2026-01-01', end_date = '2026-02-28' WHERE provider_id = 4`);
    const pid = await periodId('2026-03');
    const events: ProgressEvent[] = [];
    t.core.onEvent((e) => events.push(e));
    const approver = await t.as('approver');
    const result = await approver.call('payments-generate', { periodId: pid });

    const expected = await expectedProviders(pid);
    expect(expected).not.toContain(3);
    expect(expected).not.toContain(4);
    const rows = await paymentsOf(pid);
    expect(result).toEqual({ periodId: pid, created: expected.length, existing: 0, createdIds: rows.map((r) => r.id), basis: 'attendance', calculatedInAdvance: 0, notCalculated: [] });
    expect(rows.map((r) => r.providerId)).toEqual(expected);
    for (const r of rows) {
      expect(r).toMatchObject({ s: 'New', i: 'Pending Approval', u: 'Awaiting Action', p: 'New' });
      const payor = (await sql.one(`SELECT payor_id AS id FROM provider WHERE id = ?`, [r.providerId])) as { id: number };
      expect(r.payorId).toBe(payor.id);
    }
    const audit = (await sql.one(`SELECT count(*) AS n FROM audit_event WHERE action = 'create' AND group_name = 'System' AND entity = 'payment'
        AND entity_id IN (SELECT id FROM payment WHERE period_id = ?)`, [pid])) as { n: number };
    expect(audit.n).toBe(expected.length);
    const progress = events.filter((e) => e.task === 'generate');
    expect(progress[0]).toMatchObject({ done: 0, total: expected.length });
    expect(progress.at(-1)).toMatchObject({ done: expected.length, total: expected.length });
  });

  it('running it again creates nothing and changes nothing', async () => {
    const approver = await t.as('approver');
    const pid = await periodId('2026-03');
    const first = await approver.call('payments-generate', { periodId: pid });
    const before = await snapshot(t.core);
    const second = await approver.call('payments-generate', { periodId: pid });
    expect(second).toEqual({ periodId: pid, created: 0, existing: first.created, createdIds: [], basis: 'attendance', calculatedInAdvance: 0, notCalculated: [] });
    expect(await snapshot(t.core)).toEqual(before);
  });

  it('two overlapping runs on one core create each payment once', async () => {
    const [a, b] = [await t.as('approver'), await t.as('approver2')];
    const pid = await periodId('2026-04');
    const [ra, rb] = await Promise.all([a.call('payments-generate', { periodId: pid }), b.call('payments-generate', { periodId: pid })]);
    const n = (await expectedProviders(pid)).length;
    expect(ra.created + rb.created).toBe(n);
    expect(ra.existing + rb.existing).toBe(n);
    expect(await paymentsOf(pid)).toHaveLength(n);
  });

  it('two cores on the same file, running at once, create each payment once', async () => {
    const other = await Core.start({ databaseFile: t.file, dataDir: t.dir, log: () => {} });
    try {
      const user = await other.store.read(({ db }) => loadSessionUserByName(db, 'approver'));
      const a = await t.as('approver');
      const b = other.connect(user);
      const pid = await periodId('2026-05');
      const runs = await Promise.all([
        a.call('payments-generate', { periodId: pid }),
        b.call('payments-generate', { periodId: pid }),
        a.call('payments-generate', { periodId: pid }),
        b.call('payments-generate', { periodId: pid }),
      ]);
      const n = (await expectedProviders(pid)).length;
      expect(runs.reduce((s, r) => s + r.created, 0)).toBe(n);
      expect(await paymentsOf(pid)).toHaveLength(n);
      const dupes = (await testSql(t).rows(`SELECT provider_id, count(*) AS n FROM payment WHERE period_id = ? AND kind = 'payment' GROUP BY provider_id, payor_id HAVING count(*) > 1`, [pid]));
      expect(dupes).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('is for Approvers, and names an unknown period', async () => {
    const before = await snapshot(t.core);
    await expect((await t.as('payor')).call('payments-generate', { periodId: await periodId('2026-03') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await t.as('approver')).call('payments-generate', { periodId: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'periodId' });
    expect(await snapshot(t.core)).toEqual(before);
  });
});
