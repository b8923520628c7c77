import fs from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { AppError } from '../shared/api/errors';
import type { SessionUser } from '../shared/api/contract/session';
import { Core, type Connection } from '../main/core/core';
import { loadSessionUser } from '../main/core/users/users';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | undefined>;

export interface CliContext {
  values: Values;
  positionals: string[];
  db: string;
  json: boolean;
  /** Prints a result: JSON with --json, otherwise the text the command gives. */
  out(result: unknown, text?: string): void;
  /** Opens the core on --db (which must exist unless the command creates it), as --as USER if given. */
  open(options?: { as?: string | boolean; system?: boolean }): Promise<{ core: Core; connection: Connection }>;
  progress(message: string): void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options?: Options;
  run(ctx: CliContext): Promise<number | void>;
}

export function usageError(message: string): AppError {
  return new AppError({ code: 'BAD_REQUEST', message });
}

/** Opens a database for a command. A missing file is an error: only `demo` creates one. */
export async function openCore(db: string, as: string | undefined): Promise<{ core: Core; connection: Connection }> {
  if (!fs.existsSync(db)) {
    throw new AppError({
      code: 'NOT_FOUND',
      message: `No PayDesk database at ${db}. Create one with "paydesk demo --db ${db}" or start the app once.`,
    });
  }
  const core = await Core.start({ databaseFile: db });
  let user: SessionUser | null = null;
  if (as) {
    // The CLI runs with the database file's own permissions, like a database tool: it acts as a
    // named user without a password, and every step is recorded under that user's name.
    const found = await core.store.read(({ sql }) => {
      const row = sql.prepare(`SELECT id FROM app_user WHERE username = ?`).get(as) as { id: number } | undefined;
      return row ? loadSessionUser(sql, row.id) : null;
    });
    if (!found) {
      await core.close();
      throw new AppError({ code: 'NOT_FOUND', field: 'as', message: `No active user named "${as}".` });
    }
    user = found;
  }
  return { core, connection: core.connect(user) };
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

/** Simple aligned text table for the terminal. */
export function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((r) => columns.map((c) => String(r[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
