import fs from 'node:fs';
import path from 'node:path';
import { Core } from '../../main/core/core';
import { makeBackup, recordRestore, replaceDatabaseFile } from '../../main/core/backup/backup';
import { refuseNonEmptyPostgres } from '../../main/core/db/copy/copy';
import { isPostgresUrl } from '../../main/core/db/engine/url';
import { Store } from '../../main/core/db/store';
import { AppError } from '../../shared/api/errors';
import { type Command, stringOption, usageError } from '../command';

// The database file itself from the command line: a new empty database (PayDesk creates one only
// when asked), a backup (into the backups folder beside it, or where --to says) and a restore.

/** backup and restore are SQLite's (the file's online backup): a PostgreSQL database is its server's. */
function onPostgres(what: 'backed up' | 'restored') {
  return usageError(
    `A PostgreSQL database is ${what} by its server's tools (pg_dump / pg_restore, or the DBA's base backups), together with its audit key file: see README "PostgreSQL".`,
  );
}

export const newDatabaseCommand: Command = {
  name: 'new-database',
  summary: 'create a new, empty PayDesk database (the app then offers to create its administrator)',
  usage: 'paydesk new-database [--db FILE] [--json]',
  async run(ctx) {
    if (isPostgresUrl(ctx.db)) await refuseNonEmptyPostgres(ctx.db);
    else if (fs.existsSync(ctx.db)) throw usageError(`${ctx.db} already exists; PayDesk never replaces a database with a new one`);
    const store = await Store.open(ctx.db, { create: true });
    await store.close();
    ctx.out({ file: ctx.db }, `New PayDesk database at ${ctx.db}. Open it in the app (or "npm run preview:web -- --db ${ctx.db}") to create its administrator.`);
  },
};

export const backupCommand: Command = {
  name: 'backup',
  summary: 'back the database up now (SQLite online backup, checked after writing), into backups/ beside it or --to FILE',
  usage: 'paydesk backup [--to FILE] [--db FILE] [--json]',
  options: { to: { type: 'string' } },
  async run(ctx) {
    if (isPostgresUrl(ctx.db)) throw onPostgres('backed up');
    const to = stringOption(ctx.values, 'to', false);
    const { core, connection } = await ctx.open();
    try {
      // --to: the command line's own user names the file (the app's handler never takes a path).
      const made = to ? await makeBackup(connection.context(), { to }) : { ...(await connection.call('backup-now', {})), file: null };
      const where = 'file' in made && made.file ? made.file : made.name;
      ctx.out(made, `Backed up to ${where} (${made.bytes} bytes, sha256 ${made.sha256}); checked: integrity and audit trail verify.${made.removed.length ? ` Removed the oldest: ${made.removed.join(', ')}.` : ''}`);
    } finally {
      await core.close();
    }
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'replace the database with a backup after checking it (integrity, audit trail, version); the replaced file is kept aside',
  usage: 'paydesk restore BACKUP_FILE [--db FILE] [--json]',
  async run(ctx) {
    if (isPostgresUrl(ctx.db)) throw onPostgres('restored');
    if (ctx.positionals.length !== 1) throw usageError('give exactly one backup file');
    const backup = path.resolve(ctx.positionals[0]);
    if (path.resolve(ctx.db) === backup) throw usageError('the backup is the database itself');
    const now = new Date();
    // Works on the files (the database may be too damaged to open); refuses while PayDesk has it open.
    const replaced = await replaceDatabaseFile(ctx.db, backup, now);
    const core = await Core.start({ databaseFile: ctx.db, log: () => {} });
    try {
      await recordRestore(core.store, { backup, ...replaced }, now);
    } finally {
      await core.close();
    }
    ctx.out(
      { restored: backup, database: ctx.db, keptAs: replaced.keptAs, events: replaced.check.events },
      `Restored ${backup} as ${ctx.db} (${replaced.check.events} audit events, all verified).${replaced.keptAs ? ` The replaced database is kept as ${replaced.keptAs}.` : ''}`,
    );
  },
};

export const exportFolderCommand: Command = {
  name: 'export-folder',
  summary: "show or set the database's export folder (where export batches and year-end files go), on the database's machine",
  usage: 'paydesk export-folder [FOLDER | --default] [--as ADMIN] [--db FILE|postgres://…] [--json]',
  options: { default: { type: 'boolean' }, as: { type: 'string' } },
  async run(ctx) {
    if (ctx.positionals.length > 1) throw usageError('give one folder (quote a path with spaces)');
    const folder = ctx.positionals[0];
    if (folder !== undefined && ctx.values.default) throw usageError('give a folder or --default, not both');
    const setting = folder !== undefined || ctx.values.default === true;
    const { core, connection } = await ctx.open({ reading: !setting });
    try {
      if (!setting) {
        const now = await connection.call('export-folder-get', {});
        ctx.out(now, `${now.folder}${now.isDefault ? ' (the default: no folder set)' : ''}`);
        return;
      }
      // The command line's own user names the folder: no handler of the app takes a path.
      const set = await connection.setExportFolder(folder === undefined ? '' : path.resolve(folder));
      if (!set.ok) throw new AppError(set.error);
      ctx.out(set.value, `Export batches now go into ${set.value.folder}${set.value.isDefault ? ' (the default)' : ''}.`);
    } finally {
      await core.close();
    }
  },
};

export const DATABASE_COMMANDS: Command[] = [newDatabaseCommand, backupCommand, restoreCommand, exportFolderCommand];
