import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/api/errors';
import { auditKeyFile, readKeyFile, writeKeyFile, type AuditKey } from '../../audit/key';
import { postgresAuditKeyFile } from '../engine/key-location';
import type { Queryable, Tx, Value } from '../engine/port';
import { isPostgresUrl, parsePostgresUrl } from '../engine/url';
import { Store } from '../store';
import { verifyChainOnPort } from './chain';

// `paydesk copy --from FILE --to postgres://…`: an agency's SQLite database moved, whole, into an
// empty PostgreSQL database. The source is opened to read only (nothing is written to it) and
// read in one snapshot; the target is migrated, then filled in ONE transaction: every table in
// foreign-key order (and the keys deferred to COMMIT), ids kept, the audit trail inserted as it is
// (its append-only trigger refuses updates: nothing is updated). Before COMMIT the copy is
// verified in the same transaction: the row count of every table equals the source's, and the
// audit chain verifies on the target with the source's key and ends at the source's head. Any
// failure rolls everything back: the target is left as empty as it was. The audit key comes
// along into the target's key file (db/engine/key-location.ts).

/** Tables the migrations fill with defaults: on an empty target they are replaced by the source's rows. */
const SEEDED = new Set(['setting', 'reason']);
/** Never copied: each database keeps its own record of its migrations. */
const NOT_COPIED = new Set(['migrations', 'typeorm_metadata']);
const PAGE = 5000;

export interface CopyOptions {
  from: string;
  to: string;
  /** The source's audit key file, when it is not beside the source (a plain copy saved from the desktop app). */
  keyFile?: string;
  /** Where the target's key goes; default: postgresAuditKeyFile(to). */
  targetKeyFile?: string;
  progress?: (message: string) => void;
}

export interface CopyResult {
  from: string;
  to: string;
  tables: Array<{ table: string; rows: number }>;
  rows: number;
  auditEvents: number;
  keyFile: string;
  seconds: number;
}

const refused = (message: string, field?: string) => new AppError({ code: 'REFUSED', message, ...(field ? { field } : {}) });
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface TableInfo {
  table: string;
  columns: string[];
  /** The tables its foreign keys point at. */
  parents: string[];
}

async function sourceTables(db: Queryable): Promise<TableInfo[]> {
  const names = await db.values<string>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
  const out: TableInfo[] = [];
  for (const table of names.filter((n) => !NOT_COPIED.has(n))) {
    const columns = await db.values<string>(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, [table]);
    const parents = await db.values<string>(`SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`, [table]);
    out.push({ table, columns, parents: parents.filter((p) => p !== table) });
  }
  return out;
}

/** A SQLite database's tables (but its migrations) with their columns, parents before children. */
export async function sqliteTablesInOrder(db: Queryable): Promise<Array<{ table: string; columns: string[] }>> {
  return foreignKeyOrder(await sourceTables(db));
}

/** Parents before children (a table's own rows that point at each other wait for the deferred check). */
function foreignKeyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.table, t]));
  const done = new Set<string>();
  const order: TableInfo[] = [];
  const visit = (t: TableInfo, path: Set<string>) => {
    if (done.has(t.table) || path.has(t.table)) return;
    path.add(t.table);
    for (const p of t.parents) {
      const parent = byName.get(p);
      if (parent) visit(parent, path);
    }
    done.add(t.table);
    order.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return order;
}

async function targetColumns(db: Queryable): Promise<Map<string, string[]>> {
  const rows = await db.rows<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`,
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.column_name]);
  return out;
}

async function count(db: Queryable, table: string): Promise<number> {
  return (await db.values<number>(`SELECT count(*) AS n FROM ${quote(table)}`))[0];
}

/**
 * What a PostgreSQL database already holds beyond what PayDesk's migrations put in an empty one
 * (their default settings and reason codes): `table: N rows` for each table with rows. Empty: [].
 */
export async function postgresDataFound(db: Queryable): Promise<string[]> {
  const found: string[] = [];
  for (const table of (await targetColumns(db)).keys()) {
    if (NOT_COPIED.has(table) || SEEDED.has(table)) continue;
    const n = await count(db, table);
    if (n > 0) found.push(`${table}: ${n} row${n === 1 ? '' : 's'}`);
  }
  return found;
}

/** The refusal of a target that holds data, naming what it found. */
export function notEmptyError(display: string, found: string[]): AppError {
  return refused(
    `The PostgreSQL database ${display} is not empty (${found.join(', ')}): ` +
      'PayDesk copies only into an empty database, never over data. Ask the DBA for a new database (README: "PostgreSQL"), or drop this one first.',
    'to',
  );
}

/**
 * Refuses a PostgreSQL database that holds data (`paydesk demo` and `new-database` on a
 * postgres:// URL): PayDesk fills only an empty one, and never empties one.
 */
export async function refuseNonEmptyPostgres(url: string): Promise<void> {
  const { PostgresEngine } = await import('../engine/postgres.js');
  const target = parsePostgresUrl(url);
  const db = PostgresEngine.open(target, { max: 1 });
  try {
    const found = await postgresDataFound(db);
    if (found.length > 0) throw notEmptyError(target.display, found);
  } finally {
    await db.close();
  }
}

function sourceKey(from: string, keyFile: string | undefined): { key: AuditKey | null; file: string } {
  const file = keyFile ?? auditKeyFile(from);
  return { key: readKeyFile(file, null), file };
}

/** Writes the target's key file, unless the same key is there already. Returns whether it made the file. */
function placeTargetKey(file: string, key: AuditKey): boolean {
  const there = readKeyFile(file, null);
  if (there) {
    if (there.id === key.id) return false;
    throw refused(`An audit key of another database is already at ${file} (key ${there.id}, the source's is ${key.id}): PayDesk does not replace it. Move it away if it belongs to nothing, then copy again.`, 'to');
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeKeyFile(file, key, null, { exclusive: true });
  return true;
}

export async function copyToPostgres(options: CopyOptions): Promise<CopyResult> {
  const started = Date.now();
  const progress = options.progress ?? (() => undefined);
  if (isPostgresUrl(options.from)) throw new AppError({ code: 'BAD_REQUEST', field: 'from', message: '--from names the SQLite database file to copy, not a postgres:// URL.' });
  if (!isPostgresUrl(options.to)) throw new AppError({ code: 'BAD_REQUEST', field: 'to', message: `--to must be a PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE), not "${options.to}".` });
  const target = parsePostgresUrl(options.to); // refuses a password in the URL
  if (!fs.existsSync(options.from)) throw new AppError({ code: 'NOT_FOUND', field: 'from', message: `No PayDesk database at ${options.from}.` });
  const targetKeyFile = options.targetKeyFile ?? postgresAuditKeyFile(options.to);

  progress(`checking ${options.from}`);
  const source = await Store.open(options.from, { reading: true });
  let store: Store | undefined;
  try {
    const damage = source.check('quick_check');
    if (damage.length > 0) throw refused(`${options.from} is damaged (SQLite's check: ${damage[0]}): restore a backup, then copy it.`, 'from');
    if (!(await source.migrationsMatch())) {
      throw refused(`${options.from} was written by another version of PayDesk (its migrations are not this PayDesk's): open it once with this PayDesk (for example "paydesk verify-audit --db ${options.from}"), then copy it.`, 'from');
    }
    const { key, file: keyFile } = sourceKey(options.from, options.keyFile);

    progress(`opening ${target.display}`);
    store = await Store.open(options.to, { migrate: false });
    const db = store.db;
    const foreign = (await targetColumns(db)).size > 0 && !(await db.one(db.dialect.tableExists, ['migrations']));
    if (foreign) throw refused(`The PostgreSQL database ${target.display} holds tables that are not PayDesk's: PayDesk copies only into an empty database. Ask the DBA for a new one (README: "PostgreSQL").`, 'to');
    const before = await postgresDataFound(db);
    if (before.length > 0) throw notEmptyError(target.display, before);
    progress('running the migrations on the target');
    await store.migrate();
    const columnsThere = await targetColumns(db);

    return await source.db.transaction({ mode: 'read' }, async (src) => {
      const tables = foreignKeyOrder(await sourceTables(src));
      // The schemas must be the same, table by table and column by column.
      const missing = tables.filter((t) => !columnsThere.has(t.table)).map((t) => t.table);
      const extra = [...columnsThere.keys()].filter((t) => !NOT_COPIED.has(t) && !tables.some((s) => s.table === t));
      if (missing.length || extra.length) {
        throw refused(`The two databases' tables differ (only in the source: ${missing.join(', ') || 'none'}; only in the target: ${extra.join(', ') || 'none'}): nothing was copied.`);
      }
      for (const t of tables) {
        const there = columnsThere.get(t.table)!;
        const differ = [...t.columns.filter((c) => !there.includes(c)), ...there.filter((c) => !t.columns.includes(c))];
        if (differ.length) throw refused(`Table ${t.table} has other columns in the two databases (${differ.join(', ')}): nothing was copied.`);
      }

      const counts = new Map<string, number>();
      for (const t of tables) counts.set(t.table, await count(src, t.table));
      const events = counts.get('audit_event') ?? 0;
      if (events > 0 && !key) {
        const sealed = await src.one(`SELECT 1 AS found FROM audit_event WHERE entity = 'audit-trail' AND action = 'seal' LIMIT 1`);
        if (sealed) throw refused(`The audit key of ${options.from} is not at ${keyFile}: without it the trail can be neither verified nor continued. Give it with --key FILE (a plain copy, saved from the app's Settings → Audit trail → Save the audit key).`, 'key');
      }
      progress(`verifying the audit trail of ${options.from} (${events} events)`);
      const sourceChain = await verifyChainOnPort(src, key);
      if (!sourceChain.ok) throw refused(`The audit trail of ${options.from} does not verify (${sourceChain.problem}): nothing was copied. Restore a backup whose trail verifies, then copy it.`, 'from');
      if (events > 0 && sourceChain.sealId === null) {
        throw refused(`The audit trail of ${options.from} was never sealed with a key: open it once with this PayDesk (for example "paydesk verify-audit --db ${options.from}"), then copy it.`, 'from');
      }

      const madeKey = key ? placeTargetKey(targetKeyFile, key) : false;
      try {
        const result = await db.transaction({ mode: 'write', locks: ['audit-chain'], retries: 0 }, async (tx) => {
          // Under the lock, again: a PayDesk server started on the target meanwhile would have written.
          const found = await postgresDataFound(tx);
          if (found.length > 0) throw notEmptyError(target.display, found);
          await tx.deferForeignKeys();
          for (const seeded of SEEDED) await tx.run(`DELETE FROM ${quote(seeded)}`);
          let done = 0;
          const total = [...counts.values()].reduce((a, b) => a + b, 0);
          for (const t of tables) {
            const n = counts.get(t.table)!;
            if (n === 0) continue;
            await copyTable(src, tx, t, (copied) => progress(`${t.table}: ${copied}/${n} rows (${done + copied}/${total} in all)`));
            done += n;
            if (t.columns.includes('id')) await tx.syncIds(t.table);
          }

          progress('verifying the copy: row counts');
          for (const t of tables) {
            const there = await count(tx, t.table);
            if (there !== counts.get(t.table)) throw new AppError({ code: 'INTERNAL', message: `The copy of table ${t.table} holds ${there} rows, the source ${counts.get(t.table)}: nothing was copied.` });
          }
          progress(`verifying the copy: the audit trail (${events} events) with the key`);
          const copied = await verifyChainOnPort(tx, key);
          if (!copied.ok) throw new AppError({ code: 'INTERNAL', message: `The audit trail of the copy does not verify (${copied.problem}): nothing was copied.` });
          if (copied.events !== sourceChain.events || copied.head?.hash !== sourceChain.head?.hash) {
            throw new AppError({ code: 'INTERNAL', message: `The audit trail of the copy does not end where the source's does (event ${copied.head?.id}, the source's ${sourceChain.head?.id}): nothing was copied.` });
          }
          return { tables: tables.map((t) => ({ table: t.table, rows: counts.get(t.table)! })), rows: total, auditEvents: copied.events };
        });
        progress('committed');
        // Until autovacuum's next visit the planner knows nothing of the rows just loaded, and the
        // first screens after the move would run on blind plans (a tab page 3x slower).
        progress('gathering statistics for the query planner (ANALYZE)');
        await db.run('ANALYZE');
        return { from: options.from, to: target.display, ...result, keyFile: targetKeyFile, seconds: (Date.now() - started) / 1000 };
      } catch (err) {
        if (madeKey) fs.rmSync(targetKeyFile, { force: true });
        throw err;
      }
    });
  } finally {
    await store?.close();
    await source.close();
  }
}

/** One table's rows, in keyset pages of the source (by rowid), written many to a statement. */
async function copyTable(src: Queryable, tx: Tx, t: TableInfo, progress: (copied: number) => void): Promise<void> {
  const writer = tx.bulkInsert(t.table, t.columns);
  const select = `SELECT rowid AS paydesk_rowid, ${t.columns.map(quote).join(', ')} FROM ${quote(t.table)} WHERE rowid > ? ORDER BY rowid LIMIT ${PAGE}`;
  let copied = 0;
  for (let after = 0; ; ) {
    const page = await src.rows<Record<string, Value>>(select, [after]);
    for (const row of page) writer.add(...t.columns.map((c) => row[c]));
    // Written before the next page is read: the rows in flight stay one page, whatever the table's size.
    await writer.flush();
    copied += page.length;
    if (page.length > 0) progress(copied);
    if (page.length < PAGE) break;
    after = page[page.length - 1].paydesk_rowid as number;
  }
}
