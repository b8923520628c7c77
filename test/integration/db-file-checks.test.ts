import { execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/core/core';
import { Store } from '../../src/main/core/db/store';
import { tempDir } from '../helpers/core';

// What PayDesk opens as its database (finding 6 of issue #12): an empty or foreign file is refused
// with a clear message and left as it was, a missing file is created only when asked for, and a
// `paydesk demo` that is killed half-way leaves no file that opens as a database.

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../../bin/paydesk.cjs');
const t = tempDir('paydesk-files-');
afterAll(() => t.cleanup());

async function paydesk(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const open = (file: string, create = false) => Core.start({ databaseFile: file, create, log: () => {} });

describe('the database file', () => {
  it('refuses a 0-byte file instead of turning it into a new database, and leaves it empty', async () => {
    const file = path.join(t.dir, 'empty.sqlite');
    fs.writeFileSync(file, '');
    await expect(open(file)).rejects.toMatchObject({ code: 'REFUSED', message: expect.stringContaining(`${file} is an empty file (0 bytes), not a PayDesk database`) });
    // Not even when a new database was asked for: that file is someone's, and empty for a reason.
    await expect(open(file, true)).rejects.toMatchObject({ code: 'REFUSED' });
    expect(fs.statSync(file).size).toBe(0);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a file that is not SQLite, and the SQLite file of another program, changing neither', async () => {
    const text = path.join(t.dir, 'notes.sqlite');
    fs.writeFileSync(text, 'Minutes of the board meeting\n'.repeat(100));
    await expect(open(text)).rejects.toMatchObject({ code: 'REFUSED', message: expect.stringContaining('is not a PayDesk database (it is not an SQLite database file at all)') });
    expect(fs.readFileSync(text, 'utf8')).toBe('Minutes of the board meeting\n'.repeat(100));

    const other = path.join(t.dir, 'contacts.db');
    const db = new Database(other);
    db.exec(`CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contact (name) VALUES ('Ada')`);
    db.close();
    const bytes = fs.readFileSync(other);
    await expect(open(other, true)).rejects.toMatchObject({ code: 'REFUSED', message: expect.stringContaining('is the SQLite database of another program (tables contact)') });
    expect(fs.readFileSync(other).equals(bytes)).toBe(true);
  });

  it('creates a missing file only when a new database is asked for', async () => {
    const file = path.join(t.dir, 'sub', 'new.sqlite');
    await expect(open(file)).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(`There is no PayDesk database at ${file}`) });
    expect(fs.existsSync(path.dirname(file))).toBe(false);
    const core = await open(file, true);
    expect(await core.connect(null).call('app-status', {})).toMatchObject({ hasUsers: false });
    await core.close();
    const again = await open(file);
    await again.close();
  });

  it('paydesk new-database creates an empty database, and refuses an existing file', async () => {
    const file = path.join(t.dir, 'fresh.sqlite');
    const made = await paydesk('new-database', '--db', file);
    expect(made.stderr).toBe('');
    expect(made.stdout).toContain(`New PayDesk database at ${file}`);
    const store = await Store.open(file);
    expect(store.sql.prepare(`SELECT count(*) FROM app_user`).pluck().get()).toBe(0);
    await store.close();
    const twice = await paydesk('new-database', '--db', file);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('already exists');
  });

  it('a killed `paydesk demo` leaves no database behind, and the next one builds', async () => {
    const file = path.join(t.dir, 'killed.sqlite');
    const child = spawn(process.execPath, [BIN, 'demo', '--db', file], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Killed once it is well into the build: half a megabyte of data written (under whatever name).
    const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
    const written = () => ['', '-wal', '.building', '.building-wal'].reduce((n, suffix) => n + size(file + suffix), 0);
    while (written() < 500_000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    expect(fs.existsSync(file)).toBe(false);
    await expect(open(file)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const again = await paydesk('demo', '--db', file, '--json');
    expect(again.code).toBe(0);
    expect(fs.readdirSync(t.dir).filter((f) => f.includes('.building'))).toEqual([]);
    const core = await open(file);
    expect(await core.connect(null).call('app-status', {})).toMatchObject({ hasUsers: true });
    await core.close();
  }, 180_000);
});

describe('a full disk', () => {
  it('a write that finds no room says so in plain words and changes nothing', async () => {
    const file = path.join(t.dir, 'full.sqlite');
    const core = await open(file, true);
    const admin = core.operator();
    await core.store.read(({ sql }) => sql.pragma(`max_page_count = ${sql.pragma('page_count', { simple: true })}`));
    const rows = Array.from({ length: 3000 }, (_, i) => `CASE-${i},Child,Number ${i},2021-01-01`).join('\n');
    const count = () => core.store.sql.prepare(`SELECT count(*) FROM child`).pluck().get();
    await expect(admin.call('reference-import-children', { fileName: 'children.csv', content: `case_number,first_name,last_name,birth_date\n${rows}\n` })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: `No space left on the disk holding ${t.dir}: nothing was changed. Free some space on that disk and try again.`,
    });
    expect(count()).toBe(0);
    await core.close();
  });

  // A real full disk: a 6 MB file system of its own (a mount namespace; where the machine allows one).
  const canMount = spawnSync('unshare', ['-rm', 'true']).status === 0;
  it.runIf(canMount)('a read command on a full disk says the disk is full, not "disk I/O error"', async () => {
    const source = path.join(t.dir, 'tofill.sqlite');
    const made = await open(source, true);
    await made.close();
    const script = [
      'set -e',
      'mnt=$(mktemp -d)',
      'mount -t tmpfs -o size=6m tmpfs "$mnt"',
      `cp "${source}" "$mnt/paydesk.sqlite"`,
      'dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null || true',
      `"${process.execPath}" "${BIN}" periods --db "$mnt/paydesk.sqlite" || echo "exit $?"`,
    ].join('\n');
    const out = spawnSync('unshare', ['-rm', 'bash', '-c', script], { encoding: 'utf8' });
    expect(out.stderr).toMatch(/No space left on the disk holding \/tmp\/[^:]+: PayDesk cannot open the database there .*nothing was changed/);
    expect(out.stderr).not.toContain('disk I/O error');
    expect(out.stdout).toContain('exit 1');
  });
});
