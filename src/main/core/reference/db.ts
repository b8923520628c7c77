import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import type { Group } from '../../../shared/domain/words';
import type { Actor } from '../audit/chain';
import { actorOf, type HandlerContext } from '../context';
import { agencyToday } from '../settings/today';
import type { Queryable } from '../db/engine/port';

// Small helpers shared by the reference-data handlers.

export function signedIn(ctx: HandlerContext): SessionUser {
  if (!ctx.caller) throw new AppError({ code: 'NOT_SIGNED_IN', message: 'Sign in first.' });
  return ctx.caller;
}

/** Reference data is changed by Administrators: the audit trail records them as such. */
export function adminActor(ctx: HandlerContext): Actor {
  return actorOf(signedIn(ctx), 'Administrator');
}

/** The caller acting as the first of their groups that the step allows. */
export function actorAs(user: SessionUser, allowed: readonly Group[]): Actor {
  return actorOf(user, allowed.find((g) => user.groups.includes(g)) ?? user.groups[0] ?? 'Administrator');
}

export const nowIso = (ctx: HandlerContext): string => ctx.now().toISOString();
/** The agency's local date now (setting agency.timeZone), not the UTC date. */
export function today(ctx: HandlerContext, db: Queryable): Promise<string> {
  return agencyToday(db, ctx.now());
}

export function notFound(what: string, id: number): AppError {
  return new AppError({ code: 'NOT_FOUND', message: `There is no ${what} ${id}.` });
}

/** Only the keys whose values differ, as {before, after}: what an update event records. */
export function diff<T extends object>(before: T, after: T): { before: Partial<T>; after: Partial<T> } | null {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (before[key] !== after[key]) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return Object.keys(a).length > 0 ? { before: b, after: a } : null;
}
