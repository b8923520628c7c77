import { describe, expect, it } from 'vitest';
import { migrationDatabases } from '../helpers/migration';

// Migration 0008 (license and case numbers indexed without case) on the project's engine. SQLite
// indexes the column COLLATE NOCASE; PostgreSQL with the `nocase` collation of migration 0001
// (ICU, case-insensitive): on both a feature's `= ? COLLATE NOCASE` lookup is served by the index.

const databases = migrationDatabases();

describe('IdentifiersNocase1764028800008', () => {
  it('indexes license and case numbers without case, and the lookups use them', async () => {
    const { sql } = await databases.create();
    const indexes =
      sql.engine === 'sqlite'
        ? await sql.rows<{ name: string; sql: string }>(
            `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ('provider_license_nocase', 'child_case_nocase') ORDER BY name`,
          )
        : await sql.rows<{ name: string; sql: string }>(
            `SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ('provider_license_nocase', 'child_case_nocase') ORDER BY indexname`,
          );
    expect(indexes.map((i) => i.name)).toEqual(['child_case_nocase', 'provider_license_nocase']);
    const collation = sql.engine === 'sqlite' ? /COLLATE NOCASE/ : /COLLATE nocase/;
    expect(indexes.find((i) => i.name === 'provider_license_nocase')!.sql).toMatch(/\(license_number COLLATE (NOCASE|nocase)\)/);
    expect(indexes.find((i) => i.name === 'child_case_nocase')!.sql).toMatch(/\(case_number COLLATE (NOCASE|nocase)\)/);
    for (const i of indexes) expect(i.sql).toMatch(collation);
    if (sql.engine === 'postgres') {
      // The collation the indexes use is the case-insensitive one (not deterministic: "LIC" = "lic"; a boolean reads 0/1 through the port).
      expect(await sql.get(`SELECT collprovider AS provider, collisdeterministic AS deterministic FROM pg_collation WHERE collname = 'nocase'`)).toEqual({ provider: 'i', deterministic: 0 });
    }

    // An agency's worth of providers and children, so PostgreSQL's planner weighs the index against reading the table.
    await sql.tx(async (tx) => {
      await tx.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct')`);
      const providers = tx.bulkInsert('provider', ['name', 'license_number', 'type', 'payor_id', 'payment_method', 'created_at', 'updated_at']);
      const children = tx.bulkInsert('child', ['case_number', 'first_name', 'last_name', 'birth_date', 'created_at', 'updated_at']);
      for (let n = 1; n <= 3000; n++) {
        providers.add(`P${n}`, `LIC-${String(100000 + n)}`, 'center', 1, 'check', 'x', 'x');
        children.add(`CASE-${String(n).padStart(6, '0')}`, 'F', 'L', '2020-01-01', 'x', 'x');
      }
      await providers.flush();
      await children.flush();
    }, []);
    await sql.run(`ANALYZE`);
    expect(await sql.rows(`SELECT id, license_number AS license FROM provider WHERE license_number = ? COLLATE NOCASE`, ['lic-100001'])).toEqual([{ id: 1, license: 'LIC-100001' }]);
    expect(await sql.values(`SELECT case_number FROM child WHERE case_number = ? COLLATE NOCASE`, ['case-000042'])).toEqual(['CASE-000042']);
    // Without the collation the lookup is exact, as before.
    expect(await sql.values(`SELECT id FROM provider WHERE license_number = ?`, ['lic-100001'])).toEqual([]);

    const plan = async (query: string): Promise<string> =>
      sql.engine === 'sqlite'
        ? (await sql.rows<{ detail: string }>(`EXPLAIN QUERY PLAN ${query}`, ['x'])).map((p) => p.detail).join(' ')
        : (await sql.values<string>(`EXPLAIN ${query}`, ['x'])).join(' ');
    expect(await plan(`SELECT id FROM provider WHERE license_number = ? COLLATE NOCASE`)).toMatch(/provider_license_nocase/);
    expect(await plan(`SELECT id FROM child WHERE case_number = ? COLLATE NOCASE`)).toMatch(/child_case_nocase/);
  });
});
