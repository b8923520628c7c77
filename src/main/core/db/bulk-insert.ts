import type BetterSqlite3 from 'better-sqlite3';
import { prepared } from './prepared';

// The statement texts by table and columns, then by row count: built once, not per flush.
const TEXTS = new Map<string, string[]>();

/**
 * Inserts rows into one table many to a statement (`VALUES (...), (...), …`): for tens of
 * thousands of rows the per-statement cost, not SQLite's own work, was most of the time. Rows go
 * in the order added; call `flush()` at the end (inside the same transaction). The statements
 * are compiled once per connection, so a writer may be made per payment.
 */
export class BulkInsert {
  private readonly values: unknown[] = [];
  private readonly head: string;
  private readonly texts: string[];
  private count = 0;

  constructor(
    private readonly sql: BetterSqlite3.Database,
    table: string,
    private readonly columns: readonly string[],
    private readonly batch = 50,
  ) {
    this.head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
    let texts = TEXTS.get(this.head);
    if (!texts) TEXTS.set(this.head, (texts = []));
    this.texts = texts;
  }

  /** One row: its values in the order of the columns. */
  add(...row: unknown[]): void {
    if (row.length !== this.columns.length) throw new Error(`a row of ${this.columns.length} values was expected, not ${row.length}`);
    for (const v of row) this.values.push(v);
    if (++this.count === this.batch) this.flush();
  }

  /** Writes the rows added since the last flush, in one statement. */
  flush(): void {
    if (this.count === 0) return;
    try {
      prepared(this.sql, this.text(this.count)).run(this.values);
    } finally {
      this.values.length = 0;
      this.count = 0;
    }
  }

  private text(rows: number): string {
    return (this.texts[rows] ??= this.head + new Array(rows).fill(`(${this.columns.map(() => '?').join(', ')})`).join(', '));
  }
}
