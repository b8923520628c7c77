import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { getSetting } from '../../src/main/core/settings/settings';
import { tempDir } from '../helpers/core';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('BackupSettings1764028800012', () => {
  it('seeds how many backups are kept (14), and keeps a value an administrator set', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'm.sqlite');
    const made = await Store.open(file, { create: true });
    expect(getSetting(made.sql, 'backup.generations')).toBe(14);
    await made.close();
    // Run again on a database where the setting was already changed: INSERT OR IGNORE keeps it.
    const raw = new Database(file);
    raw.prepare(`UPDATE setting SET value = '30' WHERE key = 'backup.generations'`).run();
    raw.prepare(`DELETE FROM migrations WHERE name = 'BackupSettings1764028800012'`).run();
    raw.close();
    const again = await Store.open(file);
    try {
      expect(again.sql.prepare(`SELECT count(*) FROM migrations WHERE name = 'BackupSettings1764028800012'`).pluck().get()).toBe(1);
      expect(getSetting(again.sql, 'backup.generations')).toBe(30);
    } finally {
      await again.close();
    }
  });
});
