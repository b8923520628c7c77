import { scryptSync } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../src/main/core/users/users';
import type { Connection } from '../../src/main/core/core';
import { AppError } from '../../src/shared/api/errors';
import { openTestCore, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../src/main/core/demo/demo';
import { hashPassword, needsRehash, verifyPassword } from '../../src/main/core/session/passwords';

// The session rules in the core (DESIGN.md section 9, finding 3 of issue #12): the caller is read
// again on every call of every open session; repeated failures slow sign-in down, then lock the
// name for a while; passwords are hashed with scrypt at N = 2^17 and old hashes are redone.

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

let clock = Date.parse('2026-11-25T09:00:00Z');
const advance = (ms: number) => (clock += ms);

// scrypt at N = 2^17 takes a second or more per hash: each password is hashed once for the file.
const HASHES: Record<string, string> = {};
beforeAll(async () => {
  for (const name of ['ann', 'ben', 'cat']) HASHES[name] = await hashPassword(`${name}-password`);
}, 60_000);

async function world(): Promise<{ admin: Connection; users: Record<string, number> }> {
  t = await openTestCore({ now: () => new Date(clock), skipStartupTasks: true });
  const users = await t.core.store.run(async ({ db }) => {
    const ids: Record<string, number> = { admin: await insertUser(db, { username: 'admin', displayName: 'Admin', passwordHash: 'x', groups: ['Administrator'] }, 'T') };
    for (const name of ['ann', 'ben', 'cat']) ids[name] = await insertUser(db, { username: name, displayName: name, passwordHash: HASHES[name], groups: ['Approver'] }, 'T');
    return ids;
  });
  return { admin: await t.as('admin'), users };
}

async function signedIn(username: string, password = `${username}-password`): Promise<Connection> {
  const c = t!.anonymous();
  await c.call('session-login', { username, password });
  return c;
}

async function outcome(call: Promise<unknown>): Promise<AppError | 'ok'> {
  return call.then(() => 'ok' as const, (err: unknown) => err as AppError);
}

describe('a session after its user changed', () => {
  it('a disabled user, a user moved out of Approver and a user whose password was reset lose those rights at their next call, in every session', async () => {
    const { admin, users } = await world();
    const annAtDesk = await signedIn('ann');
    const annOnLaptop = await signedIn('ann');
    const annInCli = t!.core.connect((await annAtDesk.call('app-status', {})).signedIn);
    const ben = await signedIn('ben');
    const cat = await signedIn('cat');
    for (const c of [annAtDesk, annOnLaptop, annInCli, ben, cat]) expect(await outcome(c.call('payments-generate', { periodId: 999 }))).toMatchObject({ code: 'NOT_FOUND' });

    await admin.call('users-set-active', { userId: users.ann, active: false });
    for (const c of [annAtDesk, annOnLaptop, annInCli]) {
      expect(await outcome(c.call('periods-list', {}))).toMatchObject({ code: 'NOT_SIGNED_IN', message: expect.stringContaining('Your account was disabled') });
    }
    const status = await annAtDesk.call('app-status', {});
    expect(status.signedIn).toBeNull();
    expect(status.signedOutBecause).toContain('Your account was disabled');

    await admin.call('users-set-groups', { userId: users.ben, groups: ['Payor'] });
    expect(await outcome(ben.call('payments-generate', { periodId: 999 }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('ben is in Payor') });
    expect((await ben.call('app-status', {})).signedIn?.groups).toEqual(['Payor']);

    await admin.call('users-reset-password', { userId: users.cat, password: 'a-new-password' });
    expect(await outcome(cat.call('periods-list', {}))).toMatchObject({ code: 'NOT_SIGNED_IN', message: expect.stringContaining('Your password was changed') });
    expect(await outcome(signedIn('cat'))).toMatchObject({ code: 'REFUSED' });
    advance(5_000); // past the wait after that failure
    const again = await signedIn('cat', 'a-new-password');
    expect((await again.call('app-status', {})).signedIn?.username).toBe('cat');
  }, 120_000);

  it('a session signed in with a password ends after the idle-lock time without a call; a session of the command line does not', async () => {
    await world();
    const ann = await signedIn('ann');
    const cli = t!.core.connect((await ann.call('app-status', {})).signedIn);
    advance(14 * 60_000);
    expect(await outcome(ann.call('periods-list', {}))).toBe('ok'); // a call keeps it alive
    advance(15 * 60_000 + 1000);
    expect(await outcome(ann.call('periods-list', {}))).toMatchObject({ code: 'NOT_SIGNED_IN', message: 'You were signed out after 15 minutes without activity. Sign in again to continue.' });
    expect(await outcome(cli.call('periods-list', {}))).toBe('ok');
  }, 60_000);
});

describe('sign-in failures', () => {
  it('thirty wrong passwords in a row meet growing waits, then a lockout with an audit event; the same answers for an unknown name', async () => {
    await world();
    const tries = async (username: string, password = 'wrong-password'): Promise<'ok' | { rule: string | undefined; message: string }> => {
      const r = await outcome(t!.anonymous().call('session-login', { username, password }));
      return r === 'ok' ? r : { rule: r.rule, message: r.message };
    };
    const started = Date.now();
    type Answer = Awaited<ReturnType<typeof tries>>;
    const burst: Answer[] = [];
    for (let i = 0; i < 30; i++) burst.push(await tries('ann'));
    // Only the first was checked; the others came before its wait was over.
    expect(burst[0]).toEqual({ rule: 'session.failed', message: 'Unknown user name or wrong password. Wait 1 second before trying again.' });
    expect(burst.slice(1).every((r) => r !== 'ok' && r.rule === 'session.wait')).toBe(true);
    expect(Date.now() - started).toBeLessThan(15_000);

    // Waiting each wait out: 1, 2, 4, 8 seconds, then the fifth failure locks the name for 15 minutes.
    const waits = [1, 2, 4, 8];
    const answers: Answer[] = [];
    for (const seconds of waits) {
      advance(seconds * 1000);
      answers.push(await tries('ann'));
    }
    expect(answers.slice(0, 3).map((a) => a !== 'ok' && a.message)).toEqual([
      'Unknown user name or wrong password. Wait 2 seconds before trying again.',
      'Unknown user name or wrong password. Wait 4 seconds before trying again.',
      'Unknown user name or wrong password. Wait 8 seconds before trying again.',
    ]);
    expect(answers[3]).toMatchObject({ rule: 'session.locked', message: expect.stringMatching(/^Unknown user name or wrong password\. Too many failed sign-ins: this user name is locked until \d\d:\d\d UTC \(15 minutes\)/) });
    const events = await testSql(t!).rows<{ entity: string; entityId: number; details: string }>(`SELECT entity, entity_id AS entityId, details FROM audit_event WHERE action = 'sign-in-locked'`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ entity: 'user' });
    expect(JSON.parse(events[0].details)).toMatchObject({ username: 'ann', failures: 5 });

    // The right password is refused while locked, and works after.
    expect(await tries('ann', 'ann-password')).toMatchObject({ rule: 'session.locked' });
    advance(15 * 60_000);
    expect(await tries('ann', 'ann-password')).toBe('ok');
    expect(await testSql(t!).value(`SELECT count(*) FROM sign_in_failure WHERE username = 'ann'`)).toBe(0);

    // An unknown name gets exactly the same answers.
    const unknown: Answer[] = [await tries('nobody')];
    for (const seconds of waits) {
      advance(seconds * 1000);
      unknown.push(await tries('nobody'));
    }
    expect(unknown.map((u) => u !== 'ok' && u.rule)).toEqual(['session.failed', 'session.failed', 'session.failed', 'session.failed', 'session.locked']);
  }, 120_000);
});

describe('password hashes', () => {
  it('are scrypt at N = 2^17; a hash with N = 2^14 is made again at the next sign-in, and other sessions go on', async () => {
    const { admin, users } = await world();
    const dan = await admin.call('users-create', { username: 'dan', displayName: 'Dan', password: 'dan-password', groups: ['Payor'] });
    const stored = (id = users.ann) => testSql(t!).value<string>(`SELECT password_hash FROM app_user WHERE id = ?`, [id]);
    expect(await stored(dan.id)).toMatch(/^scrypt\$131072\$8\$1\$/);
    // As PayDesk stored it before.
    const salt = Buffer.from('0123456789abcdef');
    const old = `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync('ann-password', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
    await testSql(t!).run(`UPDATE app_user SET password_hash = ? WHERE id = ?`, [old, users.ann]);
    const other = t!.core.connect((await signedIn('ben')).user);
    const first = await signedIn('ann');
    const second = t!.core.connect(first.user);
    expect(await stored()).toMatch(/^scrypt\$131072\$8\$1\$/);

    const again = await signedIn('ann');
    expect(again.user?.username).toBe('ann');
    // Redoing the hash is not a new password: no session ends.
    expect(await outcome(first.call('periods-list', {}))).toBe('ok');
    expect(await outcome(second.call('periods-list', {}))).toBe('ok');
    expect(await outcome(other.call('periods-list', {}))).toBe('ok');
  }, 60_000);
});

describe('first start only', () => {
  it('a caller who is not signed in cannot switch a database with users to the demo database', async () => {
    await world();
    const file = t!.core.store.file;
    expect(await outcome(t!.anonymous().call('setup-open-demo', {}))).toMatchObject({ code: 'REFUSED', rule: 'setup.first-start-only' });
    expect(t!.core.store.file).toBe(file);
  }, 60_000);
});

describe('the demo users\' password', () => {
  it('is stored as scrypt of the published demo password at today\'s settings (no rehash at sign-in)', async () => {
    expect(await verifyPassword(DEMO_PASSWORD, DEMO_PASSWORD_HASH)).toBe(true);
    expect(await verifyPassword('demo12345', DEMO_PASSWORD_HASH)).toBe(false);
    expect(needsRehash(DEMO_PASSWORD_HASH)).toBe(false);
  }, 30_000);
});
