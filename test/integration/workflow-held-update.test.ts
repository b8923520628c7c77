import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/main/core/audit/chain';
import type { Tx } from '../../src/main/core/db/engine/port';
import { updateItem } from '../../src/main/core/workflow/held-update';
import { applyAction } from '../../src/main/core/workflow/engine';
import { loadItem, loadItems, lockedItemKey, type ItemRow } from '../../src/main/core/workflow/item';
import { AppError } from '../../src/shared/api/errors';
import { ENGINE } from '../helpers/engine';
import { actorOfUser, calculation, openWorld, PERIOD_START, WORLD, type World } from './workflow-fixture';

// The engine's UPDATE of a payment (workflow/held-update.ts): on PostgreSQL held and folded with
// the next action on the same payment, sent before the next statement that names the payment
// table; on SQLite written at once. On both engines the outcome must be the one of each action
// written on its own: the row, its version, what a read in between sees, a savepoint's undo, and
// a version that moved under the change fails it whole.

let w: World;
afterEach(async () => w?.close());

const ROW = `SELECT invoice_status AS "invoiceStatus", sub_status AS "subStatus", payment_status AS "paymentStatus", amount_cents AS "amountCents", version FROM payment WHERE id = ?`;
const never = (): Promise<never> => Promise.reject(new Error('read the database: the value was not kept'));

function write<T>(work: (db: Tx) => Promise<T>): Promise<T> {
  return w.core.store.db.transaction({ mode: 'write', locks: ['audit-chain'] }, work);
}

function act(db: Tx, paymentId: number, action: 'record-paper-attendance' | 'calculate' | 'start-review' | 'place-hold' | 'release-hold' | 'authorize', at: string) {
  const approver = actorOfUser(w.users.approver, 'Approver');
  const extra =
    action === 'record-paper-attendance'
      ? { attendance: { rows: [{ childId: WORLD.direct.childId, date: PERIOD_START, hours: 6, absenceCode: null }], source: 'paper' as const } }
      : action === 'calculate'
        ? { calculation: calculation(250_00) }
        : action === 'place-hold'
          ? { reason: { code: 'OUTSIDE_REVIEW' } }
          : {};
  return applyAction(db, { paymentId, action, actor: approver, user: w.users.approver, ...extra }, at);
}

describe(`the engine's payment UPDATE, held and folded (${ENGINE})`, () => {
  it('six actions on one payment in one transaction end as if written one by one; a read between them sees each step', async () => {
    w = await openWorld();
    const id = await w.create('payment', 'direct');
    const at = (minute: number) => `2026-04-02T09:0${minute}:00.000Z`;
    const seen = await write(async (db) => {
      await loadItems(db, [id], { lock: 'update' });
      await act(db, id, 'record-paper-attendance', at(1));
      // Calculate, Start review and Place hold: three actions no statement names the payment table between (held as one on PostgreSQL).
      await act(db, id, 'calculate', at(2));
      await act(db, id, 'start-review', at(3));
      await act(db, id, 'place-hold', at(4));
      // A read that names the payment table sees the actions so far.
      const between = await db.one(ROW, [id]);
      await act(db, id, 'release-hold', at(5));
      await act(db, id, 'authorize', at(6));
      return between;
    });
    expect(seen).toEqual({ invoiceStatus: 'Pending Approval', subStatus: 'Administrative Hold', paymentStatus: 'Hold', amountCents: 250_00, version: 5 });
    expect(await w.core.store.db.one(ROW, [id])).toEqual({ invoiceStatus: 'Pending Payment', subStatus: 'Awaiting Action', paymentStatus: 'Authorized', amountCents: 250_00, version: 7 });
    expect(await w.core.store.db.one(`SELECT updated_at AS "updatedAt", received_at AS "receivedAt", status_changed_at AS "statusChangedAt" FROM payment WHERE id = ?`, [id])).toEqual({
      updatedAt: at(6),
      receivedAt: at(1),
      statusChangedAt: at(6),
    });
    // Each action its own audit event, with the versions it moved between.
    const events = await w.core.store.db.rows<{ action: string; before: string; after: string }>(
      `SELECT action, state_before AS before, state_after AS after FROM audit_event WHERE entity = 'payment' AND entity_id = ? ORDER BY id`,
      [id],
    );
    expect(events.map((e) => [e.action, JSON.parse(e.before ?? 'null')?.version ?? null, JSON.parse(e.after).version])).toEqual([
      ['create', null, 1],
      ['record-paper-attendance', 1, 2],
      ['calculate', 2, 3],
      ['start-review', 3, 4],
      ['place-hold', 4, 5],
      ['release-hold', 5, 6],
      ['authorize', 6, 7],
    ]);
    expect(await verifyChain(w.core.store.db)).toMatchObject({ ok: true });
  });

  it("an action on one payment keeps what the transaction read of the others; its own is the state it wrote", async () => {
    w = await openWorld();
    const a = await w.create('payment', 'direct');
    const b = await w.create('payment', 'thirdParty');
    await write(async (db) => {
      const read = await loadItems(db, [a, b], { lock: 'update' });
      await act(db, a, 'record-paper-attendance', '2026-04-02T09:01:00.000Z');
      expect(await db.cached('payment', lockedItemKey(b), never)).toEqual(read.get(b));
      const own = (await db.cached('payment', lockedItemKey(a), never)) as ItemRow;
      expect(own).toMatchObject({ id: a, version: 2, paymentStatus: 'Received' });
      // The kept state is the row as the database holds it.
      expect(await loadItem(db, a)).toEqual(own);
    });
  });

  it('a savepoint that rolls back takes the actions inside it with it; the one before it stays', async () => {
    w = await openWorld();
    const id = await w.create('payment', 'direct');
    await write(async (db) => {
      await act(db, id, 'record-paper-attendance', '2026-04-02T09:01:00.000Z');
      await expect(
        db.savepoint(async () => {
          await act(db, id, 'calculate', '2026-04-02T09:02:00.000Z');
          throw new Error('refused after the calculation');
        }),
      ).rejects.toThrow('refused after the calculation');
      // What the engine acts on next is the row as the savepoint left it.
      await act(db, id, 'place-hold', '2026-04-02T09:03:00.000Z');
    });
    expect(await w.core.store.db.one(ROW, [id])).toEqual({ invoiceStatus: 'Pending Approval', subStatus: 'Administrative Hold', paymentStatus: 'Hold', amountCents: null, version: 3 });
  });

  it('a version that moved under the change fails the whole transaction with the conflict, and nothing of it is saved', async () => {
    w = await openWorld();
    const id = await w.create('payment', 'direct');
    const before = await w.core.store.db.one(ROW, [id]);
    await expect(
      write(async (db) => {
        const item = await loadItem(db, id, null, { lock: 'update' });
        await act(db, id, 'record-paper-attendance', '2026-04-02T09:01:00.000Z');
        // The row as first read: its version is no longer the database's.
        await updateItem(db, item, { ...item, paymentStatus: 'Received' }, '2026-04-02T09:02:00.000Z', async () => new AppError({ code: 'CONFLICT', rule: 'item.version', message: `Payment ${id} was changed meanwhile` }));
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', rule: 'item.version', message: expect.stringContaining(`Payment ${id} was changed`) });
    expect(await w.core.store.db.one(ROW, [id])).toEqual(before);
    expect(await w.core.store.db.values(`SELECT count(*) FROM attendance WHERE payment_id = ?`, [id])).toEqual([0]);
  });
});
