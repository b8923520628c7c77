import type BetterSqlite3 from 'better-sqlite3';
import type { Queryable } from './port';

// Phase B (PHASE-B.md) moves the features from the better-sqlite3 connection to the data port
// one file at a time. Meanwhile the functions many features share (settings, the audit chain,
// the agency's today) take either and answer in kind: synchronously on the connection, with a
// promise on the port. Delete this file with the last caller that passes the connection.

/** Whether a handle is the data port's (a transaction's `tx.db`, `store.db`), not the connection. */
export function isPort(on: Queryable | BetterSqlite3.Database): on is Queryable {
  return 'dialect' in on;
}

/** What the core keeps per database (the audit trail) is kept by this object: the same for both handles of one SQLite file. */
export function originOf(on: Queryable | BetterSqlite3.Database): object {
  return isPort(on) ? on.origin : on;
}
