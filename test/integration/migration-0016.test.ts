import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { tempDir } from '../helpers/core';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('Recovery1764028800016', () => {
  it('seeds the recovery settings and makes the recovery and recovery_step tables with their rules', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'm.sqlite');
    const made = await Store.open(file, { create: true });
    await made.close();
    const raw = new Database(file);
    try {
      expect(raw.prepare(`SELECT count(*) FROM migrations WHERE name = 'Recovery1764028800016'`).pluck().get()).toBe(1);
      const setting = (key: string) => raw.prepare(`SELECT effective_from AS f, value FROM setting WHERE key = ?`).all(key);
      expect(setting('recovery.maxPercent')).toEqual([{ f: '1900-01-01', value: '25' }]);
      expect(setting('recovery.contestDays')).toEqual([{ f: '1900-01-01', value: '30' }]);
      const cols = (table: string) => (raw.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
      expect(cols('recovery')).toEqual([
        'payment_id', 'provider_id', 'amount_cents', 'reason_code', 'service_from', 'service_to', 'plan_kind', 'plan_percent', 'comment',
        'created_by', 'created_at', 'created_event_id', 'recovered_cents', 'waived_cents', 'waived_by', 'waived_at', 'waive_reason', 'waived_event_id',
        'notice_batch_id', 'notice_date', 'contest_days',
      ]);
      expect(cols('recovery_step')).toEqual(['id', 'recovery_id', 'batch_id', 'provider_id', 'gross_cents', 'cents', 'balance_after_cents', 'taken_at', 'event_id']);
      raw.pragma('foreign_keys = ON');
      raw.prepare(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct')`).run();
      raw.prepare(`INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (1, 'P', 'L1', 'center', 1, 'check', 't', 't')`).run();
      raw.prepare(`INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-03', 'March', '2026-03-01', '2026-03-31')`).run();
      const pay = raw.prepare(`INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status,
        amount_cents, status_changed_at, created_at, updated_at) VALUES ('adjustment', 1, 1, 1, 'New', 'Pending Approval', 'Awaiting Action', 'New', -1000, 't', 't', 't')`);
      const a = Number(pay.run().lastInsertRowid);
      const b = Number(pay.run().lastInsertRowid);
      const rec = raw.prepare(`INSERT INTO recovery (payment_id, provider_id, amount_cents, reason_code, service_from, service_to, plan_kind, plan_percent,
        created_at, created_event_id, recovered_cents, waived_cents) VALUES (?, 1, ?, 'OVERPAID', ?, '2026-03-31', ?, ?, 't', 1, ?, ?)`);
      expect(() => rec.run(a, 1000, '2026-03-01', 'whole', null, 0, 0)).toThrow(/CHECK/); // a recovery is negative
      expect(() => rec.run(a, -1000, '2026-04-01', 'whole', null, 0, 0)).toThrow(/CHECK/); // service dates backwards
      expect(() => rec.run(a, -1000, '2026-03-01', 'whole', 25, 0, 0)).toThrow(/CHECK/); // a whole plan has no percent
      expect(() => rec.run(a, -1000, '2026-03-01', 'percent', null, 0, 0)).toThrow(/CHECK/);
      expect(() => rec.run(a, -1000, '2026-03-01', 'percent', 101, 0, 0)).toThrow(/CHECK/);
      expect(() => rec.run(a, -1000, '2026-03-01', 'monthly', null, 0, 0)).toThrow(/CHECK/);
      expect(() => rec.run(a, -1000, '2026-03-01', 'whole', null, 600, 401)).toThrow(/CHECK/); // more than owed
      expect(() => rec.run(999, -1000, '2026-03-01', 'whole', null, 0, 0)).toThrow(/FOREIGN KEY/);
      rec.run(a, -1000, '2026-03-01', 'percent', 25, 600, 400);
      expect(() => rec.run(a, -1000, '2026-03-01', 'whole', null, 0, 0)).toThrow(/UNIQUE|PRIMARY KEY/); // one per adjustment
      // A waiver has its user, time and reason together.
      rec.run(b, -1000, '2026-03-01', 'whole', null, 0, 0);
      expect(() => raw.prepare(`UPDATE recovery SET waived_at = 't' WHERE payment_id = ?`).run(b)).toThrow(/CHECK/);
      raw.prepare(`INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES (1, 'payor', 'Payor', 'x', 't')`).run();
      raw.prepare(`INSERT INTO export_batch (id, period_id, payor_id, created_at, created_by, item_count, total_cents, folder) VALUES (1, 1, 1, 't', 1, 0, 0, 'f')`).run();
      const step = raw.prepare(`INSERT INTO recovery_step (recovery_id, batch_id, provider_id, gross_cents, cents, balance_after_cents, taken_at, event_id) VALUES (?, 1, 1, ?, ?, ?, 't', 1)`);
      expect(() => step.run(a, 100, 0, 1000)).toThrow(/CHECK/); // a step takes something
      expect(() => step.run(a, 100, 200, 800)).toThrow(/CHECK/); // never more than the provider's net
      expect(() => step.run(a, 100, 50, -1)).toThrow(/CHECK/);
      step.run(a, 100, 25, 975);
      expect(() => step.run(a, 100, 25, 950)).toThrow(/UNIQUE/); // one step per recovery and batch
    } finally {
      raw.close();
    }
  });
});
