import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { Core, type Connection } from '../../src/main/core/core';
import { buildDemoDatabase, DEMO_PASSWORD } from '../../src/main/core/demo/demo';
import { loadSessionUserByName } from '../../src/main/core/users/users';
import { TABS } from '../../src/shared/workflow/tabs';
import { tempDir } from '../helpers/core';
import { createPostgresDatabase, ENGINE_MISSING, type TestTarget } from '../helpers/engine';

// The features of issue #14 phase B part D on PostgreSQL: the same demo copied to a PostgreSQL
// database answers the tabs, the grid's pages (every sort, NULLs where SQLite puts them), the
// provider page, users, sign-in and saved views exactly as the SQLite file does.

const t = tempDir();
const source = path.join(t.dir, 'agency.sqlite');
let target: TestTarget;
const cores: Core[] = [];

async function cli(args: string[]) {
  let stderr = '';
  const io = { stdout: { write: () => {} }, stderr: { write: (s: string) => (stderr += s) } };
  return { code: await runCli(args, io), stderr };
}

async function as(core: Core, username: string): Promise<Connection> {
  const user = await core.store.read(({ db }) => loadSessionUserByName(db, username));
  if (!user) throw new Error(`no user ${username}`);
  return core.connect(user);
}

const NOW = new Date('2026-11-25T09:00:00Z');

describe.skipIf(ENGINE_MISSING)('payments, users, session and views on PostgreSQL', () => {
  let sqlite: Core;
  let postgres: Core;

  beforeAll(async () => {
    process.env.PAYDESK_DATA_DIR = path.join(t.dir, 'data');
    await buildDemoDatabase({ file: source, seed: 2, scale: 'S', now: NOW });
    target = await createPostgresDatabase();
    const copied = await cli(['copy', '--from', source, '--to', target.target]);
    expect(copied.code, copied.stderr).toBe(0);
    sqlite = await Core.start({ databaseFile: source, dataDir: path.join(t.dir, 'data-sqlite'), now: () => NOW, skipStartupTasks: true, log: () => {} });
    postgres = await Core.start({ databaseFile: target.target, now: () => NOW, skipStartupTasks: true, log: () => {} });
    cores.push(sqlite, postgres);
  }, 180_000);

  afterAll(async () => {
    for (const core of cores) await core.close();
    await target?.drop();
    delete process.env.PAYDESK_DATA_DIR;
    t.cleanup();
  });

  it('lists every tab, page and sort as SQLite does (NULLs first ascending, last descending)', async () => {
    const [a, b] = [await as(sqlite, 'approver'), await as(postgres, 'approver')];
    const periods = (await a.call('payments-tab-counts', { periodId: 11 })) as Record<string, number>;
    expect(await b.call('payments-tab-counts', { periodId: 11 })).toEqual(periods);
    for (const periodId of [10, 11]) {
      expect(await b.call('payments-tab-totals', { periodId })).toEqual(await a.call('payments-tab-totals', { periodId }));
      for (const tab of TABS) {
        for (const sort of [[], [{ field: 'amountCents', sort: 'asc' }], [{ field: 'receivedAt', sort: 'desc' }], [{ field: 'exportBatchId', sort: 'asc' }, { field: 'providerName', sort: 'desc' }]] as const) {
          const q = { periodId, tab, page: 0, pageSize: 25, sort: [...sort] };
          const one = await a.call('payments-list', q);
          expect(await b.call('payments-list', q), `${tab} ${JSON.stringify(sort)}`).toEqual(one);
          expect(await b.call('payments-view-rows', { periodId, tab, sort: [...sort] })).toEqual(await a.call('payments-view-rows', { periodId, tab, sort: [...sort] }));
          if (one.rows[3]) {
            const n = { periodId, tab, sort: [...sort], paymentId: one.rows[3].id };
            expect(await b.call('payments-neighbours', n)).toEqual(await a.call('payments-neighbours', n));
          }
        }
      }
      const search = { periodId, tab: 'All' as const, page: 0, pageSize: 50, search: 'family' };
      expect(await b.call('payments-list', search)).toEqual(await a.call('payments-list', search));
    }
    for (const providerId of [1, 2, 7]) {
      expect(await b.call('provider-payments', { providerId })).toEqual(await a.call('provider-payments', { providerId }));
    }
  });

  it('manages users, signs in and out and keeps saved views, with audit events', async () => {
    for (const core of [sqlite, postgres]) {
      const admin = await as(core, 'admin');
      const app = await admin.call('app-status', {});
      expect(app).toMatchObject({ hasUsers: true, timeZone: 'America/Chicago' });
      const before = await admin.call('users-list', {});
      expect(before.map((u) => [u.username, u.groups])).toContainEqual(['finance', ['Approver', 'Payor']]);
      const created = await admin.call('users-create', { username: 'dana', displayName: 'Dana D', password: 'dana-password-1', groups: ['Payor', 'Approver'] });
      expect(created).toMatchObject({ username: 'dana', groups: ['Approver', 'Payor'], active: true });
      expect((await admin.call('users-set-groups', { userId: created.id, groups: ['Payor'] })).groups).toEqual(['Payor']);
      await expect(admin.call('users-set-active', { userId: 1, active: false })).rejects.toThrow(/last active Administrator/);

      const anonymous = core.connect(null);
      await expect(anonymous.call('session-login', { username: 'dana', password: 'wrong' })).rejects.toThrow(/wrong password/);
      expect(await core.store.db.values<number>(`SELECT failures FROM sign_in_failure WHERE username = 'dana'`)).toEqual([1]);
      const signedIn = core.connect(null);
      await expect(signedIn.call('session-login', { username: 'payor', password: DEMO_PASSWORD })).resolves.toMatchObject({ username: 'payor' });

      const dana = await as(core, 'dana');
      const saved = await dana.call('views-save', { name: 'Mine', state: { tab: 'Submitted' } });
      expect(await dana.call('views-list', {})).toEqual([saved]);
      await dana.call('views-delete', { viewId: saved.id });
      expect(await dana.call('views-list', {})).toEqual([]);
      await expect((await as(core, 'approver')).call('views-delete', { viewId: saved.id })).rejects.toThrow(/no saved view/);
    }
    const actions = (core: Core) =>
      core.store.db.values<string>(`SELECT action FROM audit_event WHERE at = ? AND action <> 'seal' ORDER BY id`, [NOW.toISOString()]);
    const onSqlite = await actions(sqlite);
    expect(onSqlite).toEqual(expect.arrayContaining(['create-user', 'set-groups', 'sign-in', 'save-view', 'delete-view']));
    expect(await actions(postgres)).toEqual(onSqlite);
  }, 120_000);
  it('says who backs a PostgreSQL database up, and refuses a file backup or restore with that reason, changing nothing', async () => {
    const admin = await as(postgres, 'admin');
    const list = await admin.call('backups-list', {});
    expect(list).toMatchObject({ folder: '', backups: [], byServer: expect.stringMatching(/pg_dump/) });
    const events = await postgres.store.read(({ db }) => db.values(`SELECT count(*) FROM audit_event`));
    await expect(admin.call('backup-now', {})).rejects.toMatchObject({ code: 'REFUSED', rule: 'backup.postgres', message: expect.stringMatching(/backed up by its server's tools/) });
    await expect(admin.call('backup-restore', { name: 'paydesk-2026-11-25T091500Z.sqlite' })).rejects.toMatchObject({ code: 'REFUSED', rule: 'backup.postgres' });
    expect(await postgres.store.read(({ db }) => db.values(`SELECT count(*) FROM audit_event`))).toEqual(events);
  });
});
