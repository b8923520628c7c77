import { describe, expect, it } from 'vitest';
import { migrationDatabases } from '../helpers/migration';
import { columnsOf } from '../helpers/sql';

// Migration 0017 (the QA sample) on the project's engine: its settings, the payment's new columns,
// and the draw tables with their checks and keys.

const databases = migrationDatabases();

describe('QaSample1764028800017', () => {
  it('seeds the QA settings (off), adds the QA state and the calculating user to payments, and makes the draw tables', async () => {
    const { sql, refusal } = await databases.create();
    expect(await sql.value(`SELECT count(*) FROM migrations WHERE name = 'QaSample1764028800017'`)).toBe(1);
    const setting = (key: string) => sql.rows(`SELECT effective_from AS f, value FROM setting WHERE key = ?`, [key]);
    expect(await setting('qa.samplePercent')).toEqual([{ f: '1900-01-01', value: '0' }]);
    expect(await setting('qa.alwaysSampleFirstPayment')).toEqual([{ f: '1900-01-01', value: 'false' }]);
    expect((await columnsOf(sql.db, 'payment')).slice(-2)).toEqual(['qa_sample', 'calculated_by']);
    expect(await columnsOf(sql.db, 'qa_draw')).toEqual(['id', 'period_id', 'payor_id', 'seed', 'percent', 'first_payment_rule', 'drawn_at', 'drawn_by', 'drawn_by_user_id']);
    expect(await columnsOf(sql.db, 'qa_draw_item')).toEqual(['payment_id', 'draw_id', 'first_payment', 'sampled', 'reason', 'drawn_at']);
    await sql.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct')`);
    await sql.run(`INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (1, 'P', 'L1', 'center', 1, 'check', 't', 't')`);
    await sql.run(`INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-03', 'March', '2026-03-01', '2026-03-31')`);
    await sql.run(`INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES (1, 'a', 'A', 'x', 't')`);
    const pay = (kind: string, qaSample: string, calculatedBy: number | null) =>
      sql.insert(
        `INSERT INTO payment (provider_id, period_id, payor_id, kind, submission_status, invoice_status, sub_status, payment_status,
          qa_sample, calculated_by, status_changed_at, created_at, updated_at) VALUES (1, 1, 1, ?, 'New', 'Pending Approval', 'Awaiting Action', 'New', ?, ?, 't', 't', 't')`,
        [kind, qaSample, calculatedBy],
      );
    expect(await refusal(pay('payment', 'maybe', null))).toBe('check');
    expect(await refusal(pay('payment', 'sampled', 99))).toBe('foreign_key');
    const paymentId = await pay('payment', 'sampled', 1);
    const draw = (seed: string, percent: number, firstPaymentRule: number) =>
      sql.insert(`INSERT INTO qa_draw (period_id, payor_id, seed, percent, first_payment_rule, drawn_at, drawn_by) VALUES (1, 1, ?, ?, ?, 't', 'a')`, [seed, percent, firstPaymentRule]);
    expect(await refusal(draw('abc', 101, 0))).toBe('check');
    expect(await refusal(draw('abc', 20, 2))).toBe('check');
    const drawId = await draw('abc', 20, 1);
    expect(await refusal(draw('def', 20, 1))).toBe('unique'); // one draw per period and payor
    const item = (drawOf: number, sampled: number, reason: string | null) =>
      sql.run(`INSERT INTO qa_draw_item (payment_id, draw_id, first_payment, sampled, reason, drawn_at) VALUES (?, ?, 0, ?, ?, 't')`, [paymentId, drawOf, sampled, reason]);
    expect(await refusal(item(drawId, 1, null))).toBe('check'); // drawn needs its reason
    expect(await refusal(item(drawId, 0, 'random draw'))).toBe('check'); // and not drawn has none
    expect(await refusal(item(drawId, 1, 'a hunch'))).toBe('check');
    expect(await refusal(item(99, 1, 'random draw'))).toBe('foreign_key');
    await item(drawId, 1, 'random draw');
    expect(await refusal(item(drawId, 0, null))).toBe('unique'); // a payment goes into one draw once
  });
});
