import type { Queryable } from '../db/engine/port';
import type { SessionUser } from '../../../shared/api/contract/session';
import { GROUPS, type Group } from '../../../shared/domain/words';
import { AppError } from '../../../shared/api/errors';

export async function loadSessionUser(db: Queryable, userId: number): Promise<SessionUser | null> {
  const user = await db.one<Omit<SessionUser, 'groups'> & { active: number }>(
    `SELECT id, username, display_name AS displayName, provider_id AS providerId, active FROM app_user WHERE id = ?`,
    [userId],
  );
  if (!user || !user.active) return null;
  const groups = (await db.values<Group>(`SELECT group_name FROM user_group WHERE user_id = ?`, [userId])).sort((a, b) => GROUPS.indexOf(a) - GROUPS.indexOf(b));
  return { id: user.id, username: user.username, displayName: user.displayName, providerId: user.providerId, groups };
}

/** The session user of an active user by name (the CLI's --as, the demo's steps); null if none. */
export async function loadSessionUserByName(db: Queryable, username: string): Promise<SessionUser | null> {
  const row = await db.one<{ id: number }>(`SELECT id FROM app_user WHERE username = ?`, [username]);
  return row ? loadSessionUser(db, row.id) : null;
}

export function findUserByName(db: Queryable, username: string): Promise<{ id: number; passwordHash: string; active: number } | undefined> {
  return db.one<{ id: number; passwordHash: string; active: number }>(`SELECT id, password_hash AS passwordHash, active FROM app_user WHERE username = ?`, [username]);
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
export async function insertUser(db: Queryable, user: NewUser, at: string): Promise<number> {
  assertProviderAlone(user.groups);
  if (user.groups.includes('Provider') && !user.providerId) {
    throw new AppError({ code: 'BAD_REQUEST', field: 'providerId', message: 'A Provider-group user must be tied to one provider.' });
  }
  if (await findUserByName(db, user.username)) {
    throw new AppError({ code: 'REFUSED', field: 'username', message: `The user name "${user.username}" is taken.` });
  }
  const id = await db.insert(`INSERT INTO app_user (username, display_name, password_hash, provider_id, created_at) VALUES (?, ?, ?, ?, ?)`, [
    user.username,
    user.displayName,
    user.passwordHash,
    user.providerId ?? null,
    at,
  ]);
  for (const g of new Set(user.groups)) await db.run(`INSERT INTO user_group (user_id, group_name) VALUES (?, ?)`, [id, g]);
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
    u.active, u.created_at AS createdAt, (SELECT string_agg(group_name, ',') FROM user_group g WHERE g.user_id = u.id) AS groups
  FROM app_user u LEFT JOIN provider v ON v.id = u.provider_id`;

type RawUser = Omit<UserListRow, 'groups' | 'active'> & { groups: string | null; active: number };

function toRow(r: RawUser): UserListRow {
  const groups = ((r.groups ?? '').split(',').filter(Boolean) as Group[]).sort((a, b) => GROUPS.indexOf(a) - GROUPS.indexOf(b));
  return { ...r, groups, active: r.active === 1 };
}

export async function listUsers(db: Queryable): Promise<UserListRow[]> {
  return (await db.rows<RawUser>(`${SELECT_USERS} ORDER BY u.username`)).map(toRow);
}

export async function getUser(db: Queryable, userId: number): Promise<UserListRow> {
  const row = await db.one<RawUser>(`${SELECT_USERS} WHERE u.id = ?`, [userId]);
  if (!row) throw new AppError({ code: 'NOT_FOUND', field: 'userId', message: `There is no user ${userId}.` });
  return toRow(row);
}

async function checkProvider(db: Queryable, groups: readonly Group[], providerId: number | null | undefined): Promise<number | null> {
  if (!groups.includes('Provider')) {
    if (providerId) {
      throw new AppError({ code: 'BAD_REQUEST', field: 'providerId', message: 'Only a Provider-group user is tied to a provider.' });
    }
    return null;
  }
  if (!providerId) {
    throw new AppError({ code: 'BAD_REQUEST', field: 'providerId', message: 'A Provider-group user must be tied to one provider.' });
  }
  if (!(await db.one(`SELECT 1 FROM provider WHERE id = ?`, [providerId]))) {
    throw new AppError({ code: 'NOT_FOUND', field: 'providerId', message: `There is no provider ${providerId}.` });
  }
  return providerId;
}

/** Someone must always be able to manage users: the last active Administrator stays one. */
async function assertAdministratorRemains(db: Queryable, exceptUserId: number): Promise<void> {
  const others = await db.one<{ n: number }>(
    `SELECT count(*) AS n FROM app_user u JOIN user_group g ON g.user_id = u.id
     WHERE g.group_name = 'Administrator' AND u.active = 1 AND u.id <> ?`,
    [exceptUserId],
  );
  if (Number(others!.n) === 0) {
    throw new AppError({ code: 'REFUSED', rule: 'users.last-administrator', message: 'This is the last active Administrator: make another user an Administrator first.' });
  }
}

export async function createUser(db: Queryable, user: NewUser, at: string): Promise<number> {
  assertProviderAlone(user.groups);
  const providerId = await checkProvider(db, user.groups, user.providerId);
  return insertUser(db, { ...user, providerId }, at);
}

export async function setUserGroups(
  db: Queryable,
  userId: number,
  groups: readonly Group[],
  providerId: number | null | undefined,
): Promise<{ before: UserListRow; after: UserListRow }> {
  const before = await getUser(db, userId);
  assertProviderAlone(groups);
  // Keep the user's provider when the Provider group stays and no new provider is given.
  const provider = await checkProvider(db, groups, providerId === undefined && groups.includes('Provider') ? before.providerId : providerId);
  if (before.groups.includes('Administrator') && !groups.includes('Administrator') && before.active) {
    await assertAdministratorRemains(db, userId);
  }
  await db.run(`DELETE FROM user_group WHERE user_id = ?`, [userId]);
  for (const g of new Set(groups)) await db.run(`INSERT INTO user_group (user_id, group_name) VALUES (?, ?)`, [userId, g]);
  await db.run(`UPDATE app_user SET provider_id = ? WHERE id = ?`, [provider, userId]);
  return { before, after: await getUser(db, userId) };
}

export async function setUserActive(db: Queryable, userId: number, active: boolean): Promise<{ before: UserListRow; after: UserListRow }> {
  const before = await getUser(db, userId);
  if (!active && before.active && before.groups.includes('Administrator')) await assertAdministratorRemains(db, userId);
  await db.run(`UPDATE app_user SET active = ? WHERE id = ?`, [active ? 1 : 0, userId]);
  if (active) await clearSignInFailures(db, before.username);
  return { before, after: await getUser(db, userId) };
}

/** An administrator's new password or reactivation also lifts a lockout of that user name. */
async function clearSignInFailures(db: Queryable, username: string): Promise<void> {
  await db.run(`DELETE FROM sign_in_failure WHERE username = ?`, [username.toLowerCase()]);
}

export async function setUserPassword(db: Queryable, userId: number, passwordHash: string): Promise<void> {
  const user = await getUser(db, userId);
  // A new version ends every session signed in with the old password.
  await db.run(`UPDATE app_user SET password_hash = ?, password_version = password_version + 1 WHERE id = ?`, [passwordHash, userId]);
  await clearSignInFailures(db, user.username);
}
