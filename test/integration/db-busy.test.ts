import { fork } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/core/core';
import { BUSY_MESSAGE } from '../../src/main/core/db/disk-errors';
import { snapshot } from '../helpers/core';
import { openWorld, type World } from './workflow-fixture';

// Write transactions take the write lock at their start (BEGIN IMMEDIATE) and wait for it up to the
// busy timeout while another process writes; only after the wait does the user hear that the
// database is busy (finding 7 of issue #12: deferred transactions failed at once with SQLITE_BUSY).

const HOLDER = path.resolve(__dirname, '../helpers/hold-write-lock.cjs');

/** Another process holding the file's write lock for `ms`; resolves once it holds it. */
async function holdLock(file: string, ms: number): Promise<{ released: Promise<void> }> {
  const child = fork(HOLDER, [file, String(ms)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const released = new Promise<void>((resolve, reject) => {
    child.on('message', (m) => m === 'released' && resolve());
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lock holder exited ${code}`))));
  });
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m) => m === 'locked' && resolve());
    child.on('error', reject);
  });
  return { released };
}

let w: World | undefined;
let extra: Core | undefined;
afterEach(async () => {
  await extra?.close();
  await w?.close();
  extra = undefined;
  w = undefined;
});

describe('a write while another process holds the write lock', () => {
  it('waits for the lock, then commits: an action, a bulk action, user management and a reference import', async () => {
    w = await openWorld();
    const payment = await w.create('payment', 'direct');
    const second = await w.create('payment', 'thirdParty');
    const finance = w.core.connect(w.users.finance);
    const admin = w.core.connect(w.users.admin);
    // Each call first reads (the item, the user), then writes: a deferred transaction could not wait.
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['payments-act', () => finance.call('payments-act', { paymentId: payment, action: 'start-review' })],
      ['payments-apply-bulk', () => finance.call('payments-apply-bulk', { ids: [second], action: 'start-review' })],
      ['users-set-active', () => admin.call('users-set-active', { userId: w!.users.approver2.id, active: false })],
      ['reference-import-children', () =>
        admin.call('reference-import-children', { fileName: 'children.csv', content: 'case_number,first_name,last_name,birth_date\nCASE-9,Grace,Hopper,2021-12-09\n' })],
    ];
    for (const [name, call] of calls) {
      const { released } = await holdLock(w.file, 1200);
      const started = Date.now();
      const result = await call().then(() => 'ok', (err: Error) => `${name} failed: ${err.message}`);
      expect(result).toBe('ok');
      expect(Date.now() - started, `${name} waited for the other process`).toBeGreaterThanOrEqual(900);
      await released;
    }
    const states = w.core.store.sql.prepare(`SELECT sub_status FROM payment WHERE id IN (?, ?)`).pluck().all(payment, second);
    expect(states).toEqual(['In Review', 'In Review']);
  });

  it('says "busy, try again" only after the busy timeout, and changes nothing', async () => {
    w = await openWorld();
    const payment = await w.create('payment', 'direct');
    await w.core.close();
    extra = await Core.start({ databaseFile: w.file, busyTimeoutMs: 400, skipStartupTasks: true, log: () => {} });
    const finance = extra.connect(w.users.finance);
    const before = JSON.stringify(await snapshot(extra));
    const { released } = await holdLock(w.file, 3000);
    const started = Date.now();
    await expect(finance.call('payments-act', { paymentId: payment, action: 'start-review' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: BUSY_MESSAGE,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    await released;
    expect(JSON.stringify(await snapshot(extra))).toBe(before);
    // Once the other process is done, the same call goes through.
    await expect(finance.call('payments-act', { paymentId: payment, action: 'start-review' })).resolves.toMatchObject({ state: { subStatus: 'In Review' } });
  });
});
