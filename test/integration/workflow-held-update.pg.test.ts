import { afterEach, describe, expect, it } from 'vitest';
import { PostgresEngine } from '../../src/main/core/db/engine/postgres';
import { parsePostgresUrl } from '../../src/main/core/db/engine/url';
import { applyAction } from '../../src/main/core/workflow/engine';
import type { ApplyInput } from '../../src/main/core/workflow/types';
import { updateItem } from '../../src/main/core/workflow/held-update';
import { loadItem, loadItems } from '../../src/main/core/workflow/item';
import { AppError } from '../../src/shared/api/errors';
import { ENGINE_MISSING } from '../helpers/engine';
import { recordStatements } from '../helpers/pg-statements';
import { actorOfUser, calculation, openWorld, PERIOD_START, WORLD, type World } from './workflow-fixture';

// What only PostgreSQL shows of the held payment UPDATE (workflow/held-update.ts): the statements
// it saves, and the one way its version check can still fail there, a row the transaction did
// not lock, changed by another PayDesk server before the held UPDATE left.

let w: World;
afterEach(async () => w?.close());

const ACTIONS: Array<[ApplyInput['action'], Partial<ApplyInput>]> = [
  ['record-paper-attendance', { attendance: { rows: [{ childId: WORLD.direct.childId, date: PERIOD_START, hours: 6, absenceCode: null }], source: 'paper' } }],
  ['calculate', { calculation: calculation(250_00) }],
  ['start-review', {}],
  ['place-hold', { reason: { code: 'OUTSIDE_REVIEW' } }],
  ['release-hold', {}],
  ['authorize', {}],
];

describe.skipIf(ENGINE_MISSING)('the held payment UPDATE on PostgreSQL', () => {
  it('six actions on one locked payment send one UPDATE, not one per action, when no statement between them names the payment table', async () => {
    w = await openWorld();
    const id = await w.create('payment', 'direct');
    const sent = (
      await recordStatements(
        (text) => /payment/.test(text),
        () =>
          w.core.store.db.transaction({ mode: 'write', locks: ['audit-chain'] }, async (db) => {
            await loadItems(db, [id], { lock: 'update' });
            for (const [action, extra] of ACTIONS) {
              await applyAction(db, { paymentId: id, action, actor: actorOfUser(w.users.approver, 'Approver'), user: w.users.approver, ...extra }, '2026-04-02T09:01:00.000Z');
            }
          }),
      )
    ).map((text) => text.replace(/\s+/g, ' '));
    // The locked read, then the six as one UPDATE at the commit: the statements between them name
    // payment_id (attendance) or first_payment_rule (the QA draw), never the payment table.
    const updates = sent.flatMap((s, i) => (s.startsWith('UPDATE payment') ? [i] : []));
    expect(updates).toHaveLength(1);
    expect(sent.slice(0, updates[0]).filter((s) => s.includes('payment_id')).length).toBeGreaterThan(0);
    expect(sent[0]).toMatch(/^SELECT p\.id, p\.kind,/);
    expect(await w.core.store.db.values(`SELECT version FROM payment WHERE id = ?`, [id])).toEqual([7]);
  });

  it('actions on many locked payments leave as one UPDATE per set of changed columns, each row as if written alone', async () => {
    w = await openWorld({ periods: 15 });
    const ids: number[] = [];
    for (let period = 1; period <= 15; period++) ids.push(await w.create('payment', 'direct', undefined, period));
    const sent = await recordStatements(
      (text) => text.startsWith('UPDATE payment'),
      () =>
        w.core.store.db.transaction({ mode: 'write', locks: ['audit-chain'] }, async (db) => {
          await loadItems(db, ids, { lock: 'update' });
          const act = (paymentId: number, action: ApplyInput['action'], extra: Partial<ApplyInput> = {}) =>
            applyAction(db, { paymentId, action, actor: actorOfUser(w.users.approver, 'Approver'), user: w.users.approver, ...extra }, '2026-04-02T09:01:00.000Z');
          // Ten payments put on hold (one set of columns), five of them also released (another).
          for (const id of ids.slice(0, 10)) await act(id, 'place-hold', { reason: { code: 'OUTSIDE_REVIEW' } });
          for (const id of ids.slice(5, 10)) await act(id, 'release-hold');
          // Five start their review.
          for (const id of ids.slice(10)) await act(id, 'start-review');
        }),
    );
    // Three sets of columns changed (by one action, or by two): three statements for fifteen payments.
    expect(sent).toHaveLength(3);
    const rows = await w.core.store.db.rows<{ id: number; subStatus: string; version: number }>(
      `SELECT id, sub_status AS "subStatus", version FROM payment WHERE id IN (${ids.join(', ')}) ORDER BY id`,
    );
    expect(rows.map((r) => [r.subStatus, r.version])).toEqual([
      ...ids.slice(0, 5).map(() => ['Administrative Hold', 2]),
      ...ids.slice(5, 10).map(() => ['Awaiting Action', 3]),
      ...ids.slice(10).map(() => ['In Review', 2]),
    ]);
  });

  it('held UPDATEs of several payments sent in one statement: one row that moved fails them all, naming the payments', async () => {
    w = await openWorld({ periods: 2 });
    const ids = [await w.create('payment', 'direct', undefined, 1), await w.create('payment', 'direct', undefined, 2)];
    const other = PostgresEngine.open(parsePostgresUrl(w.file), { max: 1 });
    try {
      await expect(
        w.core.store.db.transaction({ mode: 'write', retries: 0 }, async (db) => {
          const items = await loadItems(db, ids); // not locked
          for (const item of items.values()) {
            await updateItem(db, item, { ...item, receivedAt: '2026-04-02T09:02:00.000Z' }, '2026-04-02T09:02:00.000Z', async () => new AppError({ code: 'CONFLICT', message: 'at once' }));
          }
          await other.transaction({ mode: 'write' }, (o) => o.run(`UPDATE payment SET version = version + 1 WHERE id = ?`, [ids[1]]));
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT', rule: 'item.version', message: expect.stringContaining(`One of payments ${ids[0]}, ${ids[1]} was changed by someone else`) });
    } finally {
      await other.close();
    }
    expect(await w.core.store.db.values(`SELECT received_at FROM payment WHERE id IN (?, ?) ORDER BY id`, ids)).toEqual([null, null]);
  });

  it('a row not locked by the transaction and changed by another server before the held UPDATE left fails the transaction with the conflict; nothing is saved', async () => {
    w = await openWorld();
    const id = await w.create('payment', 'direct');
    const other = PostgresEngine.open(parsePostgresUrl(w.file), { max: 1 });
    try {
      await expect(
        w.core.store.db.transaction({ mode: 'write', retries: 0 }, async (db) => {
          const item = await loadItem(db, id); // not locked
          await updateItem(db, item, { ...item, receivedAt: '2026-04-02T09:02:00.000Z' }, '2026-04-02T09:02:00.000Z', async () => new AppError({ code: 'CONFLICT', message: 'at once' }));
          // Held: the row is not written yet, so the other server's change goes through.
          await other.transaction({ mode: 'write' }, (o) => o.run(`UPDATE payment SET version = version + 1, updated_at = 'other' WHERE id = ?`, [id]));
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT', rule: 'item.version', message: expect.stringContaining(`Payment ${id} was changed by someone else`) });
    } finally {
      await other.close();
    }
    expect(await w.core.store.db.one(`SELECT invoice_status AS "invoiceStatus", version, updated_at AS "updatedAt" FROM payment WHERE id = ?`, [id])).toEqual({
      invoiceStatus: 'Pending Approval',
      version: 2,
      updatedAt: 'other',
    });
  });
});
