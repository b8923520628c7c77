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

/**
 * A Provider-group user works for one provider and belongs to no other group (DESIGN.md section
 * 9): a provider's own login must never authorize or pay its own invoices.
 */
export function assertProviderAlone(groups: readonly Group[]): void {
  if (groups.includes('Provider') && new Set(groups).size > 1) {
    throw new AppError({
      code: 'BAD_REQUEST',
      field: 'groups',
      rule: 'users.provider-alone',
      message: `A Provider-group user belongs to no other group (not ${groups.filter((g) => g !== 'Provider').join(', ')}): give staff work to a separate staff account.`,
    });
  }
}

/** Inserts a user and their groups. A Provider-group user must be tied to exactly one provider. */
export function insertUser(sql: BetterSqlite3.Database, user: NewUser, at: string): number {
  assertProviderAlone(user.groups);
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

// ---- User management (Administrator) ----

export interface UserListRow {
  id: number;
  username: string;
  displayName: string;
  groups: Group[];
  providerId: number | null;
  providerName: string | null;
  active: boolean;
  createdAt: string;
}

const SELECT_USERS = `SELECT u.id, u.username, u.display_name AS displayName, u.provider_id AS providerId, v.name AS providerName,
    u.active, u.created_at AS createdAt, (SELECT group_concat(group_name) FROM user_group g WHERE g.user_id = u.id) AS groups
  FROM app_user u LEFT JOIN provider v ON v.id = u.provider_id`;

type RawUser = Omit<UserListRow, 'groups' | 'active'> & { groups: string | null; active: number };

function toRow(r: RawUser): UserListRow {
  const groups = ((r.groups ?? '').split(',').filter(Boolean) as Group[]).sort((a, b) => GROUPS.indexOf(a) - GROUPS.indexOf(b));
  return { ...r, groups, active: r.active === 1 };
}

export function listUsers(sql: BetterSqlite3.Database): UserListRow[] {
  return (sql.prepare(`${SELECT_USERS} ORDER BY u.username`).all() as RawUser[]).map(toRow);
}

export function getUser(sql: BetterSqlite3.Database, userId: number): UserListRow {
  const row = sql.prepare(`${SELECT_USERS} WHERE u.id = ?`).get(userId) as RawUser | undefined;
  if (!row) throw new AppError({ code: 'NOT_FOUND', field: 'userId', message: `There is no user ${userId}.` });
  return toRow(row);
}

function checkProvider(sql: BetterSqlite3.Database, groups: readonly Group[], providerId: number | null | undefined): number | null {
  if (!groups.includes('Provider')) {
    if (providerId) {
      throw new AppError({ code: 'BAD_REQUEST', field: 'providerId', message: 'Only a Provider-group user is tied to a provider.' });
    }
    return null;
  }
  if (!providerId) {
    throw new AppError({ code: 'BAD_REQUEST', field: 'providerId', message: 'A Provider-group user must be tied to one provider.' });
  }
  if (!sql.prepare(`SELECT 1 FROM provider WHERE id = ?`).get(providerId)) {
    throw new AppError({ code: 'NOT_FOUND', field: 'providerId', message: `There is no provider ${providerId}.` });
  }
  return providerId;
}

/** Someone must always be able to manage users: the last active Administrator stays one. */
function assertAdministratorRemains(sql: BetterSqlite3.Database, exceptUserId: number): void {
  const others = sql
    .prepare(
      `SELECT count(*) AS n FROM app_user u JOIN user_group g ON g.user_id = u.id
       WHERE g.group_name = 'Administrator' AND u.active = 1 AND u.id <> ?`,
    )
    .get(exceptUserId) as { n: number };
  if (others.n === 0) {
    throw new AppError({ code: 'REFUSED', rule: 'users.last-administrator', message: 'This is the last active Administrator: make another user an Administrator first.' });
  }
}

export function createUser(sql: BetterSqlite3.Database, user: NewUser, at: string): number {
  assertProviderAlone(user.groups);
  const providerId = checkProvider(sql, user.groups, user.providerId);
  return insertUser(sql, { ...user, providerId }, at);
}

export function setUserGroups(sql: BetterSqlite3.Database, userId: number, groups: readonly Group[], providerId: number | null | undefined): { before: UserListRow; after: UserListRow } {
  const before = getUser(sql, userId);
  assertProviderAlone(groups);
  // Keep the user's provider when the Provider group stays and no new provider is given.
  const provider = checkProvider(sql, groups, providerId === undefined && groups.includes('Provider') ? before.providerId : providerId);
  if (before.groups.includes('Administrator') && !groups.includes('Administrator') && before.active) {
    assertAdministratorRemains(sql, userId);
  }
  sql.prepare(`DELETE FROM user_group WHERE user_id = ?`).run(userId);
  const add = sql.prepare(`INSERT INTO user_group (user_id, group_name) VALUES (?, ?)`);
  for (const g of new Set(groups)) add.run(userId, g);
  sql.prepare(`UPDATE app_user SET provider_id = ? WHERE id = ?`).run(provider, userId);
  return { before, after: getUser(sql, userId) };
}

export function setUserActive(sql: BetterSqlite3.Database, userId: number, active: boolean): { before: UserListRow; after: UserListRow } {
  const before = getUser(sql, userId);
  if (!active && before.active && before.groups.includes('Administrator')) assertAdministratorRemains(sql, userId);
  sql.prepare(`UPDATE app_user SET active = ? WHERE id = ?`).run(active ? 1 : 0, userId);
  if (active) clearSignInFailures(sql, before.username);
  return { before, after: getUser(sql, userId) };
}

/** An administrator's new password or reactivation also lifts a lockout of that user name. */
function clearSignInFailures(sql: BetterSqlite3.Database, username: string): void {
  sql.prepare(`DELETE FROM sign_in_failure WHERE username = ?`).run(username.toLowerCase());
}

export function setUserPassword(sql: BetterSqlite3.Database, userId: number, passwordHash: string): void {
  const user = getUser(sql, userId);
  // A new version ends every session signed in with the old password.
  sql.prepare(`UPDATE app_user SET password_hash = ?, password_version = password_version + 1 WHERE id = ?`).run(passwordHash, userId);
  clearSignInFailures(sql, user.username);
}
