import { beforeAll, describe, expect, it } from 'vitest';
import type { Db, Tx } from '../../src/main/core/db/engine/port';
import { ENGINE, ENGINE_MISSING, useEmptiedStore } from '../helpers/engine';

// The data port's contract, run unchanged on both engines (the `sqlite` and `postgres` Vitest
// projects): what a feature may count on whichever engine holds the data. Written against the
// real migrated schema.

let db: Db;

const PAYOR = `INSERT INTO payor (code, name, kind) VALUES (?, ?, 'direct')`;
const count = async (q: Pick<Db, 'values'>, table: string) => (await q.values<number>(`SELECT count(*) FROM ${table}`))[0];

describe.skipIf(ENGINE_MISSING)(`the data port on ${ENGINE}`, () => {
  // Each test starts from the migrated schema as it was made.
  const store = useEmptiedStore();
  beforeAll(() => {
    db = store();
  });

  it('reads rows, one row, a column; runs statements with their change counts and new ids', async () => {
    const a = await db.insert(PAYOR, ['A', 'Agency']);
    const b = await db.insert(PAYOR, ['B', 'Bee Payor']);
    expect(b).toBeGreaterThan(a);
    expect(typeof a).toBe('number');
    expect(await db.rows(`SELECT id, code FROM payor ORDER BY code`)).toEqual([{ id: a, code: 'A' }, { id: b, code: 'B' }]);
    expect(await db.one(`SELECT name FROM payor WHERE id = ?`, [b])).toEqual({ name: 'Bee Payor' });
    expect(await db.one(`SELECT name FROM payor WHERE id = ?`, [-1])).toBeUndefined();
    expect(await db.values(`SELECT code FROM payor ORDER BY code DESC`)).toEqual(['B', 'A']);
    expect(await db.run(`UPDATE payor SET kind = 'third_party' WHERE id IN (?, ?)`, [a, b])).toEqual({ changes: 2 });
    expect(await db.run(`UPDATE payor SET kind = 'direct' WHERE id = ?`, [-1])).toEqual({ changes: 0 });
    // RETURNING is standard on both engines: the ids of many rows inserted by one statement.
    const returned = await db.rows<{ id: number; code: string }>(`INSERT INTO payor (code, name, kind) VALUES ('C', 'C', 'direct'), ('D', 'D', 'direct') RETURNING id, code`);
    expect(returned.map((r) => r.code).sort()).toEqual(['C', 'D']);
    expect(await db.values(`SELECT code FROM payor WHERE id IN (?, ?) ORDER BY code`, returned.map((r) => r.id))).toEqual(['C', 'D']);
  });

  it('counts and sums come back as numbers, and integers up to 2^53 - 1 exactly', async () => {
    const payor = await db.insert(PAYOR, ['A', 'Agency']);
    const big = Number.MAX_SAFE_INTEGER - 1;
    const period = await db.insert(`INSERT INTO service_period (code, label, start_date, end_date) VALUES ('2026-01', 'Jan', '2026-01-01', '2026-01-31')`);
    const user = await db.insert(`INSERT INTO app_user (username, display_name, password_hash, created_at) VALUES ('u', 'U', 'x', 'x')`);
    const id = await db.insert(`INSERT INTO export_batch (period_id, payor_id, created_at, created_by, item_count, total_cents, folder) VALUES (?, ?, 'x', ?, ?, ?, '')`, [period, payor, user, 3, big]);
    expect(await db.one(`SELECT total_cents, item_count FROM export_batch WHERE id = ?`, [id])).toEqual({ total_cents: big, item_count: 3 });
    expect(await db.one(`SELECT count(*) AS n, sum(total_cents) AS s, sum(item_count) AS items FROM export_batch`)).toEqual({ n: 1, s: big, items: 3 });
    expect(await db.values(`SELECT CAST(? AS bigint)`, [BigInt(Number.MAX_SAFE_INTEGER)])).toEqual([Number.MAX_SAFE_INTEGER]);
    expect(await db.values(`SELECT -CAST(? AS bigint)`, [Number.MAX_SAFE_INTEGER])).toEqual([-Number.MAX_SAFE_INTEGER]);
    // Comparisons and EXISTS read as 1 and 0 on both engines, like the 0/1 flags stored.
    expect(await db.one(`SELECT (1 = 1) AS yes, (1 = 2) AS no, EXISTS (SELECT 1 FROM payor) AS anyPayor`)).toEqual({ yes: 1, no: 0, anyPayor: 1 });
  });

  it('LIKE ignores case on both engines; ? inside quoted text is text, not a parameter', async () => {
    await db.insert(PAYOR, ['FC', 'Falling Colors']);
    expect(await db.values(`SELECT name FROM payor WHERE name LIKE ? ESCAPE '\\'`, ['%colors%'])).toEqual(['Falling Colors']);
    expect(await db.values(`SELECT name FROM payor WHERE name NOT LIKE ?`, ['falling%'])).toEqual([]);
    expect(await db.one(`SELECT '?' AS mark, CAST(? AS text) AS value -- a comment with a ?`, ['x'])).toEqual({ mark: '?', value: 'x' });
  });

  it('binds values by name (@name) as well as in order, and keeps camelCase column names as written', async () => {
    const id = await db.insert(`INSERT INTO payor (code, name, kind) VALUES (@code, @name, @kind)`, { code: 'N1', name: 'Named', kind: 'direct' });
    await db.insert(`INSERT INTO payor (code, name, kind) VALUES (@code, @code, 'direct')`, { code: 'N2' });
    expect(await db.rows(`SELECT code AS payorCode, name AS displayName FROM payor WHERE id >= @first ORDER BY payorCode DESC`, { first: id })).toEqual([
      { payorCode: 'N2', displayName: 'N2' },
      { payorCode: 'N1', displayName: 'Named' },
    ]);
    await expect(db.rows(`SELECT code FROM payor WHERE id = @id`, { other: 1 })).rejects.toThrow(/id/);
  });

  it('the dialect writes what differs: a list of ids from JSON, an integer inside stored JSON; string_agg is on both', async () => {
    const ids = [await db.insert(PAYOR, ['J1', 'one']), await db.insert(PAYOR, ['J2', 'two']), await db.insert(PAYOR, ['J3', 'three'])];
    const d = db.dialect;
    expect(await db.values(`SELECT code FROM payor WHERE id IN ${d.idsFromJson} ORDER BY code`, [JSON.stringify([ids[0], ids[2]])])).toEqual(['J1', 'J3']);
    expect(await db.values(`SELECT p.code FROM payor p JOIN ${d.idsFromJson} j ON j.value = p.id ORDER BY p.code DESC`, [JSON.stringify(ids)])).toEqual(['J3', 'J2', 'J1']);
    expect(await db.values(`SELECT value FROM ${d.idsFromJson} j WHERE value NOT IN (SELECT id FROM payor)`, [JSON.stringify([ids[1], -7])])).toEqual([-7]);
    expect(await db.values(`SELECT string_agg(code, ',' ORDER BY code) FROM payor`)).toEqual(['J1,J2,J3']);
    const period = await db.insert(`INSERT INTO service_period (code, label, start_date, end_date) VALUES ('2026-01', 'Jan', '2026-01-01', '2026-01-31')`);
    const user = await db.insert(`INSERT INTO app_user (username, display_name, password_hash, created_at) VALUES ('u', 'U', 'x', 'x')`);
    for (const snapshot of [JSON.stringify({ lastCheckNumber: 100123, agency: 'A' }), JSON.stringify({ lastCheckNumber: 100480 }), JSON.stringify({ agency: 'none' })]) {
      await db.run(`INSERT INTO export_batch (period_id, payor_id, created_at, created_by, item_count, total_cents, folder, snapshot) VALUES (?, ?, 'x', ?, 0, 0, '', ?)`, [period, ids[0], user, snapshot]);
    }
    expect(await db.values(`SELECT max(${d.jsonInteger('snapshot', 'lastCheckNumber')}) FROM export_batch`)).toEqual([100480]);
    expect(() => d.jsonInteger('snapshot', "x') OR 1=1 --")).toThrow(/not a plain JSON key/);
  });

  it('inserts many rows many to a statement, in order, all or nothing', async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => [`K${String(i).padStart(4, '0')}`, `Payor ${i}`, i % 2 ? 'direct' : 'third_party'] as const);
    await db.insertMany('payor', ['code', 'name', 'kind'], rows);
    expect(await count(db, 'payor')).toBe(1234);
    expect(await db.values(`SELECT name FROM payor WHERE code = 'K0777'`)).toEqual(['Payor 777']);
    // A duplicate code in the last rows refuses them all, the first rows included.
    await expect(db.insertMany('payor', ['code', 'name', 'kind'], [['NEW1', 'n', 'direct'], ['K0001', 'dup', 'direct']])).rejects.toSatisfy(
      (err: unknown) => db.dialect.constraintOf(err) === 'unique',
    );
    expect(await db.values(`SELECT count(*) FROM payor WHERE code = 'NEW1'`)).toEqual([0]);
  });

  it('a bulk writer in a transaction writes its rows at flush, and a refused row is reported there', async () => {
    await db.transaction({ mode: 'write' }, async (tx) => {
      const writer = tx.bulkInsert('payor', ['code', 'name', 'kind'], { batch: 7 });
      for (let i = 0; i < 100; i++) writer.add(`W${i}`, `w ${i}`, 'direct');
      await writer.flush();
      expect(await count(tx, 'payor')).toBe(100);
    });
    await expect(
      db.transaction({ mode: 'write' }, async (tx) => {
        const writer = tx.bulkInsert('payor', ['code', 'name', 'kind'], { batch: 3 });
        for (let i = 0; i < 10; i++) writer.add(`X${i}`, 'x', 'direct');
        writer.add('W5', 'duplicate', 'direct');
        for (let i = 10; i < 20; i++) writer.add(`X${i}`, 'x', 'direct');
        await writer.flush();
      }),
    ).rejects.toSatisfy((err: unknown) => db.dialect.constraintOf(err) === 'unique');
    expect(await db.values(`SELECT count(*) FROM payor WHERE code LIKE 'X%'`)).toEqual([0]);
  });

  it('a bulk writer keeps every value as given: quotes, backslashes, braces, commas, the word NULL, empty text, nulls, integers', async () => {
    // On PostgreSQL the rows go as one typed array per column: these are the values an array's text would garble.
    const names = ['O\'Brien "Kids"', 'back\\slash \\\\ two', '{braces}, and, commas', 'NULL', '', 'line\nbreak\ttab', 'Ünïcödé 子供 🧒', ' padded '];
    const payor = await db.insert(PAYOR, ['P', 'Payor']);
    await db.transaction({ mode: 'write' }, async (tx) => {
      const writer = tx.bulkInsert('provider', ['name', 'license_number', 'type', 'payor_id', 'payment_method', 'routing_number', 'active', 'created_at', 'updated_at'], { batch: 3 });
      names.forEach((name, i) => writer.add(name, `LIC-${i}`, 'center', payor, 'check', i % 2 ? null : 'NULL', i % 2, '2026-12-06T10:00:00.000Z', ''));
      await writer.flush();
    });
    const rows = await db.rows<{ name: string; routing: string | null; active: number; payorId: number; updatedAt: string }>(
      `SELECT name, routing_number AS routing, active, payor_id AS payorId, updated_at AS updatedAt FROM provider ORDER BY license_number`,
    );
    expect(rows).toEqual(names.map((name, i) => ({ name, routing: i % 2 ? null : 'NULL', active: i % 2, payorId: payor, updatedAt: '' })));
  });

  it('inserts many rows and returns what the tail asks for, leaving out the ones that conflict', async () => {
    await db.insertMany('payor', ['code', 'name', 'kind'], [['C0007', 'there before', 'direct'], ['C0100', 'there before', 'direct']]);
    // More rows than one SQLite statement takes (50), with a quote and an empty name among them.
    const rows = Array.from({ length: 120 }, (_, i) => [`C${String(i).padStart(4, '0')}`, i === 3 ? "O'Hare \"Kids\"" : i === 4 ? '' : `Payor ${i}`, 'direct']);
    const back = await db.transaction({ mode: 'write' }, (tx) =>
      tx.insertReturning<{ id: number; code: string }>('payor', ['code', 'name', 'kind'], rows, 'ON CONFLICT (code) DO NOTHING RETURNING id, code'),
    );
    expect(back.map((r) => r.code).sort()).toEqual(rows.map((r) => r[0]).filter((c) => c !== 'C0007' && c !== 'C0100'));
    const stored = new Map((await db.rows<{ id: number; code: string; name: string }>(`SELECT id, code, name FROM payor`)).map((r) => [r.code, r]));
    for (const r of back) expect(stored.get(r.code)?.id).toBe(r.id);
    expect(stored.get('C0003')?.name).toBe("O'Hare \"Kids\"");
    expect(stored.get('C0004')?.name).toBe('');
    expect(stored.get('C0007')?.name).toBe('there before');
    await expect(db.transaction({ mode: 'write' }, (tx) => tx.insertReturning('payor', ['code', 'name', 'kind'], [], 'RETURNING id'))).resolves.toEqual([]);
  });

  it('a transaction commits when its work resolves and rolls back whole when it throws', async () => {
    const id = await db.transaction({ mode: 'write' }, async (tx) => {
      const a = await tx.insert(PAYOR, ['A', 'Agency']);
      await tx.run(`UPDATE payor SET name = 'Agency (direct)' WHERE id = ?`, [a]);
      return a;
    });
    expect(await db.values(`SELECT name FROM payor WHERE id = ?`, [id])).toEqual(['Agency (direct)']);
    let handle: Tx | undefined;
    await expect(
      db.transaction({ mode: 'write' }, async (tx) => {
        handle = tx;
        await tx.insert(PAYOR, ['B', 'B']);
        await tx.run(`UPDATE payor SET name = 'changed' WHERE id = ?`, [id]);
        throw new Error('refused half-way');
      }),
    ).rejects.toThrow('refused half-way');
    expect(await db.values(`SELECT name FROM payor ORDER BY id`)).toEqual(['Agency (direct)']);
    // A handle kept past its transaction's end refuses, instead of writing outside it.
    await expect(handle!.rows(`SELECT 1`)).rejects.toThrow(/transaction has ended/);
  });

  it('savepoints undo only their own work, nest, and leave the transaction going', async () => {
    await db.transaction({ mode: 'write' }, async (tx) => {
      await tx.insert(PAYOR, ['A', 'kept']);
      await expect(
        tx.savepoint(async () => {
          await tx.insert(PAYOR, ['B', 'undone']);
          throw new Error('this row is refused');
        }),
      ).rejects.toThrow('this row is refused');
      // A statement the database refuses inside a savepoint: the transaction goes on after it too.
      await expect(tx.savepoint(() => tx.insert(PAYOR, ['A', 'duplicate code']))).rejects.toSatisfy((err: unknown) => tx.dialect.constraintOf(err) === 'unique');
      await tx.savepoint(async () => {
        await tx.insert(PAYOR, ['C', 'outer kept']);
        await expect(
          tx.savepoint(async () => {
            await tx.insert(PAYOR, ['D', 'inner undone']);
            throw new Error('inner refused');
          }),
        ).rejects.toThrow('inner refused');
      });
      await tx.insert(PAYOR, ['E', 'after']);
    });
    expect(await db.values(`SELECT code FROM payor ORDER BY code`)).toEqual(['A', 'C', 'E']);
  });

  it('rows inserted with their own ids, children before parents: checked at COMMIT, and new ids follow', async () => {
    await db.transaction({ mode: 'write' }, async (tx) => {
      await tx.deferForeignKeys();
      await tx.run(`INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (70, 'P', 'L70', 'center', 50, 'check', 'x', 'x')`);
      await tx.run(`INSERT INTO payor (id, code, name, kind) VALUES (50, 'OWN', 'Own id', 'direct')`);
      await tx.syncIds('payor');
      await tx.syncIds('provider');
    });
    expect(await db.insert(PAYOR, ['NEXT', 'Next'])).toBe(51);
    // Without a parent by COMMIT, the whole transaction is refused.
    await expect(
      db.transaction({ mode: 'write' }, async (tx) => {
        await tx.deferForeignKeys();
        await tx.run(`INSERT INTO provider (name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES ('Q', 'L71', 'center', 999, 'check', 'x', 'x')`);
      }),
    ).rejects.toSatisfy((err: unknown) => db.dialect.constraintOf(err) === 'foreign_key');
    expect(await db.values(`SELECT license_number FROM provider`)).toEqual(['L70']);
  });

  it('lock modes: a read transaction writes nothing and takes no lock; locks need a write transaction', async () => {
    await db.insert(PAYOR, ['A', 'Agency']);
    await db.transaction({ mode: 'read' }, async (tx) => {
      expect(await tx.values(`SELECT code FROM payor`)).toEqual(['A']);
      await expect(tx.run(`UPDATE payor SET name = 'x'`)).rejects.toThrow(/read transaction writes nothing/);
      await expect(tx.rows(`SELECT id FROM payor`, [], { lock: 'update' })).rejects.toThrow(/inside a write transaction/);
      await expect(tx.lock('export')).rejects.toThrow(/inside a write transaction/);
    });
    await expect(db.rows(`SELECT id FROM payor`, [], { lock: 'update' })).rejects.toThrow(/inside a write transaction/);
    await expect(db.transaction({ mode: 'read', locks: ['x'] }, async () => undefined)).rejects.toThrow(/inside a write transaction/);
    for (const mode of ['write', 'serializable'] as const) {
      await db.transaction({ mode, locks: ['export:2026-01:1', 'audit-chain'] }, async (tx) => {
        await tx.lock('audit-chain'); // again: already held, no wait
        expect(await tx.rows(`SELECT code FROM payor WHERE code = ? ORDER BY code`, ['A'], { lock: 'update' })).toEqual([{ code: 'A' }]);
      });
    }
    expect(await db.values(`SELECT name FROM payor`)).toEqual(['Agency']);
  });

  it('two write transactions started together never lose an update (locks at their start, rows locked for update)', async () => {
    const id = await db.insert(`INSERT INTO payor (code, name, kind) VALUES ('N', '0', 'direct')`);
    const increment = (style: 'advisory' | 'rows') =>
      db.transaction({ mode: 'write', locks: style === 'advisory' ? ['counter'] : [] }, async (tx) => {
        const [n] = await tx.values<string>(`SELECT name FROM payor WHERE id = ?`, [id], style === 'rows' ? { lock: 'update' } : undefined);
        // Between the read and the write the other transaction would read the same value, were it
        // not waiting: on SQLite to begin at all, on PostgreSQL at its lock.
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.run(`UPDATE payor SET name = ? WHERE id = ?`, [String(Number(n) + 1), id]);
      });
    for (const style of ['advisory', 'rows'] as const) await Promise.all([increment(style), increment(style)]);
    expect(await db.values(`SELECT name FROM payor WHERE id = ?`, [id])).toEqual(['4']);
  });
  it('cached: a value read once per transaction, read again after the transaction writes its table or a savepoint rolls back', async () => {
    const id = await db.insert(PAYOR, ['A', 'first']);
    let loads = 0;
    const name = (tx: Tx) =>
      tx.cached('payor', `name ${id}`, async () => {
        loads++;
        return (await tx.values<string>(`SELECT name FROM payor WHERE id = ?`, [id]))[0];
      });
    // In a transaction, a second read costs no statement.
    await db.transaction({ mode: 'write' }, async (tx) => {
      expect(await name(tx)).toBe('first');
      expect(await name(tx)).toBe('first');
      expect(loads).toBe(1);
      // A write of another table keeps it; a write of its table (any statement naming it) forgets it.
      await tx.insert(`INSERT INTO service_period (code, label, start_date, end_date) VALUES ('2026-02', 'Feb', '2026-02-01', '2026-02-28')`);
      expect(await name(tx)).toBe('first');
      // The table's name as part of a longer identifier (a column payor_id of another table) is not the table.
      await tx.run(`UPDATE provider SET payor_id = payor_id WHERE id = -1`);
      expect(await name(tx)).toBe('first');
      expect(loads).toBe(1);
      await tx.run(`UPDATE payor SET name = 'second' WHERE id = ?`, [id]);
      expect(await name(tx)).toBe('second');
      // A savepoint that rolls back forgets what was read inside it.
      await expect(
        tx.savepoint(async () => {
          await tx.run(`UPDATE payor SET name = 'undone' WHERE id = ?`, [id]);
          expect(await name(tx)).toBe('undone');
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await name(tx)).toBe('second');
      // remember(): the value the transaction itself just wrote.
      await tx.run(`UPDATE payor SET name = 'third' WHERE id = ?`, [id]);
      tx.remember('payor', `name ${id}`, 'third');
      const before = loads;
      expect(await name(tx)).toBe('third');
      expect(loads).toBe(before);
      // Rows of a bulk insert into its table forget it too.
      const bulk = tx.bulkInsert('payor', ['code', 'name', 'kind']);
      bulk.add('B', 'bulk', 'direct');
      await bulk.flush();
      expect(await name(tx)).toBe('third');
      expect(loads).toBe(before + 1);
    });
    // Nothing is kept from one transaction to the next, nor outside one.
    await db.run(`UPDATE payor SET name = 'outside' WHERE id = ?`, [id]);
    await db.transaction({ mode: 'read' }, async (tx) => expect(await name(tx)).toBe('outside'));
    const outside = loads;
    expect(await db.cached('payor', 'x', async () => ++loads)).toBe(outside + 1);
    expect(await db.cached('payor', 'x', async () => ++loads)).toBe(outside + 2);
  });
});
