import fs from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { AppError } from '../shared/api/errors';
import { isPostgresUrl } from '../main/core/db/engine/url';
import type { Core, Connection } from '../main/core/core';

// What every command shares. Nothing here loads the core: `paydesk --help` stays light.

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | undefined>;

export interface CliContext {
  values: Values;
  positionals: string[];
  db: string;
  json: boolean;
  /** Prints a result: JSON with --json, otherwise the text the command gives. */
  out(result: unknown, text?: string): void;
  /**
   * Opens the core on --db (which must exist unless the command creates it), as --as USER if given.
   * `reading`: the command only reads (calls no handler that `writes`): the database is opened to
   * read only, without the checks of an open that may write (README: "What a read command checks").
   */
  open(options?: { as?: string | boolean; system?: boolean; reading?: boolean }): Promise<{ core: Core; connection: Connection }>;
  progress(message: string): void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options?: Options;
  /** More for `paydesk <command> --help` than its usage (e.g. the actions and reason codes of `act`). */
  help?(ctx: { db: string }): Promise<string>;
  run(ctx: CliContext): Promise<number | void>;
}

/**
 * Whether --db names a database that is there: a file, or a postgres:// URL (whose server says
 * at the connection whether the database exists, and PayDesk never creates one there).
 */
export function databaseExists(db: string): boolean {
  return isPostgresUrl(db) || fs.existsSync(db);
}

export function usageError(message: string): AppError {
  return new AppError({ code: 'BAD_REQUEST', message });
}

export function intOption(values: Values, name: string, required = true): number | undefined {
  const raw = values[name];
  if (raw === undefined) {
    if (required) throw usageError(`--${name} is required`);
    return undefined;
  }
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw usageError(`--${name} must be a whole number, not "${String(raw)}"`);
  return Number(raw);
}

export function stringOption(values: Values, name: string, required = true): string | undefined {
  const raw = values[name];
  if (raw === undefined || raw === '') {
    if (required) throw usageError(`--${name} is required`);
    return undefined;
  }
  if (typeof raw !== 'string') throw usageError(`--${name} takes a value`);
  return raw;
}

/**
 * An amount in dollars, as the app takes it: 12.34, -5, 1,234.50 or $12. More than two decimals,
 * or anything that is not an amount, is refused naming the option. Returns whole cents.
 */
export function dollarsOption(values: Values, name: string): number {
  const raw = stringOption(values, name)!;
  const m = /^\s*([+-])?\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*$/.exec(raw);
  if (!m) {
    const decimals = /^\s*[+-]?\$?[\d,]*\.(\d{3,})\s*$/.test(raw);
    throw usageError(
      decimals
        ? `--${name} takes dollars with at most 2 decimals (such as 12.34); not "${raw.slice(0, 40)}"`
        : `--${name} must be an amount in dollars, such as 12.34 or --${name}=-5.00; not "${raw.slice(0, 40)}"`,
    );
  }
  const cents = Number(m[2].replace(/,/g, '')) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) throw usageError(`--${name} is too large: "${raw.slice(0, 40)}"`);
  return m[1] === '-' ? -cents : cents;
}

/** A column of a table: the row's key, and the header a person reads (default: the key in words). */
export type Column = string | { key: string; label: string };

/** "licenseNumber" -> "License number", "id" -> "ID". */
export function headerOf(key: string): string {
  if (key === 'id') return 'ID';
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1).replace(/\bid\b/g, 'ID');
}

/** Simple aligned text table for the terminal, with headers in words. */
export function table(rows: Array<Record<string, unknown>>, columns: Column[]): string {
  if (rows.length === 0) return '(none)';
  const cols = columns.map((c) => (typeof c === 'string' ? { key: c, label: headerOf(c) } : c));
  const cells = rows.map((r) => cols.map((c) => String(r[c.key] ?? '')));
  const widths = cols.map((c, i) => Math.max(c.label.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(cols.map((c) => c.label)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
