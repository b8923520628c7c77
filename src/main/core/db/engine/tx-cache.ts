// What a transaction's handle keeps of its `cached` reads (port.ts Queryable.cached), on both
// engines: values by table and key, forgotten when a statement of the transaction may write the
// table (an INSERT, UPDATE or DELETE whose text names it as a whole word: `payment_id` in an
// attendance INSERT is not the payment table) or a savepoint rolls back. No trigger or cascade
// writes a table kept here (the schema's cascades reach provider_rate and user_group only).

/** The text in lower case when it may write (anything but a SELECT), else null: what it may change. */
export function writesOf(text: string): string | null {
  return /^\s*select\b/i.test(text) ? null : text.toLowerCase();
}

export class TxCache {
  private readonly memo = new Map<string, Map<string, unknown>>();
  /** Each table's count of writes: a load that raced one is not kept. */
  private readonly writesTo = new Map<string, number>();
  /** Each kept table's name as a whole word (not part of a longer identifier). */
  private readonly named = new Map<string, RegExp>();

  /** Whether any statement needs looking at (nothing cached yet: none does). */
  get watching(): boolean {
    return this.writesTo.size > 0;
  }

  /** A statement is issued: the values of each table its text (`writes`, writesOf) names are forgotten. */
  written(writes: string | null): void {
    if (writes === null) return;
    for (const table of this.writesTo.keys()) {
      if (!writes.includes(table)) continue;
      let word = this.named.get(table);
      if (!word) this.named.set(table, (word = new RegExp(`(?<![a-z0-9_$])${table}(?![a-z0-9_$])`)));
      if (word.test(writes)) this.forget(table);
    }
  }

  /** Rows are written to `table` (a bulk insert). */
  forget(table: string): void {
    const n = this.writesTo.get(table);
    if (n === undefined) return;
    this.writesTo.set(table, n + 1);
    this.memo.delete(table);
  }

  /** Rows are written to `table` that change only the values of `keys` (held rows: db/held-insert.ts). */
  forgetKeys(table: string, keys: readonly string[]): void {
    const n = this.writesTo.get(table);
    if (n === undefined) return;
    // Counted as a write: a load of the table racing it is not kept, whatever its key.
    this.writesTo.set(table, n + 1);
    const kept = this.memo.get(table);
    if (kept) for (const key of keys) kept.delete(key);
  }

  async cached<T>(table: string, key: string, load: () => Promise<T>): Promise<T> {
    const kept = this.memo.get(table);
    if (kept?.has(key)) return kept.get(key) as T;
    if (!this.writesTo.has(table)) this.writesTo.set(table, 0);
    const writes = this.writesTo.get(table);
    const value = await load();
    // Kept unless a write to the table was issued meanwhile (its statement may have changed the value).
    if (this.writesTo.get(table) === writes) this.keep(table, key, value);
    return value;
  }

  /** Whether `cached(table, key)` would answer without loading. */
  has(table: string, key: string): boolean {
    return this.memo.get(table)?.has(key) ?? false;
  }

  remember(table: string, key: string, value: unknown): void {
    if (!this.writesTo.has(table)) this.writesTo.set(table, 0);
    this.keep(table, key, value);
  }

  /** Forgets every value (a savepoint rolled back: what its work wrote is gone). */
  forgetAll(): void {
    for (const [table, n] of this.writesTo) this.writesTo.set(table, n + 1);
    this.memo.clear();
  }

  private keep(table: string, key: string, value: unknown): void {
    let kept = this.memo.get(table);
    if (!kept) this.memo.set(table, (kept = new Map()));
    kept.set(key, value);
  }
}
