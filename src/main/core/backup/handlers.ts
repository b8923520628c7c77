import { AppError } from '../../../shared/api/errors';
import { auditTrailOf } from '../audit/chain';
import type { HandlerContext } from '../context';
import type { HandlerImpls } from '../registry';
import { getSetting } from '../settings/settings';
import { makeBackup } from './backup';
import { checkBackupFile } from './check';
import { backupByName, backupFolder, listBackups } from './files';

// Settings > Backups and the CLI's backup and restore: thin; the work is in backup.ts.

/** Backups are copies of the SQLite file; a PostgreSQL database is backed up by its server's tools. */
const BY_SERVER = (what: string) =>
  `A PostgreSQL database is ${what} by its server's tools (pg_dump / pg_restore, or the DBA's base backups), together with its audit key file: see README "PostgreSQL".`;

function refuseOnPostgres(ctx: HandlerContext, what: 'backed up' | 'restored'): void {
  if (ctx.store.db.engine !== 'postgres') return;
  throw new AppError({ code: 'REFUSED', rule: 'backup.postgres', message: BY_SERVER(what) });
}

export const backupsHandlers: HandlerImpls<'backups-list' | 'backup-now' | 'backup-restore'> = {
  'backups-list': async (_args, ctx) => {
    if (ctx.store.db.engine === 'postgres') {
      const generations = await ctx.store.read(({ db }) => getSetting<number>(db, 'backup.generations'));
      return { folder: '', generations, backups: [], byServer: BY_SERVER('backed up') };
    }
    const generations = await ctx.store.read(({ db }) => getSetting<number>(db, 'backup.generations'));
    const backups = listBackups(ctx.store.file).map((b) => ({
      name: b.name,
      createdAt: b.createdAt,
      bytes: b.bytes,
      checked: b.check ? { ok: b.check.ok, problems: b.check.problems, events: b.check.events, checkedAt: b.check.checkedAt } : null,
    }));
    return { folder: backupFolder(ctx.store.file), generations, backups };
  },

  'backup-now': async (_args, ctx) => {
    refuseOnPostgres(ctx, 'backed up');
    const made = await makeBackup(ctx, { reason: 'on demand' });
    return { name: made.name, bytes: made.bytes, sha256: made.sha256, events: made.check.events, removed: made.removed };
  },

  'backup-restore': async (args, ctx) => {
    refuseOnPostgres(ctx, 'restored');
    const backup = backupByName(ctx.store.file, args.name);
    // Checked here too, so that a bad backup is refused with its reasons before anything closes.
    const key = await ctx.store.read(({ db }) => auditTrailOf(db)?.key ?? null);
    const check = await checkBackupFile(backup.file, { key });
    if (!check.ok) throw new AppError({ code: 'REFUSED', rule: 'backup.check', message: `${args.name} cannot be restored: ${check.problems.join(' ')} Nothing was changed.` });
    const { keptAs } = await ctx.host.restoreDatabase(backup.file);
    ctx.log('warn', `backup ${args.name} restored by ${ctx.caller?.username}; the replaced database is kept as ${keptAs}`);
    return { restored: args.name, keptAs };
  },
};
