import { describe, expect, it } from 'vitest';
import { columnInfo, migrationDatabases } from '../helpers/migration';

// Migration 0007 (release requests, batch anchors and file failures) on the project's engine.

const databases = migrationDatabases();

describe('ExportReleaseAnchors1764028800007', () => {
  it('adds the release requests and the batch columns for anchors, releases and file failures', async () => {
    const { sql, refusal } = await databases.create();
    const batch = await columnInfo(sql.db, 'export_batch');
    for (const [name, type] of [['anchor_event_id', 'integer'], ['anchor_hash', 'text'], ['released_by', 'integer'], ['release_id', 'integer'], ['files_error', 'text'], ['files_failed_at', 'text']]) {
      expect(batch.find((c) => c.name === name)).toMatchObject({ type, notNull: false });
    }
    // Ids and cents are integers: bigint on PostgreSQL.
    expect(batch.find((c) => c.name === 'anchor_event_id')?.declared).toBe(sql.engine === 'sqlite' ? 'INTEGER' : 'bigint');
    const release = await columnInfo(sql.db, 'export_release');
    expect(release.map((c) => c.name)).toEqual([
      'id', 'period_id', 'payor_id', 'requested_by', 'requested_at', 'item_count', 'total_cents', 'limit_cents', 'payment_ids', 'status', 'decided_by', 'decided_at', 'batch_id',
    ]);
    expect(release.find((c) => c.name === 'total_cents')).toMatchObject({ type: 'integer', notNull: true });
    await sql.exec(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct');
      INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-01', 'Jan', '2026-01-01', '2026-01-31');
      INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES (1, 'p', 'P', 'x', 'x');`);
    const insert = `INSERT INTO export_release (period_id, payor_id, requested_by, requested_at, item_count, total_cents, limit_cents, payment_ids, status) VALUES (1, 1, 1, 'x', 1, 5, 1, '[1]', ?)`;
    const id = await sql.insert(insert, ['waiting']);
    expect(await sql.get(`SELECT id, status, total_cents AS totalCents FROM export_release`)).toEqual({ id, status: 'waiting', totalCents: 5 });
    expect(await refusal(sql.run(insert, ['lost']))).toBe('check');
    expect(await refusal(sql.run(`UPDATE export_release SET requested_by = 99`))).toBe('foreign_key');
  });
});
