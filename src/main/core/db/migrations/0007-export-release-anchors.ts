import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The money path's export records (DESIGN.md sections 5 and 9):
 * - export_release: a batch above the agency's batch limit waits here for a second Payor's
 *   release; the request keeps exactly which items and what total were asked for.
 * - export_batch.anchor_event_id / anchor_hash: the audit chain's head when the batch committed,
 *   also written into the batch's manifest and summary PDF, so a cut-off or rewritten trail is found.
 * - export_batch.released_by / release_id: who released a batch that needed it.
 * - export_batch.files_error / files_failed_at: why its files could not be written, last time
 *   (cleared once they are): the repair reports it and carries on with the other batches.
 */
export class ExportReleaseAnchors0007 implements MigrationInterface {
  name = 'ExportReleaseAnchors1764028800007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE export_release (
      id INTEGER PRIMARY KEY,
      period_id INTEGER NOT NULL REFERENCES service_period(id),
      payor_id INTEGER NOT NULL REFERENCES payor(id),
      requested_by INTEGER NOT NULL REFERENCES app_user(id),
      requested_at TEXT NOT NULL,
      item_count INTEGER NOT NULL,
      total_cents INTEGER NOT NULL,
      limit_cents INTEGER NOT NULL,
      payment_ids TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('waiting', 'released', 'cancelled', 'superseded')),
      decided_by INTEGER REFERENCES app_user(id),
      decided_at TEXT,
      batch_id INTEGER REFERENCES export_batch(id)
    )`);
    await queryRunner.query(`CREATE INDEX export_release_status ON export_release(status, period_id, payor_id)`);
    await queryRunner.query(`ALTER TABLE export_batch ADD COLUMN anchor_event_id INTEGER`);
    await queryRunner.query(`ALTER TABLE export_batch ADD COLUMN anchor_hash TEXT`);
    await queryRunner.query(`ALTER TABLE export_batch ADD COLUMN released_by INTEGER REFERENCES app_user(id)`);
    await queryRunner.query(`ALTER TABLE export_batch ADD COLUMN release_id INTEGER REFERENCES export_release(id)`);
    await queryRunner.query(`ALTER TABLE export_batch ADD COLUMN files_error TEXT`);
    await queryRunner.query(`ALTER TABLE export_batch ADD COLUMN files_failed_at TEXT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['files_failed_at', 'files_error', 'release_id', 'released_by', 'anchor_hash', 'anchor_event_id']) {
      await queryRunner.query(`ALTER TABLE export_batch DROP COLUMN ${column}`);
    }
    await queryRunner.query(`DROP TABLE export_release`);
  }
}
