import type BetterSqlite3 from 'better-sqlite3';

// Prepared statements, compiled once per connection. The engine runs thousands of times in a
// bulk action; compiling the same SQL on every call would cost more than running it.
const MAX_STATEMENTS = 1000;
const CACHE = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * The statement for a text, compiled once per connection. A statement that reads rows as arrays
 * (`raw`) or single values (`pluck`) is asked for with that mode: the mode is part of the key, so
 * one caller's mode never reaches another caller of the same text.
 */
export function prepared(sql: BetterSqlite3.Database, text: string, mode?: 'raw' | 'pluck'): BetterSqlite3.Statement {
  const statements = statementCache(sql);
  const key = mode ? `${mode}:${text}` : text;
  let statement = statements.get(key);
  if (!statement) {
    // Texts built from a user's filters and sorts vary: keep the cache from growing without end.
    if (statements.size >= MAX_STATEMENTS) statements.clear();
    statement = sql.prepare(text);
    if (mode === 'raw') statement.raw(true);
    if (mode === 'pluck') statement.pluck(true);
    statements.set(key, statement);
  }
  return statement;
}

/**
 * The connection's cache itself, for the data port's hot path (db/engine/sqlite.ts): a hit is one
 * Map lookup. Keys are texts, or `raw:`/`pluck:` + text; a miss goes through `prepared`.
 */
export function statementCache(sql: BetterSqlite3.Database): Map<string, BetterSqlite3.Statement> {
  let statements = CACHE.get(sql);
  if (!statements) {
    statements = new Map();
    CACHE.set(sql, statements);
  }
  return statements;
}
