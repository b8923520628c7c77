import { appendAudit, actorFor, type Actor } from '../audit/chain';
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
  'users-list': (_args, ctx) => ctx.store.read(({ sql }) => listUsers(sql)),

  'users-create': async (args, ctx) => {
    const passwordHash = await hashPassword(args.password);
    return ctx.store.run(({ sql }) => {
      const at = ctx.now().toISOString();
      const id = createUser(sql, { username: args.username, displayName: args.displayName, passwordHash, groups: args.groups, providerId: args.providerId }, at);
      const user = getUser(sql, id);
      appendAudit(sql, { actor: actor(ctx), at, entity: 'user', entityId: id, action: 'create-user', after: audited(user) });
      return user;
    });
  },

  'users-set-groups': (args, ctx) =>
    ctx.store.run(({ sql }) => {
      const { before, after } = setUserGroups(sql, args.userId, args.groups, args.providerId);
      appendAudit(sql, { actor: actor(ctx), at: ctx.now().toISOString(), entity: 'user', entityId: args.userId, action: 'set-groups', before: audited(before), after: audited(after) });
      return after;
    }),

  'users-set-active': (args, ctx) =>
    ctx.store.run(({ sql }) => {
      const { before, after } = setUserActive(sql, args.userId, args.active);
      appendAudit(sql, { actor: actor(ctx), at: ctx.now().toISOString(), entity: 'user', entityId: args.userId, action: args.active ? 'activate-user' : 'deactivate-user', before: audited(before), after: audited(after) });
      return after;
    }),

  'users-reset-password': async (args, ctx) => {
    const passwordHash = await hashPassword(args.password);
    return ctx.store.run(({ sql }) => {
      setUserPassword(sql, args.userId, passwordHash);
      appendAudit(sql, { actor: actor(ctx), at: ctx.now().toISOString(), entity: 'user', entityId: args.userId, action: 'reset-password' });
      return { ok: true as const };
    });
  },
};
