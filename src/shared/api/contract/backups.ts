import { z } from 'zod';
import { timestamp } from '../common';

// Backups of the database (DESIGN.md section 9), Administrator only. A backup is named by its file
// name in the backups folder beside the database; no caller names a path.

const backupName = z.string().trim().min(1).max(200).regex(/^[A-Za-z0-9._-]+\.sqlite$/, 'a backup\'s file name, as listed');

export const backupRow = z.object({
  name: z.string(),
  createdAt: timestamp,
  bytes: z.number().int().min(0),
  /** The check made right after writing it (null: no record of one). */
  checked: z.object({ ok: z.boolean(), problems: z.array(z.string()), events: z.number().int(), checkedAt: timestamp }).nullable(),
});
export type BackupRow = z.infer<typeof backupRow>;

export const backupsContract = {
  'backups-list': {
    access: ['Administrator'],
    args: z.object({}).strict(),
    result: z.object({
      folder: z.string(),
      generations: z.number().int(),
      backups: z.array(backupRow),
      /** Set when the database is not a file (PostgreSQL): who backs it up instead. */
      byServer: z.string().optional(),
    }),
  },
  /** SQLite's online backup now (the app keeps working), checked after writing; the oldest beyond the setting are removed. */
  'backup-now': {
    access: ['Administrator'], writes: 'data',
    args: z.object({}).strict(),
    result: z.object({ name: z.string(), bytes: z.number().int(), sha256: z.string(), events: z.number().int(), removed: z.array(z.string()) }),
  },
  /**
   * Replaces the database with a backup after checking it (integrity, audit trail, version): the
   * way out of read-only mode, so allowed then. The replaced file is kept aside in the folder.
   */
  'backup-restore': {
    access: ['Administrator'], writes: 'recovery',
    args: z.object({ name: backupName }).strict(),
    result: z.object({ restored: z.string(), keptAs: z.string().nullable() }),
  },
} as const;
