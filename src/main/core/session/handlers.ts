import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/errors';
import { appendAudit, SYSTEM_ACTOR, actorFor } from '../audit/chain';
import type { HandlerImpls } from '../registry';
import { getSetting } from '../settings/settings';
import { findUserByName, insertUser, loadSessionUser } from '../users/users';
import { hashPassword, verifyPassword } from './passwords';
import { buildDemoDatabase } from '../demo/demo';

export const DEMO_FILE_NAME = 'paydesk-demo.sqlite';

export const sessionHandlers: HandlerImpls<
  'app-status' | 'session-login' | 'session-logout' | 'setup-create-administrator' | 'setup-open-demo'
> = {
  'app-status': (_args, ctx) =>
    ctx.store.read(({ sql }) => ({
      databasePath: ctx.store.file,
      hasUsers: !!sql.prepare(`SELECT 1 FROM app_user LIMIT 1`).get(),
      isDemo: ctx.host.isDemo,
      signedIn: ctx.caller,
      idleLockMinutes: getSetting<number>(sql, 'session.idleLockMinutes'),
      readOnly: ctx.store.readOnlyReason,
    })),

  'session-login': async (args, ctx) => {
    const found = await ctx.store.read(({ sql }) => findUserByName(sql, args.username));
    // One message for an unknown name and a wrong password: it does not tell which names exist.
    const refused = new AppError({ code: 'REFUSED', message: 'Unknown user name or wrong password.' });
    if (!found || !found.active) throw refused;
    if (!(await verifyPassword(args.password, found.passwordHash))) throw refused;
    // A read-only database (damaged, or its audit trail broken) is not written to, not even this.
    const readOnly = ctx.store.readOnlyReason !== null;
    const user = await ctx.store.run(({ sql }) => {
      const u = loadSessionUser(sql, found.id);
      if (!u) throw refused;
      if (!readOnly) appendAudit(sql, {
        actor: actorFor(u),
        at: ctx.now().toISOString(),
        entity: 'user',
        entityId: u.id,
        action: 'sign-in',
      });
      return u;
    }, { transaction: !readOnly });
    ctx.signIn(user);
    return user;
  },

  'session-logout': async (_args, ctx) => {
    const user = ctx.caller;
    if (user && !ctx.store.readOnlyReason) {
      await ctx.store.run(({ sql }) =>
        appendAudit(sql, { actor: actorFor(user), at: ctx.now().toISOString(), entity: 'user', entityId: user.id, action: 'sign-out' }),
      );
    }
    ctx.signOut();
    return { ok: true as const };
  },

  'setup-create-administrator': async (args, ctx) => {
    const passwordHash = await hashPassword(args.password);
    const user = await ctx.store.run(({ sql }) => {
      if (sql.prepare(`SELECT 1 FROM app_user LIMIT 1`).get()) {
        throw new AppError({ code: 'REFUSED', message: 'An administrator already exists: sign in instead.' });
      }
      const at = ctx.now().toISOString();
      const id = insertUser(sql, { username: args.username, displayName: args.displayName, passwordHash, groups: ['Administrator'] }, at);
      appendAudit(sql, { actor: SYSTEM_ACTOR, at, entity: 'user', entityId: id, action: 'create-user', after: { username: args.username, groups: ['Administrator'] } });
      return loadSessionUser(sql, id)!;
    });
    ctx.signIn(user);
    return user;
  },

  'setup-open-demo': async (_args, ctx) => {
    if (ctx.caller) throw new AppError({ code: 'REFUSED', message: 'Sign out before opening the demo database.' });
    const file = path.join(ctx.host.dataDir, DEMO_FILE_NAME);
    if (!fs.existsSync(file)) await buildDemoDatabase({ file, seed: 1, scale: 'S', now: ctx.now() });
    await ctx.host.openDatabase(file, { demo: true });
    return { databasePath: file };
  },
};
