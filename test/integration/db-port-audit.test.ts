import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, appendAudits, AUDIT_CHAIN_LOCK, bindAuditTrail, SEAL, SYSTEM_ACTOR, verifyChain, type AuditInput } from '../../src/main/core/audit/chain';
import { newAuditKey } from '../../src/main/core/audit/key';
import type { Db } from '../../src/main/core/db/engine/port';
import { ENGINE, ENGINE_MISSING, openTestStore } from '../helpers/engine';

// The audit chain on the data port, on both engines: events appended many to a statement get
// their ids back by hash (RETURNING's order is not promised on PostgreSQL), transactions that
// append at once keep the chain one line (the `audit-chain` lock), and verifyChain reads the
// trail in keyset pages.

let opened: Awaited<ReturnType<typeof openTestStore>>;
let db: Db;
const key = newAuditKey();

const event = (i: number, who = 'a'): AuditInput => ({
  actor: SYSTEM_ACTOR,
  at: `2026-12-05T09:00:${String(i % 60).padStart(2, '0')}.000Z`,
  entity: 'payment',
  entityId: i,
  action: 'calculate',
  after: { amountCents: i * 100, who },
});

describe.skipIf(ENGINE_MISSING)(`the audit chain on the port (${ENGINE})`, () => {
  beforeAll(async () => {
    opened = await openTestStore();
    db = opened.store.db;
    bindAuditTrail(db, { key, sealId: null, problem: null });
    // The trail's seal first: every event from it on is keyed (HMAC under the key).
    await db.transaction({ mode: 'write', locks: [AUDIT_CHAIN_LOCK] }, (tx) =>
      appendAudit(tx, { actor: SYSTEM_ACTOR, at: '2026-12-05T08:00:00.000Z', entity: SEAL.entity, entityId: 1, action: SEAL.action }),
    );
  });
  afterAll(async () => opened?.close());

  it('appends 70 events (two full statements and single rows) with their ids in input order, and the chain verifies', async () => {
    const before = (await db.values<number>(`SELECT count(*) FROM audit_event`))[0];
    const inputs = Array.from({ length: 70 }, (_, i) => event(i + 1));
    const ids = await db.transaction({ mode: 'write', locks: [AUDIT_CHAIN_LOCK] }, (tx) => appendAudits(tx, inputs));
    const rows = await db.rows<{ id: number; entityId: number }>(`SELECT id, entity_id AS entityId FROM audit_event ORDER BY id`);
    expect(rows).toHaveLength(before + 70);
    const byId = new Map(rows.map((r) => [r.id, r.entityId]));
    expect(ids.map((id) => byId.get(id))).toEqual(inputs.map((e) => e.entityId));
    expect(await verifyChain(db, { key })).toMatchObject({ ok: true, events: before + 70 });
  });

  it('keeps one chain when transactions append at the same time, and a refused one leaves no event', async () => {
    const before = (await db.values<number>(`SELECT count(*) FROM audit_event`))[0];
    const writer = (who: string) =>
      db.transaction({ mode: 'write', locks: [AUDIT_CHAIN_LOCK] }, async (tx) => {
        for (let i = 0; i < 5; i++) await appendAudit(tx, event(i, who));
      });
    const refused = db.transaction({ mode: 'write', locks: [AUDIT_CHAIN_LOCK] }, async (tx) => {
      await appendAudits(tx, [event(1, 'refused'), event(2, 'refused')]);
      throw new Error('refused after its events');
    });
    await Promise.all([writer('x'), writer('y'), writer('z'), expect(refused).rejects.toThrow('refused after its events')]);
    expect((await db.values<number>(`SELECT count(*) FROM audit_event`))[0]).toBe(before + 15);
    expect(await verifyChain(db, { key })).toMatchObject({ ok: true, events: before + 15 });
  });

  it('verifies a trail longer than one page (5,000 events), and under another key refuses it from the seal', async () => {
    const inputs = Array.from({ length: 5100 }, (_, i) => event(i));
    const ids = await db.transaction({ mode: 'write', locks: [AUDIT_CHAIN_LOCK] }, (tx) => appendAudits(tx, inputs));
    const byId = new Map((await db.rows<{ id: number; entityId: number }>(`SELECT id, entity_id AS entityId FROM audit_event`)).map((r) => [r.id, r.entityId]));
    expect(ids.map((id) => byId.get(id))).toEqual(inputs.map((e) => e.entityId));
    const total = (await db.values<number>(`SELECT count(*) FROM audit_event`))[0];
    if (ENGINE === 'postgres') {
      // The events were given their ids (sent many to a statement): the id sequence was moved past them.
      const seq = (await db.one<{ lastValue: number; isCalled: number }>(`SELECT last_value AS lastValue, is_called AS isCalled FROM audit_event_id_seq`))!;
      expect(seq.isCalled ? seq.lastValue + 1 : seq.lastValue).toBe(Math.max(...byId.keys()) + 1);
    }
    expect(await verifyChain(db, { key })).toMatchObject({ ok: true, events: total });
    const seal = (await db.values<number>(`SELECT min(id) FROM audit_event WHERE entity = ? AND action = ?`, [SEAL.entity, SEAL.action]))[0];
    expect(await verifyChain(db, { key: newAuditKey() })).toMatchObject({ ok: false, firstBad: { id: seal } });
  });
  it('reads the chain head once per transaction and keeps one chain across savepoints that roll back, single appends and other events', async () => {
    const before = (await db.values<number>(`SELECT count(*) FROM audit_event`))[0];
    await db.transaction({ mode: 'write', locks: [AUDIT_CHAIN_LOCK] }, async (tx) => {
      await appendAudit(tx, event(1, 'head'));
      // An append inside a savepoint that rolls back: the head it left is forgotten with it.
      await expect(
        tx.savepoint(async () => {
          await appendAudits(tx, [event(2, 'undone'), event(3, 'undone')]);
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      await appendAudit(tx, event(4, 'head'));
      await tx.savepoint(() => appendAudit(tx, event(5, 'kept in a savepoint')));
      await appendAudits(tx, Array.from({ length: 40 }, (_, i) => event(10 + i, 'many')));
      await appendAudit(tx, event(60, 'head'));
    });
    expect((await db.values<number>(`SELECT count(*) FROM audit_event`))[0]).toBe(before + 44);
    expect(await db.values(`SELECT count(*) FROM audit_event WHERE state_after LIKE ?`, ['%undone%'])).toEqual([0]);
    expect(await verifyChain(db, { key })).toMatchObject({ ok: true, events: before + 44 });
  });
});
