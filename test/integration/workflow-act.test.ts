import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/core/core';
import { AUDIT_CHAIN_LOCK } from '../../src/main/core/audit/chain';
import { setSetting } from '../../src/main/core/settings/settings';
import { applyAction } from '../../src/main/core/workflow/engine';
import { loadItem } from '../../src/main/core/workflow/item';
import type { ApplyInput } from '../../src/main/core/workflow/types';
import { assertMayExport } from '../../src/main/core/workflow/separation';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { openWorld, calculation, actorOfUser, SYSTEM_ACTOR, WORLD, PERIOD_START, type World } from './workflow-fixture';

// payments-act and payments-apply-bulk through the registry: the acting group of a user in
// several groups, version checks, bulk row by row, Invoice Details hold information, attendance
// edits in the audit event, Calculate through the calculation engine, separation of duties.

let w: World;
afterEach(async () => w?.close());

const day = (d: number, hours: number | null, absenceCode: 'ABSENT' | 'CLOSED' | null = null) => ({
  childId: WORLD.direct.childId, date: `2026-03-${String(d).padStart(2, '0')}`, hours, absenceCode,
});

async function received(which: 'direct' | 'thirdParty' = 'direct', periodId?: number): Promise<number> {
  const id = await w.create('payment', which, undefined, periodId);
  const childId = WORLD[which].childId;
  await w.apply({ paymentId: id, action: 'record-paper-attendance', actor: actorOfUser(w.users.approver, 'Approver'), attendance: { rows: [{ childId, date: PERIOD_START, hours: 6, absenceCode: null }], source: 'paper' } });
  return id;
}

describe('payments-act', () => {
  it('a user in Approver and Payor acts as whichever group the item needs', async () => {
    w = await openWorld();
    const id = await received();
    const finance = w.core.connect(w.users.finance);
    await w.apply({ paymentId: id, action: 'calculate', actor: actorOfUser(w.users.approver, 'Approver'), calculation: calculation() });
    expect(await finance.call('payments-allowed-actions', { paymentId: id })).toEqual(['edit-attendance', 'calculate', 'start-review', 'place-hold', 'authorize', 'request-corrections', 'deny']);
    await finance.call('payments-act', { paymentId: id, action: 'authorize' });
    const review = await finance.call('payments-act', { paymentId: id, action: 'start-review' }); // now in Pending Payment: as Payor
    expect(review.state).toMatchObject({ invoiceStatus: 'Pending Payment', subStatus: 'In Review', paymentStatus: 'Authorized' });
    expect(review.allowedActions).toEqual(['place-hold', 'request-corrections', 'return-to-approval', 'deny']);
    const groups = (await finance.call('payments-history', { paymentId: id })).slice(-2).map((e) => `${e.action}:${e.group}`);
    expect(groups).toEqual(['authorize:Approver', 'start-review:Payor']);
    const detail = await finance.call('payments-get', { paymentId: id });
    expect(detail.authorizedBy).toEqual({ userId: w.users.finance.id, username: 'finance' });
  });

  it('two users on one item cannot both move it (version check)', async () => {
    w = await openWorld();
    const id = await received();
    const a = w.core.connect(w.users.approver);
    const b = w.core.connect(w.users.approver2);
    const seen = (await a.call('payments-get', { paymentId: id })).version;
    await a.call('payments-act', { paymentId: id, action: 'start-review', expectedVersion: seen });
    const before = await snapshot(w.core);
    await expect(b.call('payments-act', { paymentId: id, action: 'place-hold', reason: { code: 'LICENSE_CHECK' }, expectedVersion: seen })).rejects.toMatchObject({
      code: 'CONFLICT', rule: 'item.version',
    });
    expect(await snapshot(w.core)).toEqual(before);
    // Two desktops on one database file: the second sees the first one's move and is refused.
    const other = await Core.start({ databaseFile: w.file, skipStartupTasks: true, log: () => {} });
    try {
      const desk2 = other.connect(w.users.approver2);
      const version = (await desk2.call('payments-get', { paymentId: id })).version;
      await a.call('payments-act', { paymentId: id, action: 'place-hold', reason: { code: 'LICENSE_CHECK' }, expectedVersion: version });
      await expect(desk2.call('payments-act', { paymentId: id, action: 'deny', reason: { code: 'DUPLICATE' }, expectedVersion: version })).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(desk2.call('payments-act', { paymentId: id, action: 'deny', reason: { code: 'DUPLICATE' } })).rejects.toMatchObject({ rule: 'item.on-hold' });
    } finally {
      await other.close();
    }
  });

  it('Invoice Details shows who placed a hold, when and why, and who released it', async () => {
    w = await openWorld();
    const id = await received();
    const approver = w.core.connect(w.users.approver);
    const approver2 = w.core.connect(w.users.approver2);
    await approver.call('payments-act', { paymentId: id, action: 'place-hold', reason: { code: 'DUPLICATE_SUSPECTED', comment: 'same days billed twice?' } });
    const held = await approver2.call('payments-get', { paymentId: id });
    expect(held.state.paymentStatus).toBe('Hold');
    expect(held.allowedActions).toEqual(['release-hold']);
    expect(held.hold).toMatchObject({ active: true, kind: 'administrative', placedBy: { username: 'approver' }, reasonCode: 'DUPLICATE_SUSPECTED', reasonLabel: 'Possible duplicate billing', comment: 'same days billed twice?', releasedBy: null });
    await approver2.call('payments-act', { paymentId: id, action: 'release-hold', reason: { code: '', comment: 'checked: not a duplicate' } });
    const released = await approver.call('payments-get', { paymentId: id });
    expect(released.hold).toMatchObject({ active: false, placedBy: { username: 'approver' }, releasedBy: { username: 'approver2' }, releaseComment: 'checked: not a duplicate' });
    expect(released.state).toMatchObject({ subStatus: 'Awaiting Action', holdKind: null, paymentStatus: 'Received' });
  });

  it('a bank-detail hold is released by PayDesk only, never by a user', async () => {
    w = await openWorld();
    const id = await received();
    await w.apply({ paymentId: id, action: 'bank-detail-hold', actor: SYSTEM_ACTOR });
    const approver = w.core.connect(w.users.approver);
    expect(await approver.call('payments-allowed-actions', { paymentId: id })).toEqual([]);
    await expect(approver.call('payments-act', { paymentId: id, action: 'release-hold' })).rejects.toMatchObject({ rule: 'release-hold.hold-kind' });
    const detail = await approver.call('payments-get', { paymentId: id });
    expect(detail.hold).toMatchObject({ kind: 'bank_details', placedBy: { username: 'system' }, reasonCode: 'BANK_DETAILS_CHANGED' });
    await w.apply({ paymentId: id, action: 'release-hold', actor: SYSTEM_ACTOR });
    expect((await approver.call('payments-get', { paymentId: id })).state.subStatus).toBe('Awaiting Action');
  });

  it('edit attendance keeps old and new values in the audit event and clears the amount', async () => {
    w = await openWorld();
    const id = await w.create('payment', 'direct');
    const approver = w.core.connect(w.users.approver);
    await approver.call('payments-act', { paymentId: id, action: 'record-paper-attendance', attendance: { rows: [day(2, 6), day(3, 4), day(4, null, 'ABSENT')] } });
    await w.apply({ paymentId: id, action: 'calculate', actor: actorOfUser(w.users.approver, 'Approver'), calculation: calculation(9000) });
    const edited = await approver.call('payments-act', { paymentId: id, action: 'edit-attendance', attendance: { rows: [day(3, 7.5), day(4, null), day(5, null, 'CLOSED')] } });
    expect(edited.state.amountCents).toBeNull();
    const detail = await approver.call('payments-get', { paymentId: id });
    expect(detail.attendance.map((a) => [a.date, a.hours, a.absenceCode, a.source])).toEqual([
      ['2026-03-02', 6, null, 'paper'], ['2026-03-03', 7.5, null, 'paper'], ['2026-03-05', null, 'CLOSED', 'paper'],
    ]);
    expect(detail.calculation).toEqual([]);
    const event = await testSql(w).get<{ details: string }>(`SELECT details FROM audit_event WHERE id = ?`, [edited.eventId]);
    // By child and date: the new value (hours, absence code, or null for a day removed), and the old one where there was a day.
    expect(JSON.parse(event.details).attendance).toEqual({
      source: 'paper',
      days: 3,
      byChild: {
        1: {
          new: { '2026-03-03': 7.5, '2026-03-04': null, '2026-03-05': 'CLOSED' },
          old: { '2026-03-03': { hours: 4, absenceCode: null, source: 'paper' }, '2026-03-04': { hours: null, absenceCode: 'ABSENT', source: 'paper' } },
        },
      },
    });
  });

  it('refuses a day outside the child’s authorization (inside the period), naming row and date, and changes nothing', async () => {
    w = await openWorld();
    const id = await w.create('payment', 'direct');
    await testSql(w).run(`UPDATE "authorization" SET end_date = '2026-03-15' WHERE child_id = 1`);
    const approver = w.core.connect(w.users.approver);
    const before = await snapshot(w.core);
    const refused = approver.call('payments-act', { paymentId: id, action: 'record-paper-attendance', attendance: { rows: [day(2, 6), day(20, 8)] } });
    await expect(refused).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      issues: [{ row: 2, field: 'date', message: 'child 1 is not authorized at this provider on 2026-03-20 (authorized 2026-01-01 to 2026-03-15)' }],
    });
    expect(await snapshot(w.core)).toEqual(before);
  });

  it('actions after one another in one transaction see the item as each left it, exactly as it is stored', async () => {
    // On PostgreSQL the engine keeps the row its UPDATE wrote (still locked) for the next action on
    // the item: that kept row must be the stored one, field for field.
    w = await openWorld();
    const id = await w.create('payment', 'direct');
    const approver = actorOfUser(w.users.approver, 'Approver');
    const steps: Array<Omit<ApplyInput, 'paymentId' | 'actor'>> = [
      { action: 'record-paper-attendance', attendance: { rows: [day(2, 6), day(3, 3)], source: 'paper' } },
      { action: 'calculate', calculation: calculation(456_78) },
      { action: 'place-hold', reason: { code: 'OUTSIDE_REVIEW' } },
      { action: 'release-hold' },
      { action: 'authorize' },
    ];
    await w.core.store.run(
      async ({ db }) => {
        for (const [i, step] of steps.entries()) {
          await applyAction(db, { paymentId: id, actor: approver, user: w.users.approver, ...step }, `2026-04-0${i + 1}T12:00:00.000Z`);
          const kept = await loadItem(db, id, null, { lock: 'update' });
          expect(kept, step.action).toEqual(await loadItem(db, id));
          expect(kept.version).toBe(i + 2);
        }
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    );
    expect(await loadItem(w.core.store.db, id)).toMatchObject({ paymentStatus: 'Authorized', amountCents: 456_78, version: 6 });
  });

  it('Calculate stores the amount and lines of the calculation engine', async () => {
    w = await openWorld();
    const id = await w.create('payment', 'direct');
    const approver = w.core.connect(w.users.approver);
    await expect(approver.call('payments-act', { paymentId: id, action: 'calculate' })).rejects.toMatchObject({ rule: 'calculate.received' });
    await approver.call('payments-act', { paymentId: id, action: 'record-paper-attendance', attendance: { rows: [day(2, 6), day(3, 3)] } });
    const result = await approver.call('payments-act', { paymentId: id, action: 'calculate' });
    const detail = await approver.call('payments-get', { paymentId: id });
    expect(result.state.amountCents).not.toBeNull();
    expect(detail.calculation.length).toBeGreaterThan(0);
    expect(detail.calculation.reduce((s, l) => s + l.subtotalCents, 0)).toBe(result.state.amountCents);
    expect(detail.calculatedAt).not.toBeNull();
  });
});

describe('payments-apply-bulk', () => {
  it('applies the rule row by row: each row succeeds or is refused on its own, with the reason', async () => {
    w = await openWorld({ periods: 4 });
    const ready = [await received('direct', 1), await received('direct', 2), await received('thirdParty', 3)];
    for (const id of ready) await w.apply({ paymentId: id, action: 'calculate', actor: actorOfUser(w.users.approver, 'Approver'), calculation: calculation() });
    const notCalculated = await received('direct', 4);
    const approver = w.core.connect(w.users.approver);
    const result = await approver.call('payments-apply-bulk', { ids: [ready[0], notCalculated, 424242, ready[1], ready[2]], action: 'authorize' });
    expect(result).toMatchObject({ succeeded: 3, refused: 2 });
    expect(result.results.map((r) => [r.id, r.ok, r.error?.rule ?? r.paymentStatus])).toEqual([
      [ready[0], true, 'Authorized'], [notCalculated, false, 'authorize.calculated'], [424242, false, 'item.exists'],
      [ready[1], true, 'Authorized'], [ready[2], true, 'Authorized'],
    ]);
    expect(result.results[1].error!.message).toBe('Authorize needs a calculated amount: calculate the payment first.');
    // Every success has its own audit event; the refusals left nothing.
    const events = await testSql(w).values<number>(`SELECT entity_id AS id FROM audit_event WHERE action = 'authorize' ORDER BY id`);
    expect(events).toEqual([ready[0], ready[1], ready[2]]);
    expect(await testSql(w).one(`SELECT payment_status AS s FROM payment WHERE id = ?`, [notCalculated])).toEqual({ s: 'Received' });
  });

  it('needs the reason for every row when the action needs one, and refuses System actions as a whole', async () => {
    w = await openWorld();
    const id = await received();
    const approver = w.core.connect(w.users.approver);
    const noReason = await approver.call('payments-apply-bulk', { ids: [id], action: 'deny' });
    expect(noReason.results[0].error?.rule).toBe('deny.reason');
    await expect(approver.call('payments-apply-bulk', { ids: [id], action: 'export' })).rejects.toMatchObject({ rule: 'export.system-only' });
    const denied = await approver.call('payments-apply-bulk', { ids: [id], action: 'deny', reason: { code: 'NOT_ELIGIBLE', comment: 'moved away' } });
    expect(denied.results[0]).toMatchObject({ ok: true, paymentStatus: 'Denied' });
  });
});

describe('payments-apply-bulk on a whole view', () => {
  it("takes every item of the tab as the grid lists it (filters, search), read by the core, row by row", async () => {
    w = await openWorld({ periods: 2 });
    const approver = w.core.connect(w.users.approver);
    const ready = await received('direct', 1);
    await w.apply({ paymentId: ready, action: 'calculate', actor: actorOfUser(w.users.approver, 'Approver'), calculation: calculation() });
    const notCalculated = await received('thirdParty', 1);
    const adjustment = await w.create('adjustment', 'direct', 1500, 1);
    const otherPeriod = await received('direct', 2);
    await w.apply({ paymentId: otherPeriod, action: 'calculate', actor: actorOfUser(w.users.approver, 'Approver'), calculation: calculation() });
    const status = (id: number) => testSql(w).value<string>(`SELECT payment_status AS s FROM payment WHERE id = ?`, [id]);
    // Seed 000's Submitted tab, payments only, written here as SQL.
    const expected = await testSql(w).values<number>(
      `SELECT id FROM payment WHERE period_id = 1 AND kind = 'payment' AND (payment_status = 'Received' OR submission_status = 'Submitted') ORDER BY id`,
    );
    expect(expected).toEqual([ready, notCalculated]);

    const result = await approver.call('payments-apply-bulk', { view: { periodId: 1, tab: 'Submitted', kind: 'payment' }, action: 'authorize' });
    expect(result.results.map((r) => [r.id, r.ok, r.error?.rule ?? r.paymentStatus])).toEqual([
      [ready, true, 'Authorized'], [notCalculated, false, 'authorize.calculated'],
    ]);
    expect(result).toMatchObject({ succeeded: 1, refused: 1 });
    // Outside the view nothing moved: the adjustment (kind filter) and the other period's payment.
    expect([await status(adjustment), await status(otherPeriod)]).toEqual(['Received', 'Received']);

    // The search narrows the view the same way as in the grid.
    const searched = await approver.call('payments-apply-bulk', { view: { periodId: 1, tab: 'All', search: 'Oak' }, action: 'start-review' });
    expect(searched.results.map((r) => [r.id, r.ok])).toEqual([[notCalculated, true]]);
  });

  it('refuses ids and a view together, neither, or an empty view, changing nothing', async () => {
    w = await openWorld();
    const id = await received();
    const approver = w.core.connect(w.users.approver);
    const before = await snapshot(w.core);
    const view = { periodId: WORLD.periodId, tab: 'Submitted' as const };
    await expect(approver.call('payments-apply-bulk', { ids: [id], view, action: 'start-review' })).rejects.toMatchObject({
      code: 'BAD_REQUEST', message: expect.stringContaining('give either the ids or the view, not both'),
    });
    await expect(approver.call('payments-apply-bulk', { action: 'start-review' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(approver.call('payments-apply-bulk', { view: { ...view, tab: 'Paid' }, action: 'start-review' })).rejects.toMatchObject({
      code: 'REFUSED', message: 'This view holds no items: nothing to do.',
    });
    // The user confirmed two items; the view holds one now: refused, nothing moved.
    await expect(approver.call('payments-apply-bulk', { view: { ...view, expectedCount: 2 }, action: 'start-review' })).rejects.toMatchObject({
      code: 'CONFLICT',
      rule: 'bulk.view-changed',
      message: 'This view now holds 1 item, not the 2 you selected: it changed meanwhile. Look at it again and repeat the action.',
    });
    expect(await snapshot(w.core)).toEqual(before);
    const confirmed = await approver.call('payments-apply-bulk', { view: { ...view, expectedCount: 1 }, action: 'start-review' });
    expect(confirmed).toMatchObject({ succeeded: 1, refused: 0 });
  });
});

describe('separation of duties', () => {
  it('refuses the export to the user who authorized, naming the items, while the setting is on', async () => {
    w = await openWorld({ periods: 2 });
    const mine = await received('direct', 1);
    const theirs = await received('direct', 2);
    for (const [id, user] of [[mine, w.users.approver], [theirs, w.users.approver2]] as const) {
      await w.apply({ paymentId: id, action: 'calculate', actor: actorOfUser(user, 'Approver'), calculation: calculation() });
      await w.apply({ paymentId: id, action: 'authorize', actor: actorOfUser(user, 'Approver') });
    }
    const check = (user: typeof w.users.approver, ids: number[]) => w.core.store.read(({ db }) => assertMayExport(db, ids, user));
    await expect(check(w.users.approver, [mine, theirs])).rejects.toMatchObject({
      code: 'REFUSED', rule: 'export.separation-of-duties', message: expect.stringContaining(`approver authorized payment ${mine},`),
    });
    await expect(check(w.users.approver, [theirs])).resolves.toBeUndefined();
    await expect(check(w.users.payor, [mine, theirs])).resolves.toBeUndefined();
    await w.core.store.run(({ db }) => setSetting(db, 'workflow.separationOfDuties', false));

    await expect(check(w.users.approver, [mine, theirs])).resolves.toBeUndefined();
  });
});
