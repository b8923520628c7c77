import type BetterSqlite3 from 'better-sqlite3';
import { isTimeZone, localDateIn } from '../../../shared/domain/dates';
import { getSetting } from './settings';

// "Today" for the core: the agency's local date (DESIGN.md section 4). Every check against today
// (attendance days, signatures, confirmations, birth dates, effective dates, the default period)
// and every date the core stamps (an export batch's date) comes from here.

export const DEFAULT_TIME_ZONE = 'America/Chicago';

/** The agency's time zone (setting agency.timeZone); the default when unset or unknown here. */
export function agencyTimeZone(sql: BetterSqlite3.Database): string {
  const zone = getSetting<string>(sql, 'agency.timeZone');
  return typeof zone === 'string' && isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
}

/** The agency's local date at `now` (an instant, or its UTC ISO text). */
export function agencyToday(sql: BetterSqlite3.Database, now: Date | string): string {
  return localDateIn(agencyTimeZone(sql), typeof now === 'string' ? new Date(now) : now);
}
