import type { MigrationInterface, QueryRunner } from 'typeorm';
import { execute } from './engine-sql';

/**
 * The money path's settings (DESIGN.md sections 4 and 5): the agency's time zone, whose calendar
 * gives "today" everywhere, and the agency's own money limits, effective-dated like the
 * calculation's settings. A limit of 0 means the agency sets none (the file formats' own limits
 * always apply). A batch above the batch limit waits for a second Payor's release.
 */
export const MONEY_PATH_SETTINGS = {
  'agency.timeZone': 'America/Chicago',
  'export.entryLimitCents': 0,
  'export.batchLimitCents': 0,
  /** $999,999.99: one check above it is left out of the export. */
  'export.checkLimitCents': 99_999_999,
} as const;

export class MoneyPathSettings0006 implements MigrationInterface {
  name = 'MoneyPathSettings1764028800006';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [key, value] of Object.entries(MONEY_PATH_SETTINGS)) {
      await execute(
        queryRunner,
        {
          sqlite: `INSERT OR IGNORE INTO setting (key, effective_from, value) VALUES (?, '1900-01-01', ?)`,
          postgres: `INSERT INTO setting (key, effective_from, value) VALUES (?, '1900-01-01', ?) ON CONFLICT (key, effective_from) DO NOTHING`,
        },
        [key, JSON.stringify(value)],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const keys = Object.keys(MONEY_PATH_SETTINGS);
    await execute(queryRunner, `DELETE FROM setting WHERE key IN (${keys.map(() => '?').join(',')})`, keys);
  }
}
