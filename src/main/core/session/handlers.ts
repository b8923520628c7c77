import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/errors';
import { appendAudit, AUDIT_CHAIN_LOCK, SYSTEM_ACTOR, actorFor } from '../audit/chain';
import type { Tx } from '../db/engine/port';
import type { HandlerContext } from '../context';
import type { HandlerImpls } from '../registry';
import { getSetting } from '../settings/settings';
import { agencyTimeZone } from '../settings/today';
import { findUserByName, insertUser, loadSessionUser } from '../users/users';
import { passwordVersion } from './caller';
import { hashPassword, needsRehash, SCRYPT_N, verifyPassword } from './passwords';
import { databaseBook, failureMessage, lockoutSettings, memoryBook, recordFailure, tryRefusal, type FailureBook } from './throttle';
import { buildDemoDatabase } from '../demo/demo';

export const DEMO_FILE_NAME = 'paydesk-demo.sqlite';

// For a name that does not exist the password is checked against this (it never matches), so an
// unknown name takes as long to refuse as a wrong password.
const NO_USER_HASH = `scrypt$${SCRYPT_N}$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

/** Where sign-in failures are counted: the database, or memory while it is read-only (never written then). */
function withFailureBook<T>(ctx: HandlerContext, work: (book: FailureBook, db: Tx | null) => Promise<T>): Promise<T> {
  if (ctx.store.readOnlyReason) return work(memoryBook(ctx.host.signInFailures), null);
  return ctx.store.run(({ db }) => work(databaseBook(db), db), { locks: [AUDIT_CHAIN_LOCK] });
}

async function signInFailed(ctx: HandlerContext, name: string, userId: number | null): Promise<never> {
  const now = ctx.now();
  const readOnly = ctx.store.readOnlyReason !== null;
  const settings = await ctx.store.read(({ db }) => lockoutSettings(db));
  const { row, locked } = await withFailureBook(ctx, async (book, db) => {
    const result = await recordFailure(book, name, now, settings);
    if (result.locked && !readOnly && db) {
      // The lockout is an event of the audit trail (the failures before it are counted, not logged).
      await appendAudit(db, {
        actor: SYSTEM_ACTOR,
        at: now.toISOString(),
        entity: userId === null ? 'sign-in' : 'user',
        entityId: userId ?? 0,
        action: 'sign-in-locked',
        details: { username: name, failures: result.row.failures, lockedUntil: result.row.lockedUntil },
      });
    }
    return result;
  });
  if (locked) ctx.log('warn', `sign-in: user name "${name}" locked until ${row.lockedUntil} after ${row.failures} failures`);
  throw new AppError({ code: 'REFUSED', rule: locked ? 'session.locked' : 'session.failed', message: failureMessage(row, now) });
}

export const sessionHandlers: HandlerImpls<
  'app-status' | 'session-login' | 'session-logout' | 'setup-create-administrator' | 'setup-open-demo'
> = {
  'app-status': (_args, ctx) =>
    ctx.store.read(async ({ db }) => ({
      databasePath: ctx.store.file,
      hasUsers: !!(await db.one(`SELECT 1 FROM app_user LIMIT 1`)),
      isDemo: ctx.host.isDemo,
      signedIn: ctx.caller,
      idleLockMinutes: await getSetting<number>(db, 'session.idleLockMinutes'),
      timeZone: await agencyTimeZone(db),
      locale: 'en-US',
      readOnly: ctx.store.readOnlyReason,
      signedOutBecause: ctx.caller ? null : (ctx.signedOutBecause ?? null),
      ...(ctx.host.server ? { server: ctx.host.server } : {}),
    })),

  'session-login': async (args, ctx) => {
    const name = args.username.toLowerCase();
    const found = await ctx.store.read(async ({ db }) => {
      // During a lockout or a wait the password is not even looked at.
      const refusal = tryRefusal(await (ctx.store.readOnlyReason ? memoryBook(ctx.host.signInFailures) : databaseBook(db)).get(name), ctx.now());
      if (refusal) throw refusal;
      return findUserByName(db, args.username);
    });
    // One message for an unknown name and a wrong password: it does not tell which names exist.
    const matches = await verifyPassword(args.password, found?.passwordHash ?? NO_USER_HASH);
    if (!found || !found.active || !matches) return signInFailed(ctx, name, found?.id ?? null);

    // A hash made with weaker settings is made again now, while the password is at hand.
    const rehash = needsRehash(found.passwordHash) && !ctx.store.readOnlyReason ? await hashPassword(args.password) : null;
    const signIn = async (db: Tx, write: boolean) => {
      const user = await loadSessionUser(db, found.id);
      if (!user) throw new AppError({ code: 'REFUSED', rule: 'session.failed', message: 'Unknown user name or wrong password.' });
      if (write) {
        await databaseBook(db).clear(name);
        // Only if the password is still the one just checked (an administrator may have reset it meanwhile).
        if (rehash) await db.run(`UPDATE app_user SET password_hash = ? WHERE id = ? AND password_hash = ?`, [rehash, found.id, found.passwordHash]);
        await appendAudit(db, { actor: actorFor(user), at: ctx.now().toISOString(), entity: 'user', entityId: user.id, action: 'sign-in' });
      }
      return { user, version: (await passwordVersion(db, found.id))! };
    };
    // A read-only database (damaged, or its audit trail broken) is not written to, not even this.
    const { user, version } = ctx.store.readOnlyReason
      ? await ctx.store.read(({ db }) => {
          ctx.host.signInFailures.delete(name);
          return signIn(db, false);
        })
      : await ctx.store.run(({ db }) => signIn(db, true), { locks: [AUDIT_CHAIN_LOCK] });
    ctx.signIn(user, version);
    return user;
  },

  'session-logout': async (_args, ctx) => {
    const user = ctx.caller;
    if (user && user.id !== 0 && !ctx.store.readOnlyReason) {
      await ctx.store.run(({ db }) => appendAudit(db, { actor: actorFor(user), at: ctx.now().toISOString(), entity: 'user', entityId: user.id, action: 'sign-out' }), {
        locks: [AUDIT_CHAIN_LOCK],
      });
    }
    ctx.signOut();
    return { ok: true as const };
  },

  'setup-create-administrator': async (args, ctx) => {
    const passwordHash = await hashPassword(args.password);
    // Under the audit chain's lock (PostgreSQL): a second first start waits, then finds the first's user.
    const { user, version } = await ctx.store.run(async ({ db }) => {
      if (await db.one(`SELECT 1 FROM app_user LIMIT 1`)) {
        throw new AppError({ code: 'REFUSED', message: 'An administrator already exists: sign in instead.' });
      }
      const at = ctx.now().toISOString();
      const id = await insertUser(db, { username: args.username, displayName: args.displayName, passwordHash, groups: ['Administrator'] }, at);
      await appendAudit(db, { actor: SYSTEM_ACTOR, at, entity: 'user', entityId: id, action: 'create-user', after: { username: args.username, groups: ['Administrator'] } });
      return { user: (await loadSessionUser(db, id))!, version: (await passwordVersion(db, id))! };
    }, { locks: [AUDIT_CHAIN_LOCK] });
    ctx.signIn(user, version);
    return user;
  },

  /**
   * First start only: a database with users is never left for the demo by a caller who is not
   * signed in (it would switch every signed-in session of this core to the demo database).
   */
  'setup-open-demo': async (_args, ctx) => {
    if (ctx.caller) throw new AppError({ code: 'REFUSED', message: 'Sign out before opening the demo database.' });
    const hasUsers = await ctx.store.read(async ({ db }) => !!(await db.one(`SELECT 1 FROM app_user LIMIT 1`)));
    if (hasUsers) {
      throw new AppError({ code: 'REFUSED', rule: 'setup.first-start-only', message: 'The demo database is offered only at the first start, before any user exists.' });
    }
    const file = path.join(ctx.host.dataDir, DEMO_FILE_NAME);
    if (!fs.existsSync(file)) await buildDemoDatabase({ file, seed: 1, scale: 'S', now: ctx.now() });
    await ctx.host.openDatabase(file, { demo: true });
    return { databasePath: file };
  },
};
