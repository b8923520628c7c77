import type { Queryable } from '../db/engine/port';
import { AppError } from '../../../shared/api/errors';
import { getSetting } from '../settings/settings';

// Sign-in failures (DESIGN.md section 9): after each failed sign-in of a user name the next try
// must wait a little longer (1, 2, 4, 8… seconds), and after `session.lockoutAfterFailures`
// failures the name is locked for `session.lockoutMinutes`. Counted per name tried, known or not,
// with the same answers for both, so they never tell which names exist.

export interface FailureRow {
  failures: number;
  lastFailureAt: string;
  lockedUntil: string | null;
}

/** Where failures are counted: the database, or memory while the database is read-only. */
export interface FailureBook {
  get(name: string): Promise<FailureRow | undefined>;
  set(name: string, row: FailureRow): Promise<void>;
  clear(name: string): Promise<void>;
}

export function databaseBook(db: Queryable): FailureBook {
  return {
    get: (name) => db.one<FailureRow>(`SELECT failures, last_failure_at AS lastFailureAt, locked_until AS lockedUntil FROM sign_in_failure WHERE username = ?`, [name]),
    set: async (name, row) => {
      await db.run(
        `INSERT INTO sign_in_failure (username, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
        [name, row.failures, row.lastFailureAt, row.lockedUntil],
      );
    },
    clear: async (name) => {
      await db.run(`DELETE FROM sign_in_failure WHERE username = ?`, [name]);
    },
  };
}

export function memoryBook(map: Map<string, FailureRow>): FailureBook {
  return {
    get: (name) => Promise.resolve(map.get(name)),
    set: (name, row) => Promise.resolve(void map.set(name, row)),
    clear: (name) => Promise.resolve(void map.delete(name)),
  };
}

export interface LockoutSettings {
  afterFailures: number;
  minutes: number;
}

export async function lockoutSettings(db: Queryable): Promise<LockoutSettings> {
  return { afterFailures: await getSetting<number>(db, 'session.lockoutAfterFailures'), minutes: await getSetting<number>(db, 'session.lockoutMinutes') };
}

/** Seconds to wait after the n-th failure in a row before the next try is looked at. */
export function delaySeconds(failures: number): number {
  return failures <= 0 ? 0 : Math.min(2 ** (failures - 1), 60);
}

const clock = (iso: string) => new Date(iso).toISOString().slice(11, 16);

function lockedMessage(until: string, now: Date): string {
  const minutes = Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 60_000));
  return `Too many failed sign-ins: this user name is locked until ${clock(until)} UTC (${minutes} minute${minutes === 1 ? '' : 's'}). Try again then, or ask an administrator.`;
}

/** The refusal of a try that comes during a lockout or before the wait is over; null when it may go ahead. */
export function tryRefusal(row: FailureRow | undefined, now: Date): AppError | null {
  if (!row) return null;
  if (row.lockedUntil && Date.parse(row.lockedUntil) > now.getTime()) {
    return new AppError({ code: 'REFUSED', rule: 'session.locked', message: lockedMessage(row.lockedUntil, now) });
  }
  if (row.lockedUntil) return null; // the lockout is over: a fresh start
  const ready = Date.parse(row.lastFailureAt) + delaySeconds(row.failures) * 1000;
  if (ready > now.getTime()) {
    const seconds = Math.ceil((ready - now.getTime()) / 1000);
    return new AppError({
      code: 'REFUSED',
      rule: 'session.wait',
      message: `Wait ${seconds} second${seconds === 1 ? '' : 's'} before trying again (${row.failures} failed sign-in${row.failures === 1 ? '' : 's'} in a row).`,
    });
  }
  return null;
}

/** Counts a failure; returns the row written and whether it locked the name just now. */
export async function recordFailure(book: FailureBook, name: string, now: Date, settings: LockoutSettings): Promise<{ row: FailureRow; locked: boolean }> {
  const previous = await book.get(name);
  const failures = (previous && !previous.lockedUntil ? previous.failures : 0) + 1;
  const locked = failures >= settings.afterFailures;
  const row: FailureRow = {
    failures,
    lastFailureAt: now.toISOString(),
    lockedUntil: locked ? new Date(now.getTime() + settings.minutes * 60_000).toISOString() : null,
  };
  await book.set(name, row);
  return { row, locked };
}

/** What a failed try is told: the plain refusal, and the wait or the lockout that now applies. */
export function failureMessage(row: FailureRow, now: Date): string {
  const base = 'Unknown user name or wrong password.';
  if (row.lockedUntil) return `${base} ${lockedMessage(row.lockedUntil, now)}`;
  const seconds = delaySeconds(row.failures);
  return `${base} Wait ${seconds} second${seconds === 1 ? '' : 's'} before trying again.`;
}
