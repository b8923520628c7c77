import type { ProgressEvent } from '../../shared/api/common';
import type { SessionUser } from '../../shared/api/contract/session';
import type { Actor } from './audit/chain';
import type { Store } from './db/store';
import type { FailureRow } from './session/throttle';

/** What every handler is told: the database, who is calling, and how to report progress. */
export interface HandlerContext {
  store: Store;
  /** The signed-in user, or null before sign-in. */
  caller: SessionUser | null;
  /** Why this session was signed out by the core (disabled user, password reset, idle), if it was. */
  signedOutBecause?: string | null;
  /** Begins a session signed in with a password, at the user's current password version. */
  signIn(user: SessionUser, passwordVersion: number): void;
  signOut(): void;
  emit(event: ProgressEvent): void;
  now(): Date;
  log(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
  /** Core-wide operations a few handlers need (switching to the demo database). */
  host: CoreHostOperations;
}

export interface CoreHostOperations {
  readonly dataDir: string;
  /**
   * The open database's export folder until the agency sets one (Settings → Agency and bank):
   * `exports/` in the data folder for a file, `postgres/HOST-PORT-DATABASE-exports/` there for a
   * PostgreSQL database (db/engine/key-location.ts), so two databases never share batch folders.
   */
  readonly exportsDir: string;
  readonly isDemo: boolean;
  /** Sign-in failures counted while the database is read-only (nothing is written to it then). */
  readonly signInFailures: Map<string, FailureRow>;
  /** Set by `paydesk serve`: what app-status tells clients about the server (its certificate). */
  readonly server?: { certificateFingerprint: string };
  openDatabase(file: string, options?: { demo?: boolean }): Promise<void>;
  /** Puts a checked backup in the open database's place and opens it; the replaced file is kept aside. */
  restoreDatabase(backup: string): Promise<{ keptAs: string | null }>;
}

/** The actor recorded in the audit trail for a signed-in user taking a step as one of their groups. */
export function actorOf(user: SessionUser, group: Actor['group']): Actor {
  return { userId: user.id, username: user.username, group };
}
