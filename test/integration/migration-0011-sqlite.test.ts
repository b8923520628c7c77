import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/core/core';
import { Store } from '../../src/main/core/db/store';
import { verifyChain } from '../../src/main/core/audit/chain';
import { tempDir } from '../helpers/core';
import { testSql } from '../helpers/sql';

// Migration 0011 on a SQLite file as an agency had it before the rule, with users in both the
// Provider group and staff groups: SQLite only (a PostgreSQL database is younger than the rule, so
// the migration's PostgreSQL branch only makes admin_notice: migration-0011.test.ts, both engines).

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('ProviderUsersAlone1764028800011', () => {
  it('takes the staff groups from a user who was also in Provider, with an audit event and a notice the administrators can dismiss', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'm.sqlite');
    const made = await Store.open(file, { create: true });
    await made.close();
    // The database as it was before this migration, with the users it allowed then.
    const raw = new Database(file);
    raw.exec(`DROP TABLE admin_notice; DELETE FROM migrations WHERE name = 'ProviderUsersAlone1764028800011'`);
    raw.exec(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'AGENCY', 'Agency', 'direct');
      INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (3, 'Sunny', 'L-3', 'center', 1, 'check', 'T', 'T')`);
    const add = (name: string, groups: string[], providerId: number | null) => {
      const id = Number(raw.prepare(`INSERT INTO app_user (username, display_name, password_hash, provider_id, created_at) VALUES (?, ?, 'x', ?, 'T')`).run(name, name, providerId).lastInsertRowid);
      for (const g of groups) raw.prepare(`INSERT INTO user_group (user_id, group_name) VALUES (?, ?)`).run(id, g);
      return id;
    };
    const admin = add('admin', ['Administrator'], null);
    const mixed = add('mixed', ['Provider', 'Approver', 'Payor'], 3);
    const portal = add('portal', ['Provider'], 3);
    const staff = add('staff', ['Approver', 'Payor'], null);
    raw.close();

    const core = await Core.start({ databaseFile: file, skipStartupTasks: true, log: () => {} });
    try {
      const sql = testSql(core);
      const groups = (id: number) => sql.values(`SELECT group_name FROM user_group WHERE user_id = ? ORDER BY group_name`, [id]);
      expect(await groups(mixed)).toEqual(['Provider']);
      expect(await groups(portal)).toEqual(['Provider']);
      expect(await groups(staff)).toEqual(['Approver', 'Payor']);
      const event = await sql.get<Record<string, string>>(`SELECT username, group_name AS groupName, action, state_before AS before, state_after AS after FROM audit_event WHERE entity = 'user' AND entity_id = ?`, [mixed]);
      expect(event).toMatchObject({ username: 'system', groupName: 'System', action: 'set-groups' });
      expect(JSON.parse(event.before)).toEqual({ groups: ['Approver', 'Payor', 'Provider'], providerId: 3 });
      expect(JSON.parse(event.after)).toEqual({ groups: ['Provider'], providerId: 3 });
      expect(await verifyChain(sql.db)).toMatchObject({ ok: true });

      const adminSession = core.connect({ id: admin, username: 'admin', displayName: 'admin', groups: ['Administrator'], providerId: null });
      const notices = await adminSession.call('notices-list', {});
      expect(notices).toHaveLength(1);
      expect(notices[0].message).toMatch(/^mixed was in the Provider group and in Approver, Payor\. .* now in the Provider group only/);
      await expect(core.connect({ id: staff, username: 'staff', displayName: 'staff', groups: ['Approver', 'Payor'], providerId: null }).call('notices-list', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await adminSession.call('notices-dismiss', { noticeId: notices[0].id });
      expect(await adminSession.call('notices-list', {})).toEqual([]);
      await expect(adminSession.call('notices-dismiss', { noticeId: notices[0].id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await core.close();
    }
  });
});
