import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/core';
import { openWorld, actorOfUser, WORLD, PERIOD_START, type World } from './workflow-fixture';

// A Provider-group user is tied to one provider: every list, count, detail, history and action
// handler gives them that provider's items only, and another provider's id is NOT_FOUND (the same
// answer as an id that does not exist, so ids do not leak).

let w: World;
let own: number[];
let others: number[];
beforeEach(async () => {
  w = await openWorld();
  own = [await w.create('payment', 'direct'), await w.create('adjustment', 'direct', 1500)];
  others = [await w.create('payment', 'thirdParty'), await w.create('adjustment', 'thirdParty', -700)];
  // The other provider's payment is received: the Submitted tab has something to leak.
  await w.apply({
    paymentId: others[0], action: 'record-paper-attendance', actor: actorOfUser(w.users.approver, 'Approver'), user: w.users.approver,
    attendance: { rows: [{ childId: WORLD.thirdParty.childId, date: PERIOD_START, hours: 6, absenceCode: null }], source: 'paper' },
  });
});
afterEach(async () => w.close());

const MISSING = 999_999;

describe('Provider scoping at the handler level', () => {
  it('lists and counts only their own provider\'s items, whatever the filters and search say', async () => {
    const provider = w.core.connect(w.users.provider);
    const all = await provider.call('payments-list', { periodId: WORLD.periodId });
    expect(all.rows.map((r) => r.id).sort()).toEqual([...own].sort());
    expect(all.rows.every((r) => r.providerId === WORLD.direct.providerId)).toBe(true);
    expect((await provider.call('payments-list', { periodId: WORLD.periodId, providerId: WORLD.thirdParty.providerId })).total).toBe(0);
    expect((await provider.call('payments-list', { periodId: WORLD.periodId, search: 'Oak' })).total).toBe(0);
    expect((await provider.call('payments-list', { periodId: WORLD.periodId, search: String(others[0]) })).total).toBe(0);
    expect((await provider.call('payments-list', { periodId: WORLD.periodId, tab: 'Submitted' })).total).toBe(1); // their own adjustment
    expect(await provider.call('payments-tab-counts', { periodId: WORLD.periodId })).toEqual({ All: 2, 'Pending Parent': 0, Submitted: 1, Authorized: 0, Paid: 0 });

    // Staff see everything.
    const approver = w.core.connect(w.users.approver);
    expect((await approver.call('payments-list', { periodId: WORLD.periodId })).total).toBe(4);
    expect(await approver.call('payments-tab-counts', { periodId: WORLD.periodId })).toMatchObject({ All: 4, Submitted: 3 });
  });

  it("answers NOT_FOUND for another provider's item exactly as for a missing id, and changes nothing", async () => {
    const provider = w.core.connect(w.users.provider);
    const before = await snapshot(w.core);
    for (const id of [...others, MISSING]) {
      // Each call starts when it is checked, so none rejects unwatched while an earlier one is awaited.
      const calls = [
        () => provider.call('payments-get', { paymentId: id }),
        () => provider.call('payments-history', { paymentId: id }),
        () => provider.call('payments-allowed-actions', { paymentId: id }),
        () => provider.call('payments-act', { paymentId: id, action: 'submit-corrections' }),
        () => provider.call('payments-act', {
          paymentId: id, action: 'submit-for-payment',
          attendance: { rows: [{ childId: WORLD.thirdParty.childId, date: PERIOD_START, hours: 5, absenceCode: null }] },
        }),
      ];
      for (const call of calls) await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND', message: `There is no payment ${id}.` });
    }
    const bulk = await provider.call('payments-apply-bulk', { ids: [...others, own[0]], action: 'submit-corrections' });
    expect(bulk.results.map((r) => r.error?.code ?? 'ok')).toEqual(['NOT_FOUND', 'NOT_FOUND', 'REFUSED']);
    // A whole view holds only their own items, whatever it names.
    const view = await provider.call('payments-apply-bulk', { view: { periodId: WORLD.periodId, tab: 'All', providerId: WORLD.thirdParty.providerId }, action: 'submit-corrections' }).catch((e: unknown) => e);
    expect(view).toMatchObject({ code: 'REFUSED', message: 'This view holds no items: nothing to do.' });
    const mine = await provider.call('payments-apply-bulk', { view: { periodId: WORLD.periodId, tab: 'All' }, action: 'submit-corrections' });
    expect(mine.results.map((r) => r.id).sort()).toEqual([...own].sort());
    expect(await snapshot(w.core)).toEqual(before);
  });

  it('lets them see and act on their own items', async () => {
    const provider = w.core.connect(w.users.provider);
    const detail = await provider.call('payments-get', { paymentId: own[0] });
    expect(detail.provider.id).toBe(WORLD.direct.providerId);
    expect(detail.allowedActions).toEqual([]); // nothing in a Provider's drop-down while Pending Approval
    const result = await provider.call('payments-act', {
      paymentId: own[0], action: 'submit-for-payment',
      attendance: { rows: [{ childId: WORLD.direct.childId, date: PERIOD_START, hours: 9, absenceCode: null }] },
    });
    expect(result.state.submissionStatus).toBe('Ready for Parent');
    const got = await provider.call('payments-get', { paymentId: own[0] });
    expect(got.attendance).toEqual([expect.objectContaining({ childId: WORLD.direct.childId, hours: 9, source: 'digital' })]);
    expect(got.providerSignedAt).not.toBeNull();
    expect((await provider.call('payments-list', { periodId: WORLD.periodId, tab: 'Pending Parent' })).rows.map((r) => r.id)).toEqual([own[0]]);
    const history = await provider.call('payments-history', { paymentId: own[0] });
    expect(history.map((e) => e.action)).toEqual(['create', 'submit-for-payment']);

    // Corrections requested by staff come back to the provider's drop-down.
    const approver = actorOfUser(w.users.approver, 'Approver');
    await w.apply({ paymentId: own[0], action: 'request-corrections', actor: approver, reason: { code: 'SIGNATURE_MISSING' } });
    expect(await provider.call('payments-allowed-actions', { paymentId: own[0] })).toEqual(['submit-corrections']);
    await provider.call('payments-act', { paymentId: own[0], action: 'submit-corrections' });
    expect((await provider.call('payments-get', { paymentId: own[0] })).state).toMatchObject({ invoiceStatus: 'Pending Approval', subStatus: 'Awaiting Action' });
  });
});
