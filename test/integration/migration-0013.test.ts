import { describe, expect, it } from 'vitest';
import { columnsOf } from '../helpers/sql';
import { migrationDatabases } from '../helpers/migration';

// Migration 0013 (saved views) on the project's engine. The name is COLLATE NOCASE on SQLite and
// the `nocase` collation of migration 0001 on PostgreSQL, so the unique index ignores case on both.

const databases = migrationDatabases();

describe('SavedViews1764028800013', () => {
  it("makes saved_view: a user's view names unique whatever their case, tied to a real user", async () => {
    const { sql, refusal } = await databases.create();
    expect(await sql.value(`SELECT count(*) FROM migrations WHERE name = 'SavedViews1764028800013'`)).toBe(1);
    expect(await columnsOf(sql.db, 'saved_view')).toEqual(['id', 'user_id', 'name', 'state', 'created_at', 'updated_at']);
    await sql.run(`INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES (1, 'a', 'A', 'x', 't')`);
    await sql.run(`INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES (2, 'b', 'B', 'x', 't')`);
    const add = (userId: number, name: string) => sql.insert(`INSERT INTO saved_view (user_id, name, state, created_at, updated_at) VALUES (?, ?, '{}', 't', 't')`, [userId, name]);
    const holds = await add(1, 'Holds');
    expect(await refusal(add(1, 'HOLDS'))).toBe('unique');
    expect(await refusal(add(1, 'holds'))).toBe('unique');
    await add(2, 'holds'); // another user's view may have the name
    expect(await refusal(add(3, 'Other'))).toBe('foreign_key');
    // The name is kept as written, and found whatever its case.
    expect(await sql.values(`SELECT id FROM saved_view WHERE user_id = 1 AND name = ?`, ['hOLDs'])).toEqual([holds]);
    expect(await sql.value(`SELECT name FROM saved_view WHERE id = ?`, [holds])).toBe('Holds');
  });
});
