import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { tempDir } from '../helpers/core';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('AttendanceSheets1764028800018', () => {
  it('makes the attendance_sheet table: one row per payment, printed when, by whom, how often', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'm.sqlite');
    const made = await Store.open(file, { create: true });
    await made.close();
    const raw = new Database(file);
    try {
      expect(raw.prepare(`SELECT count(*) FROM migrations WHERE name = 'AttendanceSheets1764028800018'`).pluck().get()).toBe(1);
      const cols = raw.prepare(`PRAGMA table_info(attendance_sheet)`).all() as Array<{ name: string; notnull: number; dflt_value: string | null; pk: number }>;
      expect(cols.map((c) => c.name)).toEqual(['payment_id', 'first_printed_at', 'printed_at', 'printed_by', 'print_count']);
      expect(cols.find((c) => c.name === 'payment_id')!.pk).toBe(1);
      expect(cols.find((c) => c.name === 'print_count')).toMatchObject({ notnull: 1, dflt_value: '1' });
      raw.pragma('foreign_keys = ON');
      raw.prepare(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct')`).run();
      raw.prepare(`INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (1, 'P', 'L1', 'center', 1, 'check', 't', 't')`).run();
      raw.prepare(`INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-03', 'March', '2026-03-01', '2026-03-31')`).run();
      const payment = Number(
        raw.prepare(`INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status,
          status_changed_at, created_at, updated_at) VALUES ('payment', 1, 1, 1, 'New', 'Pending Approval', 'Awaiting Action', 'New', 't', 't', 't')`).run().lastInsertRowid,
      );
      const sheet = raw.prepare(`INSERT INTO attendance_sheet (payment_id, first_printed_at, printed_at, printed_by, print_count) VALUES (?, ?, ?, 'clerk', ?)`);
      expect(() => sheet.run(999, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', 1)).toThrow(/FOREIGN KEY/);
      expect(() => sheet.run(payment, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', 0)).toThrow(/CHECK/);
      expect(() => sheet.run(payment, '2026-03-02T10:00:00Z', '2026-03-01T10:00:00Z', 1)).toThrow(/CHECK/); // printed before its first printing
      sheet.run(payment, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', 1);
      expect(() => sheet.run(payment, '2026-03-01T10:00:00Z', '2026-03-03T10:00:00Z', 2)).toThrow(/UNIQUE|PRIMARY KEY/); // one per payment
      // The payment's workflow state is not touched: printing is not a status.
      expect(raw.prepare(`SELECT payment_status FROM payment WHERE id = ?`).pluck().get(payment)).toBe('New');
    } finally {
      raw.close();
    }
  });
});
