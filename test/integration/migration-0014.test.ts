import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { tempDir } from '../helpers/core';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('YearEnd1764028800014', () => {
  it('makes provider_tax (one row per real provider, a TIN with its type) and year_end_filing (one original per tax year)', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'm.sqlite');
    const made = await Store.open(file, { create: true });
    await made.close();
    const raw = new Database(file);
    try {
      expect(raw.prepare(`SELECT count(*) FROM migrations WHERE name = 'YearEnd1764028800014'`).pluck().get()).toBe(1);
      const cols = (table: string) => (raw.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
      expect(cols('provider_tax')).toEqual(['provider_id', 'tin_type', 'tin', 'legal_name', 'w9_received_on', 'exempt_reason', 'updated_at']);
      expect(cols('year_end_filing')).toEqual(['id', 'tax_year', 'kind', 'filed_at', 'filed_by', 'settings', 'returns', 'on_file', 'return_count', 'total_cents', 'folder', 'file_sha256']);
      // The provider record itself is unchanged: its hot queries read the same columns.
      expect(cols('provider')).not.toContain('tin');
      raw.pragma('foreign_keys = ON');
      raw.prepare(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct')`).run();
      raw.prepare(`INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (1, 'P', 'L1', 'center', 1, 'check', 't', 't')`).run();
      raw.prepare(`INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES (1, 'a', 'A', 'x', 't')`).run();
      const tax = raw.prepare(`INSERT INTO provider_tax (provider_id, tin_type, tin, exempt_reason, updated_at) VALUES (?, ?, ?, ?, 't')`);
      expect(() => tax.run(1, 'SSN', null, null)).toThrow(/CHECK/);
      expect(() => tax.run(1, 'ITIN', '900701234', null)).toThrow(/CHECK/);
      expect(() => tax.run(1, null, null, 'llc')).toThrow(/CHECK/);
      expect(() => tax.run(2, null, null, null)).toThrow(/FOREIGN KEY/);
      tax.run(1, 'SSN', '123456780', null);
      expect(() => tax.run(1, null, null, null)).toThrow(/UNIQUE|PRIMARY KEY/);
      const filing = raw.prepare(
        `INSERT INTO year_end_filing (tax_year, kind, filed_at, filed_by, settings, returns, on_file, return_count, total_cents) VALUES (2026, ?, 't', ?, '{}', '[]', '[]', 0, 0)`,
      );
      filing.run('original', 1);
      expect(() => filing.run('original', 1)).toThrow(/UNIQUE/);
      filing.run('correction', 1);
      filing.run('correction', 1);
      expect(() => filing.run('late', 1)).toThrow(/CHECK/);
      expect(() => filing.run('correction', 9)).toThrow(/FOREIGN KEY/);
    } finally {
      raw.close();
    }
  });
});
