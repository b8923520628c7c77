import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { DEFAULT_REASONS, DEFAULT_SETTINGS } from '../../src/main/core/db/migrations/0003-default-settings';
import { tempDir } from '../helpers/core';
import path from 'node:path';

// One test per migration (Signal Desktop's habit), each on a real SQLite file.
let cleanup: () => void = () => {};
afterEach(() => cleanup());

async function storeAt(): Promise<{ file: string; store: Store }> {
  const t = tempDir();
  cleanup = t.cleanup;
  const file = path.join(t.dir, 'm.sqlite');
  return { file, store: await Store.open(file, { create: true }) };
}

describe('migrations', () => {
  it('are applied in order at start and recorded', async () => {
    const { store } = await storeAt();
    const applied = store.sql.prepare(`SELECT name FROM migrations ORDER BY id`).all() as { name: string }[];
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name));
    expect(store.sql.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sql.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sql.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.sql.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
    await store.close();
  });

  it('InitialSchema1764028800001 creates every table with money as integers and one payment per provider/period/payor', async () => {
    const { store } = await storeAt();
    const tables = (store.sql.prepare(`SELECT name FROM sqlite_master WHERE type='table'`).all() as { name: string }[]).map((t) => t.name);
    for (const t of ['payor', 'provider', 'provider_rate', 'max_rate', 'setting', 'reason', 'child', 'authorization', 'service_period',
      'app_user', 'user_group', 'payment', 'attendance', 'calculation_line', 'export_batch', 'export_item', 'submission_import', 'audit_event']) {
      expect(tables).toContain(t);
    }
    const paymentCols = store.sql.prepare(`PRAGMA table_info(payment)`).all() as { name: string; type: string }[];
    expect(paymentCols.find((c) => c.name === 'amount_cents')?.type).toBe('INTEGER');
    const sql = store.sql;
    sql.exec(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct');
      INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (1, 'P', 'L1', 'center', 1, 'check', 'x', 'x');
      INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-01', 'Jan', '2026-01-01', '2026-01-31');`);
    const insert = `INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status, status_changed_at, created_at, updated_at)
      VALUES (?, 1, 1, 1, 'New', 'Pending Approval', 'Awaiting Action', 'New', 'x', 'x', 'x')`;
    sql.prepare(insert).run('payment');
    expect(() => sql.prepare(insert).run('payment')).toThrow(/UNIQUE/);
    sql.prepare(insert).run('adjustment'); // adjustments are not limited to one
    sql.prepare(insert).run('adjustment');
    expect(() => sql.prepare(`UPDATE payment SET sub_status = 'Lost' WHERE id = 1`).run()).toThrow(/CHECK/);
    expect(() => sql.prepare(`UPDATE payment SET provider_id = 99 WHERE id = 1`).run()).toThrow(/FOREIGN KEY/);
    await store.close();
  });

  it('AuditAppendOnly1764028800002 refuses UPDATE and DELETE of audit events', async () => {
    const { store } = await storeAt();
    store.sql
      .prepare(`INSERT INTO audit_event (at, username, group_name, entity, entity_id, action, prev_hash, hash) VALUES ('t', 'u', 'System', 'payment', 1, 'create', 'p', 'h')`)
      .run();
    expect(() => store.sql.prepare(`UPDATE audit_event SET action = 'x'`).run()).toThrow(/append-only/);
    expect(() => store.sql.prepare(`DELETE FROM audit_event`).run()).toThrow(/append-only/);
    await store.close();
  });

  it('DefaultSettings1764028800003 seeds the defaults of DESIGN.md', async () => {
    const { store } = await storeAt();
    const settings = store.sql.prepare(`SELECT key, value FROM setting WHERE key IN (SELECT value FROM json_each(?))`).all(JSON.stringify(Object.keys(DEFAULT_SETTINGS))) as { key: string; value: string }[];
    expect(Object.fromEntries(settings.map((s) => [s.key, JSON.parse(s.value)]))).toEqual(DEFAULT_SETTINGS);
    expect((store.sql.prepare(`SELECT count(*) n FROM reason`).get() as { n: number }).n).toBe(DEFAULT_REASONS.length);
    await store.close();
  });

  it('refuses a database written by a newer PayDesk instead of guessing', async () => {
    const { file, store } = await storeAt();
    await store.close();
    const raw = new Database(file);
    raw.prepare(`INSERT INTO migrations (timestamp, name) VALUES (9999999999999, 'FromTheFuture9999999999999')`).run();
    raw.close();
    await expect(Store.open(file)).rejects.toThrow(/newer PayDesk.*FromTheFuture/);
  });

  it('running the migrations again changes nothing', async () => {
    const { store } = await storeAt();
    expect(await store.migrate()).toEqual([]);
    await store.close();
  });
});
