import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABS, tabMatches } from '../../src/shared/workflow/tabs';
import type { PaymentStatus, SubmissionStatus } from '../../src/shared/domain/words';
import { SYSTEM_ACTOR, actorFor } from '../../src/main/core/audit/chain';
import { viewRows } from '../../src/main/core/payments/queries';
import { applyAction, createItem, type ApplyInput } from '../../src/main/core/workflow/engine';
import { openTestCore, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';
import type { Connection } from '../../src/main/core/core';
import { calculation } from './workflow-fixture';

// The tabs' server-side list and counts on the demo database, with items spread over the
// workflow: tab membership equals the shared TAB_RULES evaluated in memory; counts equal totals;
// filters, search, sort and paging behave.

const PERIOD = 3; // March 2026
let t: TestCore;
let approver: Connection;
let all: Array<{ id: number; paymentStatus: PaymentStatus; submissionStatus: SubmissionStatus; kind: string; providerId: number }>;

beforeAll(async () => {
  t = await openTestCore({ demo: true, skipStartupTasks: true });
  approver = await t.as('approver');
  const user = approver.user!;
  await testSql(t).tx(async (db) => {
    const now = '2026-04-03T10:00:00.000Z';
    const providers = await db.rows<{ id: number; payorId: number }>(`SELECT id, payor_id AS payorId FROM provider ORDER BY id`);
    const childOf = (providerId: number) =>
      db.one<{ id: number }>(`SELECT child_id AS id FROM "authorization" WHERE provider_id = ? AND start_date <= '2026-03-31' AND end_date >= '2026-03-01' ORDER BY id LIMIT 1`, [providerId]);
    // A batch per payor (the demo has batches of its own in later periods).
    const batchOf = new Map<number, number>();
    for (const payorId of [1, 2]) {
      batchOf.set(payorId, await db.insert(`INSERT INTO export_batch (period_id, payor_id, created_at, created_by, item_count, total_cents, folder) VALUES (?, ?, ?, 1, 0, 0, 'x')`, [PERIOD, payorId, now]));
    }
    for (const p of providers) {
      const id = await createItem(db, { kind: 'payment', providerId: p.id, periodId: PERIOD, payorId: p.payorId, actor: SYSTEM_ACTOR }, now);
      const child = (await childOf(p.id))?.id;
      const act = (action: ApplyInput['action'], extra: Partial<ApplyInput> = {}) =>
        applyAction(db, { paymentId: id, action, actor: extra.actor ?? { ...actorFor(user), group: 'Approver' }, ...extra }, now);
      const attendance = { rows: [{ childId: child!, date: '2026-03-02', hours: 6, absenceCode: null }], source: 'paper' as const };
      const path = p.id % 7;
      if (!child || path === 0) continue; // New
      if (path === 1) {
        await act('submit-for-payment', { actor: SYSTEM_ACTOR, attendance: { ...attendance, source: 'digital' } }); // Pending Parent
        continue;
      }
      if (path === 2) {
        await act('submit-for-payment', { actor: SYSTEM_ACTOR, attendance: { ...attendance, source: 'digital' } });
        await act('parent-signature', { actor: SYSTEM_ACTOR }); // Submitted
      } else {
        await act('record-paper-attendance', { attendance }); // Received
      }
      if (path === 3) continue;
      await act('calculate', { calculation: calculation(p.id * 1000) });
      if (path === 4) {
        await act('place-hold', { reason: { code: 'LICENSE_CHECK' } }); // Hold
        continue;
      }
      await act('authorize'); // Authorized
      if (path === 5 || path === 2) continue;
      await act('export', { actor: SYSTEM_ACTOR, exportBatchId: batchOf.get(p.payorId) }); // Paid (direct) or In Process (third party)
    }
    // An adjustment, for the kind filter.
    await createItem(db, { kind: 'adjustment', providerId: 1, periodId: PERIOD, payorId: 1, amountCents: -1234, actor: SYSTEM_ACTOR }, now);
  });
  all = await testSql(t).rows(
    `SELECT id, payment_status AS paymentStatus, submission_status AS submissionStatus, kind, provider_id AS providerId FROM payment WHERE period_id = ?`,
    [PERIOD],
  );
});
afterAll(async () => t.close());

const ids = (rows: Array<{ id: number }>) => rows.map((r) => r.id).sort((a, b) => a - b);

describe('payments-list and payments-tab-counts', () => {
  it('puts exactly the items of TAB_RULES in each tab, and counts them', async () => {
    const counts = await approver.call('payments-tab-counts', { periodId: PERIOD });
    for (const tab of TABS) {
      const list = await approver.call('payments-list', { periodId: PERIOD, tab, pageSize: 1000 });
      const expected = all.filter((i) => tabMatches(tab, i));
      expect(ids(list.rows), tab).toEqual(ids(expected));
      expect(list.total, tab).toBe(expected.length);
      expect(counts[tab], tab).toBe(expected.length);
    }
    // The spread reached every tab.
    for (const tab of TABS) expect(counts[tab], tab).toBeGreaterThan(0);
    // An item signed by the parent stays in Submitted after it is authorized (two tabs at once).
    expect(all.some((i) => i.submissionStatus === 'Submitted' && i.paymentStatus === 'Authorized')).toBe(true);
  });

  it('filters by statuses, kind and provider within a tab, and counts with the same filters', async () => {
    const held = await approver.call('payments-list', { periodId: PERIOD, paymentStatus: ['Hold'], pageSize: 1000 });
    expect(held.total).toBeGreaterThan(0);
    expect(held.rows.every((r) => r.paymentStatus === 'Hold' && r.subStatus === 'Administrative Hold')).toBe(true);
    const inProcess = await approver.call('payments-list', { periodId: PERIOD, invoiceStatus: ['Pending Payment'], subStatus: ['In Process'] });
    expect(inProcess.rows.every((r) => r.payorKind === 'third_party' && r.paymentStatus === 'Paid')).toBe(true);
    const adjustments = await approver.call('payments-list', { periodId: PERIOD, kind: 'adjustment' });
    expect(adjustments.rows).toEqual([expect.objectContaining({ kind: 'adjustment', amountCents: -1234, providerId: 1 })]);
    const one = await approver.call('payments-list', { periodId: PERIOD, providerId: 1 });
    expect(one.total).toBe(2);
    expect(await approver.call('payments-tab-counts', { periodId: PERIOD, providerId: 1 })).toMatchObject({ All: 2 });
    expect((await approver.call('payments-list', { periodId: PERIOD + 1 })).total).toBe(0);
  });

  it('searches by provider name, license number or payment id; % and _ are literal', async () => {
    const target = (await approver.call('payments-list', { periodId: PERIOD, pageSize: 1000 })).rows.find((r) => r.kind === 'payment' && r.providerId === 12)!;
    const byLicense = await approver.call('payments-list', { periodId: PERIOD, search: target.licenseNumber });
    expect(ids(byLicense.rows)).toEqual([target.id]);
    const byName = await approver.call('payments-list', { periodId: PERIOD, search: target.providerName.slice(0, 12).toLowerCase() });
    expect(byName.rows.map((r) => r.id)).toContain(target.id);
    expect(byName.rows.every((r) => r.providerName.toLowerCase().includes(target.providerName.slice(0, 12).toLowerCase()))).toBe(true);
    const byId = await approver.call('payments-list', { periodId: PERIOD, search: String(target.id) });
    expect(byId.rows.map((r) => r.id)).toContain(target.id);
    expect((await approver.call('payments-list', { periodId: PERIOD, search: '%' })).total).toBe(0);
    expect((await approver.call('payments-list', { periodId: PERIOD, search: '_' })).total).toBe(0);
  });

  it('sorts through a whitelist and pages', async () => {
    const byAmount = await approver.call('payments-list', { periodId: PERIOD, sort: [{ field: 'amountCents', sort: 'desc' }], pageSize: 1000 });
    const amounts = byAmount.rows.map((r) => r.amountCents).filter((a): a is number => a !== null);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const byName = await approver.call('payments-list', { periodId: PERIOD, sort: [{ field: 'providerName', sort: 'asc' }], pageSize: 1000 });
    const names = byName.rows.map((r) => r.providerName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // A field outside the whitelist is ignored, never reaches SQL.
    const odd = await approver.call('payments-list', { periodId: PERIOD, sort: [{ field: 'id; DROP TABLE payment', sort: 'asc' }] });
    expect(odd.total).toBe(all.length);
    const first = await approver.call('payments-list', { periodId: PERIOD, pageSize: 7, page: 0 });
    const second = await approver.call('payments-list', { periodId: PERIOD, pageSize: 7, page: 1 });
    const both = await approver.call('payments-list', { periodId: PERIOD, pageSize: 14, page: 0 });
    expect([...first.rows, ...second.rows]).toEqual(both.rows);
  });
});

describe('payments-view-rows (Export CSV of a view)', () => {
  it('gives every row of the view in one read, in the order of the grid’s pages', async () => {
    const view = { periodId: PERIOD, tab: 'All' as const, sort: [{ field: 'amountCents', sort: 'desc' as const }], search: '' };
    const { rows } = await approver.call('payments-view-rows', view);
    const pages: number[] = [];
    for (let page = 0; ; page++) {
      const r = await approver.call('payments-list', { ...view, page, pageSize: 7 });
      pages.push(...r.rows.map((x) => x.id));
      if (pages.length >= r.total) break;
    }
    expect(rows.map((r) => r.id)).toEqual(pages);
    expect(rows).toHaveLength(all.length);
    const held = await approver.call('payments-view-rows', { periodId: PERIOD, tab: 'All', paymentStatus: ['Hold'] });
    expect(held.rows.length).toBeGreaterThan(0);
    expect(held.rows.every((r) => r.paymentStatus === 'Hold')).toBe(true);
  });

  it('gives a Provider-group user only their provider’s rows', async () => {
    const provider = await t.as('provider');
    const own = await testSql(t).value<number>(`SELECT provider_id FROM app_user WHERE username = 'provider'`);
    const { rows } = await provider.call('payments-view-rows', { periodId: PERIOD, tab: 'All' });
    expect(rows.length).toBe(all.filter((i) => i.providerId === own).length);
    expect(rows.every((r) => r.providerId === own)).toBe(true);
  });

  it('refuses a view larger than the most one export takes', async () => {
    const q = { periodId: PERIOD, tab: 'All' as const, paymentStatus: [], invoiceStatus: [], subStatus: [], sort: [], search: '' };
    await expect(viewRows(t.core.store.db, q, approver.user!, 3)).rejects.toThrow('This view holds more than 3 rows: filter or search to narrow it, then export.');
    expect(await viewRows(t.core.store.db, q, approver.user!, all.length)).toHaveLength(all.length);
  });
});
