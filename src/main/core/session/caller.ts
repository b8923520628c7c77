import type BetterSqlite3 from 'better-sqlite3';
import type { SessionUser } from '../../../shared/api/contract/session';
import { getSetting } from '../settings/settings';
import { loadSessionUser } from '../users/users';

// Who a session's caller is now (DESIGN.md section 9): read again from the database on every call
// of every open session, so that disabling a user, changing their groups or resetting their
// password takes effect at once. The desktop relay, the web preview and the PayDesk server are
// transports: they keep a Connection per session and these rules decide.

/** The command line's operator (no --as): acts on the database file with the file's own rights. */
export const OPERATOR: SessionUser = { id: 0, username: 'cli', displayName: 'Command line', groups: ['Administrator'], providerId: null };

export interface SessionState {
  user: SessionUser;
  /** The user's password version when the session began (null: taken at the first call). */
  passwordVersion: number | null;
  /** Signed in with a password: such a session ends after the idle-lock time without a call. */
  withPassword: boolean;
  lastCallAt: number;
}

export function passwordVersion(sql: BetterSqlite3.Database, userId: number): number | null {
  return (sql.prepare(`SELECT password_version FROM app_user WHERE id = ?`).pluck().get(userId) as number | undefined) ?? null;
}

/**
 * The session as it stands now: the user with their current groups and provider, or why the
 * session ended (disabled or removed, password changed, idle too long).
 */
export function recheckSession(sql: BetterSqlite3.Database, state: SessionState, now: number): { state: SessionState } | { ended: string } {
  const user = loadSessionUser(sql, state.user.id);
  if (!user) return { ended: 'Your account was disabled: you were signed out. Ask an administrator if this is a mistake.' };
  const version = passwordVersion(sql, user.id)!;
  if (state.passwordVersion !== null && version !== state.passwordVersion) {
    return { ended: 'Your password was changed: you were signed out. Sign in with the new password.' };
  }
  if (state.withPassword) {
    const idle = getSetting<number>(sql, 'session.idleLockMinutes');
    if (idle > 0 && now - state.lastCallAt > idle * 60_000) {
      return { ended: `You were signed out after ${idle} minutes without activity. Sign in again to continue.` };
    }
  }
  return { state: { ...state, user, passwordVersion: version, lastCallAt: now } };
}
