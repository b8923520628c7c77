import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { SESSION_SETTING_DEFAULTS } from '../../src/main/core/db/migrations/0010-session-rules';
import { getSetting } from '../../src/main/core/settings/settings';
import { columnInfo, migrationDatabases } from '../helpers/migration';
import { onDatabase } from '../helpers/sql';

// Migration 0010 (password versions, sign-in failures, lockout settings) on the project's engine.

const databases = migrationDatabases();

describe('SessionRules1764028800010', () => {
  it('gives every user, old and new, a password version 1, adds the sign-in failures table and seeds the lockout settings', async () => {
    // A database as it was before the migration (its changes undone), with a user in it.
    const before = await databases.create();
    await before.close();
    await onDatabase(before.target, (raw) =>
      raw.exec([
        `DELETE FROM migrations WHERE name = 'SessionRules1764028800010'`,
        `DROP TABLE sign_in_failure`,
        `ALTER TABLE app_user DROP COLUMN password_version`,
        `DELETE FROM setting WHERE key LIKE 'session.lockout%'`,
        `INSERT INTO app_user (username, display_name, password_hash, created_at) VALUES ('old', 'Old', 'x', '2026-01-01')`,
      ]),
    );

    const { sql } = await databases.open(before.target);
    // Every migration applied once (the one undone ran again, last).
    expect((await sql.values<string>(`SELECT name FROM migrations`)).sort()).toEqual(MIGRATIONS.map((M) => new M().name).sort());
    expect(await sql.values(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`)).toEqual(['SessionRules1764028800010']);
    expect(await sql.value(`SELECT password_version FROM app_user WHERE username = 'old'`)).toBe(1);
    await sql.run(`INSERT INTO app_user (username, display_name, password_hash, created_at) VALUES ('new', 'New', 'x', '2026-01-01')`);
    expect(await sql.value(`SELECT password_version FROM app_user WHERE username = 'new'`)).toBe(1);
    expect((await columnInfo(sql.db, 'app_user')).find((c) => c.name === 'password_version')).toMatchObject({ type: 'integer', notNull: true, default: '1' });
    const cols = (await columnInfo(sql.db, 'sign_in_failure')).map((c) => `${c.name}${c.pk ? '*' : ''}`);
    expect(cols).toEqual(['username*', 'failures', 'last_failure_at', 'locked_until']);
    for (const [key, value] of Object.entries(SESSION_SETTING_DEFAULTS)) expect(await getSetting(sql.db, key as never)).toBe(value);
  });
});
