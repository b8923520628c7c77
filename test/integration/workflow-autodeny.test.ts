import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/core/core';
import { setSetting } from '../../src/main/core/settings/settings';
import { autoDenyTask } from '../../src/main/core/workflow/autoDeny';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { openWorld, actorOfUser, T0, type World } from './workflow-fixture';

// Auto-deny (System): items in Corrections Required for longer than workflow.autoDenyDays are
// denied with reason CORRECTIONS_OVERDUE, at start and by the daily task; 0 turns it off. The
// clock is injected (openWorld({ now })).

const DAY = 86_400_000;
let clock = Date.parse(T0);
let w: World;
afterEach(async () => w?.close());

async function requestCorrections(id: number): Promise<void> {
  const approver = actorOfUser(w.users.approver, 'Approver');
  await w.apply({ paymentId: id, action: 'request-corrections', actor: approver, reason: { code: 'MISSING_ATTENDANCE' } });
}

const stateOf = (id: number) =>
  testSql(w).one(`SELECT invoice_status AS status, sub_status AS sub, payment_status AS paymentStatus FROM payment WHERE id = ?`, [id]);

describe('auto-deny', () => {
  it('denies what has waited longer than the configured days, and only that', async () => {
    clock = Date.parse(T0);
    w = await openWorld({ now: () => new Date(clock) });
    const early = await w.create('payment', 'direct');
    const late = await w.create('adjustment', 'direct', 2500);
    await requestCorrections(early);
    clock += 5 * DAY;
    await requestCorrections(late);

    clock = Date.parse(T0) + 30 * DAY; // exactly 30 days: not yet "longer than"
    const before = await snapshot(w.core);
    expect((await autoDenyTask(w.core.systemContext())).denied).toEqual([]);
    expect(await snapshot(w.core)).toEqual(before);

    clock += 60_000;
    const result = await autoDenyTask(w.core.systemContext());
    expect(result).toMatchObject({ autoDenyDays: 30, denied: [{ paymentId: early, days: 30 }], skipped: [] });
    expect(await stateOf(early)).toEqual({ status: 'Invoice History', sub: 'Denied', paymentStatus: 'Denied' });
    expect(await stateOf(late)).toEqual({ status: 'Corrections Required', sub: 'Awaiting Action', paymentStatus: 'Hold' });

    const history = await w.core.connect(w.users.approver).call('payments-history', { paymentId: early });
    expect(history.at(-1)).toMatchObject({
      username: 'system', group: 'System', action: 'auto-deny', actionLabel: 'Auto-deny',
      reasonCode: 'CORRECTIONS_OVERDUE', reasonLabel: 'Corrections not received in time',
      comment: 'Corrections were requested 30 days ago; the limit is 30 days.',
      after: { invoiceStatus: 'Invoice History', subStatus: 'Denied', submissionStatus: 'New', paymentStatus: 'Denied' },
    });
    // Running again finds nothing more to do until the second item's time is up.
    expect((await autoDenyTask(w.core.systemContext())).denied).toEqual([]);
    clock += 5 * DAY;
    expect((await autoDenyTask(w.core.systemContext())).denied).toEqual([{ paymentId: late, days: 30 }]);
  });

  it('counts from the latest request: corrections submitted and requested again restart the clock', async () => {
    clock = Date.parse(T0);
    w = await openWorld({ now: () => new Date(clock) });
    const id = await w.create('adjustment', 'direct', 900);
    await requestCorrections(id);
    clock += 20 * DAY;
    await w.apply({ paymentId: id, action: 'submit-corrections', actor: actorOfUser(w.users.approver, 'Approver') });
    await requestCorrections(id);
    clock += 25 * DAY; // 45 days since the first request, 25 since the latest
    expect((await autoDenyTask(w.core.systemContext())).denied).toEqual([]);
    clock += 6 * DAY;
    expect((await autoDenyTask(w.core.systemContext())).denied).toEqual([{ paymentId: id, days: 31 }]);
  });

  it('is off when the setting is 0, and is never a user action', async () => {
    clock = Date.parse(T0);
    w = await openWorld({ now: () => new Date(clock) });
    const id = await w.create('payment', 'thirdParty');
    await requestCorrections(id);
    await w.core.store.run(({ db }) => setSetting(db, 'workflow.autoDenyDays', 0));
    clock += 400 * DAY;
    expect(await autoDenyTask(w.core.systemContext())).toEqual({ autoDenyDays: 0, denied: [], skipped: [] });
    await expect(w.core.connect(w.users.approver).call('payments-act', { paymentId: id, action: 'auto-deny', reason: { code: 'CORRECTIONS_OVERDUE' } })).rejects.toMatchObject({
      code: 'REFUSED', rule: 'auto-deny.system-only',
    });
    expect(await stateOf(id)).toMatchObject({ status: 'Corrections Required' });
  });

  it('runs when the database is opened (a start-up task)', async () => {
    clock = Date.parse(T0);
    w = await openWorld({ now: () => new Date(clock) });
    const id = await w.create('payment', 'direct');
    await requestCorrections(id);
    await w.core.close();
    clock += 45 * DAY;
    const core = await Core.start({ databaseFile: w.file, dataDir: w.dir, now: () => new Date(clock), log: () => {} });
    try {
      expect(await testSql(core).one(`SELECT sub_status AS sub FROM payment WHERE id = ?`, [id])).toEqual({ sub: 'Denied' });
    } finally {
      await core.close();
    }
  });
});
