import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT, type HandlerName } from '../../src/shared/api/contract';
import { AppError, ERROR_CODES } from '../../src/shared/api/errors';
import { ACTION_NAMES } from '../../src/shared/workflow/actions';
import type { Connection } from '../../src/main/core/core';
import { snapshot } from '../helpers/core';
import { openWorld, actorOfUser, WORLD, PERIOD_START, type World } from './workflow-fixture';

// Bad input to every handler of the workflow issue (wrong types, unknown keys, unknown ids,
// unknown actions, missing or unknown reasons, huge strings) gets a typed error and writes nothing.

let w: World;
let open: number; // Pending Approval, received
let denied: number; // final
let finance: Connection;
let admin: Connection;
beforeAll(async () => {
  w = await openWorld();
  open = await w.create('payment', 'direct');
  denied = await w.create('payment', 'thirdParty');
  const approver = actorOfUser(w.users.approver, 'Approver');
  await w.apply({ paymentId: open, action: 'record-paper-attendance', actor: approver, attendance: { rows: [{ childId: 1, date: PERIOD_START, hours: 5, absenceCode: null }], source: 'paper' } });
  await w.apply({ paymentId: denied, action: 'deny', actor: approver, reason: { code: 'DUPLICATE' } });
  finance = w.core.connect(w.users.finance);
  admin = w.core.connect(w.users.admin);
});
afterAll(async () => w.close());

const HUGE = 'x'.repeat(100_000);

/** A valid call for each handler, and who makes it. */
const VALID: Record<string, () => [Connection, Record<string, unknown>]> = {
  'payments-list': () => [finance, { periodId: WORLD.periodId, tab: 'All', page: 0, pageSize: 10, sort: [], search: '' }],
  'payments-view-rows': () => [finance, { periodId: WORLD.periodId, tab: 'All', sort: [], search: '' }],
  'payments-tab-counts': () => [finance, { periodId: WORLD.periodId, paymentStatus: [] }],
  'payments-tab-totals': () => [finance, { periodId: WORLD.periodId, search: 'sunny' }],
  'payments-neighbours': () => [finance, { periodId: WORLD.periodId, tab: 'All', sort: [], search: '', paymentId: open }],
  'payments-get': () => [finance, { paymentId: open }],
  'payments-history': () => [finance, { paymentId: open }],
  'payments-allowed-actions': () => [finance, { paymentId: open }],
  'payments-reasons': () => [finance, { action: 'deny' }],
  'payments-act': () => [finance, { paymentId: open, action: 'start-review', expectedVersion: 2 }],
  'payments-apply-bulk': () => [finance, { ids: [open], action: 'start-review' }],
  'audit-verify': () => [admin, {}],
  'users-list': () => [admin, {}],
  'users-create': () => [admin, { username: 'newbie', displayName: 'New', password: 'long enough', groups: ['Payor'] }],
  'users-set-groups': () => [admin, { userId: w.users.payor.id, groups: ['Payor'] }],
  'users-set-active': () => [admin, { userId: w.users.payor.id, active: true }],
  'users-reset-password': () => [admin, { userId: w.users.payor.id, password: 'long enough' }],
};
const NAMES = Object.keys(VALID) as HandlerName[];

const junk = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constant(HUGE),
  fc.integer({ min: -3, max: 0 }),
  fc.double({ noInteger: true }),
  fc.constant(2 ** 60),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.oneof(fc.nat(), fc.string({ maxLength: 3 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.nat(), { maxKeys: 2 }),
);

async function expectTypedRefusal(call: Promise<unknown>, label: string): Promise<AppError> {
  const outcome = await call.then(
    () => null,
    (err: unknown) => err,
  );
  expect(outcome, `${label} was accepted`).toBeInstanceOf(AppError);
  const e = outcome as AppError;
  expect(ERROR_CODES, label).toContain(e.code);
  expect(e.code, `${label}: ${e.message}`).not.toBe('INTERNAL');
  expect(e.message.length, label).toBeGreaterThan(5);
  return e;
}

describe('bad input to every workflow, payments and users handler', () => {
  it('every handler of the issue is covered here', () => {
    // Every handler of contract/payments.ts, workflow.ts and users.ts (intake adds payments-generate and payments-calculate-period).
    const mine = (Object.keys(CONTRACT) as HandlerName[]).filter(
      (n) => /^(payments-|audit-verify|users-)/.test(n) && !['payments-generate', 'payments-calculate-period'].includes(n),
    );
    expect(mine.sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES)('%s: arguments the contract refuses get BAD_REQUEST naming a field, and change nothing', async (name) => {
    const before = JSON.stringify(await snapshot(w.core));
    const [who, valid] = VALID[name]();
    const keys = Object.keys(valid);
    const mutated = fc.oneof(
      fc.record({ key: fc.constantFrom(...keys, 'unexpected'), value: junk }).map(({ key, value }) => ({ ...valid, [key]: value })),
      fc.constantFrom(...keys, 'unexpected').map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(mutated, async (args) => {
        fc.pre(!CONTRACT[name].args.safeParse(args ?? {}).success);
        const e = await expectTypedRefusal(who.call(name, args as never), `${name}(${JSON.stringify(args)?.slice(0, 200)})`);
        expect(e.code).toBe('BAD_REQUEST');
        expect(e.issues?.[0].path).toMatch(/^args/);
      }),
      { numRuns: 40 },
    );
    expect(JSON.stringify(await snapshot(w.core)), name).toBe(before);
  });

  it('well-formed but wrong requests get a typed refusal and change nothing', async () => {
    const before = JSON.stringify(await snapshot(w.core));
    const unknownId = fc.integer({ min: 1000, max: 2 ** 40 });
    await fc.assert(
      fc.asyncProperty(unknownId, fc.constantFrom(...ACTION_NAMES), async (id, action) => {
        for (const name of ['payments-get', 'payments-history', 'payments-allowed-actions'] as const) {
          expect((await expectTypedRefusal(finance.call(name, { paymentId: id }), name)).code).toBe('NOT_FOUND');
        }
        await expectTypedRefusal(finance.call('payments-act', { paymentId: id, action }), `act ${action} on ${id}`);
        // Nothing moves a Denied item, whoever asks and whatever the action.
        await expectTypedRefusal(finance.call('payments-act', { paymentId: denied, action, reason: { code: 'DUPLICATE' } }), `${action} on a denied item`);
        // Bulk: refused as a whole (a System-only action) or row by row.
        const bulk = await finance.call('payments-apply-bulk', { ids: [id, denied], action }).catch((err: unknown) => err);
        if (bulk instanceof AppError) expect(bulk.rule).toBe(`${action}.system-only`);
        else {
          expect((bulk as { succeeded: number }).succeeded).toBe(0);
          for (const r of (bulk as { results: Array<{ ok: boolean; error?: { code: string } }> }).results) {
            expect(r.ok).toBe(false);
            expect(ERROR_CODES).toContain(r.error!.code);
            expect(r.error!.code).not.toBe('INTERNAL');
          }
        }
      }),
      { numRuns: 25 },
    );
    // Reasons: missing, unknown or of another list; reason codes on actions that take none.
    const reasonCases: Array<[string, Record<string, unknown>, string]> = [
      ['deny', {}, 'deny.reason'],
      ['deny', { reason: { code: 'NOT_A_REASON' } }, 'deny.reason'],
      ['deny', { reason: { code: 'OUTSIDE_REVIEW' } }, 'deny.reason'], // a hold reason, not a deny reason
      ['place-hold', { reason: { code: '', comment: 'no code' } }, 'place-hold.reason'],
      ['start-review', { reason: { code: 'DUPLICATE' } }, 'start-review.no-reason'],
      ['authorize', {}, 'authorize.calculated'],
      ['edit-attendance', {}, 'edit-attendance.attendance'],
      ['record-paper-attendance', {}, 'record-paper-attendance.not-received'],
      ['start-review', { expectedVersion: 1 }, 'item.version'],
    ];
    for (const [action, extra, rule] of reasonCases) {
      const e = await expectTypedRefusal(finance.call('payments-act', { paymentId: open, action: action as never, ...extra }), action);
      expect(e.rule, `${action} ${JSON.stringify(extra)}: ${e.message}`).toBe(rule);
    }
    // Attendance that cannot belong to this payment, reported by row.
    const e = await expectTypedRefusal(
      finance.call('payments-act', {
        paymentId: open, action: 'edit-attendance',
        attendance: { rows: [{ childId: 2, date: PERIOD_START, hours: 4, absenceCode: null }, { childId: 1, date: '2026-04-01', hours: 4, absenceCode: null }, { childId: 1, date: '2026-03-05', hours: 4, absenceCode: 'ABSENT' }] },
      }),
      'bad attendance',
    );
    expect(e.issues?.map((i) => `${i.row} ${i.field}`)).toEqual(['1 childId', '2 date', '3 hours']);
    // Users: taken names, unknown users and providers.
    await expectTypedRefusal(admin.call('users-create', { username: 'APPROVER', displayName: 'Dup', password: 'long enough', groups: ['Payor'] }), 'taken name');
    await expectTypedRefusal(admin.call('users-set-groups', { userId: 999, groups: ['Payor'] }), 'unknown user');
    await expectTypedRefusal(admin.call('users-set-active', { userId: 999, active: false }), 'unknown user');
    await expectTypedRefusal(admin.call('users-create', { username: 'portal2', displayName: 'P', password: 'long enough', groups: ['Provider'], providerId: 999 }), 'unknown provider');
    expect(JSON.stringify(await snapshot(w.core))).toBe(before);
  });
});
