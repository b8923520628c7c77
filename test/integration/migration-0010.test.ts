import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { SESSION_SETTING_DEFAULTS } from '../../src/main/core/db/migrations/0010-session-rules';
import { getSetting } from '../../src/main/core/settings/settings';
import { tempDir } from '../helpers/core';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('SessionRules1764028800010', () => {
  it('gives every user, old and new, a password version 1, adds the sign-in failures table and seeds the lockout settings', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'm.sqlite');
    // A database as it was before the migration (its changes undone), with a user in it.
    const before = await Store.open(file, { create: true });
    await before.close();
    const raw = new Database(file);
    raw.prepare(`DELETE FROM migrations WHERE name = 'SessionRules1764028800010'`).run();
    raw.exec(`DROP TABLE sign_in_failure; ALTER TABLE app_user DROP COLUMN password_version; DELETE FROM setting WHERE key LIKE 'session.lockout%'`);
    raw.prepare(`INSERT INTO app_user (username, display_name, password_hash, created_at) VALUES ('old', 'Old', 'x', '2026-01-01')`).run();
    raw.close();

    const store = await Store.open(file);
    try {
      // Every migration applied once (the one undone ran again, last).
      expect((store.sql.prepare(`SELECT name FROM migrations`).pluck().all() as string[]).sort()).toEqual(MIGRATIONS.map((M) => new M().name).sort());
      expect(store.sql.prepare(`SELECT password_version FROM app_user WHERE username = 'old'`).pluck().get()).toBe(1);
      store.sql.prepare(`INSERT INTO app_user (username, display_name, password_hash, created_at) VALUES ('new', 'New', 'x', '2026-01-01')`).run();
      expect(store.sql.prepare(`SELECT password_version FROM app_user WHERE username = 'new'`).pluck().get()).toBe(1);
      const cols = (store.sql.prepare(`PRAGMA table_info(sign_in_failure)`).all() as { name: string; pk: number }[]).map((c) => `${c.name}${c.pk ? '*' : ''}`);
      expect(cols).toEqual(['username*', 'failures', 'last_failure_at', 'locked_until']);
      for (const [key, value] of Object.entries(SESSION_SETTING_DEFAULTS)) expect(getSetting(store.sql, key as never)).toBe(value);
    } finally {
      await store.close();
    }
  });
});
