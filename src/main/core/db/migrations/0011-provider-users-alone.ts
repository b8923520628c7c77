import type BetterSqlite3 from 'better-sqlite3';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendAudit, SYSTEM_ACTOR } from '../../audit/chain';

/**
 * A Provider-group user belongs to no other group (DESIGN.md section 9). Before this rule a
 * provider's login could also be an Approver or Payor and authorize its own provider's payment:
 * such a user keeps the Provider group and loses the staff groups, with an audit event, and the
 * administrators find a notice (the new `admin_notice` table, shown in Settings > Users).
 */
export class ProviderUsersAlone0011 implements MigrationInterface {
  name = 'ProviderUsersAlone1764028800011';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE admin_notice (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      created_at TEXT NOT NULL,
      topic TEXT NOT NULL,
      message TEXT NOT NULL,
      dismissed_at TEXT,
      dismissed_by INTEGER REFERENCES app_user (id)
    )`);
    // The audit chain is appended by the core's own function, on the connection the migration runs on.
    const sql = (queryRunner.connection.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
    const mixed = sql
      .prepare(
        `SELECT u.id, u.username, u.provider_id AS providerId, group_concat(g.group_name) AS groups
         FROM app_user u JOIN user_group g ON g.user_id = u.id
         WHERE u.id IN (SELECT user_id FROM user_group WHERE group_name = 'Provider')
         GROUP BY u.id HAVING count(*) > 1 ORDER BY u.id`,
      )
      .all() as Array<{ id: number; username: string; providerId: number | null; groups: string }>;
    const at = new Date().toISOString();
    for (const user of mixed) {
      const before = user.groups.split(',').sort();
      const removed = before.filter((g) => g !== 'Provider');
      sql.prepare(`DELETE FROM user_group WHERE user_id = ? AND group_name <> 'Provider'`).run(user.id);
      appendAudit(sql, {
        actor: SYSTEM_ACTOR,
        at,
        entity: 'user',
        entityId: user.id,
        action: 'set-groups',
        before: { groups: before, providerId: user.providerId },
        after: { groups: ['Provider'], providerId: user.providerId },
        comment: 'A Provider-group user belongs to no other group (PayDesk update, migration 0011).',
      });
      sql
        .prepare(`INSERT INTO admin_notice (created_at, topic, message) VALUES (?, 'users', ?)`)
        .run(
          at,
          `${user.username} was in the Provider group and in ${removed.join(', ')}. A provider's login may not take staff actions, so ${user.username} is now in the Provider group only. If this person also works for the agency, give them a separate staff account.`,
        );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE admin_notice`);
  }
}
