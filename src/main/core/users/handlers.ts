import { appendAudit, actorFor, AUDIT_CHAIN_LOCK, type Actor } from '../audit/chain';
import type { HandlerContext } from '../context';
import type { HandlerImpls } from '../registry';
import { hashPassword } from '../session/passwords';
import { createUser, getUser, listUsers, setUserActive, setUserGroups, setUserPassword, type UserListRow } from './users';

// User management, Administrator only (the contract says so). Every change is an audit event;
// a password is hashed before the transaction and never returned, logged or audited.

function actor(ctx: HandlerContext): Actor {
  return actorFor(ctx.caller!);
}

const audited = (u: UserListRow) => ({ username: u.username, displayName: u.displayName, groups: u.groups, providerId: u.providerId, active: u.active });

export const usersHandlers: HandlerImpls<'users-list' | 'users-create' | 'users-set-groups' | 'users-set-active' | 'users-reset-password'> = {
  'users-list': (_args, ctx) => ctx.store.read(({ db }) => listUsers(db)),

  'users-create': async (args, ctx) => {
    const passwordHash = await hashPassword(args.password);
    return ctx.store.run(
      async ({ db }) => {
        const at = ctx.now().toISOString();
        const id = await createUser(db, { username: args.username, displayName: args.displayName, passwordHash, groups: args.groups, providerId: args.providerId }, at);
        const user = await getUser(db, id);
        await appendAudit(db, { actor: actor(ctx), at, entity: 'user', entityId: id, action: 'create-user', after: audited(user) });
        return user;
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    );
  },

  'users-set-groups': (args, ctx) =>
    ctx.store.run(
      async ({ db }) => {
        const { before, after } = await setUserGroups(db, args.userId, args.groups, args.providerId);
        await appendAudit(db, { actor: actor(ctx), at: ctx.now().toISOString(), entity: 'user', entityId: args.userId, action: 'set-groups', before: audited(before), after: audited(after) });
        return after;
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),

  'users-set-active': (args, ctx) =>
    ctx.store.run(
      async ({ db }) => {
        const { before, after } = await setUserActive(db, args.userId, args.active);
        await appendAudit(db, {
          actor: actor(ctx),
          at: ctx.now().toISOString(),
          entity: 'user',
          entityId: args.userId,
          action: args.active ? 'activate-user' : 'deactivate-user',
          before: audited(before),
          after: audited(after),
        });
        return after;
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),

  'users-reset-password': async (args, ctx) => {
    const passwordHash = await hashPassword(args.password);
    return ctx.store.run(
      async ({ db }) => {
        await setUserPassword(db, args.userId, passwordHash);
        await appendAudit(db, { actor: actor(ctx), at: ctx.now().toISOString(), entity: 'user', entityId: args.userId, action: 'reset-password' });
        return { ok: true as const };
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    );
  },
};
