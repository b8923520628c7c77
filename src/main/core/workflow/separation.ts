import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { getSetting } from '../settings/settings';
import type { Queryable } from '../db/engine/port';

/**
 * Separation of duties (setting workflow.separationOfDuties, on by default): the user who
 * authorized an item may not start the export run that pays it. The export calls this before
 * exporting; refused with the items this user authorized.
 */
export async function assertMayExport(db: Queryable, paymentIds: readonly number[], user: Pick<SessionUser, 'id' | 'username'>): Promise<void> {
  if (!(await getSetting<boolean>(db, 'workflow.separationOfDuties'))) return;
  const own = await db.values<number>(`SELECT p.id FROM payment p JOIN ${db.dialect.idsFromJson} j ON j.value = p.id WHERE p.authorized_by = ? ORDER BY p.id`, [
    JSON.stringify(paymentIds),
    user.id,
  ]);
  if (own.length === 0) return;
  const shown = own.slice(0, 20).join(', ') + (own.length > 20 ? ` and ${own.length - 20} more` : '');
  throw new AppError({
    code: 'REFUSED',
    rule: 'export.separation-of-duties',
    message: `Separation of duties: ${user.username} authorized payment${own.length === 1 ? '' : 's'} ${shown}, so another user must start the export that pays ${own.length === 1 ? 'it' : 'them'}.`,
  });
}
