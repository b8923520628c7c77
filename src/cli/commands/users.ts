import { table } from '../command';
import type { Command } from '../command';

export const usersCommand: Command = {
  name: 'users',
  summary: 'list the users and their groups',
  usage: 'paydesk users [--db FILE] [--json]',
  async run(ctx) {
    const { core } = await ctx.open({ system: true });
    try {
      const users = await core.store.read(({ sql }) =>
        sql
          .prepare(
            `SELECT u.id, u.username, u.display_name AS displayName, u.provider_id AS providerId, u.active,
               (SELECT group_concat(group_name, ', ') FROM user_group g WHERE g.user_id = u.id) AS groups
             FROM app_user u ORDER BY u.username`,
          )
          .all() as Array<Record<string, unknown>>,
      );
      ctx.out(users, table(users, ['id', 'username', 'displayName', 'groups', 'providerId']));
    } finally {
      await core.close();
    }
  },
};
