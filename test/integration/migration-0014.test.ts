import { describe, expect, it } from 'vitest';
import { columnsOf } from '../helpers/sql';
import { migrationDatabases } from '../helpers/migration';

// Migration 0014 (year-end: provider_tax and year_end_filing) on the project's engine.

const databases = migrationDatabases();

describe('YearEnd1764028800014', () => {
  it('makes provider_tax (one row per real provider, a TIN with its type) and year_end_filing (one original per tax year)', async () => {
    const { sql, refusal } = await databases.create();
    expect(await sql.value(`SELECT count(*) FROM migrations WHERE name = 'YearEnd1764028800014'`)).toBe(1);
    expect(await columnsOf(sql.db, 'provider_tax')).toEqual(['provider_id', 'tin_type', 'tin', 'legal_name', 'w9_received_on', 'exempt_reason', 'updated_at']);
    expect(await columnsOf(sql.db, 'year_end_filing')).toEqual(['id', 'tax_year', 'kind', 'filed_at', 'filed_by', 'settings', 'returns', 'on_file', 'return_count', 'total_cents', 'folder', 'file_sha256']);
    // The provider record itself is unchanged: its hot queries read the same columns.
    expect(await columnsOf(sql.db, 'provider')).not.toContain('tin');
    await sql.exec(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct');
      INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (1, 'P', 'L1', 'center', 1, 'check', 't', 't');
      INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES (1, 'a', 'A', 'x', 't');`);
    const tax = (providerId: number, tinType: string | null, tin: string | null, exempt: string | null) =>
      sql.run(`INSERT INTO provider_tax (provider_id, tin_type, tin, exempt_reason, updated_at) VALUES (?, ?, ?, ?, 't')`, [providerId, tinType, tin, exempt]);
    expect(await refusal(tax(1, 'SSN', null, null))).toBe('check');
    expect(await refusal(tax(1, 'ITIN', '900701234', null))).toBe('check');
    expect(await refusal(tax(1, null, null, 'llc'))).toBe('check');
    expect(await refusal(tax(2, null, null, null))).toBe('foreign_key');
    await tax(1, 'SSN', '123456780', null);
    expect(await refusal(tax(1, null, null, null))).toBe('unique');
    const filing = (kind: string, filedBy: number) =>
      sql.run(
        `INSERT INTO year_end_filing (tax_year, kind, filed_at, filed_by, settings, returns, on_file, return_count, total_cents) VALUES (2026, ?, 't', ?, '{}', '[]', '[]', 0, 0)`,
        [kind, filedBy],
      );
    await filing('original', 1);
    expect(await refusal(filing('original', 1))).toBe('unique');
    await filing('correction', 1);
    await filing('correction', 1);
    expect(await refusal(filing('late', 1))).toBe('check');
    expect(await refusal(filing('correction', 9))).toBe('foreign_key');
    expect(await sql.values(`SELECT kind FROM year_end_filing WHERE tax_year = 2026 ORDER BY id`)).toEqual(['original', 'correction', 'correction']);
  });
});
