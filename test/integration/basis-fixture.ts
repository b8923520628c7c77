import type { Connection } from '../../src/main/core/core';
import { insertUser } from '../../src/main/core/users/users';
import { applyAction } from '../../src/main/core/workflow/engine';
import { SYSTEM_ACTOR } from '../../src/main/core/audit/chain';
import type { CalcAuthorization } from '../../src/shared/calculation/rules';
import type { Group, PaymentBasis } from '../../src/shared/domain/words';
import { openTestCore, recordProviders, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { period as monthOf } from '../unit/basis-fixture';

// A small real world for the payment-basis tests, on a real database (either engine) through the core's
// handlers: one direct payor, three centers, the agency maximums of test/unit/basis-fixture.ts
// (preschool 5400 / 3200, toddler 6200 / 3700, infant 6800 / 4100, school-age 4200 / 2500, full / part),
// threshold 5 h, allowance 5, the monthly periods of 2026, and the demo's kind of users. It is
// 15 July 2026 (attendance up to June can be recorded). Children and authorizations are added per case.

export const NOW = new Date('2026-07-15T15:00:00.000Z');
export const T0 = NOW.toISOString();
export const PROVIDERS = [1, 2, 3] as const;

const USERS: Array<[string, Group[]]> = [
  ['admin', ['Administrator']],
  ['approver', ['Approver']],
  ['approver2', ['Approver']],
  ['payor', ['Payor']],
];

export interface Day {
  childId: number;
  date: string;
  hours: number | null;
  absenceCode: 'ABSENT' | 'CLOSED' | null;
}

export interface BasisWorld extends TestCore {
  admin: Connection;
  approver: Connection;
  payor: Connection;
  periodId(month: number): number;
  /** A child with one or more authorizations at a provider (the unit fixture's shape; ids are given back). */
  child(providerId: number, auths: Array<Partial<CalcAuthorization>>, birthDate?: string): Promise<{ childId: number; authIds: number[] }>;
  setBasis(basis: PaymentBasis, from: string): Promise<void>;
  setThreshold(cents: number, from?: string): Promise<void>;
  setHolidays(dates: string[], from?: string): Promise<void>;
  generate(month: number): Promise<{ created: number; calculatedInAdvance: number; basis: PaymentBasis; notCalculated: unknown[] }>;
  payment(providerId: number, month: number): Promise<PaymentRow>;
  /** Keyed paper attendance (Record paper attendance, or Record attendance (paid in advance) once authorized). */
  record(paymentId: number, days: Day[], action?: 'record-paper-attendance' | 'record-attendance-paid-in-advance'): Promise<unknown>;
  calculate(month: number): Promise<{ calculated: number; refused: number; totalCents: number }>;
  authorize(paymentId: number): Promise<void>;
  /** The System's Export of one item into a batch (the engine's row, as an export run takes it). */
  exportItem(paymentId: number): Promise<void>;
  lines(paymentId: number): Promise<Line[]>;
  adjustments(paymentId: number): Promise<AdjustmentRow[]>;
  reconciliation(paymentId: number): Promise<ReconciliationRow | undefined>;
}

export interface Line { basis: string; subtotalCents: number; fullDays: number; partDays: number; paidAbsences: number; daysCut: number }
export interface AdjustmentRow { id: number; amountCents: number; invoiceStatus: string; reason: string }
export interface ReconciliationRow { outcome: string; advanceCents: number; attendanceCents: number; adjustmentCents: number; notRecoveredCents: number; adjustmentId: number | null }

export interface PaymentRow {
  id: number;
  amountCents: number | null;
  basis: PaymentBasis | null;
  invoiceStatus: string;
  subStatus: string;
  paymentStatus: string;
  receivedAt: string | null;
  version: number;
}

/** Rows for a child: hours, or 'A' / 'C', on each given day of a 2026 month. */
export function days(childId: number, month: number, dayNumbers: number[], value: number | 'A' | 'C'): Day[] {
  return dayNumbers.map((d) => ({
    childId,
    date: `2026-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    hours: typeof value === 'number' ? value : null,
    absenceCode: value === 'A' ? 'ABSENT' : value === 'C' ? 'CLOSED' : null,
  }));
}

export async function openBasisWorld(): Promise<BasisWorld> {
  const t = await openTestCore({ now: () => NOW, skipStartupTasks: true });
  const sql = testSql(t);
  await sql.tx(async (db) => {
    // Rows with ids of their own (the tests name them); syncIds makes PostgreSQL's next id follow.
    await db.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'AGENCY', 'Agency (direct pay)', 'direct')`);
    for (const id of PROVIDERS) {
      await db.run(`INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (?, ?, ?, 'center', 1, 'check', ?, ?)`, [id, `Center ${id}`, `LIC-${id}`, T0, T0]);
    }
    await recordProviders(db, T0);
    for (let m = 1; m <= 12; m++) {
      const p = monthOf(m);
      await db.run(`INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (?, ?, ?, ?, ?)`, [m, p.startDate.slice(0, 7), `Month ${m} 2026`, p.startDate, p.endDate]);
    }
    for (const [age, full, part] of [['infant', 6800, 4100], ['toddler', 6200, 3700], ['preschool', 5400, 3200], ['school_age', 4200, 2500]] as const) {
      await db.run(`INSERT INTO max_rate (provider_type, age_group, day_kind, effective_from, cents) VALUES ('center', ?, ?, '2026-01-01', ?)`, [age, 'full', full]);
      await db.run(`INSERT INTO max_rate (provider_type, age_group, day_kind, effective_from, cents) VALUES ('center', ?, ?, '2026-01-01', ?)`, [age, 'part', part]);
    }
    for (const [username, groups] of USERS) await insertUser(db, { username, displayName: username, passwordHash: 'x', groups, providerId: null }, T0);
    await db.run(`INSERT INTO export_batch (id, period_id, payor_id, created_at, created_by, item_count, total_cents, folder) VALUES (1, 1, 1, '${T0}', 4, 0, 0, 'b1')`);
    for (const table of ['payor', 'provider', 'service_period', 'export_batch']) await db.syncIds(table);
  });
  const admin = await t.as('admin');
  const approver = await t.as('approver');
  const payor = await t.as('payor');
  let nextChild = 1;
  const save = (key: string, value: unknown, effectiveFrom?: string) =>
    admin.call('calculation-settings-save', { key, value, ...(effectiveFrom ? { effectiveFrom } : {}) } as never).then(() => undefined);
  const world: BasisWorld = {
    ...t,
    admin,
    approver,
    payor,
    periodId: (month) => month,
    async child(providerId, auths, birthDate = '2022-01-15') {
      const childId = nextChild++;
      return sql.tx(async (db) => {
        await db.run(`INSERT INTO child (id, case_number, first_name, last_name, birth_date, created_at, updated_at) VALUES (?, ?, ?, 'Doe', ?, ?, ?)`, [
          childId, `CASE-${childId}`, `Kid${childId}`, auths[0]?.birthDate ?? birthDate, T0, T0,
        ]);
        await db.syncIds('child');
        const authIds: number[] = [];
        for (const a of auths) {
          authIds.push(
            await db.insert(
              `INSERT INTO "authorization" (child_id, provider_id, start_date, end_date, care_level, days_per_week, copay_cents, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              [childId, providerId, a.startDate ?? '2026-01-01', a.endDate ?? '2026-12-31', a.careLevel ?? 'full_time', a.daysPerWeek ?? 5, a.copayCents ?? 0, T0, T0],
            ),
          );
        }
        return { childId, authIds };
      });
    },
    setBasis: (basis, from) => save('calculation.paymentBasis', basis, from),
    setThreshold: (cents, from = '2026-01-01') => save('calculation.recoveryThresholdCents', cents, from),
    setHolidays: (dates, from = '2026-01-01') => save('calculation.holidays', dates, from),
    generate: (month) => approver.call('payments-generate', { periodId: month }),
    payment: (providerId, month) =>
      sql.get<PaymentRow>(
        `SELECT id, amount_cents AS amountCents, basis, invoice_status AS invoiceStatus, sub_status AS subStatus, payment_status AS paymentStatus,
           received_at AS receivedAt, version FROM payment WHERE kind = 'payment' AND provider_id = ? AND period_id = ?`,
        [providerId, month],
      ),
    record: (paymentId, rows, action = 'record-paper-attendance') => approver.call('payments-act', { paymentId, action, attendance: { rows } }),
    calculate: (month) => approver.call('payments-calculate-period', { periodId: month }),
    authorize: async (paymentId) => {
      await approver.call('payments-act', { paymentId, action: 'authorize' });
    },
    exportItem: async (paymentId) => {
      await t.core.store.run(({ db }) => applyAction(db, { paymentId, action: 'export', actor: SYSTEM_ACTOR, exportBatchId: 1 }, T0));
    },
    lines: (paymentId) =>
      sql.rows<Line>(
        `SELECT basis, subtotal_cents AS subtotalCents, full_days AS fullDays, part_days AS partDays, paid_absences AS paidAbsences, days_cut AS daysCut
         FROM calculation_line WHERE payment_id = ? ORDER BY line_no`,
        [paymentId],
      ),
    adjustments: (paymentId) =>
      sql.rows<AdjustmentRow>(
        `SELECT id, amount_cents AS amountCents, invoice_status AS invoiceStatus, adjustment_reason AS reason FROM payment WHERE corrects_payment_id = ? ORDER BY id`,
        [paymentId],
      ),
    reconciliation: (paymentId) =>
      sql.one<ReconciliationRow>(
        `SELECT outcome, advance_cents AS advanceCents, attendance_cents AS attendanceCents, adjustment_cents AS adjustmentCents,
           not_recovered_cents AS notRecoveredCents, adjustment_id AS adjustmentId FROM reconciliation WHERE payment_id = ?`,
        [paymentId],
      ),
  };
  return world;
}
