import type { MigrationInterface, QueryRunner } from 'typeorm';

// The audit trail is append-only: the database itself refuses to change or remove an event,
// so neither a bug nor a hand-edit with a SQLite tool can rewrite history unnoticed.
export class AuditAppendOnly0002 implements MigrationInterface {
  name = 'AuditAppendOnly1764028800002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_event_no_update`);
    await queryRunner.query(`DROP TRIGGER audit_event_no_delete`);
  }
}
