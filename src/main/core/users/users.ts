import type BetterSqlite3 from 'better-sqlite3';
import type { SessionUser } from '../../../shared/api/contract/session';
import { GROUPS, type Group } from '../../../shared/domain/words';
import { AppError } from '../../../shared/api/errors';

export function loadSessionUser(sql: BetterSqlite3.Database, userId: number): SessionUser | null {
  const user = sql
    .prepare(`SELECT id, username, display_name AS displayName, provider_id AS providerId, active FROM app_user WHERE id = ?`)
    .get(userId) as (Omit<SessionUser, 'groups'> & { active: number }) | undefined;
  if (!user || !user.active) return null;
  const groups = (sql.prepare(`SELECT group_name AS g FROM user_group WHERE user_id = ?`).all(userId) as { g: Group }[])
    .map((r) => r.g)
    .sort((a, b) => GROUPS.indexOf(a) - GROUPS.indexOf(b));
  return { id: user.id, username: user.username, displayName: user.displayName, providerId: user.providerId, groups };
}

export function findUserByName(sql: BetterSqlite3.Database, username: string): { id: number; passwordHash: string; active: number } | undefined {
  return sql
    .prepare(`SELECT id, password_hash AS passwordHash, active FROM app_user WHERE username = ?`)
    .get(username) as { id: number; passwordHash: string; active: number } | undefined;
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  groups: readonly Group[];
  providerId?: number | null;
}

/** Inserts a user and their groups. A Provider-group user must be tied to exactly one provider. */
export function insertUser(sql: BetterSqlite3.Database, user: NewUser, at: string): number {
  if (user.groups.includes('Provider') && !user.providerId) {
    throw new AppError({ code: 'BAD_REQUEST', field: 'providerId', message: 'A Provider-group user must be tied to one provider.' });
  }
  if (findUserByName(sql, user.username)) {
    throw new AppError({ code: 'REFUSED', field: 'username', message: `The user name "${user.username}" is taken.` });
  }
  const id = Number(
    sql
      .prepare(`INSERT INTO app_user (username, display_name, password_hash, provider_id, created_at) VALUES (?, ?, ?, ?, ?)`)
      .run(user.username, user.displayName, user.passwordHash, user.providerId ?? null, at).lastInsertRowid,
  );
  const addGroup = sql.prepare(`INSERT INTO user_group (user_id, group_name) VALUES (?, ?)`);
  for (const g of new Set(user.groups)) addGroup.run(id, g);
  return id;
}
