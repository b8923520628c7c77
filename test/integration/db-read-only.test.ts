import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT, changesData, type HandlerName } from '../../src/shared/api/contract';
import { AppError } from '../../src/shared/api/errors';
import { Core } from '../../src/main/core/core';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { HOUSEKEEPING_TASKS, runStartupTasks } from '../../src/main/core/features';
import { insertUser, loadSessionUserByName } from '../../src/main/core/users/users';
import { flipBytes, integrityProblems, spoilIndex } from '../helpers/damage';
import { copyDatabase } from '../../src/main/core/audit/key';
import { Store } from '../../src/main/core/db/store';
import { tempDir } from '../helpers/core';

// A database that fails SQLite's check, or whose audit trail does not verify, opens read-only
// (finding 6 of issue #12: a copy with 50 flipped bytes opened, took actions and exported an ACH
// file): no action, import or export; reports still print; the reason in every refused call.

const t = tempDir('paydesk-readonly-');
let template: string;
beforeAll(async () => {
  template = path.join(t.dir, 'template.sqlite');
  await buildDemoDatabase({ file: template, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
  // A user in every staff group, so that every handler's groups let it through to the read-only check.
  const store = await Store.open(template);
  await store.run(({ db }) => insertUser(db, { username: 'everyone', displayName: 'Every Group', passwordHash: 'x', groups: ['Administrator', 'Approver', 'Payor'] }, '2026-11-25T09:00:00Z'));
  await store.close();
}, 120_000);
afterAll(() => t.cleanup());

let n = 0;
function copy(damage: (file: string) => void): string {
  const file = path.join(t.dir, `copy-${++n}.sqlite`);
  copyDatabase(template, file); // with its audit key
  damage(file);
  return file;
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function userConnection(core: Core, username: string) {
  const user = await core.store.read(({ db }) => loadSessionUserByName(db, username));
  return core.connect(user);
}

async function refusal(call: Promise<unknown>): Promise<AppError> {
  const outcome = await call.then(() => null, (err: unknown) => err);
  expect(outcome).toBeInstanceOf(AppError);
  return outcome as AppError;
}

describe('a damaged database', () => {
  it('a copy with 50 flipped bytes opens read-only: an export is refused with the reason, reports still print, the file is left as it was', async () => {
    const file = copy((f) => flipBytes(f, 'attendance', 50));
    expect(integrityProblems(file).length).toBeGreaterThan(0);
    const before = sha(file);
    const core = await Core.start({ databaseFile: file, dataDir: t.dir, log: () => {} });
    try {
      const status = await core.connect(null).call('app-status', {});
      expect(status.readOnly).toMatch(/^The database file is damaged \(SQLite's check found/);

      const payor = await userConnection(core, 'payor');
      const periods = await payor.call('periods-list', {});
      const november = periods.find((p) => p.code === '2026-11')!;
      const exportable = [];
      for (const p of periods) {
        for (const payorId of [1, 2]) if ((await payor.call('export-preview', { periodId: p.id, payorId })).itemCount > 0) exportable.push({ periodId: p.id, payorId });
      }
      expect(exportable.length, 'the demo has authorized items to export').toBeGreaterThan(0);
      const e = await refusal(payor.call('export-run', exportable[0]));
      expect(e).toMatchObject({ code: 'REFUSED', rule: 'database.read-only' });
      expect(e.message).toContain(status.readOnly!);
      expect(e.message).toContain('until an administrator restores a backup');

      const approver = await userConnection(core, 'approver');
      const rows = await approver.call('payments-list', { periodId: november.id, tab: 'All', page: 0, pageSize: 5, sort: [], search: '' });
      expect(rows.total).toBeGreaterThan(0);
      const act = await refusal(approver.call('payments-act', { paymentId: rows.rows[0].id, action: 'start-review' }));
      expect(act.rule).toBe('database.read-only');

      // Reports still print: the batches and their files are there to read.
      const batches = await payor.call('export-batches-list', { page: 0, pageSize: 10, sort: [], search: '' });
      expect(batches.total).toBeGreaterThan(0);
      const detail = await payor.call('export-batch-get', { batchId: batches.rows[0].id });
      expect(detail.files.length).toBeGreaterThan(0);
    } finally {
      await core.close();
    }
    expect(sha(file)).toBe(before);
  });

  it('refuses every handler the contract declares as changing data, and nothing else, with the reason', async () => {
    const file = copy((f) => flipBytes(f, 'attendance', 50));
    const core = await Core.start({ databaseFile: file, dataDir: t.dir, log: () => {} });
    try {
      const everyone = await userConnection(core, 'everyone');
      const provider = await userConnection(core, 'provider');
      for (const name of Object.keys(CONTRACT) as HandlerName[]) {
        if (name === 'setup-open-demo') continue; // switches to another database
        const who = CONTRACT[name].access === 'signed-in' || (CONTRACT[name].access as readonly string[]).some?.((g) => ['Administrator', 'Approver', 'Payor'].includes(g)) ? everyone : provider;
        const outcome = await who.call(name, {} as never).then(() => null, (err: unknown) => err as AppError);
        if (changesData(name)) expect(outcome, name).toMatchObject({ code: 'REFUSED', rule: 'database.read-only' });
        else expect((outcome as AppError | null)?.rule, `${name}: ${(outcome as AppError | null)?.message}`).not.toBe('database.read-only');
      }
    } finally {
      await core.close();
    }
  });

  it('a database whose audit trail does not verify opens read-only, naming the first bad event', async () => {
    const file = copy((f) => {
      const db = new Database(f);
      db.exec(`DROP TRIGGER audit_event_no_update`);
      db.prepare(`UPDATE audit_event SET comment = 'nothing to see' WHERE id = (SELECT max(id) FROM audit_event WHERE action = 'place-hold')`).run();
      db.close();
    });
    const core = await Core.start({ databaseFile: file, dataDir: t.dir, log: () => {} });
    try {
      const status = await core.connect(null).call('app-status', {});
      expect(status.readOnly).toMatch(/^The audit trail does not verify: event \d+ its content does not match its (keyed )?hash/);
      const payor = await userConnection(core, 'payor');
      const e = await refusal(payor.call('export-run', { periodId: 1, payorId: 1 }));
      expect(e.message).toContain('The audit trail does not verify');
    } finally {
      await core.close();
    }
  });

  it("housekeeping's full check turns a database read-only when an index no longer matches its table (the quick check at open passes)", async () => {
    const file = copy((f) => spoilIndex(f, 'payment_provider'));
    const core = await Core.start({ databaseFile: file, dataDir: t.dir, log: () => {} });
    try {
      expect((await core.connect(null).call('app-status', {})).readOnly).toBeNull();
      await runStartupTasks(core.systemContext(), HOUSEKEEPING_TASKS);
      const status = await core.connect(null).call('app-status', {});
      expect(status.readOnly).toMatch(/missing from index payment_provider/);
      const approver = await userConnection(core, 'approver');
      expect((await refusal(approver.call('payments-generate', { periodId: 1 }))).rule).toBe('database.read-only');
    } finally {
      await core.close();
    }
  });
});
