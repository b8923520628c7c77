import type { ProgressEvent } from '../../shared/api/common';
import type { SessionUser } from '../../shared/api/contract/session';
import type { Actor } from './audit/chain';
import type { Store } from './db/store';

/** What every handler is told: the database, who is calling, and how to report progress. */
export interface HandlerContext {
  store: Store;
  /** The signed-in user, or null before sign-in. */
  caller: SessionUser | null;
  /** Why this session was signed out by the core (disabled user, password reset, idle), if it was. */
  signedOutBecause?: string | null;
  signIn(user: SessionUser): void;
  signOut(): void;
  emit(event: ProgressEvent): void;
  now(): Date;
  log(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
  /** Core-wide operations a few handlers need (switching to the demo database). */
  host: CoreHostOperations;
}

export interface CoreHostOperations {
  readonly dataDir: string;
  readonly isDemo: boolean;
  openDatabase(file: string, options?: { demo?: boolean }): Promise<void>;
}

/** The actor recorded in the audit trail for a signed-in user taking a step as one of their groups. */
export function actorOf(user: SessionUser, group: Actor['group']): Actor {
  return { userId: user.id, username: user.username, group };
}
