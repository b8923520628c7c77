import type { Group } from '../../shared/domain/words';
import { GROUPS } from '../../shared/domain/words';
import type { Connection } from '../../main/core/core';
import { type CliContext, type Command, intOption, stringOption, table, usageError } from '../command';

const COLUMNS = ['id', 'username', 'displayName', 'groups', 'providerId', 'active'];

async function listAndPrint(ctx: CliContext): Promise<void> {
  const { core, connection } = await ctx.open({ system: true, reading: true });
  try {
    const users = await connection.call('users-list', {});
    ctx.out(users, table(users.map((u) => ({ ...u, groups: u.groups.join(', '), active: u.active ? 'yes' : 'no' })), COLUMNS));
  } finally {
    await core.close();
  }
}

/** `paydesk users`: kept as an alias of `paydesk user list`. */
export const usersCommand: Command = {
  name: 'users',
  summary: 'list the users and their groups (same as "user list")',
  usage: 'paydesk users [--db FILE] [--json]',
  run: listAndPrint,
};

function groupsOption(ctx: CliContext): Group[] {
  const raw = stringOption(ctx.values, 'groups')!;
  const groups = raw.split(',').map((g) => g.trim()).filter(Boolean);
  const bad = groups.filter((g) => !(GROUPS as readonly string[]).includes(g));
  if (bad.length || groups.length === 0) throw usageError(`--groups takes a comma-separated list of ${GROUPS.join(', ')}; not "${raw}"`);
  return groups as Group[];
}

async function userId(ctx: CliContext, connection: Connection): Promise<number> {
  const name = stringOption(ctx.values, 'username')!;
  const found = (await connection.call('users-list', {})).find((u) => u.username.toLowerCase() === name.toLowerCase());
  if (!found) throw usageError(`there is no user named "${name}"`);
  return found.id;
}

/** `paydesk user add|list|set-groups`: user management through the Administrator's handlers. */
export const userCommand: Command = {
  name: 'user',
  summary: 'manage users: user add | list | set-groups',
  usage:
    'paydesk user list [--db FILE] [--json]\n' +
    '       paydesk user add --username NAME --display-name TEXT --groups G1,G2 [--provider ID] [--password P | env PAYDESK_PASSWORD]\n' +
    '       paydesk user set-groups --username NAME --groups G1,G2 [--provider ID]',
  options: {
    username: { type: 'string' },
    'display-name': { type: 'string' },
    groups: { type: 'string' },
    provider: { type: 'string' },
    password: { type: 'string' },
  },
  async run(ctx) {
    const sub = ctx.positionals[0];
    if (sub === 'list' || sub === undefined) return listAndPrint(ctx);
    if (sub !== 'add' && sub !== 'set-groups') throw usageError(`unknown "user ${sub}"; use add, list or set-groups`);
    const { core, connection } = await ctx.open({ system: true });
    try {
      const providerId = intOption(ctx.values, 'provider', false);
      if (sub === 'add') {
        const password = (ctx.values.password as string | undefined) ?? process.env.PAYDESK_PASSWORD;
        if (!password) throw usageError('give the password with --password or the PAYDESK_PASSWORD environment variable');
        const user = await connection.call('users-create', {
          username: stringOption(ctx.values, 'username')!,
          displayName: stringOption(ctx.values, 'display-name', false) ?? stringOption(ctx.values, 'username')!,
          password,
          groups: groupsOption(ctx),
          providerId: providerId ?? null,
        });
        ctx.out(user, `User ${user.username} created (id ${user.id}) in ${user.groups.join(', ')}.`);
      } else {
        const id = await userId(ctx, connection);
        const user = await connection.call('users-set-groups', { userId: id, groups: groupsOption(ctx), providerId });
        ctx.out(user, `User ${user.username} is now in ${user.groups.join(', ')}${user.providerId ? ` (provider ${user.providerId})` : ''}.`);
      }
    } finally {
      await core.close();
    }
  },
};
