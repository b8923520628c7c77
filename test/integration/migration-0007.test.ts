import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { tempDir } from '../helpers/core';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('ExportReleaseAnchors1764028800007', () => {
  it('adds the release requests and the batch columns for anchors, releases and file failures', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const store = await Store.open(path.join(t.dir, 'm.sqlite'), { create: true });
    try {
      const cols = (table: string) => store.sql.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string; type: string; notnull: number }>;
      const batch = cols('export_batch');
      for (const [name, type] of [['anchor_event_id', 'INTEGER'], ['anchor_hash', 'TEXT'], ['released_by', 'INTEGER'], ['release_id', 'INTEGER'], ['files_error', 'TEXT'], ['files_failed_at', 'TEXT']]) {
        expect(batch.find((c) => c.name === name)).toMatchObject({ type, notnull: 0 });
      }
      expect(cols('export_release').map((c) => c.name)).toEqual([
        'id', 'period_id', 'payor_id', 'requested_by', 'requested_at', 'item_count', 'total_cents', 'limit_cents', 'payment_ids', 'status', 'decided_by', 'decided_at', 'batch_id',
      ]);
      const sql = store.sql;
      sql.exec(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct');
        INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-01', 'Jan', '2026-01-01', '2026-01-31');
        INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES (1, 'p', 'P', 'x', 'x');`);
      const insert = `INSERT INTO export_release (period_id, payor_id, requested_by, requested_at, item_count, total_cents, limit_cents, payment_ids, status) VALUES (1, 1, 1, 'x', 1, 5, 1, '[1]', ?)`;
      sql.prepare(insert).run('waiting');
      expect(() => sql.prepare(insert).run('lost')).toThrow(/CHECK/);
      expect(() => sql.prepare(`UPDATE export_release SET requested_by = 99`).run()).toThrow(/FOREIGN KEY/);
    } finally {
      await store.close();
    }
  });
});
