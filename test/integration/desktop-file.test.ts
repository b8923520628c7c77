import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditKeyFile } from '../../src/main/core/audit/key';
import { buildDemoDatabase, DEMO_PASSWORD } from '../../src/main/core/demo/demo';
import { desktopCleanups, desktopFixture, desktopHarness } from '../helpers/desktop';

// The desktop's own database: always a SQLite file on this computer (File > Open… of a file, the
// demo beside the default database). About the SQLite file itself; a desktop connected to a
// PayDesk server, whose database may be PostgreSQL: server-desktop.test.ts.

const cleanups = desktopCleanups;
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
const fixture = desktopFixture;

describe('a desktop on a database file', () => {
  it('opens a database file chosen in the open dialog, and refuses one that is not a PayDesk database', async () => {
    const { dataDir } = fixture();
    const chosen: Array<string | null> = [];
    const h = desktopHarness(dataDir, { chooseDatabaseFile: async () => chosen.shift() ?? null });
    cleanups.push(() => h.desktop.close());
    await h.desktop.start();
    // An agency's database file (with its audit key beside it), as a server's SQLite file copied over.
    const copy = path.join(dataDir, 'agency.sqlite');
    await buildDemoDatabase({ file: copy, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
    expect(fs.existsSync(auditKeyFile(copy))).toBe(true);
    chosen.push(copy);
    expect(await h.ask({ op: 'open-file' })).toEqual({ ok: true, value: { kind: 'file', file: copy, name: 'agency.sqlite' } });
    expect(await h.invoke('app-status')).toMatchObject({ ok: true, value: { hasUsers: true } });
    const junk = path.join(dataDir, 'notes.sqlite');
    fs.writeFileSync(junk, 'not a database '.repeat(100));
    chosen.push(junk);
    expect(await h.ask({ op: 'open-file' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not a PayDesk database/) } });
    expect(h.desktop.where()).toMatchObject({ kind: 'file', name: 'agency.sqlite' });
    expect(await h.invoke('app-status')).toMatchObject({ ok: true, value: { hasUsers: true } });
  }, 120_000);

  it("sets the export folder chosen in the main process's folder dialog, as the signed-in Administrator; the window never names it", async () => {
    const { dataDir } = fixture();
    const chosen: Array<string | null> = [];
    const offered: Array<string | null> = [];
    const h = desktopHarness(dataDir, {
      chooseExportFolder: async (current) => {
        offered.push(current);
        return chosen.shift() ?? null;
      },
    });
    cleanups.push(() => h.desktop.close());
    await h.desktop.start();
    expect(await h.invoke('setup-open-demo')).toMatchObject({ ok: true });
    const demoFolder = path.join(dataDir, 'paydesk-demo-exports');
    // Signed out: the dialog may open, but nothing is set.
    chosen.push(path.join(dataDir, 'mine'));
    expect(await h.ask({ op: 'choose-export-folder' })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    expect(await h.invoke('session-login', { username: 'payor', password: DEMO_PASSWORD })).toMatchObject({ ok: true });
    chosen.push(path.join(dataDir, 'mine'));
    expect(await h.ask({ op: 'choose-export-folder' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await h.invoke('export-folder-get')).toEqual({ ok: true, value: { folder: demoFolder, isDefault: false } });
    await h.invoke('session-logout');
    expect(await h.invoke('session-login', { username: 'admin', password: DEMO_PASSWORD })).toMatchObject({ ok: true });
    // The window cannot name one: not in the request, not through a call.
    expect(await h.ask({ op: 'choose-export-folder', folder: '/etc' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const agency = await h.invoke('agency-get');
    expect(await h.invoke('agency-save', { ...(agency.value as object), exportRoot: '/etc' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'exportRoot' } });
    // Cancelled: nothing changes.
    expect(await h.ask({ op: 'choose-export-folder' })).toEqual({ ok: true, value: null });
    const mine = path.join(dataDir, 'mine');
    chosen.push(mine);
    expect(await h.ask({ op: 'choose-export-folder' })).toEqual({ ok: true, value: { folder: mine, isDefault: false } });
    expect(offered.at(-1)).toBe(demoFolder); // the dialog opens at the folder in use
    expect(await h.invoke('export-folder-get')).toEqual({ ok: true, value: { folder: mine, isDefault: false } });
  }, 120_000);

  it('names the demo database once the first start opened it', async () => {
    const { dataDir } = fixture();
    const h = desktopHarness(dataDir);
    cleanups.push(() => h.desktop.close());
    expect(await h.desktop.start()).toMatchObject({ kind: 'file', name: 'paydesk.sqlite' });
    expect(await h.invoke('setup-open-demo')).toMatchObject({ ok: true });
    expect(await h.ask({ op: 'where' })).toEqual({ ok: true, value: { kind: 'file', file: path.join(dataDir, 'paydesk-demo.sqlite'), name: 'paydesk-demo.sqlite' } });
    expect(await h.invoke('app-status')).toMatchObject({ ok: true, value: { hasUsers: true, isDemo: true } });
  }, 120_000);

});
