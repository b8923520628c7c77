import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { tempDir } from '../helpers/core';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('IdentifiersNocase1764028800008', () => {
  it('indexes license and case numbers without case, and the lookups use them', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const store = await Store.open(path.join(t.dir, 'm.sqlite'), { create: true });
    try {
      const sql = store.sql;
      const indexes = sql.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ('provider_license_nocase', 'child_case_nocase') ORDER BY name`).all() as Array<{ name: string; sql: string }>;
      expect(indexes.map((i) => i.name)).toEqual(['child_case_nocase', 'provider_license_nocase']);
      for (const i of indexes) expect(i.sql).toMatch(/COLLATE NOCASE/);
      sql.exec(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct');
        INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (1, 'P', 'LIC-100001', 'center', 1, 'check', 'x', 'x');`);
      expect(sql.prepare(`SELECT id FROM provider WHERE license_number = ? COLLATE NOCASE`).get('lic-100001')).toEqual({ id: 1 });
      const plan = sql.prepare(`EXPLAIN QUERY PLAN SELECT id FROM provider WHERE license_number = ? COLLATE NOCASE`).all('x') as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/provider_license_nocase/);
    } finally {
      await store.close();
    }
  });
});
