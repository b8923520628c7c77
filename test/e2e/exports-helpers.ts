import type { AppFixture } from './fixtures';
import type { SessionUser } from '../../src/shared/api/contract/session';

// Helpers of the exports e2e tests.

/** A demo user as the core's session sees it, to call handlers as that user. */
export async function userOf(app: AppFixture, username: string): Promise<SessionUser> {
  return app.core.store.read(({ sql }) => {
    const u = sql.prepare(`SELECT id, username, display_name AS displayName FROM app_user WHERE username = ?`).get(username) as Omit<SessionUser, 'groups' | 'providerId'>;
    const groups = (sql.prepare(`SELECT group_name AS g FROM user_group WHERE user_id = ?`).all(u.id) as { g: SessionUser['groups'][number] }[]).map((r) => r.g);
    return { ...u, groups, providerId: null };
  });
}
