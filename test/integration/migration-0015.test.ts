import { describe, expect, it } from 'vitest';
import { migrationDatabases } from '../helpers/migration';
import { columnsOf } from '../helpers/sql';

// Migration 0015 (the payment basis) on the project's engine: its settings, the new columns with
// their defaults and checks, and the reconciliation table's keys and checks.

const databases = migrationDatabases();

describe('PaymentBasis1764028800015', () => {
  it('seeds the basis settings, adds the basis to lines and payments, and makes the reconciliation table', async () => {
    const { sql, refusal } = await databases.create();
    expect(await sql.value(`SELECT count(*) FROM migrations WHERE name = 'PaymentBasis1764028800015'`)).toBe(1);
    const setting = (key: string) => sql.rows(`SELECT effective_from AS f, value FROM setting WHERE key = ?`, [key]);
    expect(await setting('calculation.paymentBasis')).toEqual([{ f: '1900-01-01', value: '"attendance"' }]);
    expect(await setting('calculation.recoveryThresholdCents')).toEqual([{ f: '1900-01-01', value: '0' }]);
    expect(await setting('calculation.holidays')).toEqual([{ f: '1900-01-01', value: '[]' }]);
    /** A column's default as its engine writes it back (PostgreSQL adds the type: `'attendance'::text`). */
    const defaultOf = async (table: string, column: string) =>
      sql.engine === 'sqlite'
        ? sql.value<string | null>(`SELECT dflt_value FROM pragma_table_info(?) WHERE name = ?`, [table, column])
        : sql.value<string | null>(`SELECT column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?`, [table, column]);
    expect(await columnsOf(sql.db, 'calculation_line')).toContain('basis'); // later migrations add columns after it
    expect(await defaultOf('calculation_line', 'basis')).toMatch(/^'attendance'(::text)?$/);
    expect(await columnsOf(sql.db, 'payment')).toContain('basis');
    expect(await defaultOf('payment', 'basis')).toBeNull();
    expect(await columnsOf(sql.db, 'reconciliation')).toEqual([
      'payment_id', 'period_id', 'provider_id', 'advance_cents', 'attendance_cents', 'difference_cents', 'threshold_cents',
      'adjustment_cents', 'not_recovered_cents', 'outcome', 'adjustment_id', 'lines', 'reconciled_at', 'reconciled_by',
    ]);
    await sql.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct')`);
    await sql.run(`INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (1, 'P', 'L1', 'center', 1, 'check', 't', 't')`);
    await sql.run(`INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-03', 'March', '2026-03-01', '2026-03-31')`);
    const pay = (kind: string, cents: number, basis: string | null) =>
      sql.insert(
        `INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status,
          amount_cents, basis, status_changed_at, created_at, updated_at) VALUES (?, 1, 1, 1, 'New', 'Pending Approval', 'Awaiting Action', 'New', ?, ?, 't', 't', 't')`,
        [kind, cents, basis],
      );
    expect(await refusal(pay('payment', 100, 'weekly'))).toBe('check');
    const advance = await pay('payment', 100, 'prospective');
    const adjustment = await pay('adjustment', -50, null);
    expect(await refusal(sql.run(`INSERT INTO calculation_line (payment_id, line_no, label, subtotal_cents, basis) VALUES (?, ?, 'x', 0, ?)`, [advance, 1, 'monthly']))).toBe('check');
    await sql.run(`INSERT INTO calculation_line (payment_id, line_no, label, subtotal_cents) VALUES (?, 2, 'x', 0)`, [advance]);
    expect(await sql.value(`SELECT basis FROM calculation_line WHERE line_no = 2`)).toBe('attendance');
    const rec = (paymentId: number, attendance: number, difference: number, adjustmentCents: number, outcome: string, adjustmentId: number | null) =>
      sql.run(
        `INSERT INTO reconciliation (payment_id, period_id, provider_id, advance_cents, attendance_cents, difference_cents, threshold_cents,
          adjustment_cents, not_recovered_cents, outcome, adjustment_id, lines, reconciled_at, reconciled_by) VALUES (?, 1, 1, 100, ?, ?, 0, ?, 0, ?, ?, '[]', 't', 'u')`,
        [paymentId, attendance, difference, adjustmentCents, outcome, adjustmentId],
      );
    expect(await refusal(rec(advance, 50, -40, -50, 'overpayment', adjustment))).toBe('check'); // difference ≠ attendance − advance
    expect(await refusal(rec(advance, 50, -50, -50, 'overpayment', null))).toBe('check'); // an adjustment amount with no adjustment
    expect(await refusal(rec(advance, 50, -50, -50, 'lost', adjustment))).toBe('check');
    expect(await refusal(rec(999, 50, -50, -50, 'overpayment', adjustment))).toBe('foreign_key');
    await rec(advance, 50, -50, -50, 'overpayment', adjustment);
    expect(await refusal(rec(advance, 100, 0, 0, 'none', null))).toBe('unique'); // one per payment
  });
});
