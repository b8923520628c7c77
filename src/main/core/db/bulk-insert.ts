import type BetterSqlite3 from 'better-sqlite3';
import { prepared } from './prepared';

/**
 * Inserts rows into one table many to a statement (`VALUES (...), (...), …`): for tens of
 * thousands of rows the per-statement cost, not SQLite's own work, was most of the time. Rows go
 * in the order added; call `flush()` at the end (inside the same transaction). The statements
 * are compiled once per connection, so a writer may be made per payment.
 */
export class BulkInsert {
  private readonly values: unknown[] = [];
  private readonly full: BetterSqlite3.Statement;
  private readonly one: BetterSqlite3.Statement;
  private count = 0;

  constructor(
    sql: BetterSqlite3.Database,
    table: string,
    private readonly columns: readonly string[],
    private readonly batch = 50,
  ) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
    this.full = prepared(sql, head + new Array(batch).fill(row).join(', '));
    this.one = prepared(sql, head + row);
  }

  /** One row: its values in the order of the columns. */
  add(...row: unknown[]): void {
    if (row.length !== this.columns.length) throw new Error(`a row of ${this.columns.length} values was expected, not ${row.length}`);
    for (const v of row) this.values.push(v);
    if (++this.count === this.batch) {
      this.full.run(this.values);
      this.values.length = 0;
      this.count = 0;
    }
  }

  flush(): void {
    const width = this.columns.length;
    for (let i = 0; i < this.values.length; i += width) this.one.run(this.values.slice(i, i + width));
    this.values.length = 0;
    this.count = 0;
  }
}
