import type BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_SETTINGS } from '../db/migrations/0003-default-settings';
import { MONEY_PATH_SETTINGS } from '../db/migrations/0006-money-path-settings';
import { SESSION_SETTING_DEFAULTS } from '../db/migrations/0010-session-rules';
import { BACKUP_SETTING_DEFAULTS } from '../db/migrations/0012-backup-settings';
import { PAYMENT_BASIS_SETTINGS } from '../db/migrations/0015-payment-basis';
import { RECOVERY_SETTINGS } from '../db/migrations/0016-recovery';
import { QA_SAMPLE_SETTINGS } from '../db/migrations/0017-qa-sample';
import { prepared } from '../db/prepared';
import { isPort } from '../db/engine/legacy';
import type { Queryable } from '../db/engine/port';

// Settings are effective-dated: the value in force on a date is the one with the latest
// effective_from on or before it. Settings without a date of their own use 1900-01-01.

/**
 * Every setting's default, as the migrations that brought each one seed it: used when the table
 * has no row for it (a row removed by hand).
 */
export const SETTING_DEFAULTS: Readonly<Record<string, unknown>> = { ...DEFAULT_SETTINGS, ...MONEY_PATH_SETTINGS, ...SESSION_SETTING_DEFAULTS, ...BACKUP_SETTING_DEFAULTS, ...PAYMENT_BASIS_SETTINGS, ...RECOVERY_SETTINGS, ...QA_SAMPLE_SETTINGS };

export type SettingKey = (
  | keyof typeof DEFAULT_SETTINGS
  | keyof typeof MONEY_PATH_SETTINGS
  | keyof typeof SESSION_SETTING_DEFAULTS
  | keyof typeof BACKUP_SETTING_DEFAULTS
  | keyof typeof PAYMENT_BASIS_SETTINGS
  | keyof typeof RECOVERY_SETTINGS
  | keyof typeof QA_SAMPLE_SETTINGS
) &
  string;

const GET = `SELECT value FROM setting WHERE key = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1`;
const SET = `INSERT INTO setting (key, effective_from, value) VALUES (?, ?, ?)
       ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value`;

const parsed = <T>(key: SettingKey, row: { value: string } | undefined): T => (row ? (JSON.parse(row.value) as T) : (SETTING_DEFAULTS[key] as T));

/** The value in force on `onDate` (default: the latest), or the setting's default. */
export function getSetting<T>(db: Queryable, key: SettingKey, onDate?: string): Promise<T>;
/** @deprecated phase B (db/engine/PHASE-B.md): pass the port (`tx.db`, `store.db`). */
export function getSetting<T>(sql: BetterSqlite3.Database, key: SettingKey, onDate?: string): T;
export function getSetting<T>(on: Queryable | BetterSqlite3.Database, key: SettingKey, onDate = '9999-12-31'): T | Promise<T> {
  // Read once per transaction (on PostgreSQL, a round trip saved per action that asks again), until it writes a setting.
  if (isPort(on)) return on.cached('setting', `${key}\u0000${onDate}`, () => on.one<{ value: string }>(GET, [key, onDate])).then((row) => parsed<T>(key, row));
  return parsed<T>(key, prepared(on, GET).get(key, onDate) as { value: string } | undefined);
}

/** Sets a value from a date on (default: from the start), replacing one set from the same date. */
export function setSetting(db: Queryable, key: SettingKey, value: unknown, effectiveFrom?: string): Promise<void>;
/** @deprecated phase B (db/engine/PHASE-B.md): pass the port (`tx.db`). */
export function setSetting(sql: BetterSqlite3.Database, key: SettingKey, value: unknown, effectiveFrom?: string): void;
export function setSetting(on: Queryable | BetterSqlite3.Database, key: SettingKey, value: unknown, effectiveFrom = '1900-01-01'): void | Promise<void> {
  const params = [key, effectiveFrom, JSON.stringify(value)];
  if (isPort(on)) return on.run(SET, params).then(() => undefined);
  prepared(on, SET).run(params);
}

/**
 * An effective-dated setting as Settings shows it: the value in force on a date, since when, and
 * every value with its start date (oldest first); the default when the table has no row in force.
 */
export async function datedSetting(db: Queryable, key: SettingKey, onDate: string) {
  const history = (
    await db.rows<{ effectiveFrom: string; value: string }>(`SELECT effective_from AS effectiveFrom, value FROM setting WHERE key = ? ORDER BY effective_from`, [key])
  ).map((r) => ({ effectiveFrom: r.effectiveFrom, value: JSON.parse(r.value) as unknown }));
  const current = [...history].reverse().find((h) => h.effectiveFrom <= onDate) ?? { effectiveFrom: '1900-01-01', value: SETTING_DEFAULTS[key] };
  return { value: current.value, effectiveFrom: current.effectiveFrom, history };
}
