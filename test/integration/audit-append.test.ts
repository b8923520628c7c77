import { createHash, createHmac } from 'node:crypto';
import { newAuditKey } from '../../src/main/core/audit/key';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, appendAudits, canonicalJson, eventHash, GENESIS_HASH, SYSTEM_ACTOR, verifyChain, type AuditInput } from '../../src/main/core/audit/chain';
import { AttendanceChanges } from '../../src/main/core/workflow/attendance';
import { createDetailsJson } from '../../src/main/core/workflow/create';
import { stateJson, type ItemState } from '../../src/main/core/workflow/item';
import { INVOICE_STATUSES, PAYMENT_STATUSES, SUBMISSION_STATUSES, SUB_STATUSES } from '../../src/shared/domain/words';
import { openTestCore, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';

// The audit trail's bulk append (the last hash read once, events many to a statement) writes the
// same chain as one event at a time, and the hand-written canonical JSON of the hot paths is
// exactly canonicalJson's, so every stored hash stays verifiable.

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const event = (i: number): AuditInput => ({
  actor: i % 3 === 0 ? SYSTEM_ACTOR : { userId: i, username: `user${i}`, group: 'Approver' },
  at: `2026-11-25T09:00:${String(i % 60).padStart(2, '0')}.000Z`,
  entity: 'payment',
  entityId: 1000 + i,
  action: i % 2 ? 'calculate' : 'create',
  before: i % 2 ? { b: i, a: [1, 'x', null] } : null,
  after: { z: 'é\n"', version: i },
  reasonCode: i % 5 === 0 ? 'OUTSIDE_REVIEW' : null,
  comment: i % 7 === 0 ? `comment ${i}` : null,
  details: i % 4 === 0 ? undefined : { n: i, nested: { y: 2, x: 1 } },
});

describe('appendAudits', () => {
  it('chains 100 events (three full statements and a remainder) exactly as 100 single appends, ids in order (on the port)', async () => {
    t = await openTestCore();
    const db = t.core.store.db;
    const start = (await db.values<number>(`SELECT count(*) AS n FROM audit_event`))[0];
    const inputs = Array.from({ length: 100 }, (_, i) => event(i));
    // First the same events one by one (then rolled back): the hashes a batched append must give.
    let single: string[] = [];
    await expect(
      db.transaction({ mode: 'write' }, async (tx) => {
        for (const e of inputs) await appendAudit(tx, e);
        single = (await tx.values<string>(`SELECT hash FROM audit_event ORDER BY id`)).slice(start);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const ids = await db.transaction({ mode: 'write' }, (tx) => appendAudits(tx, inputs));
    const rows = await db.rows<{ id: number; entityId: number; prevHash: string; hash: string }>(`SELECT id, entity_id AS entityId, prev_hash AS prevHash, hash FROM audit_event ORDER BY id`);
    expect(rows.length).toBe(start + 100);
    const added = rows.slice(start);
    expect(ids).toEqual(added.map((r) => r.id));
    expect(added.map((r) => r.entityId)).toEqual(inputs.map((e) => e.entityId));
    expect(await verifyChain(db)).toMatchObject({ ok: true, events: start + 100 });
    expect(single).toHaveLength(100);
    expect(added.map((r) => r.hash)).toEqual(single);
    // The SQLite connection's (synchronous, deprecated) append writes the same chain.
    if (t.engine === 'sqlite') {
      const sql = t.core.store.sql;
      sql.transaction(() => appendAudits(sql, [event(101), event(102)]))();
      expect(await verifyChain(db)).toMatchObject({ ok: true, events: start + 102 });
    }
  });

  it('verifyChain on the port reads the trail in pages: a break after the first page is found, counted from the start', async () => {
    t = await openTestCore();
    const db = t.core.store.db;
    await db.transaction({ mode: 'write' }, (tx) => appendAudits(tx, Array.from({ length: 5010 }, (_, i) => event(i))));
    const total = (await db.values<number>(`SELECT count(*) AS n FROM audit_event`))[0];
    expect(await verifyChain(db)).toMatchObject({ ok: true, events: total });
    if (t.engine === 'sqlite') expect(verifyChain(t.core.store.sql)).toMatchObject({ ok: true, events: total });
    // An event past the first page (5,000) rewritten by hand, the trigger set aside as an attacker would.
    const victim = total - 3;
    if (t.engine === 'sqlite') {
      const sql = t.core.store.sql;
      const trigger = sql.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%update%' AND tbl_name = 'audit_event'`).pluck().get() as string;
      const name = sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%update%' AND tbl_name = 'audit_event'`).pluck().get() as string;
      sql.exec(`DROP TRIGGER ${name}`);
      sql.prepare(`UPDATE audit_event SET comment = 'changed' WHERE id = ?`).run(victim);
      sql.exec(trigger);
    } else {
      await db.transaction({ mode: 'write' }, async (tx) => {
        await tx.run(`ALTER TABLE audit_event DISABLE TRIGGER USER`);
        await tx.run(`UPDATE audit_event SET comment = 'changed' WHERE id = ?`, [victim]);
        await tx.run(`ALTER TABLE audit_event ENABLE TRIGGER USER`);
      });
    }
    const report = await verifyChain(db);
    expect(report).toMatchObject({ ok: false, firstBad: { id: victim } });
    expect(report.events).toBe(victim);
    if (t.engine === 'sqlite') expect(report).toEqual(verifyChain(t.core.store.sql));
  });

  it('rolls back with its transaction: nothing half-written, and the next append chains to what is there', async () => {
    t = await openTestCore();
    const sql = testSql(t);
    const before = await sql.value(`SELECT count(*) AS n FROM audit_event`);
    await expect(
      sql.tx(async (tx) => {
        await appendAudits(tx, Array.from({ length: 40 }, (_, i) => event(i)));
        throw new Error('refused after the events');
      }),
    ).rejects.toThrow('refused after the events');
    expect(await sql.value(`SELECT count(*) AS n FROM audit_event`)).toBe(before);
    await sql.tx((tx) => appendAudits(tx, [event(1), event(2)]));
    expect(await verifyChain(sql.db)).toMatchObject({ ok: true });
  });

  it('a transaction reads back the events it appended; a savepoint that rolls back takes its own with it; ids go on after the commit', async () => {
    // On PostgreSQL the events are held and sent together (before a read that names the table, a
    // savepoint, the commit): what each step sees must be as if every event went in at once.
    t = await openTestCore();
    const sql = testSql(t);
    const start = await sql.value<number>(`SELECT max(id) AS n FROM audit_event`);
    const ids = await sql.tx(async (tx) => {
      const first = [await appendAudit(tx, event(1)), await appendAudit(tx, event(2))];
      expect(await tx.values(`SELECT entity_id FROM audit_event WHERE id > ? ORDER BY id`, [start])).toEqual([1001, 1002]);
      const third = await appendAudit(tx, event(3));
      await expect(
        tx.savepoint(async () => {
          await appendAudits(tx, [event(4), event(5)]);
          throw new Error('this row fails');
        }),
      ).rejects.toThrow('this row fails');
      const fourth = await appendAudit(tx, event(6));
      expect(await tx.values(`SELECT entity_id FROM audit_event WHERE id > ? ORDER BY id`, [start])).toEqual([1001, 1002, 1003, 1006]);
      return [...first, third, fourth];
    });
    const rows = await sql.rows<{ id: number; entityId: number }>(`SELECT id, entity_id AS "entityId" FROM audit_event WHERE id > ? ORDER BY id`, [start]);
    expect(rows).toEqual(ids.map((id, i) => ({ id, entityId: [1001, 1002, 1003, 1006][i] })));
    expect(await verifyChain(sql.db)).toMatchObject({ ok: true });
    // An event written with the table's own id (a copy's, an administrator's) takes the next one.
    await sql.run(`INSERT INTO audit_event (at, username, group_name, entity, entity_id, action, prev_hash, hash) VALUES ('x', 'dba', 'System', 'note', 1, 'note', 'x', 'y')`);
    expect(await sql.value(`SELECT max(id) AS n FROM audit_event`)).toBeGreaterThan(ids.at(-1)!);
  });

  it('an empty list writes nothing', async () => {
    t = await openTestCore();
    const sql = testSql(t);
    const before = await sql.value(`SELECT count(*) AS n FROM audit_event`);
    expect(await sql.tx((tx) => appendAudits(tx, []))).toEqual([]);
    expect(await sql.value(`SELECT count(*) AS n FROM audit_event`)).toBe(before);
  });
});

describe('canonical JSON written by hand', () => {
  const text = fc.oneof(fc.constant(null), fc.string(), fc.constantFrom('é"\\\n', '\u2028'));
  const content = fc.record({
    at: fc.string(),
    userId: fc.oneof(fc.constant(null), fc.integer()),
    username: fc.string(),
    groupName: fc.string(),
    entity: fc.string(),
    entityId: fc.integer(),
    action: fc.string(),
    stateBefore: text,
    stateAfter: text,
    reasonCode: text,
    comment: text,
    details: text,
  });

  it('eventHash hashes the previous hash, a newline and canonicalJson of the content: HMAC-SHA-256 under the key, plain SHA-256 before the seal', () => {
    const key = newAuditKey();
    fc.assert(
      fc.property(content, fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }), (c, prev) => {
        const expected = createHash('sha256').update(prev).update('\n').update(canonicalJson(c)).digest('hex');
        expect(eventHash(prev, c)).toBe(expected);
        expect(eventHash(prev, c, key)).toBe(createHmac('sha256', key.bytes).update(`${prev}\n${canonicalJson(c)}`).digest('hex'));
      }),
    );
    // A row read back with a value of another type (a tampered file) still hashes by the generic walk.
    const odd = { at: 'a', userId: null, username: 'u', groupName: 'g', entity: 'e', entityId: 1, action: 'x', stateBefore: null, stateAfter: null, reasonCode: null, comment: null, details: { b: 1, a: 2 } as unknown as string };
    expect(eventHash(GENESIS_HASH, odd)).toBe(createHash('sha256').update(`${GENESIS_HASH}\n${canonicalJson(odd)}`).digest('hex'));
  });

  it('stateJson is canonicalJson of an item state', () => {
    const state = fc.record<ItemState>({
      invoiceStatus: fc.constantFrom(...INVOICE_STATUSES),
      subStatus: fc.constantFrom(...SUB_STATUSES),
      submissionStatus: fc.constantFrom(...SUBMISSION_STATUSES),
      paymentStatus: fc.constantFrom(...PAYMENT_STATUSES),
      receivedAt: fc.oneof(fc.constant(null), fc.string()),
      amountCents: fc.oneof(fc.constant(null), fc.integer({ min: -1e12, max: 1e12 })),
      exportBatchId: fc.oneof(fc.constant(null), fc.nat()),
      holdKind: fc.constantFrom(null, 'administrative', 'bank_details'),
      version: fc.nat(),
    });
    fc.assert(
      fc.property(state, (s) => {
        expect(stateJson(s)).toBe(canonicalJson(s));
      }),
    );
  });

  it('createDetailsJson is canonicalJson of the Create event details', () => {
    const input = fc.record({
      kind: fc.constantFrom('payment' as const, 'adjustment' as const),
      providerId: fc.nat(),
      periodId: fc.nat(),
      payorId: fc.nat(),
      amountCents: fc.option(fc.integer(), { nil: undefined }),
      correctsPaymentId: fc.option(fc.nat(), { nil: undefined }),
      adjustmentReason: fc.option(fc.string(), { nil: undefined }),
    });
    fc.assert(
      fc.property(input, (i) => {
        const details = { kind: i.kind, providerId: i.providerId, periodId: i.periodId, payorId: i.payorId, correctsPaymentId: i.correctsPaymentId, adjustmentReason: i.adjustmentReason };
        expect(createDetailsJson({ ...i, actor: SYSTEM_ACTOR })).toBe(canonicalJson(details));
      }),
    );
  });
});

describe('attendance changes in the audit event', () => {
  it('AttendanceChanges.toJson is canonicalJson of the changes by child and date, old values only where a day was there', () => {
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-02-${String(d).padStart(2, '0')}`);
    const value = fc.oneof(
      fc.record({ hours: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 24, noNaN: true })), absenceCode: fc.constant(null) }),
      fc.record({ hours: fc.constant(null), absenceCode: fc.constantFrom('ABSENT' as const, 'CLOSED' as const) }),
    );
    const rows = fc.uniqueArray(fc.record({ childId: fc.integer({ min: 1, max: 120 }), date: day, value }), { selector: (r) => `${r.childId}|${r.date}`, maxLength: 40 });
    const old = fc.record({ hours: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 24 })), absenceCode: fc.constantFrom(null, 'ABSENT'), source: fc.constantFrom('paper', 'digital') });
    fc.assert(
      fc.property(rows, fc.array(old, { maxLength: 40 }), fc.constantFrom('paper' as const, 'digital' as const), (given, olds, source) => {
        const input = given.map((r) => ({ childId: r.childId, date: r.date, hours: r.value.hours, absenceCode: r.value.absenceCode }));
        const replaced = new Map(olds.slice(0, input.length).flatMap((o, i) => (i % 2 === 0 ? [[i, o] as const] : [])));
        const expected: Record<string, { new: Record<string, unknown>; old?: Record<string, unknown> }> = {};
        input.forEach((r, i) => {
          const child = (expected[String(r.childId)] ??= { new: {} });
          child.new[r.date] = r.absenceCode ?? r.hours;
          const was = replaced.get(i);
          if (was) (child.old ??= {})[r.date] = was;
        });
        const json = new AttendanceChanges(source, input, replaced).toJson();
        expect(json).toBe(canonicalJson({ byChild: expected, days: input.length, source }));
      }),
    );
  });
});

describe('canonicalJson', () => {
  // The definition, written plainly: keys sorted by the default sort, undefined members left out.
  const reference = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
    if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${reference(o[k])}`)
      .join(',')}}`;
  };

  it('writes keys sorted at every level (integer-like keys by their text, "10" before "9"), leaving out undefined', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('10', '9', '0', 'a"b', 'é', '__proto__x'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.string(), fc.constant(undefined), tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('node'), { maxKeys: 6 }),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 500 },
    );
    expect(canonicalJson({ 9: 'a', 10: 'b', b: undefined, a: [{ z: 1, y: 2 }] })).toBe('{"10":"b","9":"a","a":[{"y":2,"z":1}]}');
  });
});

describe('texts people write', () => {
  it('a comment with half an emoji (a lone surrogate) is kept as the database stores it (U+FFFD), and the chain still verifies', async () => {
    t = await openTestCore();
    const sql = testSql(t);
    const cut = 'call the office 😀'.slice(0, -1); // the emoji cut in half
    const id = await sql.tx((tx) => appendAudit(tx, { ...event(1), comment: cut, actor: { userId: 7, username: `ana\udc00`, group: 'Approver' } }));
    const row = await sql.one(`SELECT comment, username FROM audit_event WHERE id = ?`, [id]);
    expect(row).toEqual({ comment: 'call the office \ufffd', username: 'ana\ufffd' });
    expect(await verifyChain(sql.db)).toMatchObject({ ok: true });
    // A whole emoji is kept as it is.
    await sql.tx((tx) => appendAudit(tx, { ...event(2), comment: 'thanks 😀' }));
    expect(await sql.value(`SELECT comment FROM audit_event ORDER BY id DESC LIMIT 1`)).toBe('thanks 😀');
    expect(await verifyChain(sql.db)).toMatchObject({ ok: true });
  });

  it('refuses an entity id that is not a whole number (SQLite would store another value than the one hashed)', async () => {
    t = await openTestCore();
    const sql = testSql(t);
    await expect(sql.tx((tx) => appendAudit(tx, { ...event(1), entityId: '12' as unknown as number }))).rejects.toThrow(/entity id must be a whole number/);
    expect(await verifyChain(sql.db)).toMatchObject({ ok: true });
  });
});
