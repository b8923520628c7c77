import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { getSetting } from '../settings/settings';

/**
 * Separation of duties (setting workflow.separationOfDuties, on by default): the user who
 * authorized an item may not start the export run that pays it. The export calls this before
 * exporting; refused with the items this user authorized.
 */
export function assertMayExport(sql: BetterSqlite3.Database, paymentIds: readonly number[], user: Pick<SessionUser, 'id' | 'username'>): void {
  if (!getSetting<boolean>(sql, 'workflow.separationOfDuties')) return;
  const own = (
    sql
      .prepare(`SELECT p.id FROM payment p JOIN json_each(?) j ON j.value = p.id WHERE p.authorized_by = ? ORDER BY p.id`)
      .all(JSON.stringify(paymentIds), user.id) as { id: number }[]
  ).map((r) => r.id);
  if (own.length === 0) return;
  const shown = own.slice(0, 20).join(', ') + (own.length > 20 ? ` and ${own.length - 20} more` : '');
  throw new AppError({
    code: 'REFUSED',
    rule: 'export.separation-of-duties',
    message: `Separation of duties: ${user.username} authorized payment${own.length === 1 ? '' : 's'} ${shown}, so another user must start the export that pays ${own.length === 1 ? 'it' : 'them'}.`,
  });
}
