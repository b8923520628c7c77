import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core, type Connection } from '../../src/main/core/core';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { HOUSEKEEPING_TASKS, runStartupTasks } from '../../src/main/core/features';
import { verifyChain } from '../../src/main/core/audit/chain';
import { loadSessionUserByName } from '../../src/main/core/users/users';
import { flipBytes } from '../helpers/damage';
import { auditKeyFile, copyDatabase, readKeyFile } from '../../src/main/core/audit/key';
import { tempDir } from '../helpers/core';

// Backups and restore (DESIGN.md section 9): SQLite's online backup while the app works, checked
// after writing, N kept; a restore checks the file first, keeps the replaced one aside, and is the
// way out of read-only mode: a corrupted copy refuses an export with the reason, and once a
// backup is restored the database opens normally.

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../../bin/paydesk.cjs');
const t = tempDir('paydesk-backup-');
let template: string;
beforeAll(async () => {
  template = path.join(t.dir, 'template.sqlite');
  await buildDemoDatabase({ file: template, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
}, 120_000);
afterAll(() => t.cleanup());

let n = 0;
function freshCopy(): { dir: string; file: string } {
  const dir = path.join(t.dir, `case-${++n}`);
  fs.mkdirSync(dir);
  const file = path.join(dir, 'paydesk.sqlite');
  copyDatabase(template, file); // with its audit key, as a real copy of a database goes
  return { dir, file };
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function as(core: Core, username: string): Promise<Connection> {
  const user = await core.store.read(({ db }) => loadSessionUserByName(db, username));
  return core.connect(user);
}

async function exportable(payor: Connection): Promise<{ periodId: number; payorId: number }> {
  for (const p of await payor.call('periods-list', {})) {
    for (const payorId of [1, 2]) if ((await payor.call('export-preview', { periodId: p.id, payorId })).itemCount > 0) return { periodId: p.id, payorId };
  }
  throw new Error('nothing to export in the demo');
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('backups', () => {
  it('are made while the app works, checked after writing, named by the moment, recorded with the chain head, and the oldest beyond the setting removed', async () => {
    const { dir, file } = freshCopy();
    let clock = Date.parse('2026-11-25T10:00:00Z');
    const core = await Core.start({ databaseFile: file, dataDir: dir, now: () => new Date(clock), log: () => {} });
    try {
      const admin = await as(core, 'admin');
      const approver = await as(core, 'approver');
      await admin.call('settings-save', { key: 'backup.generations', value: 2 });
      const paymentId = (await approver.call('payments-list', { periodId: 11, tab: 'Submitted', page: 0, pageSize: 1, sort: [], search: '' })).rows[0]?.id;
      const names: string[] = [];
      for (let i = 0; i < 3; i++) {
        // A backup and an action at the same moment: both go through.
        const [made] = await Promise.all([admin.call('backup-now', {}), i === 0 && paymentId ? approver.call('payments-allowed-actions', { paymentId }) : Promise.resolve()]);
        expect(made.name).toBe(`paydesk-2026-11-25T${String(10 + i).padStart(2, '0')}0000Z.sqlite`);
        names.push(made.name);
        clock += 60 * 60_000;
      }
      const list = await admin.call('backups-list', {});
      expect(list.folder).toBe(path.join(dir, 'backups'));
      expect(list.generations).toBe(2);
      expect(list.backups.map((b) => b.name)).toEqual([names[2], names[1]]);
      expect(list.backups.every((b) => b.checked?.ok && b.checked.problems.length === 0)).toBe(true);
      expect(fs.existsSync(path.join(dir, 'backups', names[0]))).toBe(false);
      // Each backup is a sound copy whose audit trail verifies, and an event holding the chain head it copied.
      const copy = new Database(path.join(dir, 'backups', names[2]), { readonly: true });
      expect(verifyChain(copy, { key: readKeyFile(auditKeyFile(path.join(dir, 'backups', names[2]))) }).ok).toBe(true);
      const head = (copy.prepare(`SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1`).pluck().get() as string);
      copy.close();
      const event = core.store.sql.prepare(`SELECT details FROM audit_event WHERE action = 'backup' ORDER BY id DESC LIMIT 1`).pluck().get() as string;
      expect(JSON.parse(event)).toMatchObject({ file: names[2], chainHead: head, reason: 'on demand' });
      expect(fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.endsWith('.partial'))).toEqual([]);
    } finally {
      await core.close();
    }
  }, 60_000);

  it('the daily housekeeping makes one when the newest is a day old, and none on a read-only database', async () => {
    const { dir, file } = freshCopy();
    let clock = Date.parse('2026-11-25T10:00:00Z');
    const core = await Core.start({ databaseFile: file, dataDir: dir, now: () => new Date(clock), log: () => {} });
    const backups = () => fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.endsWith('.sqlite'));
    try {
      await runStartupTasks(core.systemContext(), HOUSEKEEPING_TASKS);
      expect(backups()).toHaveLength(1);
      clock += 3 * 60 * 60_000;
      await runStartupTasks(core.systemContext(), HOUSEKEEPING_TASKS);
      expect(backups()).toHaveLength(1);
      clock += 24 * 60 * 60_000;
      await runStartupTasks(core.systemContext(), HOUSEKEEPING_TASKS);
      expect(backups()).toHaveLength(2);
      core.store.setReadOnly('Test: read-only.');
      clock += 48 * 60 * 60_000;
      await runStartupTasks(core.systemContext(), HOUSEKEEPING_TASKS);
      expect(backups()).toHaveLength(2);
      await expect((await as(core, 'admin')).call('backup-now', {})).rejects.toMatchObject({ rule: 'database.read-only' });
    } finally {
      await core.close();
    }
  }, 60_000);
});

describe('restore', () => {
  it('a corrupted copy is read-only (an export is refused with the reason); a restored backup opens normally and exports', async () => {
    const { dir, file } = freshCopy();
    let core = await Core.start({ databaseFile: file, dataDir: dir, log: () => {} });
    const backup = await (await as(core, 'admin')).call('backup-now', {});
    await core.close();

    flipBytes(file, 'attendance', 50);
    const damaged = sha(file);
    core = await Core.start({ databaseFile: file, dataDir: dir, log: () => {} });
    try {
      const reason = (await core.connect(null).call('app-status', {})).readOnly!;
      expect(reason).toMatch(/damaged/);
      const payor = await as(core, 'payor');
      const target = await exportable(payor);
      await expect(payor.call('export-run', target)).rejects.toMatchObject({ code: 'REFUSED', rule: 'database.read-only', message: expect.stringContaining(reason) });

      const admin = await as(core, 'admin');
      const restored = await admin.call('backup-restore', { name: backup.name });
      expect(restored.keptAs).toMatch(/backups[\\/]paydesk-replaced-.*\.sqlite$/);
      expect(sha(restored.keptAs!)).toBe(damaged); // the replaced file kept aside, as it was
      expect((await core.connect(null).call('app-status', {})).readOnly).toBeNull();
      expect(core.store.check('integrity_check')).toEqual([]);
      // The payor's session goes on in the restored database, and the export now runs.
      const batch = await payor.call('export-run', target);
      expect(batch.batch.itemCount).toBeGreaterThan(0);
      expect(core.store.sql.prepare(`SELECT count(*) FROM audit_event WHERE action = 'restore-backup'`).pluck().get()).toBe(1);
      expect(verifyChain(core.store.sql).ok).toBe(true);
    } finally {
      await core.close();
    }
    // And it opens normally next time too.
    const again = await Core.start({ databaseFile: file, dataDir: dir, log: () => {} });
    expect((await again.connect(null).call('app-status', {})).readOnly).toBeNull();
    await again.close();
  }, 90_000);

  it('checks a backup before it replaces anything: a damaged one, one with a broken audit trail, one from a newer PayDesk, or a path are refused, and nothing changes', async () => {
    const { dir, file } = freshCopy();
    const core = await Core.start({ databaseFile: file, dataDir: dir, log: () => {} });
    try {
      const admin = await as(core, 'admin');
      const good = await admin.call('backup-now', {});
      const folder = path.join(dir, 'backups');
      const variant = (name: string, change: (f: string) => void) => {
        const f = path.join(folder, name);
        fs.copyFileSync(path.join(folder, good.name), f);
        change(f);
        return name;
      };
      const cases: Array<[string, RegExp]> = [
        [variant('paydesk-2026-01-01T000001Z.sqlite', (f) => flipBytes(f, 'payment', 50)), /SQLite's check found/],
        [variant('paydesk-2026-01-01T000002Z.sqlite', (f) => {
          const db = new Database(f);
          db.exec(`DROP TRIGGER audit_event_no_update; UPDATE audit_event SET comment = 'edited' WHERE id = 3`);
          db.close();
        }), /The audit trail does not verify: event 3/],
        [variant('paydesk-2026-01-01T000003Z.sqlite', (f) => {
          const db = new Database(f);
          db.prepare(`INSERT INTO migrations (timestamp, name) VALUES (9999999999999, 'FromTheFuture9999999999999')`).run();
          db.close();
        }), /newer PayDesk \(unknown migrations: FromTheFuture/],
      ];
      const before = sha(file);
      for (const [name, problem] of cases) {
        await expect(admin.call('backup-restore', { name })).rejects.toMatchObject({ code: 'REFUSED', rule: 'backup.check', message: expect.stringMatching(problem) });
      }
      for (const name of ['../paydesk.sqlite', '/etc/passwd', 'C:\\x.sqlite', 'template.sqlite', 'nope.sqlite']) {
        await expect(admin.call('backup-restore', { name })).rejects.toMatchObject({ code: expect.stringMatching(/BAD_REQUEST|NOT_FOUND/) });
      }
      expect(sha(file)).toBe(before);
      expect(fs.readdirSync(folder).filter((f) => f.includes('replaced'))).toEqual([]);
      await expect((await as(core, 'payor')).call('backup-restore', { name: good.name })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await core.close();
    }
  }, 90_000);

  it('paydesk backup --to FILE and paydesk restore FILE: refused while the database is open, then restored with the old file kept aside', async () => {
    const { dir, file } = freshCopy();
    const copy = path.join(dir, 'elsewhere', 'copy.sqlite');
    const made = await cli('backup', '--db', file, '--to', copy, '--json');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ file: copy, check: { ok: true } });
    expect((await cli('backup', '--db', file, '--to', copy)).stderr).toContain('already exists');

    fs.writeFileSync(file, ''); // the worst case: the database is gone to 0 bytes
    fs.rmSync(`${file}-wal`, { force: true });
    fs.rmSync(`${file}-shm`, { force: true });
    const restored = await cli('restore', copy, '--db', file);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(/^Restored .*copy\.sqlite as .*paydesk\.sqlite \(\d+ audit events, all verified\)\. The replaced database is kept as .*paydesk-replaced-/);
    const kept = fs.readdirSync(path.join(dir, 'backups')).find((f) => f.startsWith('paydesk-replaced-'))!;
    expect(fs.statSync(path.join(dir, 'backups', kept)).size).toBe(0);

    // While PayDesk has the database open, a restore is refused.
    const core = await Core.start({ databaseFile: file, dataDir: dir, log: () => {} });
    const busy = await cli('restore', copy, '--db', file);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain('is open in PayDesk');
    expect((await core.connect(null).call('app-status', {})).readOnly).toBeNull();
    await core.close();
  }, 120_000);
});
