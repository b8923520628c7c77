import { describe, expect, it } from 'vitest';
import { migrationDatabases } from '../helpers/migration';
import { columnsOf } from '../helpers/sql';

// Migration 0016 (recoveries of overpayments) on the project's engine: its settings, and the
// recovery and recovery_step tables with their checks and keys.

const databases = migrationDatabases();

describe('Recovery1764028800016', () => {
  it('seeds the recovery settings and makes the recovery and recovery_step tables with their rules', async () => {
    const { sql, refusal } = await databases.create();
    expect(await sql.value(`SELECT count(*) FROM migrations WHERE name = 'Recovery1764028800016'`)).toBe(1);
    const setting = (key: string) => sql.rows(`SELECT effective_from AS f, value FROM setting WHERE key = ?`, [key]);
    expect(await setting('recovery.maxPercent')).toEqual([{ f: '1900-01-01', value: '25' }]);
    expect(await setting('recovery.contestDays')).toEqual([{ f: '1900-01-01', value: '30' }]);
    expect(await columnsOf(sql.db, 'recovery')).toEqual([
      'payment_id', 'provider_id', 'amount_cents', 'reason_code', 'service_from', 'service_to', 'plan_kind', 'plan_percent', 'comment',
      'created_by', 'created_at', 'created_event_id', 'recovered_cents', 'waived_cents', 'waived_by', 'waived_at', 'waive_reason', 'waived_event_id',
      'notice_batch_id', 'notice_date', 'contest_days',
    ]);
    expect(await columnsOf(sql.db, 'recovery_step')).toEqual(['id', 'recovery_id', 'batch_id', 'provider_id', 'gross_cents', 'cents', 'balance_after_cents', 'taken_at', 'event_id']);
    await sql.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct')`);
    await sql.run(`INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (1, 'P', 'L1', 'center', 1, 'check', 't', 't')`);
    await sql.run(`INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-03', 'March', '2026-03-01', '2026-03-31')`);
    const pay = () =>
      sql.insert(`INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status,
        amount_cents, status_changed_at, created_at, updated_at) VALUES ('adjustment', 1, 1, 1, 'New', 'Pending Approval', 'Awaiting Action', 'New', -1000, 't', 't', 't')`);
    const a = await pay();
    const b = await pay();
    const rec = (paymentId: number, cents: number, from: string, plan: string, percent: number | null, recovered: number, waived: number) =>
      sql.run(
        `INSERT INTO recovery (payment_id, provider_id, amount_cents, reason_code, service_from, service_to, plan_kind, plan_percent,
          created_at, created_event_id, recovered_cents, waived_cents) VALUES (?, 1, ?, 'OVERPAID', ?, '2026-03-31', ?, ?, 't', 1, ?, ?)`,
        [paymentId, cents, from, plan, percent, recovered, waived],
      );
    expect(await refusal(rec(a, 1000, '2026-03-01', 'whole', null, 0, 0))).toBe('check'); // a recovery is negative
    expect(await refusal(rec(a, -1000, '2026-04-01', 'whole', null, 0, 0))).toBe('check'); // service dates backwards
    expect(await refusal(rec(a, -1000, '2026-03-01', 'whole', 25, 0, 0))).toBe('check'); // a whole plan has no percent
    expect(await refusal(rec(a, -1000, '2026-03-01', 'percent', null, 0, 0))).toBe('check');
    expect(await refusal(rec(a, -1000, '2026-03-01', 'percent', 101, 0, 0))).toBe('check');
    expect(await refusal(rec(a, -1000, '2026-03-01', 'monthly', null, 0, 0))).toBe('check');
    expect(await refusal(rec(a, -1000, '2026-03-01', 'whole', null, 600, 401))).toBe('check'); // more than owed
    expect(await refusal(rec(999, -1000, '2026-03-01', 'whole', null, 0, 0))).toBe('foreign_key');
    await rec(a, -1000, '2026-03-01', 'percent', 25, 600, 400);
    expect(await refusal(rec(a, -1000, '2026-03-01', 'whole', null, 0, 0))).toBe('unique'); // one per adjustment
    // A waiver has its user, time and reason together.
    await rec(b, -1000, '2026-03-01', 'whole', null, 0, 0);
    expect(await refusal(sql.run(`UPDATE recovery SET waived_at = 't' WHERE payment_id = ?`, [b]))).toBe('check');
    await sql.run(`INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES (1, 'payor', 'Payor', 'x', 't')`);
    await sql.run(`INSERT INTO export_batch (id, period_id, payor_id, created_at, created_by, item_count, total_cents, folder) VALUES (1, 1, 1, 't', 1, 0, 0, 'f')`);
    const step = (gross: number, cents: number, balance: number) =>
      sql.run(
        `INSERT INTO recovery_step (recovery_id, batch_id, provider_id, gross_cents, cents, balance_after_cents, taken_at, event_id) VALUES (?, 1, 1, ?, ?, ?, 't', 1)`,
        [a, gross, cents, balance],
      );
    expect(await refusal(step(100, 0, 1000))).toBe('check'); // a step takes something
    expect(await refusal(step(100, 200, 800))).toBe('check'); // never more than the provider's net
    expect(await refusal(step(100, 50, -1))).toBe('check');
    await step(100, 25, 975);
    expect(await refusal(step(100, 25, 950))).toBe('unique'); // one step per recovery and batch
  });
});
