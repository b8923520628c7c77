import type BetterSqlite3 from 'better-sqlite3';

// Prepared statements, compiled once per connection. The engine runs thousands of times in a
// bulk action; compiling the same SQL on every call would cost more than running it.
const CACHE = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

export function prepared(sql: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let statements = CACHE.get(sql);
  if (!statements) {
    statements = new Map();
    CACHE.set(sql, statements);
  }
  let statement = statements.get(text);
  if (!statement) {
    statement = sql.prepare(text);
    statements.set(text, statement);
  }
  return statement;
}
