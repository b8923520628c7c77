import { createHash } from 'node:crypto';
import type { TxMode } from './port';

// Every difference between the engines that the SQL of a feature would otherwise have to know,
// in one object per engine (as Kysely's and Drizzle's dialects): features write SQLite-flavoured
// standard SQL with `?` placeholders, and each engine turns it into its own once per text.

export type ConstraintKind = 'unique' | 'foreign_key' | 'check' | 'not_null' | 'append_only';

export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** The engine's text for a feature's statement; called once per text (the engines cache it). */
  translate(text: string): string;
  /** What follows a SELECT that locks its rows for the transaction. */
  lockClause(lock: 'update'): string;
  /** The statement that opens a transaction of a mode. */
  begin(mode: TxMode): string;
  /** Which constraint an error broke, when it is a constraint's refusal. */
  constraintOf(err: unknown): ConstraintKind | undefined;
  /** Whether the error is the engine refusing one of two conflicting transactions (run it again). */
  isRetryable(err: unknown): boolean;
  /** Most `?` one statement may bind (bulk inserts size their statements by it). */
  readonly maxParams: number;
  /**
   * Rows a feature's own multi-row statement carries: few on SQLite (a statement there is a call
   * into the library; big texts cost more to prepare than they save), many on PostgreSQL (each
   * statement is a round trip to the server).
   */
  readonly rowsPerStatement: number;
  /** One `?`: the table's name. A row when a table of that name exists. */
  readonly tableExists: string;
  /** Two `?`: a table's name and a column's. A row when the table has that column. */
  readonly columnExists: string;
  /**
   * A table of one integer column `value` from one `?` bound to a JSON array of integers (one
   * statement for any number of ids): `WHERE id IN ${d.idsFromJson}`, `JOIN ${d.idsFromJson} j ON …`.
   */
  readonly idsFromJson: string;
  /** As idsFromJson, for a JSON array of strings: a table of one text column `value`. */
  readonly textsFromJson: string;
  /** The integer under `key` of a JSON object stored as text in `column` (null when absent). */
  jsonInteger(column: string, key: string): string;
  /** The text under `key` of a JSON object stored as text in `column` (null when absent). */
  jsonText(column: string, key: string): string;
}

function jsonKey(key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`"${key}" is not a plain JSON key`);
  return key;
}

function codeOf(err: unknown): string | undefined {
  return err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

export const SQLITE: Dialect = {
  name: 'sqlite',
  translate: (text) => text,
  lockClause: () => '',
  // IMMEDIATE: the file's one write lock from the start, so two writers wait for each other (busy
  // timeout) instead of one failing when it upgrades a stale read.
  begin: (mode) => (mode === 'read' ? 'BEGIN' : 'BEGIN IMMEDIATE'),
  constraintOf(err) {
    const code = codeOf(err);
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique';
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreign_key';
    if (code === 'SQLITE_CONSTRAINT_CHECK') return 'check';
    if (code === 'SQLITE_CONSTRAINT_NOTNULL') return 'not_null';
    if (code === 'SQLITE_CONSTRAINT_TRIGGER') return 'append_only';
    return undefined;
  },
  // One writer at a time holds the file: SQLite never refuses one of two transactions after the fact.
  isRetryable: () => false,
  maxParams: 32_766,
  rowsPerStatement: 50,
  tableExists: `SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?`,
  columnExists: `SELECT 1 AS found FROM pragma_table_info(?) WHERE name = ?`,
  idsFromJson: `(SELECT value FROM json_each(?))`,
  textsFromJson: `(SELECT value FROM json_each(?))`,
  jsonInteger: (column, key) => `CAST(json_extract(${column}, '$.${jsonKey(key)}') AS INTEGER)`,
  jsonText: (column, key) => `json_extract(${column}, '$.${jsonKey(key)}')`,
};

const POSTGRES_CONSTRAINTS: Record<string, ConstraintKind> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  '23514': 'check',
  '23502': 'not_null',
  // RAISE EXCEPTION in the audit trail's trigger (migration 0002) raises P0001.
  P0001: 'append_only',
};

export const POSTGRES: Dialect = {
  name: 'postgres',
  translate: (text) => rewriteForPostgres(text).text,
  lockClause: () => ' FOR UPDATE',
  begin: (mode) =>
    mode === 'read'
      ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'
      : mode === 'serializable'
        ? 'BEGIN ISOLATION LEVEL SERIALIZABLE'
        : 'BEGIN ISOLATION LEVEL READ COMMITTED',
  constraintOf: (err) => POSTGRES_CONSTRAINTS[codeOf(err) ?? ''],
  // serialization_failure, deadlock_detected.
  isRetryable: (err) => codeOf(err) === '40001' || codeOf(err) === '40P01',
  maxParams: 65_535,
  rowsPerStatement: 500,
  tableExists: `SELECT 1 AS found FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`,
  columnExists: `SELECT 1 AS found FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?`,
  idsFromJson: `(SELECT CAST(value AS bigint) AS value FROM json_array_elements_text(CAST(? AS json)) AS ids(value))`,
  textsFromJson: `(SELECT value FROM json_array_elements_text(CAST(? AS json)) AS texts(value))`,
  jsonInteger: (column, key) => `CAST(CAST(${column} AS json) ->> '${jsonKey(key)}' AS bigint)`,
  jsonText: (column, key) => `(CAST(${column} AS json) ->> '${jsonKey(key)}')`,
};

/**
 * A statement written for SQLite, for PostgreSQL, outside quoted text, quoted names, comments and
 * dollar-quoted bodies:
 * - `?` becomes `$1`, `$2`, …; `@name` becomes `$n`, one number per name (`names` says which
 *   value goes where); one text uses one kind. `?NNN` is refused: features use plain `?`.
 * - LIKE becomes ILIKE (SQLite's LIKE ignores case; PostgreSQL's does not).
 * - A name in camelCase (`AS providerId`, `ORDER BY providerId`) is quoted: PostgreSQL folds an
 *   unquoted name to lower case, SQLite keeps it as written, and rows are read by that name.
 *   (Keywords are written in capitals, tables and columns in snake_case: neither mixes cases.)
 */
export function rewriteForPostgres(text: string): { text: string; names: string[] | null } {
  let out = '';
  let n = 0;
  let names: string[] | null = null;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === c) {
          if (text[j + 1] === c) j++;
          else break;
        }
      }
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(text.slice(i, i + 64))) {
      // A dollar-quoted body (a migration's function): copied as it is, up to its closing tag.
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 64))![0];
      const end = text.indexOf(tag, i + tag.length);
      const j = end === -1 ? text.length : end + tag.length;
      out += text.slice(i, j);
      i = j;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const j = end === -1 ? text.length : end;
      out += text.slice(i, j);
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const j = end === -1 ? text.length : end + 2;
      out += text.slice(i, j);
      i = j;
    } else if (c === '?') {
      if (/[0-9]/.test(text[i + 1] ?? '')) throw new Error(`numbered parameters (?N) are not supported: use plain ? in "${text}"`);
      if (names) throw new Error(`a statement takes ? or @name parameters, not both: "${text}"`);
      out += `$${++n}`;
      i++;
    } else if (c === '@' && /[A-Za-z_]/.test(text[i + 1] ?? '')) {
      if (n > 0 && !names) throw new Error(`a statement takes ? or @name parameters, not both: "${text}"`);
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j])) j++;
      const name = text.slice(i + 1, j);
      names ??= [];
      let at = names.indexOf(name);
      if (at === -1) at = names.push(name) - 1;
      n = names.length;
      out += `$${at + 1}`;
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_$]/.test(text[j])) j++;
      const word = text.slice(i, j);
      if (word.toUpperCase() === 'LIKE') out += word === 'like' ? 'ilike' : 'ILIKE';
      else if (/[a-z]/.test(word) && /[A-Z]/.test(word)) out += `"${word}"`;
      else out += word;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, names };
}

/** An advisory lock's 64-bit key for a name: the same on every PayDesk server. Passed as text. */
export function advisoryKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}
