import type BetterSqlite3 from 'better-sqlite3';

// Prepared statements, compiled once per connection. The engine runs thousands of times in a
// bulk action; compiling the same SQL on every call would cost more than running it.
const MAX_STATEMENTS = 1000;
const CACHE = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

export function prepared(sql: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let statements = CACHE.get(sql);
  if (!statements) {
    statements = new Map();
    CACHE.set(sql, statements);
  }
  let statement = statements.get(text);
  if (!statement) {
    // Texts built from a user's filters and sorts vary: keep the cache from growing without end.
    if (statements.size >= MAX_STATEMENTS) statements.clear();
    statement = sql.prepare(text);
    statements.set(text, statement);
  }
  return statement;
}
