import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyDatabase } from '../../src/main/core/audit/key';
import { Core } from '../../src/main/core/core';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import type { AppError } from '../../src/shared/api/errors';
import { paydeskBin } from '../helpers/cli';
import { tempDir } from '../helpers/core';
import { onDatabase } from '../helpers/sql';

// A read command opens a SQLite file to read only (core.ts, readingOnly): better-sqlite3 alone,
// query_only, and the file's bytes unchanged. About the SQLite file itself: PostgreSQL opens as
// usual (the rest of the CLI's commands on both engines: cli-commands.test.ts).

const t = tempDir('paydesk-cli-reading-');
const demo = path.join(t.dir, 'demo.sqlite');

beforeAll(async () => {
  await buildDemoDatabase({ file: demo, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
  // Opened once as the app would: the start-up repair writes the demo's export batches' files.
  await (await Core.start({ databaseFile: demo, log: () => {} })).close();
}, 120_000);
afterAll(() => t.cleanup());

const bin = paydeskBin;

describe('a read command opens the SQLite file to read only (core.ts, readingOnly)', () => {
  const sha = (file: string) => (fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'absent');
  let n = 0;
  /** A copy of the demo, with its audit key. */
  function copy(): string {
    const file = path.join(t.dir, `reading-${++n}.sqlite`);
    copyDatabase(demo, file);
    return file;
  }

  it('writes nothing to the file (the file and its -wal the same bytes after payments, payment show, providers, users)', async () => {
    const file = copy();
    await (await Core.start({ databaseFile: file, log: () => {} })).close(); // the usual open once: nothing left for it to do
    const id = await onDatabase(file, (sql) =>
      sql.value<number>(`SELECT id FROM payment WHERE kind = 'payment' AND invoice_status = 'Pending Approval' AND sub_status = 'Awaiting Action' ORDER BY id LIMIT 1`),
    );
    const before = [sha(file), sha(`${file}-wal`)];
    for (const args of [['payments', '--period', '2026-11'], ['payment', 'show', String(id)], ['providers'], ['users'], ['history', '--payment', String(id)]]) {
      const r = await bin(...args, '--db', file);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toBe('');
    }
    expect([sha(file), sha(`${file}-wal`)]).toEqual(before);
  });

  it('the connection refuses every write: a handler that writes, a write transaction, and SQL itself (query_only)', async () => {
    const core = await Core.start({ databaseFile: copy(), readingOnly: true, log: () => {} });
    try {
      expect(core.store.isReadingOnly).toBe(true);
      expect(core.store.dataSource).toBeNull(); // better-sqlite3 alone: TypeORM is for the migrations
      await expect(core.store.migrate()).rejects.toMatchObject({ rule: 'database.reading-only' });
      expect(core.store.sql.pragma('query_only', { simple: true })).toBe(1);
      const refusal = (await core.operator().call('notices-dismiss', { noticeId: 1 }).then(() => null, (e: unknown) => e)) as AppError;
      expect(refusal).toMatchObject({ rule: 'database.reading-only' });
      await expect(core.store.run(() => 1)).rejects.toMatchObject({ rule: 'database.reading-only' });
      expect(() => core.store.sql.prepare(`UPDATE payor SET name = name`).run()).toThrow(/readonly/i);
      // Reads are what it is for.
      expect((await core.operator().call('periods-list', {})).length).toBeGreaterThan(0);
    } finally {
      await core.close();
    }
  });
});
