import type BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_SETTINGS } from '../db/migrations/0003-default-settings';
import { MONEY_PATH_SETTINGS } from '../db/migrations/0006-money-path-settings';
import { SESSION_SETTING_DEFAULTS } from '../db/migrations/0010-session-rules';
import { BACKUP_SETTING_DEFAULTS } from '../db/migrations/0012-backup-settings';
import { prepared } from '../db/prepared';

// Settings are effective-dated: the value in force on a date is the one with the latest
// effective_from on or before it. Settings without a date of their own use 1900-01-01.

/**
 * Every setting's default, as the migrations that brought each one seed it: used when the table
 * has no row for it (a row removed by hand).
 */
export const SETTING_DEFAULTS: Readonly<Record<string, unknown>> = { ...DEFAULT_SETTINGS, ...MONEY_PATH_SETTINGS, ...SESSION_SETTING_DEFAULTS, ...BACKUP_SETTING_DEFAULTS };

export type SettingKey = (
  | keyof typeof DEFAULT_SETTINGS
  | keyof typeof MONEY_PATH_SETTINGS
  | keyof typeof SESSION_SETTING_DEFAULTS
  | keyof typeof BACKUP_SETTING_DEFAULTS
) &
  string;

export function getSetting<T>(sql: BetterSqlite3.Database, key: SettingKey, onDate = '9999-12-31'): T {
  const row = prepared(sql, `SELECT value FROM setting WHERE key = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1`).get(key, onDate) as
    | { value: string }
    | undefined;
  if (!row) return SETTING_DEFAULTS[key] as T;
  return JSON.parse(row.value) as T;
}

export function setSetting(sql: BetterSqlite3.Database, key: SettingKey, value: unknown, effectiveFrom = '1900-01-01'): void {
  sql
    .prepare(
      `INSERT INTO setting (key, effective_from, value) VALUES (?, ?, ?)
       ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value`,
    )
    .run(key, effectiveFrom, JSON.stringify(value));
}
