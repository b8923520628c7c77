import { afterEach, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/core';
import { actorOfUser, openWorld, PERIOD_START, WORLD, type World } from './workflow-fixture';

// A bulk run (Calculate a period, a bulk action) takes each row on its own only for the engine's
// refusals. Anything else (a full disk, an I/O error, a bug) stops the run and rolls it back:
// no row is half-written, and no row is committed outside the run's transaction.

let w: World;
afterEach(async () => w?.close());

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
    // The second payment's lines cannot be written: SQLite refuses, as it would on a full disk.
    w.core.store.sql.exec(`CREATE TRIGGER fail_lines BEFORE INSERT ON calculation_line WHEN NEW.payment_id = ${second} BEGIN SELECT RAISE(ABORT, 'the disk is full'); END`);
    const before = await snapshot(w.core);
    const approver = w.core.connect(w.users.approver);
    await expect(approver.call('payments-calculate-period', { periodId: WORLD.periodId })).rejects.toMatchObject({ message: expect.stringContaining('the disk is full') });
    expect(await snapshot(w.core)).toEqual(before);
    // With the trouble gone the same run calculates both.
    w.core.store.sql.exec(`DROP TRIGGER fail_lines`);
    expect(await approver.call('payments-calculate-period', { periodId: WORLD.periodId })).toMatchObject({ calculated: 2, refused: 0 });
    const amounts = w.core.store.sql.prepare(`SELECT amount_cents FROM payment WHERE id IN (?, ?)`).pluck().all(first, second);
    expect(amounts.every((a) => typeof a === 'number')).toBe(true);
  });

  it('a bulk action: a failing write stops it, and nothing of it is kept', async () => {
    w = await openWorld();
    const ids = [await received('direct'), await received('thirdParty')];
    w.core.store.sql.exec(`CREATE TRIGGER fail_update BEFORE UPDATE ON payment WHEN NEW.id = ${ids[1]} BEGIN SELECT RAISE(ABORT, 'I/O error'); END`);
    const before = await snapshot(w.core);
    const approver = w.core.connect(w.users.approver);
    await expect(approver.call('payments-apply-bulk', { ids, action: 'start-review' })).rejects.toMatchObject({ message: expect.stringContaining('I/O error') });
    expect(await snapshot(w.core)).toEqual(before);
  });

  it('a row savepoint outside a transaction is refused before anything is written', async () => {
    w = await openWorld();
    const before = await snapshot(w.core);
    await expect(
      w.core.store.run(({ db }) => db.savepoint(() => db.run(`UPDATE payment SET version = version + 1`)), { transaction: false }),
    ).rejects.toThrow(/a savepoint needs a transaction/);
    expect(await snapshot(w.core)).toEqual(before);
  });
});
