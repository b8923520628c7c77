import type { Connection } from '../../src/main/core/core';
import type { BatchDetail } from '../../src/shared/api/contract/export';
import { insertUser } from '../../src/main/core/users/users';
import type { Group } from '../../src/shared/domain/words';
import { openTestCore, recordProviders, type TestCore } from '../helpers/core';
import { testSql, type TestSql } from '../helpers/sql';

// A small real world for the recovery tests, on either engine: the agency pays directly (payor 1,
// by check), a third-party payor (2), providers 1–3 (1 and 2 the agency's, 3 the third party's),
// the monthly periods of 2026, and an Administrator, two Approvers and two Payors. Each later
// period pays a provider an amount the test names exactly: an authorized positive adjustment
// (an item of the provider's batch like any payment; the export nets recoveries against the
// provider's net whatever its items are), so every figure is worked out by hand.

export const T0 = '2026-03-02T15:00:00.000Z';

const USERS: Array<[string, Group[]]> = [
  ['admin', ['Administrator']],
  ['approver', ['Approver']],
  ['approver2', ['Approver']],
  ['payor', ['Payor']],
  ['payor2', ['Payor']],
];

export interface RecoveryWorld extends TestCore {
  sql: TestSql;
  admin: Connection;
  approver: Connection;
  approver2: Connection;
  payor: Connection;
  payor2: Connection;
  /** The clock the core reads (set it before an export: the batch's date). */
  setNow(iso: string): void;
  /** An authorized item paying `cents` to the provider in 2026's month `month` (a positive adjustment, authorized by approver2). */
  pay(providerId: number, month: number, cents: number): Promise<number>;
  /** Runs the export of month `month` for payor 1 as `payor`. */
  exportMonth(month: number, payorId?: number): Promise<BatchDetail>;
}

export async function openRecoveryWorld(): Promise<RecoveryWorld> {
  let now = new Date(T0);
  const t = await openTestCore({ now: () => now, skipStartupTasks: true });
  const sql = testSql(t);
  await sql.tx(async (db) => {
    await db.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'AGENCY', 'Agency (direct pay)', 'direct')`);
    await db.run(`INSERT INTO payor (id, code, name, kind) VALUES (2, 'FC', 'Falling Colors', 'third_party')`);
    for (const [id, payor] of [[1, 1], [2, 1], [3, 2]]) {
      await db.run(
        `INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, address_line1, city, state, postal_code, created_at, updated_at)
         VALUES (?, ?, ?, 'center', ?, 'check', ?, 'Springfield', 'IL', '62704', ?, ?)`,
        [id, `Sunny Days Center ${id}`, `LIC-${id}00`, payor, `${id}0 Elm Street`, T0, T0],
      );
    }
    await recordProviders(db, T0);
    for (let m = 1; m <= 12; m++) {
      const mm = String(m).padStart(2, '0');
      const end = new Date(Date.UTC(2026, m, 0)).toISOString().slice(0, 10);
      await db.run(`INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (?, ?, ?, ?, ?)`, [m, `2026-${mm}`, `Month ${m} 2026`, `2026-${mm}-01`, end]);
    }
    for (const [username, groups] of USERS) await insertUser(db, { username, displayName: username, passwordHash: 'x', groups, providerId: null }, T0);
  });
  const [admin, approver, approver2, payor, payor2] = await Promise.all(USERS.map(([u]) => t.as(u)));
  await admin.call('agency-save', { ...(await admin.call('agency-get', {})), name: 'Springfield Child Care Agency', addressLine1: '1 Main Street', addressLine2: 'Springfield, IL 62701', phone: '(217) 555-0100' });
  return {
    ...t,
    sql,
    admin,
    approver,
    approver2,
    payor,
    payor2,
    setNow: (iso) => {
      now = new Date(iso);
    },
    async pay(providerId, month, cents) {
      const { id } = await approver.call('adjustments-create', { providerId, periodId: month, amountCents: cents, reasonText: `Care in month ${month}` });
      await approver2.call('payments-act', { paymentId: id, action: 'authorize' });
      return id;
    },
    exportMonth: (month, payorId = 1) => payor.call('export-run', { periodId: month, payorId }),
  };
}
