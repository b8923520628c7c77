import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { auditOf, openRefWorld, type RefWorld } from './reference-fixture';

let t: RefWorld;
let childId: number;
beforeAll(async () => {
  t = await openRefWorld();
});
afterAll(() => t.close());

const child = { caseNumber: 'F-100', firstName: 'Nia', lastName: 'Stone', birthDate: '2023-02-14', guardianName: 'Ola Stone' };
const auth = (over: Record<string, unknown> = {}) => ({
  childId,
  providerId: 1,
  startDate: '2026-01-01',
  endDate: '2026-06-30',
  careLevel: 'full_time' as const,
  daysPerWeek: 5,
  copayCents: 2500,
  ...over,
});

describe('children', () => {
  it('creates a child with an audit event, refuses a taken case number and a future birth date', async () => {
    const saved = await t.admin.call('children-save', child);
    childId = saved.id;
    expect(saved).toMatchObject({ ...child, authorizationCount: 0, authorizations: [] });
    expect((await auditOf(t, 'child', childId))).toMatchObject([{ action: 'create-child', username: 'admin' }]);
    const before = await snapshot(t.core);
    await expect(t.admin.call('children-save', { ...child, firstName: 'Other' })).rejects.toMatchObject({
      code: 'REFUSED',
      field: 'caseNumber',
      message: `Case number F-100 already belongs to child ${childId}.`,
    });
    await expect(t.admin.call('children-save', { ...child, caseNumber: 'F-101', birthDate: '2027-01-01' })).rejects.toMatchObject({ field: 'birthDate' });
    await expect(t.admin.call('children-save', { ...child, caseNumber: 'F-101', birthDate: '2026-02-30' })).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'birthDate' });
    expect(await snapshot(t.core)).toEqual(before);
  });

  it('updates in place, recording only what changed; only Administrators may', async () => {
    const saved = await t.admin.call('children-save', { ...child, id: childId, guardianName: 'Pat Stone' });
    expect(saved.guardianName).toBe('Pat Stone');
    const event = (await auditOf(t, 'child', childId)).at(-1)!;
    expect([event.action, JSON.parse(event.state_before!), JSON.parse(event.state_after!)]).toEqual([
      'update-child',
      { guardianName: 'Ola Stone' },
      { guardianName: 'Pat Stone' },
    ]);
    await expect(t.approver.call('children-save', { ...child, id: childId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('authorizations', () => {
  it('refuses two overlapping authorizations of one child at the same provider, with a clear message', async () => {
    const first = await t.admin.call('authorizations-save', auth());
    expect(first).toMatchObject({ childId, providerId: 1, careLevel: 'full_time', copayCents: 2500, caseNumber: 'F-100' });
    const before = await snapshot(t.core);
    await expect(t.admin.call('authorizations-save', auth({ startDate: '2026-06-01', endDate: '2026-12-31' }))).rejects.toMatchObject({
      code: 'REFUSED',
      message: `This authorization overlaps authorization ${first.id} of the same child at the same provider (2026-01-01 to 2026-06-30); 2026-06-01 to 2026-12-31 would pay the same days twice. End-date the other one or change the dates.`,
    });
    expect(await snapshot(t.core)).toEqual(before);
  });

  it('allows overlapping authorizations of one child at two different providers, and the next one after an end date', async () => {
    await t.admin.call('authorizations-save', auth({ providerId: 2, startDate: '2026-03-01', endDate: '2026-09-30', careLevel: 'part_time', daysPerWeek: 2 }));
    await t.admin.call('authorizations-save', auth({ startDate: '2026-07-01', endDate: '2026-12-31' }));
    expect((await t.approver.call('authorizations-list', { childId })).total).toBe(3);
  });

  it('edits an authorization (end-dating it) with an audit event, and refuses an end before the start', async () => {
    const [a] = (await t.approver.call('authorizations-list', { childId, providerId: 1, sort: [{ field: 'startDate', sort: 'asc' }] })).rows;
    const { id, childId: c, providerId, startDate, careLevel, daysPerWeek, copayCents } = a;
    const saved = await t.admin.call('authorizations-save', { id, childId: c, providerId, startDate, endDate: '2026-05-31', careLevel, daysPerWeek, copayCents });
    expect(saved.endDate).toBe('2026-05-31');
    expect((await auditOf(t, 'authorization', id)).at(-1)).toMatchObject({ action: 'update-authorization', state_after: JSON.stringify({ endDate: '2026-05-31' }) });
    await expect(t.admin.call('authorizations-save', auth({ id, endDate: '2025-12-31' }))).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'endDate' });
  });

  it('deletes an authorization no calculated payment rests on; refuses once a payment of a covered period is calculated', async () => {
    const spare = await t.admin.call('authorizations-save', auth({ providerId: 3, startDate: '2026-01-01', endDate: '2026-01-31' }));
    expect(await t.admin.call('authorizations-delete', { authorizationId: spare.id })).toEqual({ ok: true });
    expect((await auditOf(t, 'authorization', spare.id)).at(-1)).toMatchObject({ action: 'delete-authorization' });

    // Provider 1, March 2026: generate, record a day of this child, calculate.
    const periodId = (await t.approver.call('periods-list', {})).find((p) => p.code === '2026-03')!.id;
    await t.approver.call('payments-generate', { periodId });
    const paymentId = await testSql(t).value<number>(`SELECT id FROM payment WHERE provider_id = 1 AND period_id = ?`, [periodId]);

    await t.approver.call('payments-act', {
      paymentId,
      action: 'record-paper-attendance',
      attendance: { rows: [{ childId, date: '2026-03-02', hours: 8, absenceCode: null }] },
    });
    await t.approver.call('payments-act', { paymentId, action: 'calculate' });
    const [used] = (await t.approver.call('authorizations-list', { childId, providerId: 1, sort: [{ field: 'startDate', sort: 'asc' }] })).rows;
    const before = await snapshot(t.core);
    await expect(t.admin.call('authorizations-delete', { authorizationId: used.id })).rejects.toMatchObject({
      code: 'REFUSED',
      message: expect.stringContaining('End-date it instead'),
    });
    expect(await snapshot(t.core)).toEqual(before);
  });
});
