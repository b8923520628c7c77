import { beforeAll, describe, expect, it } from 'vitest';
import type { Db, Tx } from '../../src/main/core/db/engine/port';
import { insertHeld } from '../../src/main/core/db/held-insert';
import { ENGINE, ENGINE_MISSING, useEmptiedStore } from '../helpers/engine';

// Rows held for a table until the transaction's next statement that names it (db/held-insert.ts;
// PostgreSQL holds them, SQLite inserts them at once): on both engines a transaction reads what it
// inserted, a kept read of the table is not given again after the insert, a savepoint that rolls
// back takes its rows with it, and a row the table refuses fails the transaction.

let db: Db;

const COLUMNS = ['code', 'name', 'kind'] as const;
const never = (): Promise<never> => Promise.reject(new Error('read the database: the value was not kept'));
const codes = (q: Pick<Db, 'values'>) => q.values<string>(`SELECT code FROM payor ORDER BY code`);
const write = <T>(work: (tx: Tx) => Promise<T>) => db.transaction({ mode: 'write' }, work);

describe.skipIf(ENGINE_MISSING)(`rows held for a table on ${ENGINE}`, () => {
  // Each test starts from the migrated schema as it was made.
  const store = useEmptiedStore();
  beforeAll(() => {
    db = store();
  });

  it('a read of the table in the same transaction sees every row inserted before it, in order; the commit keeps them', async () => {
    await write(async (tx) => {
      await insertHeld(tx, 'payor', COLUMNS, [['A', 'Agency', 'direct']], { batch: 16 });
      await insertHeld(tx, 'payor', COLUMNS, [['B', "Bee's, {Payor}", 'third_party'], ['C', 'NULL', 'direct']], { batch: 16 });
      expect(await codes(tx)).toEqual(['A', 'B', 'C']);
      await insertHeld(tx, 'payor', COLUMNS, [['D', '', 'direct']], { batch: 16 });
    });
    expect(await db.rows(`SELECT code, name, kind FROM payor ORDER BY code`)).toEqual([
      { code: 'A', name: 'Agency', kind: 'direct' },
      { code: 'B', name: "Bee's, {Payor}", kind: 'third_party' },
      { code: 'C', name: 'NULL', kind: 'direct' },
      { code: 'D', name: '', kind: 'direct' },
    ]);
  });

  it('what the transaction kept of the table is not given again once rows are inserted into it', async () => {
    await write(async (tx) => {
      const count = () => tx.values<number>(`SELECT count(*) FROM payor`).then((v) => v[0]);
      expect(await tx.cached('payor', 'count', count)).toBe(0);
      expect(await tx.cached('payor', 'count', never)).toBe(0);
      await insertHeld(tx, 'payor', COLUMNS, [['A', 'Agency', 'direct']], { batch: 16 });
      await expect(tx.cached('payor', 'count', never)).rejects.toThrow('not kept');
      expect(await tx.cached('payor', 'count', count)).toBe(1);
    });
  });

  it('a savepoint that rolls back takes its rows with it; the rows before it stay', async () => {
    await write(async (tx) => {
      await insertHeld(tx, 'payor', COLUMNS, [['A', 'Agency', 'direct']], { batch: 16 });
      await expect(
        tx.savepoint(async () => {
          await insertHeld(tx, 'payor', COLUMNS, [['B', 'Bee', 'direct']], { batch: 16 });
          throw new Error('this row is refused');
        }),
      ).rejects.toThrow('this row is refused');
      await tx.savepoint(() => insertHeld(tx, 'payor', COLUMNS, [['C', 'Cee', 'direct']], { batch: 16 }));
    });
    expect(await codes(db)).toEqual(['A', 'C']);
  });

  it('a row the table refuses fails the transaction with the database\'s reason, and nothing of it is kept', async () => {
    await db.insert(`INSERT INTO payor (code, name, kind) VALUES ('A', 'Agency', 'direct')`);
    await expect(
      write(async (tx) => {
        await insertHeld(tx, 'payor', COLUMNS, [['B', 'Bee', 'direct']], { batch: 16 });
        await insertHeld(tx, 'payor', COLUMNS, [['A', 'Again', 'direct']], { batch: 16 });
      }),
    ).rejects.toThrow(/unique/i);
    expect(await codes(db)).toEqual(['A']);
  });
});
