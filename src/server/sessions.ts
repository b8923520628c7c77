import { createHash, randomBytes } from 'node:crypto';
import type { Connection, Core } from '../main/core/core';

// The server's sessions: a random token (the cookie's value, or the bearer token) for each
// sign-in, each with its own core Connection, so the core's session rules (rights read again on
// every call, idle expiry, disabled users, changed passwords) apply to every call. The map is
// keyed by the token's SHA-256, never the token itself; a session the core ended is forgotten at
// its next use, an unused one after the idle time (or a day), and there are at most MAX.

const MAX = 5000;
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export interface ServerSession {
  connection: Connection;
  userId: number;
  /** When the session last made a call (the idle clock the server's event stream also follows). */
  lastCallAt: number;
  /** Signed out, or ended by the core: its event stream closes. */
  ended: boolean;
}

const keyOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class ServerSessions {
  private readonly sessions = new Map<string, ServerSession>();

  constructor(private readonly core: Core) {}

  /** A new connection to sign in with; kept only if the sign-in succeeds (`add`). */
  fresh(): Connection {
    return this.core.connect(null);
  }

  add(connection: Connection, userId: number): string {
    const token = randomBytes(32).toString('base64url');
    const now = this.core.now().getTime();
    this.sessions.set(keyOf(token), { connection, userId, lastCallAt: now, ended: false });
    for (const [key, s] of this.sessions) {
      if (this.sessions.size <= MAX && now - s.lastCallAt < FORGET_AFTER_MS) break;
      this.forget(key);
    }
    return token;
  }

  get(token: string | null): ServerSession | null {
    if (!token || token.length > 200) return null;
    const key = keyOf(token);
    const session = this.sessions.get(key);
    if (!session) return null;
    // Re-inserted: the map stays in order of use, the oldest first.
    this.sessions.delete(key);
    this.sessions.set(key, session);
    return session;
  }

  /** The core ended it (idle, disabled, password changed) or the user signed out. */
  end(token: string): void {
    this.forget(keyOf(token));
  }

  private forget(key: string): void {
    const s = this.sessions.get(key);
    if (s) s.ended = true;
    this.sessions.delete(key);
  }

  /** Forgets the sessions idle for longer than `idleMinutes` (0: never idle out), or for a day. */
  sweep(idleMinutes: number, now = this.core.now().getTime()): void {
    const limit = idleMinutes > 0 ? Math.min(idleMinutes * 60_000, FORGET_AFTER_MS) : FORGET_AFTER_MS;
    for (const [key, s] of this.sessions) if (now - s.lastCallAt > limit) this.forget(key);
  }

  all(): ServerSession[] {
    return [...this.sessions.values()];
  }

  get size(): number {
    return this.sessions.size;
  }
}
