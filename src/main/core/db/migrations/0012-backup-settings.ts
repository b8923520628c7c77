import type { MigrationInterface, QueryRunner } from 'typeorm';
import { execute } from './engine-sql';

/** Backups (DESIGN.md section 9): how many of the daily and on-demand backups are kept. */
export const BACKUP_SETTING_DEFAULTS = {
  'backup.generations': 14,
} as const;

export class BackupSettings0012 implements MigrationInterface {
  name = 'BackupSettings1764028800012';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [key, value] of Object.entries(BACKUP_SETTING_DEFAULTS)) {
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
    const keys = Object.keys(BACKUP_SETTING_DEFAULTS);
    await execute(queryRunner, `DELETE FROM setting WHERE key IN (${keys.map(() => '?').join(',')})`, keys);
  }
}
