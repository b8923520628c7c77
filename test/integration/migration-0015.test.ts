import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { tempDir } from '../helpers/core';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('PaymentBasis1764028800015', () => {
  it('seeds the basis settings, adds the basis to lines and payments, and makes the reconciliation table', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'm.sqlite');
    const made = await Store.open(file, { create: true });
    await made.close();
    const raw = new Database(file);
    try {
      expect(raw.prepare(`SELECT count(*) FROM migrations WHERE name = 'PaymentBasis1764028800015'`).pluck().get()).toBe(1);
      const setting = (key: string) => raw.prepare(`SELECT effective_from AS f, value FROM setting WHERE key = ?`).all(key);
      expect(setting('calculation.paymentBasis')).toEqual([{ f: '1900-01-01', value: '"attendance"' }]);
      expect(setting('calculation.recoveryThresholdCents')).toEqual([{ f: '1900-01-01', value: '0' }]);
      expect(setting('calculation.holidays')).toEqual([{ f: '1900-01-01', value: '[]' }]);
      const cols = (table: string) => (raw.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string; dflt_value: string | null }>);
      expect(cols('calculation_line').find((c) => c.name === 'basis')).toMatchObject({ name: 'basis', dflt_value: "'attendance'" });
      expect(cols('payment').find((c) => c.name === 'basis')).toMatchObject({ name: 'basis', dflt_value: null });
      expect(cols('reconciliation').map((c) => c.name)).toEqual([
        'payment_id', 'period_id', 'provider_id', 'advance_cents', 'attendance_cents', 'difference_cents', 'threshold_cents',
        'adjustment_cents', 'not_recovered_cents', 'outcome', 'adjustment_id', 'lines', 'reconciled_at', 'reconciled_by',
      ]);
      raw.pragma('foreign_keys = ON');
      raw.prepare(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct')`).run();
      raw.prepare(`INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (1, 'P', 'L1', 'center', 1, 'check', 't', 't')`).run();
      raw.prepare(`INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-03', 'March', '2026-03-01', '2026-03-31')`).run();
      const pay = raw.prepare(`INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status,
        amount_cents, basis, status_changed_at, created_at, updated_at) VALUES (?, 1, 1, 1, 'New', 'Pending Approval', 'Awaiting Action', 'New', ?, ?, 't', 't', 't')`);
      expect(() => pay.run('payment', 100, 'weekly')).toThrow(/CHECK/);
      const advance = Number(pay.run('payment', 100, 'prospective').lastInsertRowid);
      const adjustment = Number(pay.run('adjustment', -50, null).lastInsertRowid);
      const line = raw.prepare(`INSERT INTO calculation_line (payment_id, line_no, label, subtotal_cents, basis) VALUES (?, ?, 'x', 0, ?)`);
      expect(() => line.run(advance, 1, 'monthly')).toThrow(/CHECK/);
      raw.prepare(`INSERT INTO calculation_line (payment_id, line_no, label, subtotal_cents) VALUES (?, 2, 'x', 0)`).run(advance);
      expect(raw.prepare(`SELECT basis FROM calculation_line WHERE line_no = 2`).pluck().get()).toBe('attendance');
      const rec = raw.prepare(`INSERT INTO reconciliation (payment_id, period_id, provider_id, advance_cents, attendance_cents, difference_cents, threshold_cents,
        adjustment_cents, not_recovered_cents, outcome, adjustment_id, lines, reconciled_at, reconciled_by) VALUES (?, 1, 1, 100, ?, ?, 0, ?, 0, ?, ?, '[]', 't', 'u')`);
      expect(() => rec.run(advance, 50, -40, -50, 'overpayment', adjustment)).toThrow(/CHECK/); // difference ≠ attendance − advance
      expect(() => rec.run(advance, 50, -50, -50, 'overpayment', null)).toThrow(/CHECK/); // an adjustment amount with no adjustment
      expect(() => rec.run(advance, 50, -50, -50, 'lost', adjustment)).toThrow(/CHECK/);
      expect(() => rec.run(999, 50, -50, -50, 'overpayment', adjustment)).toThrow(/FOREIGN KEY/);
      rec.run(advance, 50, -50, -50, 'overpayment', adjustment);
      expect(() => rec.run(advance, 100, 0, 0, 'none', null)).toThrow(/UNIQUE|PRIMARY KEY/); // one per payment
    } finally {
      raw.close();
    }
  });
});
