import { AppError } from '../../../shared/api/errors';
import type { AdminNotice } from '../../../shared/api/contract/notices';
import { appendAudit, actorFor, AUDIT_CHAIN_LOCK } from '../audit/chain';
import type { HandlerImpls } from '../registry';

// The administrators' notices (admin_notice, migration 0011): listed until one of them dismisses it.

export const noticesHandlers: HandlerImpls<'notices-list' | 'notices-dismiss'> = {
  'notices-list': (_args, ctx) =>
    ctx.store.read(({ db }) => db.rows<AdminNotice>(`SELECT id, created_at AS createdAt, topic, message FROM admin_notice WHERE dismissed_at IS NULL ORDER BY id`)),

  'notices-dismiss': (args, ctx) =>
    ctx.store.run(
      async ({ db }) => {
        const at = ctx.now().toISOString();
        const caller = ctx.caller!;
        const done = await db.run(`UPDATE admin_notice SET dismissed_at = ?, dismissed_by = ? WHERE id = ? AND dismissed_at IS NULL`, [at, caller.id || null, args.noticeId]);
        if (done.changes === 0) throw new AppError({ code: 'NOT_FOUND', field: 'noticeId', message: `There is no open notice ${args.noticeId}.` });
        await appendAudit(db, { actor: actorFor(caller), at, entity: 'admin_notice', entityId: args.noticeId, action: 'dismiss-notice' });
        return { ok: true as const };
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),
};
