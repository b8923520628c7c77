import type { Queryable } from '../db/engine/port';
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

export async function passwordVersion(db: Queryable, userId: number): Promise<number | null> {
  return (await db.values<number>(`SELECT password_version FROM app_user WHERE id = ?`, [userId]))[0] ?? null;
}

/**
 * The session as it stands now: the user with their current groups and provider, or why the
 * session ended (disabled or removed, password changed, idle too long).
 */
export async function recheckSession(db: Queryable, state: SessionState, now: number): Promise<{ state: SessionState } | { ended: string }> {
  const user = await loadSessionUser(db, state.user.id);
  if (!user) return { ended: 'Your account was disabled: you were signed out. Ask an administrator if this is a mistake.' };
  const version = (await passwordVersion(db, user.id))!;
  if (state.passwordVersion !== null && version !== state.passwordVersion) {
    return { ended: 'Your password was changed: you were signed out. Sign in with the new password.' };
  }
  if (state.withPassword) {
    const idle = await getSetting<number>(db, 'session.idleLockMinutes');
    if (idle > 0 && now - state.lastCallAt > idle * 60_000) {
      return { ended: `You were signed out after ${idle} minutes without activity. Sign in again to continue.` };
    }
  }
  return { state: { ...state, user, passwordVersion: version, lastCallAt: now } };
}
