import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/main/core/core';
import { actorOfUser, calculation, openWorld, SYSTEM_ACTOR, T0, WORLD, type World } from './workflow-fixture';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';

// Issue #15 on a real SQLite file with the real migrations: tab totals that follow the search,
// next/previous along a view, the provider's page across periods, "Needs attention" by group,
// and refusals that name what the user tried instead of a handler.

let w: World;
let approver: Connection;
const ids: Record<string, number> = {};
const day = (childId: number) => ({ rows: [{ childId, date: '2026-03-02', hours: 6, absenceCode: null }], source: 'paper' as const });

beforeAll(async () => {
  // The clock: 2026-04-02 (T0); corrections requested on 2026-03-05 have 2 days left of 30.
  w = await openWorld({ periods: 2 });
  approver = w.core.connect(w.users.approver);
  const a = actorOfUser(w.users.approver, 'Approver');
  // Direct provider (Sunny, id 1): a payment calculated at $123.45 and authorized, and a recovery of -$12.34.
  ids.sunny = await w.create('payment', 'direct');
  await w.apply({ paymentId: ids.sunny, action: 'record-paper-attendance', actor: a, attendance: day(1) });
  await w.apply({ paymentId: ids.sunny, action: 'calculate', actor: a, calculation: calculation(123_45) });
  await w.apply({ paymentId: ids.sunny, action: 'authorize', actor: a });
  ids.recovery = await w.create('adjustment', 'direct', -12_34);
  // Third-party provider (Oak, id 2): a payment calculated at $5.00, then sent back for corrections.
  ids.oak = await w.create('payment', 'thirdParty');
  await w.apply({ paymentId: ids.oak, action: 'record-paper-attendance', actor: a, attendance: day(2) });
  await w.apply({ paymentId: ids.oak, action: 'calculate', actor: a, calculation: calculation(5_00) });
  await w.apply({ paymentId: ids.oak, action: 'request-corrections', actor: a, reason: { code: 'SIGNATURE_MISSING' } }, '2026-03-05T09:00:00.000Z');
  // Sunny in the second period: a payment not yet calculated.
  ids.sunny2 = await w.create('payment', 'direct', undefined, 2);
});
afterAll(async () => w.close());

describe('payments-tab-totals and payments-tab-counts', () => {
  it('count and add up each tab in integer cents, and follow the search box as they follow the filters', async () => {
    const all = await approver.call('payments-tab-totals', { periodId: WORLD.periodId });
    expect(all.All).toEqual({ count: 3, amountCents: 123_45 - 12_34 + 5_00 });
    expect(all.Authorized).toEqual({ count: 1, amountCents: 123_45 });
    const sunny = await approver.call('payments-tab-totals', { periodId: WORLD.periodId, search: 'sunny' });
    expect(sunny.All).toEqual({ count: 2, amountCents: 123_45 - 12_34 });
    expect(await approver.call('payments-tab-counts', { periodId: WORLD.periodId, search: 'oak' })).toMatchObject({ All: 1, Authorized: 0 });
    const adjustments = await approver.call('payments-tab-totals', { periodId: WORLD.periodId, search: 'sunny', kind: 'adjustment' });
    expect(adjustments.All).toEqual({ count: 1, amountCents: -12_34 });
  });

  it('give a Provider user the totals of their own items only', async () => {
    const provider = w.core.connect(w.users.provider2);
    expect((await provider.call('payments-tab-totals', { periodId: WORLD.periodId })).All).toEqual({ count: 1, amountCents: 5_00 });
  });
});

describe('payments-neighbours', () => {
  it('walks a view in its sort, and says when an item has left it', async () => {
    const view = { periodId: WORLD.periodId, tab: 'All' as const, sort: [{ field: 'id', sort: 'asc' as const }] };
    const order = [ids.sunny, ids.recovery, ids.oak].sort((x, y) => x - y);
    const middle = await approver.call('payments-neighbours', { ...view, paymentId: order[1] });
    expect(middle).toEqual({ position: 2, total: 3, previousId: order[0], nextId: order[2] });
    const first = await approver.call('payments-neighbours', { ...view, paymentId: order[0] });
    expect(first).toMatchObject({ position: 1, previousId: null, nextId: order[1] });
    const desc = await approver.call('payments-neighbours', { ...view, sort: [{ field: 'id', sort: 'desc' }], paymentId: order[0] });
    expect(desc).toMatchObject({ position: 3, previousId: order[1], nextId: null });
    // Authorized holds only Sunny's payment: Oak's is not in it.
    const gone = await approver.call('payments-neighbours', { ...view, tab: 'Authorized', paymentId: ids.oak });
    expect(gone).toEqual({ position: null, total: 1, previousId: null, nextId: ids.sunny });
    const searched = await approver.call('payments-neighbours', { ...view, search: 'sunny', paymentId: ids.sunny });
    expect(searched.total).toBe(2);
  });
});

describe('provider-payments', () => {
  it("lists a provider's items across periods with totals per year", async () => {
    const page = await approver.call('provider-payments', { providerId: WORLD.direct.providerId });
    expect(page.provider).toMatchObject({ name: 'Sunny Learning Center', licenseNumber: 'LIC-100001', payorName: 'Agency (direct pay)' });
    expect(page.items.map((i) => i.id).sort((x, y) => x - y)).toEqual([ids.sunny, ids.recovery, ids.sunny2].sort((x, y) => x - y));
    expect(page.items.find((i) => i.id === ids.recovery)).toMatchObject({ kind: 'adjustment', recovery: true, amountCents: -12_34 });
    expect(new Set(page.items.map((i) => i.period.id))).toEqual(new Set([1, 2]));
    expect(page.years).toEqual([
      {
        year: 2026,
        payments: { count: 2, cents: 123_45 },
        adjustments: { count: 0, cents: 0 },
        recoveries: { count: 1, cents: -12_34 },
        netCents: 123_45 - 12_34,
        paidCents: 0,
      },
    ]);
    expect(page.remittances).toEqual([]);
  });

  it('shows a Provider user their own provider and no other', async () => {
    const own = w.core.connect(w.users.provider);
    expect((await own.call('provider-payments', { providerId: 1 })).items).toHaveLength(3);
    await expect(own.call('provider-payments', { providerId: 2 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(approver.call('provider-payments', { providerId: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'providerId' });
  });
});

describe('attention-list', () => {
  it("lists corrections near auto-deny with the days left, for the provider's users and the Approvers", async () => {
    const provider2 = await w.core.connect(w.users.provider2).call('attention-list', {});
    expect(provider2.items).toEqual([
      expect.objectContaining({ kind: 'correction', daysLeft: 2, paymentIds: [ids.oak], route: `payments/${ids.oak}`, detail: '2 days left before the System denies it.' }),
    ]);
    expect(provider2.counts.correction).toBe(1);
    expect(provider2.total).toBe(1);
    expect((await approver.call('attention-list', {})).counts.correction).toBe(1);
    // Provider 1's user has no correction waiting; a Payor is not the one to correct.
    expect((await w.core.connect(w.users.provider).call('attention-list', {})).total).toBe(0);
    expect((await w.core.connect(w.users.payor).call('attention-list', {})).counts.correction).toBe(0);
  });

  it('lists new bank details to confirm (not to the user who entered them) and the items the System held', async () => {
    const admin = w.users.admin;
    await testSql(w).run(`UPDATE provider SET bank_change_pending = 1, bank_changed_by = ?, bank_changed_at = ? WHERE id = 1`, [admin.id, T0]);
    await w.apply({ paymentId: ids.sunny2, action: 'bank-detail-hold', actor: SYSTEM_ACTOR, reason: { code: 'BANK_DETAILS_CHANGED' } });
    const forApprover = await approver.call('attention-list', {});
    expect(forApprover.counts['bank-confirm']).toBe(1);
    expect(forApprover.items.find((i) => i.kind === 'bank-confirm')).toMatchObject({ providerId: 1, route: 'providers/1' });
    expect(forApprover.items.find((i) => i.kind === 'system-hold')).toMatchObject({ providerId: 1, paymentIds: [ids.sunny2], route: `payments/${ids.sunny2}` });
    const forAdmin = await w.core.connect(admin).call('attention-list', {});
    expect(forAdmin.counts['bank-confirm']).toBe(0);
    expect(forAdmin.counts['system-hold']).toBe(1);
    // A Provider user confirms nothing.
    expect((await w.core.connect(w.users.provider).call('attention-list', {})).counts['bank-confirm']).toBe(0);
    // The Payor sees what the export would leave out now: Sunny's authorized payment, with the reason.
    const forPayor = await w.core.connect(w.users.payor).call('attention-list', {});
    expect(forPayor.items.find((i) => i.kind === 'left-out' && i.paymentIds.includes(ids.sunny))?.detail).toBeTruthy();
    await testSql(w).run(`UPDATE provider SET bank_change_pending = 0 WHERE id = 1`);
  });
});

describe('children-list for a Provider user', () => {
  it('lists the children authorized at their provider only (those of their attendance sheets)', async () => {
    const own = await w.core.connect(w.users.provider).call('children-list', {});
    expect(own.rows.map((r) => r.id)).toEqual([WORLD.direct.childId]);
    expect((await w.core.connect(w.users.provider2).call('children-list', { search: 'Ada' })).total).toBe(0);
    // An authorization of the same child at the other provider is not counted for this one.
    await testSql(w).run(
      `INSERT INTO "authorization" (child_id, provider_id, start_date, end_date, care_level, days_per_week, copay_cents, created_at, updated_at)
       VALUES (1, 2, '2025-01-01', '2025-12-31', 'full_time', 5, 0, ?, ?)`,
      [T0, T0],
    );
    expect((await w.core.connect(w.users.provider).call('children-list', {})).rows[0].authorizationCount).toBe(1);
    expect((await approver.call('children-list', { search: 'Ada' })).rows[0].authorizationCount).toBe(2);
    expect(own.total).toBe(1);
    expect((await approver.call('children-list', {})).total).toBe(2);
    await testSql(w).run(`DELETE FROM "authorization" WHERE child_id = 1 AND provider_id = 2`);
  });
});

describe('refusals', () => {
  it('say what the user tried in words, never the handler name', async () => {
    const provider = w.core.connect(w.users.provider);
    const err = await provider.call('export-batch-get', { batchId: 1 }).catch((e: Error) => e);
    expect((err as Error).message).toBe('Opening an export batch is for Approver or Payor or Administrator users; provider is in Provider.');
    const bad = await approver.call('payments-list', { periodId: 'x' } as never).catch((e: Error) => e);
    expect((bad as Error).message).not.toContain('payments-list');
    expect((bad as Error).message).toMatch(/^Listing payments: args\.periodId/);
  });
});

describe('views-list, views-save, views-delete', () => {
  it("keep each user's named views, replace one of the same name, and record each change", async () => {
    const payor = w.core.connect(w.users.payor);
    const state = { tab: 'Authorized' as const, search: 'sunny', paymentStatus: ['Authorized' as const], sort: [{ field: 'amountCents', sort: 'desc' as const }] };
    const saved = await approver.call('views-save', { name: 'Big ones', state });
    expect(saved).toMatchObject({ name: 'Big ones', state: { ...state, subStatus: [], pageSize: 50 } });
    const again = await approver.call('views-save', { name: 'big ONES', state: { ...state, search: '' } });
    expect(again.id).toBe(saved.id);
    expect(await approver.call('views-list', {})).toEqual([expect.objectContaining({ id: saved.id, name: 'big ONES', state: expect.objectContaining({ search: '' }) })]);
    expect(await payor.call('views-list', {})).toEqual([]);
    await expect(payor.call('views-delete', { viewId: saved.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const events = await testSql(w).values(`SELECT action FROM audit_event WHERE entity = 'saved_view' ORDER BY id`);

    expect(events).toEqual(['save-view', 'save-view']);
    expect(await approver.call('views-delete', { viewId: saved.id })).toEqual({ ok: true });
    expect(await approver.call('views-list', {})).toEqual([]);
  });

  it('refuse a bad view and change nothing', async () => {
    const before = await snapshot(w.core);
    await expect(approver.call('views-save', { name: ' ', state: {} })).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'name' });
    await expect(approver.call('views-save', { name: 'x', state: { tab: 'Nope' } } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'state.tab' });
    await expect(approver.call('views-save', { name: 'x', state: { extra: 1 } } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await snapshot(w.core)).toEqual(before);
  });
});
