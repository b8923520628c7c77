import type { Core } from '../../src/main/core/core';
import type { Db, Params, Queryable, Row, Tx } from '../../src/main/core/db/engine/port';
import { Store } from '../../src/main/core/db/store';
import { AUDIT_CHAIN_LOCK } from '../../src/main/core/audit/chain';

// Raw reads and writes for tests, on whichever engine the test runs (test/helpers/engine.ts):
// through the data port (`store.db`), never the SQLite connection. Write SQL that runs on both
// (db/engine/PHASE-B.md "Constructs that differ": `?` or `@name` placeholders, "authorization"
// quoted, no `max(a, b)` of two values, `NULLS FIRST/LAST` where NULLs are sorted).
//
//   const sql = testSql(t);                     // a TestCore, a Core, a Store or the port itself
//   const n = await sql.value<number>(`SELECT count(*) FROM payment WHERE period_id = ?`, [periodId]);
//   await sql.run(`UPDATE provider SET account_number = NULL WHERE id = ?`, [id]);
//   await sql.tx(async (tx) => { … await tx.run(…) … });   // one write transaction (under the audit chain's lock)

export interface TestSql {
  /** The port itself, for features' functions that take a `Queryable`. */
  readonly db: Db;
  readonly engine: 'sqlite' | 'postgres';
  rows<R = Row>(text: string, params?: Params): Promise<R[]>;
  one<R = Row>(text: string, params?: Params): Promise<R | undefined>;
  /** The first row, or an error naming the statement: for rows a test knows are there. */
  get<R = Row>(text: string, params?: Params): Promise<R>;
  /** The first column of every row. */
  values<V = unknown>(text: string, params?: Params): Promise<V[]>;
  /** The first column of the first row (e.g. a count). */
  value<V = unknown>(text: string, params?: Params): Promise<V>;
  run(text: string, params?: Params): Promise<{ changes: number }>;
  /** An INSERT of one row into a table keyed by `id`: the new id. */
  insert(text: string, params?: Params): Promise<number>;
  /** Several statements without parameters, one after the other, in one write transaction. */
  exec(statements: string | readonly string[]): Promise<void>;
  /** Work in one write transaction, holding the audit chain's lock (so it may append audit events). */
  tx<T>(work: (tx: Tx) => Promise<T>, locks?: readonly string[]): Promise<T>;
}

type Source = { core: Core } | Core | Store | Db;

function dbOf(source: Source): Db {
  if ('core' in source && source.core) return source.core.store.db;
  if ('store' in source && (source as Core).store) return (source as Core).store.db;
  if ('db' in source && (source as Store).db) return (source as Store).db;
  return source as Db;
}

/** Splits a script into statements at `;` ending a line (no `;` inside the tests' string literals). */
function statementsOf(script: string | readonly string[]): string[] {
  const list = typeof script === 'string' ? script.split(/;\s*(?:\n|$)/) : [...script];
  return list.map((s) => s.trim()).filter((s) => s.length > 0);
}

export function testSql(source: Source): TestSql {
  const db = dbOf(source);
  const first = async <R>(q: Queryable, text: string, params?: Params): Promise<R> => {
    const row = await q.one<R>(text, params);
    if (row === undefined) throw new Error(`no row from: ${text} ${JSON.stringify(params ?? [])}`);
    return row;
  };
  return {
    db,
    engine: db.engine,
    rows: (text, params) => db.rows(text, params),
    one: (text, params) => db.one(text, params),
    get: (text, params) => first(db, text, params),
    values: (text, params) => db.values(text, params),
    async value<V>(text: string, params?: Params): Promise<V> {
      const values = await db.values<V>(text, params);
      if (values.length === 0) throw new Error(`no row from: ${text} ${JSON.stringify(params ?? [])}`);
      return values[0];
    },
    run: (text, params) => db.run(text, params),
    insert: (text, params) => db.insert(text, params),
    async exec(script) {
      const statements = statementsOf(script);
      await db.transaction({ mode: 'write' }, async (tx) => {
        for (const s of statements) await tx.run(s);
      });
    },
    tx: (work, locks = [AUDIT_CHAIN_LOCK]) => db.transaction({ mode: 'write', locks }, work),
  };
}

/** Every table of the database (but the migrations' own), in name order, on either engine. */
export async function tableNames(db: Queryable): Promise<string[]> {
  if (db.dialect.name === 'sqlite') {
    return db.values<string>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
  }
  return db.values<string>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
}

/** A table's primary key columns in key order (empty when it has none), on either engine. */
export async function primaryKeyOf(db: Queryable, table: string): Promise<string[]> {
  if (db.dialect.name === 'sqlite') {
    return db.values<string>(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, [table]);
  }
  return db.values<string>(
    `SELECT k.column_name FROM information_schema.table_constraints c
       JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema AND k.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND c.table_name = ? AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position`,
    [table],
  );
}

/** A table's columns in their order, on either engine. */
export async function columnsOf(db: Queryable, table: string): Promise<string[]> {
  if (db.dialect.name === 'sqlite') return db.values<string>(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, [table]);
  return db.values<string>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
    [table],
  );
}

/**
 * Opens a database by its target (a SQLite file or a postgres:// URL) for the work, then closes it:
 * raw reads and writes beside a CLI or a server that opens the database itself.
 */
export async function onDatabase<T>(target: string, work: (sql: TestSql) => Promise<T>): Promise<T> {
  const store = await Store.open(target, { migrate: false });
  try {
    return await work(testSql(store));
  } finally {
    await store.close();
  }
}
