import type { MigrationInterface, QueryRunner } from 'typeorm';
import { engineOf } from './engine-sql';

/**
 * Printed attendance sheets (issue #16, CareControl 4's "Printed"): when a payment's sheet was
 * printed, by whom, and how often. One row per payment; printing again updates it (each printing
 * also appends an audit event on the payment). Not a status: the payment's workflow state is not
 * touched.
 */
export class AttendanceSheets0018 implements MigrationInterface {
  name = 'AttendanceSheets1764028800018';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = engineOf(queryRunner) === 'postgres';
    const int = postgres ? 'bigint' : 'INTEGER';
    const deferrable = postgres ? ' DEFERRABLE INITIALLY IMMEDIATE' : '';
    await queryRunner.query(`CREATE TABLE attendance_sheet (
      payment_id ${int} PRIMARY KEY REFERENCES payment (id)${deferrable},
      first_printed_at TEXT NOT NULL,
      printed_at TEXT NOT NULL,
      printed_by TEXT NOT NULL,
      print_count ${int} NOT NULL DEFAULT 1 CHECK (print_count >= 1),
      CHECK (printed_at >= first_printed_at)
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE attendance_sheet`);
  }
}
