import type { MigrationInterface, QueryRunner } from 'typeorm';
import { execute } from './engine-sql';

/**
 * License numbers and case numbers are matched case-insensitively (issue 11, finding 5):
 * "lic-100001" in an import is provider LIC-100001, not a second provider. These indexes serve
 * the `= ? COLLATE NOCASE` lookups; uniqueness regardless of case is checked where a number is
 * saved (a database may already hold two spellings, which a unique index would refuse to build).
 */
export class IdentifiersNocase0008 implements MigrationInterface {
  name = 'IdentifiersNocase1764028800008';

  async up(queryRunner: QueryRunner): Promise<void> {
    // On PostgreSQL the nocase collation of migration 0001 (ICU, level 2).
    await execute(queryRunner, {
      sqlite: `CREATE INDEX provider_license_nocase ON provider(license_number COLLATE NOCASE)`,
      postgres: `CREATE INDEX provider_license_nocase ON provider(license_number COLLATE nocase)`,
    });
    await execute(queryRunner, {
      sqlite: `CREATE INDEX child_case_nocase ON child(case_number COLLATE NOCASE)`,
      postgres: `CREATE INDEX child_case_nocase ON child(case_number COLLATE nocase)`,
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX child_case_nocase`);
    await queryRunner.query(`DROP INDEX provider_license_nocase`);
  }
}
