import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BulkInsert } from '../../src/main/core/db/bulk-insert';
import { tempDir } from '../helpers/core';

// Rows many to a statement: every row lands once, in order, whatever the count against the batch.

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function table() {
  const t = tempDir();
  cleanup = t.cleanup;
  const sql = new Database(path.join(t.dir, 'bulk.sqlite'));
  sql.exec(`CREATE TABLE day (id INTEGER PRIMARY KEY, child INTEGER NOT NULL, date TEXT NOT NULL, hours REAL, UNIQUE (child, date))`);
  return sql;
}

describe('BulkInsert', () => {
  for (const count of [0, 1, 6, 7, 8, 20, 21]) {
    it(`writes ${count} rows in order with a batch of 7`, () => {
      const sql = table();
      const insert = new BulkInsert(sql, 'day', ['child', 'date', 'hours'], 7);
      const rows = Array.from({ length: count }, (_, i) => [i % 3, `2026-03-${String(i + 1).padStart(2, '0')}`, i % 2 ? null : i / 2]);
      sql.transaction(() => {
        for (const r of rows) insert.add(...r);
        insert.flush();
      })();
      expect(sql.prepare(`SELECT child, date, hours FROM day ORDER BY id`).raw().all()).toEqual(rows);
      sql.close();
    });
  }

  it('refuses a row of the wrong width, and a constraint refusal rolls back with the transaction', () => {
    const sql = table();
    const insert = new BulkInsert(sql, 'day', ['child', 'date', 'hours'], 4);
    expect(() => insert.add(1, '2026-03-01')).toThrow('a row of 3 values was expected, not 2');
    expect(() =>
      sql.transaction(() => {
        insert.add(1, '2026-03-01', 8);
        insert.add(1, '2026-03-01', 7); // the same child and day twice
        insert.flush();
      })(),
    ).toThrow(/UNIQUE/);
    expect(sql.prepare(`SELECT count(*) FROM day`).pluck().get()).toBe(0);
    sql.close();
  });
});
