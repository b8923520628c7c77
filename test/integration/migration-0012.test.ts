import { describe, expect, it } from 'vitest';
import { getSetting } from '../../src/main/core/settings/settings';
import { migrationDatabases } from '../helpers/migration';
import { onDatabase } from '../helpers/sql';

// Migration 0012 (how many backups are kept) on the project's engine.

const databases = migrationDatabases();

describe('BackupSettings1764028800012', () => {
  it('seeds how many backups are kept (14), and keeps a value an administrator set', async () => {
    const made = await databases.create();
    expect(await getSetting(made.sql.db, 'backup.generations')).toBe(14);
    await made.close();
    // Run again on a database where the setting was already changed: the insert leaves the row as it is
    // (INSERT OR IGNORE on SQLite, ON CONFLICT DO NOTHING on PostgreSQL).
    await onDatabase(made.target, (raw) =>
      raw.exec([`UPDATE setting SET value = '30' WHERE key = 'backup.generations'`, `DELETE FROM migrations WHERE name = 'BackupSettings1764028800012'`]),
    );
    const again = await databases.open(made.target);
    expect(await again.sql.value(`SELECT count(*) FROM migrations WHERE name = 'BackupSettings1764028800012'`)).toBe(1);
    expect(await getSetting(again.sql.db, 'backup.generations')).toBe(30);
    expect(await again.sql.value(`SELECT count(*) FROM setting WHERE key = 'backup.generations'`)).toBe(1);
  });
});
