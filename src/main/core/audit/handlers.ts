import path from 'node:path';
import { AppError } from '../../../shared/api/errors';
import { actorOf } from '../context';
import type { HandlerImpls } from '../registry';
import { appendAudit, AUDIT_CHAIN_LOCK, auditTrailOf, SEAL } from './chain';
import { KEY_FILE_SUFFIX, keyFileText } from './key';

// The Administrators' view of the audit key: its status, and a plain copy for the backup.

export const auditHandlers: HandlerImpls<'audit-key-status' | 'audit-key-export'> = {
  'audit-key-status': (_args, ctx) =>
    ctx.store.read(({ db }) => {
      const trail = auditTrailOf(db);
      return {
        keyId: trail?.key?.id ?? null,
        keyFile: trail?.keyFile ?? null,
        protectedAtRest: trail?.protectedAtRest ?? false,
        sealId: trail?.sealId ?? null,
        problem: trail?.problem ?? null,
      };
    }),

  'audit-key-export': (_args, ctx) =>
    ctx.store.run(async ({ db }) => {
      const trail = auditTrailOf(db);
      if (!trail?.key) throw new AppError({ code: 'REFUSED', rule: 'audit.no-key', message: trail?.problem ?? 'This database has no audit key to save.' });
      await appendAudit(db, {
        actor: actorOf(ctx.caller!, 'Administrator'),
        at: ctx.now().toISOString(),
        entity: SEAL.entity,
        entityId: 1,
        action: 'export-audit-key',
        after: { keyId: trail.key.id },
      });
      return { fileName: `${path.basename(ctx.store.file)}${KEY_FILE_SUFFIX}`, content: keyFileText(trail.key, null), keyId: trail.key.id };
    }, { locks: [AUDIT_CHAIN_LOCK] }),
};
