import { afterEach } from 'vitest';
import type { Queryable } from '../../src/main/core/db/engine/port';
import { Store, type StoreOptions } from '../../src/main/core/db/store';
import { createTestDatabase } from './engine';
import { testSql, type TestSql } from './sql';

// What every migration test opens with, on the project's engine (test/helpers/engine.ts): a new
// database migrated as PayDesk migrates at start, raw reads and writes through the port, the
// constraint that refused a statement, and each column as its engine declares it.
//
//   const databases = migrationDatabases();            // at the file's top: closes and drops after each test
//   const { sql, refusal } = await databases.create();
//   expect(await refusal(sql.run(`INSERT …`))).toBe('check');
//   await opened.close();  …change it beside PayDesk (onDatabase)…  const again = await databases.open(opened.target);

export interface MigratedDatabase {
  store: Store;
  /** What Store.open took: a SQLite file or a postgres:// URL. */
  target: string;
  sql: TestSql;
  /**
   * Which constraint refused the statement ('check', 'foreign_key', 'unique', 'not_null',
   * 'append_only'); the engine's message when it failed otherwise; an error when it ran.
   */
  refusal(statement: Promise<unknown>): Promise<string>;
  /** Closes the store and keeps the database (to change it beside PayDesk, then open it again). */
  close(): Promise<void>;
}

export interface MigrationDatabases {
  /** A new, migrated database of the project's engine. */
  create(): Promise<MigratedDatabase>;
  /** Opens a database of this test again as PayDesk does at start (migrating it, unless `migrate: false`). */
  open(target: string, options?: StoreOptions): Promise<MigratedDatabase>;
}

/** Call at the top of a test file: every store opened is closed, every database dropped, after each test. */
export function migrationDatabases(): MigrationDatabases {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const open = async (target: string, options: StoreOptions = {}): Promise<MigratedDatabase> => {
    const store = await Store.open(target, options);
    let open = true;
    const close = async () => {
      if (!open) return;
      open = false;
      await store.close();
    };
    cleanups.push(close);
    const sql = testSql(store);
    return { store, target, sql, refusal: (statement) => refusal(sql.db, statement), close };
  };
  return {
    async create() {
      const database = await createTestDatabase();
      cleanups.push(database.drop);
      return open(database.target, { create: true });
    },
    open,
  };
}

/** See MigratedDatabase.refusal. */
export async function refusal(db: Queryable, statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (err) {
    return db.dialect.constraintOf(err) ?? String(err);
  }
  throw new Error('the statement was not refused');
}

export interface ColumnInfo {
  name: string;
  /** As declared: SQLite's `INTEGER`, `TEXT`, `REAL`; PostgreSQL's `bigint`, `text`, `double precision`. */
  declared: string;
  /** The same on both engines: integer, text or real. */
  type: 'integer' | 'text' | 'real';
  notNull: boolean;
  /** The default as the engine writes it back, without PostgreSQL's `::text` cast; null when none. */
  default: string | null;
  /** Its place in the primary key (1, 2, …), 0 when not in it. */
  pk: number;
}

const TYPE_CLASS: Record<string, ColumnInfo['type']> = {
  INTEGER: 'integer',
  bigint: 'integer',
  TEXT: 'text',
  text: 'text',
  REAL: 'real',
  'double precision': 'real',
};

/** A table's columns in their order, with type, nullability, default and key, on either engine. */
export async function columnInfo(db: Queryable, table: string): Promise<ColumnInfo[]> {
  const classOf = (declared: string): ColumnInfo['type'] => {
    const type = TYPE_CLASS[declared];
    if (!type) throw new Error(`${table}: a column of type ${declared}, neither integer, text nor real`);
    return type;
  };
  if (db.dialect.name === 'sqlite') {
    const cols = await db.rows<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(
      `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid`,
      [table],
    );
    return cols.map((c) => ({ name: c.name, declared: c.type, type: classOf(c.type), notNull: c.notnull === 1 || c.pk > 0, default: c.dflt_value, pk: c.pk }));
  }
  const cols = await db.rows<{ name: string; declared: string; nullable: string; dflt: string | null; pk: number | null }>(
    `SELECT c.column_name AS name, c.data_type AS declared, c.is_nullable AS nullable, c.column_default AS dflt,
       (SELECT k.ordinal_position FROM information_schema.table_constraints t
          JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema AND k.table_name = t.table_name
        WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.constraint_type = 'PRIMARY KEY' AND k.column_name = c.column_name) AS pk
     FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = ? ORDER BY c.ordinal_position`,
    [table],
  );
  return cols.map((c) => ({
    name: c.name,
    declared: c.declared,
    type: classOf(c.declared),
    notNull: c.nullable === 'NO',
    default: c.dflt?.replace(/::text$/, '') ?? null,
    pk: Number(c.pk ?? 0),
  }));
}
