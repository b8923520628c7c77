import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/main/core/audit/chain';
import { openTestCore, type TestCore } from '../helpers/core';
import { columnInfo, refusal } from '../helpers/migration';
import { testSql } from '../helpers/sql';

// Migration 0011 on a new database of the project's engine: the administrators' notices table and
// its notices, listed and dismissed. (What it does to the users of an older SQLite file:
// migration-0011-sqlite.test.ts.)

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('ProviderUsersAlone1764028800011', () => {
  it('makes admin_notice: the notices the administrators see until one of them dismisses it, with an audit event', async () => {
    t = await openTestCore({ skipStartupTasks: true });
    const sql = testSql(t);
    expect(await sql.value(`SELECT count(*) FROM migrations WHERE name = 'ProviderUsersAlone1764028800011'`)).toBe(1);
    const cols = await columnInfo(sql.db, 'admin_notice');
    expect(cols.map((c) => `${c.name}${c.pk ? '*' : ''} ${c.type}${c.notNull ? '' : ' null'}`)).toEqual([
      'id* integer', 'created_at text', 'topic text', 'message text', 'dismissed_at text null', 'dismissed_by integer null',
    ]);
    // A new database holds no user in the Provider group and a staff group: nothing to take, nothing to tell.
    expect(await sql.value(`SELECT count(*) FROM admin_notice`)).toBe(0);
    expect(await sql.value(`SELECT count(*) FROM audit_event WHERE action = 'set-groups'`)).toBe(0);

    const user = async (name: string, groups: string[]) => {
      const id = await sql.insert(`INSERT INTO app_user (username, display_name, password_hash, created_at) VALUES (?, ?, 'x', 'T')`, [name, name]);
      for (const g of groups) await sql.run(`INSERT INTO user_group (user_id, group_name) VALUES (?, ?)`, [id, g]);
      return id;
    };
    const admin = await user('admin', ['Administrator']);
    const staff = await user('staff', ['Approver', 'Payor']);
    const noticeId = await sql.insert(`INSERT INTO admin_notice (created_at, topic, message) VALUES ('2026-12-01T10:00:00.000Z', 'users', 'Look at this.')`);
    expect(await refusal(sql.db, sql.run(`UPDATE admin_notice SET dismissed_by = 99 WHERE id = ?`, [noticeId]))).toBe('foreign_key');

    const adminSession = t.core.connect({ id: admin, username: 'admin', displayName: 'admin', groups: ['Administrator'], providerId: null });
    expect(await adminSession.call('notices-list', {})).toEqual([{ id: noticeId, createdAt: '2026-12-01T10:00:00.000Z', topic: 'users', message: 'Look at this.' }]);
    await expect(t.core.connect({ id: staff, username: 'staff', displayName: 'staff', groups: ['Approver', 'Payor'], providerId: null }).call('notices-list', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await adminSession.call('notices-dismiss', { noticeId });
    expect(await adminSession.call('notices-list', {})).toEqual([]);
    expect(await sql.get(`SELECT dismissed_by AS by, dismissed_at IS NOT NULL AS dismissed FROM admin_notice WHERE id = ?`, [noticeId])).toEqual({ by: admin, dismissed: 1 });
    await expect(adminSession.call('notices-dismiss', { noticeId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await sql.rows(`SELECT username, action FROM audit_event WHERE entity = 'admin_notice' AND entity_id = ?`, [noticeId])).toEqual([{ username: 'admin', action: 'dismiss-notice' }]);
    expect(await verifyChain(sql.db)).toMatchObject({ ok: true });
  });
});
