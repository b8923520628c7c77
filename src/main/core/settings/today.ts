import type BetterSqlite3 from 'better-sqlite3';
import { isTimeZone, localDateIn } from '../../../shared/domain/dates';
import { getSetting } from './settings';
import { isPort } from '../db/engine/legacy';
import type { Queryable } from '../db/engine/port';

// "Today" for the core: the agency's local date (DESIGN.md section 4). Every check against today
// (attendance days, signatures, confirmations, birth dates, effective dates, the default period)
// and every date the core stamps (an export batch's date) comes from here.

export const DEFAULT_TIME_ZONE = 'America/Chicago';

const zoneOf = (zone: unknown): string => (typeof zone === 'string' && isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE);

/** The agency's time zone (setting agency.timeZone); the default when unset or unknown here. */
export function agencyTimeZone(db: Queryable): Promise<string>;
/** @deprecated phase B (db/engine/PHASE-B.md): pass the port. */
export function agencyTimeZone(sql: BetterSqlite3.Database): string;
export function agencyTimeZone(on: Queryable | BetterSqlite3.Database): string | Promise<string> {
  if (isPort(on)) return getSetting<string>(on, 'agency.timeZone').then(zoneOf);
  return zoneOf(getSetting<string>(on, 'agency.timeZone'));
}

const instant = (now: Date | string): Date => (typeof now === 'string' ? new Date(now) : now);

/** The agency's local date at `now` (an instant, or its UTC ISO text). */
export function agencyToday(db: Queryable, now: Date | string): Promise<string>;
/** @deprecated phase B (db/engine/PHASE-B.md): pass the port. */
export function agencyToday(sql: BetterSqlite3.Database, now: Date | string): string;
export function agencyToday(on: Queryable | BetterSqlite3.Database, now: Date | string): string | Promise<string> {
  if (isPort(on)) return agencyTimeZone(on).then((zone) => localDateIn(zone, instant(now)));
  return localDateIn(agencyTimeZone(on), instant(now));
}
