import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { openWorld, WORLD, T0, type World } from './workflow-fixture';

// payments-get's authorizedChildren: the lines of the attendance sheet, read by staff and by the
// payment's own provider alike, scoped exactly like the payment itself.

let w: World;
let payment: number;
let otherPayment: number;
beforeEach(async () => {
  w = await openWorld();
  // Beside the world's one child per provider (authorized all year): Grace, twice at provider 1
  // (two spells touching March), Edsger at provider 1 only in April, Barbara at both providers.
  await testSql(w).tx(async (tx) => {
    for (const statement of [
      `
      INSERT INTO child (id, case_number, first_name, last_name, birth_date, created_at, updated_at)
        VALUES (3, 'CASE-3', 'Grace', 'Hopper', '2022-02-02', '${T0}', '${T0}'),
               (4, 'CASE-4', 'Edsger', 'Dijkstra', '2022-03-03', '${T0}', '${T0}'),
               (5, 'CASE-5', 'Barbara', 'Liskov', '2021-04-04', '${T0}', '${T0}')`,
      `INSERT INTO "authorization" (id, child_id, provider_id, start_date, end_date, care_level, days_per_week, copay_cents, created_at, updated_at)
        VALUES (31, 3, 1, '2026-02-01', '2026-03-10', 'full_time', 5, 1500, '${T0}', '${T0}'),
               (32, 3, 1, '2026-03-20', '2026-06-30', 'part_time', 3, 1500, '${T0}', '${T0}'),
               (41, 4, 1, '2026-04-01', '2026-06-30', 'full_time', 5, 0, '${T0}', '${T0}'),
               (51, 5, 1, '2026-03-31', '2026-03-31', 'part_time', 2, 0, '${T0}', '${T0}'),
               (52, 5, 2, '2026-03-01', '2026-03-31', 'full_time', 5, 0, '${T0}', '${T0}')`,
    ])
      await tx.run(statement);
    // Ids of their own: PostgreSQL's next id follows them.
    await tx.syncIds('child');
    await tx.syncIds('authorization');
  });
  payment = await w.create('payment', 'direct');
  otherPayment = await w.create('payment', 'thirdParty');
});
afterEach(async () => w.close());

const fullYear = (authorizationId: number, childId: number, childName: string, caseNumber: string, careLevel: string) => ({
  authorizationId, childId, childName, caseNumber, startDate: '2026-01-01', endDate: '2026-12-31', careLevel,
});

// Provider 1's sheet for March: every authorization at provider 1 that overlaps March, by child name.
const PROVIDER_1_MARCH = [
  { authorizationId: 31, childId: 3, childName: 'Hopper, Grace', caseNumber: 'CASE-3', startDate: '2026-02-01', endDate: '2026-03-10', careLevel: 'full_time' },
  { authorizationId: 32, childId: 3, childName: 'Hopper, Grace', caseNumber: 'CASE-3', startDate: '2026-03-20', endDate: '2026-06-30', careLevel: 'part_time' },
  { authorizationId: 51, childId: 5, childName: 'Liskov, Barbara', caseNumber: 'CASE-5', startDate: '2026-03-31', endDate: '2026-03-31', careLevel: 'part_time' },
  fullYear(1, 1, 'Lovelace, Ada', 'CASE-1', 'full_time'),
];

describe('payments-get authorizedChildren', () => {
  it("lists the authorizations at the payment's provider overlapping the period, for staff and for the provider", async () => {
    const approver = w.core.connect(w.users.approver);
    const provider = w.core.connect(w.users.provider);
    expect((await approver.call('payments-get', { paymentId: payment })).authorizedChildren).toEqual(PROVIDER_1_MARCH);
    expect((await provider.call('payments-get', { paymentId: payment })).authorizedChildren).toEqual(PROVIDER_1_MARCH);
    // The other provider's sheet: its own children only (Barbara's spell there, not provider 1's).
    expect((await approver.call('payments-get', { paymentId: otherPayment })).authorizedChildren).toEqual([
      { authorizationId: 52, childId: 5, childName: 'Liskov, Barbara', caseNumber: 'CASE-5', startDate: '2026-03-01', endDate: '2026-03-31', careLevel: 'full_time' },
      fullYear(2, 2, 'Turing, Alan', 'CASE-2', 'part_time'),
    ]);
    // Nothing about the parent's co-payment or the days per week reaches a Provider user.
    expect(Object.keys((await provider.call('payments-get', { paymentId: payment })).authorizedChildren[0]).sort()).toEqual(
      ['authorizationId', 'careLevel', 'caseNumber', 'childId', 'childName', 'endDate', 'startDate'],
    );
  });

  it("gives a Provider user nothing of another provider's payment: NOT_FOUND, as for a missing id", async () => {
    const provider = w.core.connect(w.users.provider);
    const provider2 = w.core.connect(w.users.provider2);
    await expect(provider.call('payments-get', { paymentId: otherPayment })).rejects.toMatchObject({
      code: 'NOT_FOUND', message: `There is no payment ${otherPayment}.`,
    });
    await expect(provider2.call('payments-get', { paymentId: payment })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const own = await provider2.call('payments-get', { paymentId: otherPayment });
    expect(own.authorizedChildren.map((c) => c.childId).sort()).toEqual([2, 5]);
  });

  it('is empty for an adjustment, which carries no attendance', async () => {
    const adjustment = await w.create('adjustment', 'direct', -500);
    expect((await w.core.connect(w.users.approver).call('payments-get', { paymentId: adjustment })).authorizedChildren).toEqual([]);
  });

  it('names exactly the children the engine accepts days for', async () => {
    const provider = w.core.connect(w.users.provider);
    const detail = await provider.call('payments-get', { paymentId: payment });
    const before = await snapshot(w.core);
    // Alan is authorized at the other provider only: his day is refused, and nothing changes.
    await expect(
      provider.call('payments-act', {
        paymentId: payment, action: 'submit-for-payment',
        attendance: { rows: [{ childId: WORLD.thirdParty.childId, date: '2026-03-02', hours: 8, absenceCode: null }] },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'childId' });
    expect(await snapshot(w.core)).toEqual(before);
    // A day on each listed authorization's first day in March is accepted in one submission.
    const rows = detail.authorizedChildren.map((c) => ({
      childId: c.childId, date: c.startDate < '2026-03-01' ? '2026-03-02' : c.startDate, hours: 6, absenceCode: null,
    }));
    const result = await provider.call('payments-act', { paymentId: payment, action: 'submit-for-payment', attendance: { rows } });
    expect(result.state.submissionStatus).toBe('Ready for Parent');
    const after = await provider.call('payments-get', { paymentId: payment });
    expect(after.attendance.map((a) => [a.childId, a.date, a.source])).toEqual([
      [3, '2026-03-02', 'digital'], [3, '2026-03-20', 'digital'], [5, '2026-03-31', 'digital'], [1, '2026-03-02', 'digital'],
    ]);
  });
});
