import { describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { DEFAULT_REASONS, DEFAULT_SETTINGS } from '../../src/main/core/db/migrations/0003-default-settings';
import { rawPostgresClient } from '../helpers/engine';
import { columnInfo, migrationDatabases } from '../helpers/migration';
import { onDatabase, tableNames } from '../helpers/sql';

// One test per migration (Signal Desktop's habit), each on a new database of the project's engine
// (a SQLite file, or a PostgreSQL database of its own); 0005 onwards: migration-NNNN.test.ts.

const databases = migrationDatabases();

describe('migrations', () => {
  it('are applied in order at start and recorded, on connections set as PayDesk needs them', async () => {
    const { store, sql } = await databases.create();
    expect(await sql.values(`SELECT name FROM migrations ORDER BY id`)).toEqual(MIGRATIONS.map((M) => new M().name));
    if (sql.engine === 'sqlite') {
      expect(store.sql.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.sql.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.sql.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(store.sql.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
    } else {
      // PostgreSQL always enforces foreign keys, through triggers of its own: none may be disabled
      // or left unchecked. (Durability is the server's: fsync and synchronous_commit, README's DBA part.)
      expect(await sql.value(`SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = CAST(current_schema() AS regnamespace)`)).toBeGreaterThan(20);
      expect(await sql.value(`SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated`)).toBe(0);
      expect(await sql.value(`SELECT count(*) FROM pg_trigger WHERE tgenabled = 'D'`)).toBe(0);
      // The DBA finds PayDesk's connections by name; a write transaction sees what others committed
      // (its locks make it safe), a read sees one consistent state and cannot write.
      expect(await sql.value(`SHOW application_name`)).toBe('PayDesk');
      expect(await sql.db.transaction({ mode: 'write' }, (tx) => tx.values(`SHOW transaction_isolation`))).toEqual(['read committed']);
      expect(await sql.db.transaction({ mode: 'read' }, async (tx) => [...(await tx.values(`SHOW transaction_isolation`)), ...(await tx.values(`SHOW transaction_read_only`))])).toEqual(['repeatable read', 'on']);
    }
  });

  it('InitialSchema1764028800001 creates every table with money as integers and one payment per provider/period/payor', async () => {
    const { sql, refusal } = await databases.create();
    const tables = await tableNames(sql.db);
    for (const t of ['payor', 'provider', 'provider_rate', 'max_rate', 'setting', 'reason', 'child', 'authorization', 'service_period',
      'app_user', 'user_group', 'payment', 'attendance', 'calculation_line', 'export_batch', 'export_item', 'submission_import', 'audit_event']) {
      expect(tables).toContain(t);
    }
    // Integer cents: INTEGER on SQLite, bigint (not numeric, not double) on PostgreSQL.
    expect((await columnInfo(sql.db, 'payment')).find((c) => c.name === 'amount_cents')?.declared).toBe(sql.engine === 'sqlite' ? 'INTEGER' : 'bigint');
    await sql.exec(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'Agency', 'direct');
      INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (1, 'P', 'L1', 'center', 1, 'check', 'x', 'x');
      INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-01', 'Jan', '2026-01-01', '2026-01-31');`);
    const insert = (kind: string) =>
      sql.insert(
        `INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status, status_changed_at, created_at, updated_at)
         VALUES (?, 1, 1, 1, 'New', 'Pending Approval', 'Awaiting Action', 'New', 'x', 'x', 'x')`,
        [kind],
      );
    const first = await insert('payment');
    expect(await refusal(insert('payment'))).toBe('unique');
    await insert('adjustment'); // adjustments are not limited to one
    await insert('adjustment');
    expect(await refusal(sql.run(`UPDATE payment SET sub_status = 'Lost' WHERE id = ?`, [first]))).toBe('check');
    expect(await refusal(sql.run(`UPDATE payment SET provider_id = 99 WHERE id = ?`, [first]))).toBe('foreign_key');
    // Cents beyond 32 bits stay exact integers.
    await sql.run(`UPDATE payment SET amount_cents = ? WHERE id = ?`, [2 ** 40 + 1, first]);
    expect(await sql.value(`SELECT amount_cents FROM payment WHERE id = ?`, [first])).toBe(2 ** 40 + 1);
  });

  it('AuditAppendOnly1764028800002 refuses UPDATE and DELETE of audit events', async () => {
    const { sql, refusal } = await databases.create();
    await sql.run(`INSERT INTO audit_event (at, username, group_name, entity, entity_id, action, prev_hash, hash) VALUES ('t', 'u', 'System', 'payment', 1, 'create', 'p', 'h')`);
    expect(await refusal(sql.run(`UPDATE audit_event SET action = 'x'`))).toBe('append_only');
    expect(await refusal(sql.run(`DELETE FROM audit_event`))).toBe('append_only');
    await expect(sql.run(`DELETE FROM audit_event`)).rejects.toThrow(/append-only: DELETE refused/);
    expect(await sql.rows(`SELECT action, hash FROM audit_event`)).toEqual([{ action: 'create', hash: 'h' }]);
  });

  it('DefaultSettings1764028800003 seeds the defaults of DESIGN.md', async () => {
    const { sql } = await databases.create();
    const settings = await sql.rows<{ key: string; value: string }>(`SELECT key, value FROM setting WHERE key IN ${sql.db.dialect.textsFromJson}`, [JSON.stringify(Object.keys(DEFAULT_SETTINGS))]);
    expect(Object.fromEntries(settings.map((s) => [s.key, JSON.parse(s.value)]))).toEqual(DEFAULT_SETTINGS);
    expect(await sql.value(`SELECT count(*) FROM reason`)).toBe(DEFAULT_REASONS.length);
  });

  it('refuses a database written by a newer PayDesk instead of guessing', async () => {
    const opened = await databases.create();
    await opened.close();
    await onDatabase(opened.target, (raw) => raw.run(`INSERT INTO migrations (timestamp, name) VALUES (9999999999999, 'FromTheFuture9999999999999')`));
    await expect(Store.open(opened.target)).rejects.toThrow(/newer PayDesk.*FromTheFuture/);
    if (opened.sql.engine === 'postgres') {
      // The refused open leaves no connection behind (neither the port's pool nor TypeORM's). A
      // closed connection's server process may take a moment to go: wait up to 2 s (a pool left
      // open keeps its idle connections 10 s).
      const client = rawPostgresClient(opened.target);
      await client.connect();
      try {
        const others = async () =>
          (await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows[0].n as number;
        for (let waited = 0; waited < 2000 && (await others()) > 0; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await others()).toBe(0);
      } finally {
        await client.end();
      }
    }
  });

  it('running the migrations again changes nothing', async () => {
    const { store } = await databases.create();
    expect(await store.migrate()).toEqual([]);
  });
});
