import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { tempDir } from '../helpers/core';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('SavedViews1764028800013', () => {
  it("makes saved_view: a user's view names unique whatever their case, tied to a real user", async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'm.sqlite');
    const made = await Store.open(file, { create: true });
    await made.close();
    const raw = new Database(file);
    try {
      expect(raw.prepare(`SELECT count(*) FROM migrations WHERE name = 'SavedViews1764028800013'`).pluck().get()).toBe(1);
      const cols = (raw.prepare(`PRAGMA table_info(saved_view)`).all() as Array<{ name: string }>).map((c) => c.name);
      expect(cols).toEqual(['id', 'user_id', 'name', 'state', 'created_at', 'updated_at']);
      raw.pragma('foreign_keys = ON');
      raw.prepare(`INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES (1, 'a', 'A', 'x', 't')`).run();
      const add = raw.prepare(`INSERT INTO saved_view (user_id, name, state, created_at, updated_at) VALUES (?, ?, '{}', 't', 't')`);
      add.run(1, 'Holds');
      expect(() => add.run(1, 'HOLDS')).toThrow(/UNIQUE/);
      expect(() => add.run(2, 'Other')).toThrow(/FOREIGN KEY/);
    } finally {
      raw.close();
    }
  });
});
