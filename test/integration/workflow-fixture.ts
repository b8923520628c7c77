import { SYSTEM_ACTOR, type Actor } from '../../src/main/core/audit/chain';
import { createItem, applyAction, type ApplyInput, type ApplyResult } from '../../src/main/core/workflow/engine';
import { insertUser, loadSessionUser } from '../../src/main/core/users/users';
import type { SessionUser } from '../../src/shared/api/contract/session';
import type { Group } from '../../src/shared/domain/words';
import { openTestCore, recordProviders, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';

// A small world for workflow tests (until payment generation exists, items are made with the
// engine's createItem): one direct and one third-party provider, a child authorized at each,
// one service period, an export batch per payor, and users for every group.

export const PERIOD_START = '2026-03-01';
export const T0 = '2026-04-02T09:00:00.000Z';

export const WORLD = {
  direct: { providerId: 1, payorId: 1, childId: 1, batchId: 1 },
  thirdParty: { providerId: 2, payorId: 2, childId: 2, batchId: 2 },
  periodId: 1,
} as const;

const USERS: Array<[string, Group[], number | null]> = [
  ['admin', ['Administrator'], null],
  ['approver', ['Approver'], null],
  ['approver2', ['Approver'], null],
  ['payor', ['Payor'], null],
  ['finance', ['Approver', 'Payor'], null],
  ['provider', ['Provider'], 1],
  ['provider2', ['Provider'], 2],
];

export interface World extends TestCore {
  users: Record<string, SessionUser>;
  /** Creates a payment or adjustment (System's Create) and returns its id. */
  create(kind: 'payment' | 'adjustment', which: 'direct' | 'thirdParty', amountCents?: number, periodId?: number): Promise<number>;
  /** Applies an action through the engine inside store.run. */
  apply(input: ApplyInput, now?: string): Promise<ApplyResult>;
}

export function actorOfUser(user: SessionUser, group: Actor['group']): Actor {
  return { userId: user.id, username: user.username, group };
}

/** `periods`: how many service periods (all March 2026): one payment per provider, period and payor. */
export async function openWorld(options: { now?: () => Date; periods?: number } = {}): Promise<World> {
  const t = await openTestCore({ now: options.now ?? (() => new Date(T0)), skipStartupTasks: true });
  const users = await testSql(t).tx(async (db) => {
    // Rows with ids of their own: the ids the tests name (WORLD); syncIds makes PostgreSQL's next id follow.
    await db.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'AGENCY', 'Agency (direct pay)', 'direct'), (2, 'FALLING_COLORS', 'Falling Colors', 'third_party')`);
    await db.run(`INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at)
        VALUES (1, 'Sunny Learning Center', 'LIC-100001', 'center', 1, 'check', '${T0}', '${T0}'),
               (2, 'Oak Family Child Care', 'LIC-100002', 'family_home', 2, 'check', '${T0}', '${T0}')`);
    await db.run(`INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-03', 'March 2026', '2026-03-01', '2026-03-31')`);
    await db.run(`INSERT INTO child (id, case_number, first_name, last_name, birth_date, created_at, updated_at)
        VALUES (1, 'CASE-1', 'Ada', 'Lovelace', '2023-01-10', '${T0}', '${T0}'), (2, 'CASE-2', 'Alan', 'Turing', '2022-05-01', '${T0}', '${T0}')`);
    await db.run(`INSERT INTO "authorization" (child_id, provider_id, start_date, end_date, care_level, days_per_week, copay_cents, created_at, updated_at)
        VALUES (1, 1, '2026-01-01', '2026-12-31', 'full_time', 5, 0, '${T0}', '${T0}'), (2, 2, '2026-01-01', '2026-12-31', 'part_time', 3, 0, '${T0}', '${T0}')`);
    for (const table of ['payor', 'provider', 'service_period', 'child']) await db.syncIds(table);
    await recordProviders(db, T0);
    for (const type of ['center', 'family_home', 'group_home']) {
      for (const age of ['infant', 'toddler', 'preschool', 'school_age']) {
        for (const [kind, cents] of [['full', 5000], ['part', 3000]] as const) {
          await db.run(`INSERT INTO max_rate (provider_type, age_group, day_kind, effective_from, cents) VALUES (?, ?, ?, '2026-01-01', ?)`, [type, age, kind, cents]);
        }
      }
    }
    for (let i = 2; i <= (options.periods ?? 1); i++) {
      await db.run(`INSERT INTO service_period (code, label, start_date, end_date) VALUES (?, ?, '2026-03-01', '2026-03-31')`, [`2026-03-${i}`, `March 2026 (${i})`]);
    }
    const out: Record<string, SessionUser> = {};
    for (const [username, groups, providerId] of USERS) {
      const id = await insertUser(db, { username, displayName: username, passwordHash: 'x', groups, providerId }, T0);
      out[username] = (await loadSessionUser(db, id))!;
    }
    await db.run(`INSERT INTO export_batch (id, period_id, payor_id, created_at, created_by, item_count, total_cents, folder)
      VALUES (1, 1, 1, '${T0}', 1, 0, 0, 'b1'), (2, 1, 2, '${T0}', 1, 0, 0, 'b2')`);
    await db.syncIds('export_batch');
    return out;
  });
  return {
    ...t,
    users,
    create: (kind, which, amountCents, periodId) =>
      t.core.store.run(({ db }) =>
        createItem(
          db,
          { kind, providerId: WORLD[which].providerId, periodId: periodId ?? WORLD.periodId, payorId: WORLD[which].payorId, amountCents, actor: SYSTEM_ACTOR },
          t.core.now().toISOString(),
        ),
      ),
    apply: (input, now) => t.core.store.run(({ db }) => applyAction(db, input, now ?? t.core.now().toISOString())),
  };
}

/** A valid calculation for test items: one line whose subtotal is the amount. */
export function calculation(amountCents = 123_45) {
  return {
    amountCents,
    lines: [
      {
        childId: null, authorizationId: null, label: 'test line', ageGroup: null, fullDays: 1, partDays: 0, paidAbsences: 0,
        unpaidDays: 0, daysCut: 0, fullRateCents: amountCents, partRateCents: 0, copayCents: 0, subtotalCents: amountCents, details: {},
      },
    ],
  };
}

export { SYSTEM_ACTOR };
