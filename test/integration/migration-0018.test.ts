import { describe, expect, it } from 'vitest';
import { columnInfo, migrationDatabases } from '../helpers/migration';

// Migration 0018 (attendance sheets) on the project's engine.

const databases = migrationDatabases();

describe('AttendanceSheets1764028800018', () => {
  it('makes the attendance_sheet table: one row per payment, printed when, by whom, how often', async () => {
    const { sql, refusal } = await databases.create();
    expect(await sql.value(`SELECT count(*) FROM migrations WHERE name = 'AttendanceSheets1764028800018'`)).toBe(1);
    const cols = await columnInfo(sql.db, 'attendance_sheet');
    expect(cols.map((c) => c.name)).toEqual(['payment_id', 'first_printed_at', 'printed_at', 'printed_by', 'print_count']);
    expect(cols.find((c) => c.name === 'payment_id')!.pk).toBe(1);
    expect(cols.find((c) => c.name === 'print_count')).toMatchObject({ type: 'integer', notNull: true, default: '1' });
    await sql.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct')`);
    await sql.run(`INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (1, 'P', 'L1', 'center', 1, 'check', 't', 't')`);
    await sql.run(`INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-03', 'March', '2026-03-01', '2026-03-31')`);
    const payment = await sql.insert(`INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status,
      status_changed_at, created_at, updated_at) VALUES ('payment', 1, 1, 1, 'New', 'Pending Approval', 'Awaiting Action', 'New', 't', 't', 't')`);
    const sheet = (paymentId: number, first: string, printed: string, count: number) =>
      sql.run(`INSERT INTO attendance_sheet (payment_id, first_printed_at, printed_at, printed_by, print_count) VALUES (?, ?, ?, 'clerk', ?)`, [paymentId, first, printed, count]);
    expect(await refusal(sheet(999, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', 1))).toBe('foreign_key');
    expect(await refusal(sheet(payment, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', 0))).toBe('check');
    expect(await refusal(sheet(payment, '2026-03-02T10:00:00Z', '2026-03-01T10:00:00Z', 1))).toBe('check'); // printed before its first printing
    await sheet(payment, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', 1);
    expect(await refusal(sheet(payment, '2026-03-01T10:00:00Z', '2026-03-03T10:00:00Z', 2))).toBe('unique'); // one per payment
    // The default count is 1 (the first printing).
    await sql.run(`DELETE FROM attendance_sheet WHERE payment_id = ?`, [payment]);
    await sql.run(`INSERT INTO attendance_sheet (payment_id, first_printed_at, printed_at, printed_by) VALUES (?, 't', 't', 'clerk')`, [payment]);
    expect(await sql.value(`SELECT print_count FROM attendance_sheet WHERE payment_id = ?`, [payment])).toBe(1);
    // The payment's workflow state is not touched: printing is not a status.
    expect(await sql.value(`SELECT payment_status FROM payment WHERE id = ?`, [payment])).toBe('New');
  });
});
