import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { DEFAULT_REASONS, DEFAULT_SETTINGS } from '../../src/main/core/db/migrations/0003-default-settings';
import { AGENCY_DEFAULTS } from '../../src/main/core/db/migrations/0005-agency-settings';
import { MONEY_PATH_SETTINGS } from '../../src/main/core/db/migrations/0006-money-path-settings';
import { SESSION_SETTING_DEFAULTS } from '../../src/main/core/db/migrations/0010-session-rules';
import { BACKUP_SETTING_DEFAULTS } from '../../src/main/core/db/migrations/0012-backup-settings';
import { PAYMENT_BASIS_SETTINGS } from '../../src/main/core/db/migrations/0015-payment-basis';
import { RECOVERY_SETTINGS } from '../../src/main/core/db/migrations/0016-recovery';
import { QA_SAMPLE_SETTINGS } from '../../src/main/core/db/migrations/0017-qa-sample';
import { Store } from '../../src/main/core/db/store';
import type { Queryable } from '../../src/main/core/db/engine/port';
import { ENGINE_MISSING, openTestStore, rawPostgresClient } from '../helpers/engine';

// The one migration list on PostgreSQL: the schema it makes is SQLite's (same tables, columns,
// keys, indexes, triggers), the guarantees hold there too (append-only audit trail, one payment
// per provider × period × payor, checks, foreign keys, usernames unique whatever their case),
// and the seeded settings are the same.

type Schema = Record<string, { columns: string[]; primaryKey: string[]; foreignKeys: string[]; indexes: string[] }>;

const TYPE_CLASS: Record<string, string> = { INTEGER: 'integer', bigint: 'integer', TEXT: 'text', text: 'text', REAL: 'real', 'double precision': 'real' };

async function sqliteSchema(store: Store): Promise<{ tables: Schema; triggers: string[] }> {
  const sql = store.sql;
  const names = (sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('migrations', 'sqlite_sequence') ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  const tables: Schema = {};
  for (const t of names) {
    const cols = sql.prepare(`PRAGMA table_info("${t}")`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
    const fks = sql.prepare(`PRAGMA foreign_key_list("${t}")`).all() as { table: string; from: string; to: string; on_delete: string }[];
    const indexes = (sql.prepare(`PRAGMA index_list("${t}")`).all() as { name: string; unique: number; origin: string; partial: number }[])
      .filter((i) => i.origin !== 'pk')
      .map((i) => {
        const on = (sql.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name);
        return `${i.unique ? 'unique ' : ''}(${on.join(', ')})${i.partial ? ' partial' : ''}`;
      });
    tables[t] = {
      columns: cols.map((c) => `${c.name} ${TYPE_CLASS[c.type]} ${c.notnull || c.pk ? 'not null' : 'null'} default ${c.dflt_value ?? '-'}`),
      primaryKey: cols.filter((c) => c.pk).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      foreignKeys: fks.map((f) => `${f.from} -> ${f.table}(${f.to}) on delete ${f.on_delete}`).sort(),
      indexes: indexes.sort(),
    };
  }
  const triggers = (sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  return { tables, triggers };
}

async function postgresSchema(db: Queryable): Promise<{ tables: Schema; triggers: string[] }> {
  const names = await db.values<string>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY table_name`,
  );
  const tables: Schema = {};
  for (const t of names) {
    const cols = await db.rows<{ column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
      `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
      [t],
    );
    const keyColumns = (oid: string, keys: string) =>
      `(SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(${keys}) WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = ${oid} AND a.attnum = k.attnum)`;
    const primaryKey = await db.one<{ cols: string }>(
      `SELECT ${keyColumns('i.indrelid', 'i.indkey::int2[]')} AS cols FROM pg_index i WHERE i.indrelid = CAST(? AS regclass) AND i.indisprimary`,
      [`"${t}"`],
    );
    const fks = await db.values<string>(
      `SELECT ${keyColumns('c.conrelid', 'c.conkey')} || ' -> ' || f.relname || '(' || ${keyColumns('c.confrelid', 'c.confkey')} || ') on delete ' ||
         CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'a' THEN 'NO ACTION' ELSE c.confdeltype::text END
       FROM pg_constraint c JOIN pg_class f ON f.oid = c.confrelid WHERE c.conrelid = CAST(? AS regclass) AND c.contype = 'f'`,
      [`"${t}"`],
    );
    const indexes = await db.values<string>(
      `SELECT CASE WHEN i.indisunique THEN 'unique ' ELSE '' END || '(' || ${keyColumns('i.indrelid', 'i.indkey::int2[]')} || ')' ||
         CASE WHEN i.indpred IS NOT NULL THEN ' partial' ELSE '' END
       FROM pg_index i WHERE i.indrelid = CAST(? AS regclass) AND NOT i.indisprimary`,
      [`"${t}"`],
    );
    tables[t] = {
      columns: cols.map((c) => `${c.column_name} ${TYPE_CLASS[c.data_type]} ${c.is_nullable === 'NO' ? 'not null' : 'null'} default ${c.column_default?.replace(/::text$/, '') ?? '-'}`),
      primaryKey: primaryKey?.cols.split(', ') ?? [],
      foreignKeys: fks.sort(),
      indexes: indexes.sort(),
    };
  }
  const triggers = await db.values<string>(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`);
  return { tables, triggers };
}

describe.skipIf(ENGINE_MISSING)('the migrations on PostgreSQL', () => {
  let pg: Awaited<ReturnType<typeof openTestStore>>;
  let sqlite: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => {
    pg = await openTestStore('postgres');
    sqlite = await openTestStore('sqlite');
  });
  afterAll(async () => {
    await pg?.close();
    await sqlite?.close();
  });

  it('make the same tables, columns, keys, indexes and triggers as on SQLite', async () => {
    const onSqlite = await sqliteSchema(sqlite.store);
    const onPostgres = await postgresSchema(pg.store.db);
    expect(Object.keys(onPostgres.tables)).toEqual(Object.keys(onSqlite.tables));
    for (const table of Object.keys(onSqlite.tables)) expect({ table, ...onPostgres.tables[table] }).toEqual({ table, ...onSqlite.tables[table] });
    // PostgreSQL also refuses TRUNCATE, which SQLite does not have.
    expect(onPostgres.triggers).toEqual([...onSqlite.triggers, 'audit_event_no_truncate'].sort());
  });

  it('keep money as 64-bit integers and are recorded once, in order', async () => {
    const db = pg.store.db;
    expect(await db.values(`SELECT data_type FROM information_schema.columns WHERE table_name = 'payment' AND column_name = 'amount_cents'`)).toEqual(['bigint']);
    expect(await db.values(`SELECT name FROM migrations ORDER BY id`)).toEqual(MIGRATIONS.map((M) => new M().name));
    expect(await pg.store.migrate()).toEqual([]);
  });

  it('seed the same settings and reasons as on SQLite', async () => {
    const read = (db: Queryable) => db.rows(`SELECT key, effective_from, value FROM setting ORDER BY key`);
    const settings = await read(pg.store.db);
    expect(settings).toEqual(await read(sqlite.store.db));
    expect(Object.fromEntries(settings.map((s) => [s.key, JSON.parse(s.value as string)]))).toEqual({ ...DEFAULT_SETTINGS, ...AGENCY_DEFAULTS, ...MONEY_PATH_SETTINGS, ...SESSION_SETTING_DEFAULTS, ...BACKUP_SETTING_DEFAULTS, ...PAYMENT_BASIS_SETTINGS, ...RECOVERY_SETTINGS, ...QA_SAMPLE_SETTINGS });
    expect(await pg.store.db.values(`SELECT count(*) FROM reason`)).toEqual([DEFAULT_REASONS.length]);
  });

  it('keep the audit trail append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const db = pg.store.db;
    await db.run(`INSERT INTO audit_event (at, username, group_name, entity, entity_id, action, prev_hash, hash) VALUES ('t', 'u', 'System', 'payment', 1, 'create', 'p', 'h')`);
    await expect(db.run(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.run(`DELETE FROM audit_event`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.run(`TRUNCATE audit_event`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    await expect(db.run(`DELETE FROM audit_event`)).rejects.toSatisfy((err: unknown) => db.dialect.constraintOf(err) === 'append_only');
    expect(await db.values(`SELECT action FROM audit_event`)).toEqual(['create']);
  });

  it('refuse a second payment per provider × period × payor, a bad status and a missing provider', async () => {
    const db = pg.store.db;
    await db.run(`INSERT INTO payor (code, name, kind) VALUES ('A', 'Agency', 'direct')`);
    const payor = await db.values<number>(`SELECT id FROM payor WHERE code = 'A'`);
    const provider = await db.insert(`INSERT INTO provider (name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES ('P', 'L1', 'center', ?, 'check', 'x', 'x')`, [payor[0]]);
    const period = await db.insert(`INSERT INTO service_period (code, label, start_date, end_date) VALUES ('2026-01', 'Jan', '2026-01-01', '2026-01-31')`);
    const insert = `INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status, status_changed_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'New', 'Pending Approval', 'Awaiting Action', 'New', 'x', 'x', 'x')`;
    const first = await db.insert(insert, ['payment', provider, period, payor[0]]);
    await expect(db.insert(insert, ['payment', provider, period, payor[0]])).rejects.toSatisfy((err: unknown) => db.dialect.constraintOf(err) === 'unique');
    await db.insert(insert, ['adjustment', provider, period, payor[0]]);
    await db.insert(insert, ['adjustment', provider, period, payor[0]]);
    await expect(db.run(`UPDATE payment SET sub_status = 'Lost' WHERE id = ?`, [first])).rejects.toSatisfy((err: unknown) => db.dialect.constraintOf(err) === 'check');
    await expect(db.run(`UPDATE payment SET provider_id = 99999 WHERE id = ?`, [first])).rejects.toSatisfy((err: unknown) => db.dialect.constraintOf(err) === 'foreign_key');
  });

  it('keep usernames unique whatever their case, and find them whatever their case, as SQLite does', async () => {
    for (const { store } of [sqlite, pg]) {
      const db = store.db;
      await db.run(`INSERT INTO app_user (username, display_name, password_hash, created_at) VALUES ('Dana', 'Dana', 'x', 'x')`);
      await expect(db.run(`INSERT INTO app_user (username, display_name, password_hash, created_at) VALUES ('DANA', 'Dana', 'x', 'x')`)).rejects.toSatisfy(
        (err: unknown) => db.dialect.constraintOf(err) === 'unique',
      );
      expect(await db.values(`SELECT display_name FROM app_user WHERE username = ?`, ['dana'])).toEqual(['Dana']);
    }
  });

  it('refuses a PostgreSQL database written by a newer PayDesk instead of guessing', async () => {
    const client = rawPostgresClient(pg.target);
    await client.connect();
    await client.query(`INSERT INTO migrations (timestamp, name) VALUES (9999999999999, 'FromTheFuture9999999999999')`);
    await client.end();
    await expect(Store.open(pg.target)).rejects.toThrow(/newer PayDesk.*FromTheFuture/);
  });
});
