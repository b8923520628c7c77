import type { MigrationInterface, QueryRunner } from 'typeorm';
import { engineOf, execute } from './engine-sql';

/**
 * The session rules of DESIGN.md section 9: a password version per user (a reset ends every open
 * session of that user), and the sign-in failures per user name (growing delays, then a lockout
 * for a while), with the lockout's settings.
 */
export const SESSION_SETTING_DEFAULTS = {
  /** Failed sign-ins in a row (each waited out) before the user name is locked. */
  'session.lockoutAfterFailures': 5,
  /** How long a locked user name stays locked. */
  'session.lockoutMinutes': 15,
} as const;

export class SessionRules0010 implements MigrationInterface {
  name = 'SessionRules1764028800010';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Integers are bigint on PostgreSQL, as in migration 0001.
    const INT = engineOf(queryRunner) === 'postgres' ? 'bigint' : 'INTEGER';
    await queryRunner.query(`ALTER TABLE app_user ADD COLUMN password_version ${INT} NOT NULL DEFAULT 1`);
    // Keyed by the lower-cased name tried, known or not, so the answers never tell which names exist.
    await queryRunner.query(`CREATE TABLE sign_in_failure (
      username TEXT PRIMARY KEY,
      failures ${INT} NOT NULL,
      last_failure_at TEXT NOT NULL,
      locked_until TEXT
    )`);
    for (const [key, value] of Object.entries(SESSION_SETTING_DEFAULTS)) {
      await execute(
        queryRunner,
        {
          sqlite: `INSERT OR IGNORE INTO setting (key, effective_from, value) VALUES (?, '1900-01-01', ?)`,
          postgres: `INSERT INTO setting (key, effective_from, value) VALUES (?, '1900-01-01', ?) ON CONFLICT DO NOTHING`,
        },
        [key, JSON.stringify(value)],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE sign_in_failure`);
    await queryRunner.query(`ALTER TABLE app_user DROP COLUMN password_version`);
    const keys = Object.keys(SESSION_SETTING_DEFAULTS);
    await execute(queryRunner, `DELETE FROM setting WHERE key IN (${keys.map(() => '?').join(',')})`, keys);
  }
}
