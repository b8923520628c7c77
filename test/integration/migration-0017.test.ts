import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { tempDir } from '../helpers/core';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('QaSample1764028800017', () => {
  it('seeds the QA settings (off), adds the QA state and the calculating user to payments, and makes the draw tables', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'm.sqlite');
    const made = await Store.open(file, { create: true });
    await made.close();
    const raw = new Database(file);
    try {
      expect(raw.prepare(`SELECT count(*) FROM migrations WHERE name = 'QaSample1764028800017'`).pluck().get()).toBe(1);
      const setting = (key: string) => raw.prepare(`SELECT effective_from AS f, value FROM setting WHERE key = ?`).all(key);
      expect(setting('qa.samplePercent')).toEqual([{ f: '1900-01-01', value: '0' }]);
      expect(setting('qa.alwaysSampleFirstPayment')).toEqual([{ f: '1900-01-01', value: 'false' }]);
      const cols = (table: string) => (raw.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string; dflt_value: string | null }>).map((c) => c.name);
      expect(cols('payment').slice(-2)).toEqual(['qa_sample', 'calculated_by']);
      expect(cols('qa_draw')).toEqual(['id', 'period_id', 'payor_id', 'seed', 'percent', 'first_payment_rule', 'drawn_at', 'drawn_by', 'drawn_by_user_id']);
      expect(cols('qa_draw_item')).toEqual(['payment_id', 'draw_id', 'first_payment', 'sampled', 'reason', 'drawn_at']);
      raw.pragma('foreign_keys = ON');
      raw.prepare(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct')`).run();
      raw.prepare(`INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (1, 'P', 'L1', 'center', 1, 'check', 't', 't')`).run();
      raw.prepare(`INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-03', 'March', '2026-03-01', '2026-03-31')`).run();
      raw.prepare(`INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES (1, 'a', 'A', 'x', 't')`).run();
      const pay = raw.prepare(`INSERT INTO payment (provider_id, period_id, payor_id, kind, submission_status, invoice_status, sub_status, payment_status,
        qa_sample, calculated_by, status_changed_at, created_at, updated_at) VALUES (1, 1, 1, ?, 'New', 'Pending Approval', 'Awaiting Action', 'New', ?, ?, 't', 't', 't')`);
      expect(() => pay.run('payment', 'maybe', null)).toThrow(/CHECK/);
      expect(() => pay.run('payment', 'sampled', 99)).toThrow(/FOREIGN KEY/);
      const paymentId = Number(pay.run('payment', 'sampled', 1).lastInsertRowid);
      const draw = raw.prepare(`INSERT INTO qa_draw (period_id, payor_id, seed, percent, first_payment_rule, drawn_at, drawn_by) VALUES (1, 1, ?, ?, ?, 't', 'a')`);
      expect(() => draw.run('abc', 101, 0)).toThrow(/CHECK/);
      expect(() => draw.run('abc', 20, 2)).toThrow(/CHECK/);
      const drawId = Number(draw.run('abc', 20, 1).lastInsertRowid);
      expect(() => draw.run('def', 20, 1)).toThrow(/UNIQUE/); // one draw per period and payor
      const item = raw.prepare(`INSERT INTO qa_draw_item (payment_id, draw_id, first_payment, sampled, reason, drawn_at) VALUES (?, ?, 0, ?, ?, 't')`);
      expect(() => item.run(paymentId, drawId, 1, null)).toThrow(/CHECK/); // drawn needs its reason
      expect(() => item.run(paymentId, drawId, 0, 'random draw')).toThrow(/CHECK/); // and not drawn has none
      expect(() => item.run(paymentId, drawId, 1, 'a hunch')).toThrow(/CHECK/);
      expect(() => item.run(paymentId, 99, 1, 'random draw')).toThrow(/FOREIGN KEY/);
      item.run(paymentId, drawId, 1, 'random draw');
      expect(() => item.run(paymentId, drawId, 0, null)).toThrow(/UNIQUE|PRIMARY KEY/); // a payment goes into one draw once
    } finally {
      raw.close();
    }
  });
});
