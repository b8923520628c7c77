import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, snapshot, type TestCore } from '../helpers/core';
import { ENGINE } from '../helpers/engine';
import { primaryKeyOf, tableNames, testSql } from '../helpers/sql';

// The test helpers every integration test stands on, on this project's engine: openTestCore on a
// database of the engine, snapshot() (the "changed nothing" proof) sees every table and every
// change, and testSql's raw reads and writes go through the port.

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(async () => {
  await t.close();
});

describe(`test helpers on ${ENGINE}`, () => {
  it('opens the core on a database of the project\'s engine', () => {
    expect(t.engine).toBe(ENGINE);
    expect(t.core.store.db.engine).toBe(ENGINE);
    expect(t.file.startsWith('postgres://')).toBe(ENGINE === 'postgres');
  });

  it('snapshot() holds every table\'s rows in key order and sees a change', async () => {
    const sql = testSql(t);
    const before = await snapshot(t.core);
    expect(Object.keys(before)).toEqual(await tableNames(sql.db));
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['payment', 'audit_event', 'setting', 'migrations']));
    expect(before.setting.length).toBeGreaterThan(10);
    expect(await primaryKeyOf(sql.db, 'payor')).toEqual(['id']);

    const id = await sql.insert(`INSERT INTO payor (code, name, kind) VALUES (?, ?, ?)`, ['ZZ', 'Test payor', 'direct']);
    await sql.insert(`INSERT INTO payor (code, name, kind) VALUES (?, ?, ?)`, ['AA', 'Another', 'direct']);
    const after = await snapshot(t.core);
    expect(after).not.toEqual(before);
    const ids = (after.payor as Array<{ id: number }>).map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(after.payor).toContainEqual(expect.objectContaining({ id, code: 'ZZ' }));

    expect((await sql.run(`DELETE FROM payor WHERE code IN (?, ?)`, ['ZZ', 'AA'])).changes).toBe(2);
    expect(await snapshot(t.core)).toEqual(before);
  });

  it('testSql reads values, rows and named parameters, and runs a script in one transaction', async () => {
    const sql = testSql(t);
    expect(await sql.value<number>(`SELECT count(*) FROM payor WHERE code = @code`, { code: 'nobody' })).toBe(0);
    await expect(sql.get(`SELECT id FROM payor WHERE code = ?`, ['nobody'])).rejects.toThrow(/no row from/);
    await expect(
      sql.exec(`INSERT INTO payor (code, name, kind) VALUES ('X1', 'one', 'direct');
        INSERT INTO payor (code, name, kind) VALUES ('X1', 'again', 'direct');`),
    ).rejects.toThrow();
    expect(await sql.values(`SELECT code FROM payor WHERE code = 'X1'`)).toEqual([]); // the script is one transaction
  });
});
