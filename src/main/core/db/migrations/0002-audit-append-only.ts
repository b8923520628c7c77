import type { MigrationInterface, QueryRunner } from 'typeorm';
import { engineOf } from './engine-sql';

// PostgreSQL: one trigger function refuses UPDATE and DELETE of a row, and TRUNCATE too (which
// row triggers do not see; SQLite has no TRUNCATE), with the same words as SQLite's triggers.
const POSTGRES_UP = [
  `CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP; END $$`,
  `CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`,
  `CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`,
  `CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`,
];
const POSTGRES_DOWN = [
  `DROP TRIGGER audit_event_no_truncate ON audit_event`,
  `DROP TRIGGER audit_event_no_delete ON audit_event`,
  `DROP TRIGGER audit_event_no_update ON audit_event`,
  `DROP FUNCTION audit_event_append_only()`,
];

// The audit trail is append-only: the database itself refuses to change or remove an event,
// so neither a bug nor a hand-edit with a SQLite tool can rewrite history unnoticed.
export class AuditAppendOnly0002 implements MigrationInterface {
  name = 'AuditAppendOnly1764028800002';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (engineOf(queryRunner) === 'postgres') {
      for (const sql of POSTGRES_UP) await queryRunner.query(sql);
      return;
    }
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
    if (engineOf(queryRunner) === 'postgres') {
      for (const sql of POSTGRES_DOWN) await queryRunner.query(sql);
      return;
    }
    await queryRunner.query(`DROP TRIGGER audit_event_no_update`);
    await queryRunner.query(`DROP TRIGGER audit_event_no_delete`);
  }
}
