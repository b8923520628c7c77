import type { Tx, Value } from './engine/port';

// Rows a transaction inserts into a table, sent together later (Tx.hold): on PostgreSQL each
// statement is a round trip, and a period's work stores each payment's attendance and calculation
// lines in statements of their own (a few hundred in the demo's build). They go before any
// statement that names the table (so every read sees them), before a savepoint and at the commit,
// in the transaction's order. Only for rows the caller has checked against the table's constraints
// (the workflow engine checks attendance and makes the lines itself): a row that fails when sent
// fails the transaction, not the action that made it. SQLite (no holding) inserts them at once.

/** Held rows are sent once this many wait, whatever comes next. */
const HELD_LIMIT = 2000;

interface Held {
  columns: readonly string[];
  rows: Value[][];
  /** The keys of `cached(table, …)` the waiting rows change; null: any of them. */
  changes: Set<string> | null;
}
const HELD = new WeakMap<Tx, Map<string, Held>>();

/**
 * Inserts `rows` into `table` now (`batch` rows to a statement), or holds them for the
 * transaction's next statement that names it. `changes`: the keys of `cached(table, …)` the rows
 * change (the others stay kept); any of the table's when left out.
 */
export async function insertHeld(db: Tx, table: string, columns: readonly string[], rows: readonly Value[][], options: { batch: number; changes?: readonly string[] }): Promise<void> {
  if (rows.length === 0) return;
  let tables = HELD.get(db);
  if (!tables) HELD.set(db, (tables = new Map()));
  let held = tables.get(table);
  if (!held) tables.set(table, (held = { columns, rows: [], changes: new Set() }));
  if (held.columns !== columns && held.columns.join() !== columns.join()) throw new Error(`rows held for ${table} were given with other columns`);
  for (const row of rows) held.rows.push(row);
  if (!options.changes) held.changes = null;
  else if (held.changes) for (const key of options.changes) held.changes.add(key);
  const entry = held;
  const send = (batch: number): Promise<void> => {
    const waiting = entry.rows;
    const changes = entry.changes ? [...entry.changes] : undefined;
    entry.rows = [];
    entry.changes = new Set();
    const writer = db.bulkInsert(table, columns, { batch, changes });
    for (const row of waiting) writer.add(...row);
    return writer.flush();
  };
  const discard = () => {
    entry.rows = [];
    entry.changes = new Set();
  };
  if (entry.rows.length >= HELD_LIMIT) return send(HELD_LIMIT);
  if (!db.hold(table, { send: () => send(HELD_LIMIT), discard }, options.changes)) await send(options.batch);
}
