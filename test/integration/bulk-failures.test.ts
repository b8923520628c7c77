import { afterEach, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { actorOfUser, openWorld, PERIOD_START, WORLD, type World } from './workflow-fixture';

// A bulk run (Calculate a period, a bulk action) takes each row on its own only for the engine's
// refusals. Anything else (a full disk, an I/O error, a bug) stops the run and rolls it back:
// no row is half-written, and no row is committed outside the run's transaction. (A savepoint
// asked for outside a transaction, which only SQLite's store allows: bulk-failures-sqlite.test.ts.)

let w: World;
afterEach(async () => w?.close());

/**
 * A trigger that refuses a write with a message, as a full disk would: SQLite's RAISE(ABORT), or
 * on PostgreSQL a PL/pgSQL function raising an exception. Returns how to remove it.
 */
async function failing(name: string, timing: 'INSERT' | 'UPDATE', table: string, when: string, message: string): Promise<() => Promise<void>> {
  const sql = testSql(w);
  if (sql.engine === 'sqlite') {
    await sql.exec(`CREATE TRIGGER ${name} BEFORE ${timing} ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, '${message}'); END`);
    return () => sql.exec(`DROP TRIGGER ${name}`);
  }
  await sql.exec([
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN RAISE EXCEPTION '${message}'; END $body$`,
    `CREATE TRIGGER ${name} BEFORE ${timing} ON ${table} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${name}()`,
  ]);
  return () => sql.exec([`DROP TRIGGER ${name} ON ${table}`, `DROP FUNCTION ${name}()`]);
}

async function received(which: 'direct' | 'thirdParty'): Promise<number> {
  const id = await w.create('payment', which);
  await w.apply({ paymentId: id, action: 'record-paper-attendance', actor: actorOfUser(w.users.approver, 'Approver'), attendance: { rows: [{ childId: WORLD[which].childId, date: PERIOD_START, hours: 6, absenceCode: null }], source: 'paper' } });
  return id;
}

describe('bulk runs and errors that are not refusals', () => {
  it('Calculate a period: a failing write stops the run, and nothing of it is kept', async () => {
    w = await openWorld();
    const first = await received('direct');
    const second = await received('thirdParty');
    // The second payment's lines cannot be written: the database refuses, as it would on a full disk.
    const repair = await failing('fail_lines', 'INSERT', 'calculation_line', `NEW.payment_id = ${second}`, 'the disk is full');
    const before = await snapshot(w.core);
    const approver = w.core.connect(w.users.approver);
    await expect(approver.call('payments-calculate-period', { periodId: WORLD.periodId })).rejects.toMatchObject({ message: expect.stringContaining('the disk is full') });
    expect(await snapshot(w.core)).toEqual(before);
    // With the trouble gone the same run calculates both.
    await repair();
    expect(await approver.call('payments-calculate-period', { periodId: WORLD.periodId })).toMatchObject({ calculated: 2, refused: 0 });
    const amounts = await testSql(w).values(`SELECT amount_cents FROM payment WHERE id IN (?, ?)`, [first, second]);
    expect(amounts.every((a) => typeof a === 'number')).toBe(true);
    expect(amounts).toHaveLength(2);
  });

  it('a bulk action: a failing write stops it, and nothing of it is kept', async () => {
    w = await openWorld();
    const ids = [await received('direct'), await received('thirdParty')];
    await failing('fail_update', 'UPDATE', 'payment', `NEW.id = ${ids[1]}`, 'I/O error');
    const before = await snapshot(w.core);
    const approver = w.core.connect(w.users.approver);
    await expect(approver.call('payments-apply-bulk', { ids, action: 'start-review' })).rejects.toMatchObject({ message: expect.stringContaining('I/O error') });
    expect(await snapshot(w.core)).toEqual(before);
  });
});
