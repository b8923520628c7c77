import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, SYSTEM_ACTOR, verifyChain } from '../../src/main/core/audit/chain';
import { AppError } from '../../src/shared/api/errors';
import type { Tx } from '../../src/main/core/db/engine/port';
import { insertHeld } from '../../src/main/core/db/held-insert';
import { PostgresEngine } from '../../src/main/core/db/engine/postgres';
import { parsePostgresUrl } from '../../src/main/core/db/engine/url';
import { Store } from '../../src/main/core/db/store';
import { openTestCore, tempDir } from '../helpers/core';
import { ENGINE_MISSING, openTestStore } from '../helpers/engine';
import { recordStatements } from '../helpers/pg-statements';

// What only PostgreSQL has to prove: two PayDesk servers (two pools) on one database never both
// win the same rows, the audit chain stays one line, conflicts PostgreSQL refuses are run again
// and then reported; integers beyond 2^53 are refused, never rounded; the password never comes
// from the URL, and TLS is used when the URL asks for it.

let opened: Awaited<ReturnType<typeof openTestStore>>;
const servers: PostgresEngine[] = [];

/** Another PayDesk server on the same database: a pool of its own. */
function server(): PostgresEngine {
  const s = PostgresEngine.open(parsePostgresUrl(opened.target), { max: 4 });
  servers.push(s);
  return s;
}

/** A promise each party waits on until all have arrived: both transactions stand at the same point. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const all = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived >= parties) open();
    return all;
  };
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** An audit event at the end of the one chain (the chain's lock is held by the caller's transaction). */
async function appendEvent(tx: Tx, entityId: number, action: string): Promise<void> {
  const last = await tx.one<{ hash: string }>(`SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1`);
  const prev = last?.hash ?? '0'.repeat(64);
  await tx.run(`INSERT INTO audit_event (at, username, group_name, entity, entity_id, action, prev_hash, hash) VALUES ('t', 'server', 'System', 'payment', ?, ?, ?, ?)`, [
    entityId,
    action,
    prev,
    sha(`${prev}|${entityId}|${action}`),
  ]);
}

async function chainIsOneLine(): Promise<boolean> {
  const events = await opened.store.db.rows<{ prev_hash: string; hash: string }>(`SELECT prev_hash, hash FROM audit_event ORDER BY id`);
  return events.every((e, i) => e.prev_hash === (i === 0 ? '0'.repeat(64) : events[i - 1].hash));
}

let payor = 0;
let provider = 0;
let user = 0;

/** A new service period with `n` authorized payments, each its own provider × period × payor. */
async function periodWithAuthorizedPayments(code: string, n: number, status = 'Authorized'): Promise<{ period: number; ids: number[] }> {
  const db = opened.store.db;
  const period = await db.insert(`INSERT INTO service_period (code, label, start_date, end_date) VALUES (?, ?, '2026-01-01', '2026-01-31')`, [code, code]);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      await db.insert(
        `INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status, amount_cents, status_changed_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'Submitted', 'Pending Payment', 'Awaiting Action', ?, 1000, 'x', 'x', 'x')`,
        [i === 0 ? 'payment' : 'adjustment', provider, period, payor, status],
      ),
    );
  }
  return { period, ids };
}

/** An export as a server runs it: its period × payor's lock, the items locked, one batch, one chain. */
function exportPeriod(s: PostgresEngine, period: number, meet: () => Promise<void>) {
  return s.transaction({ mode: 'write', locks: [`export:${period}:${payor}`] }, async (tx) => {
    const ids = await tx.values<number>(
      `SELECT id FROM payment WHERE period_id = ? AND payor_id = ? AND payment_status = 'Authorized' AND export_batch_id IS NULL ORDER BY id`,
      [period, payor],
      { lock: 'update' },
    );
    void meet();
    if (ids.length === 0) return 0;
    const batch = await tx.insert(`INSERT INTO export_batch (period_id, payor_id, created_at, created_by, item_count, total_cents, folder) VALUES (?, ?, 'x', ?, ?, ?, '')`, [
      period,
      payor,
      user,
      ids.length,
      ids.length * 1000,
    ]);
    const items = tx.bulkInsert('export_item', ['batch_id', 'payment_id', 'provider_id', 'amount_cents']);
    for (const id of ids) items.add(batch, id, provider, 1000);
    await items.flush();
    await tx.lock('audit-chain');
    for (const id of ids) {
      await tx.run(`UPDATE payment SET export_batch_id = ?, payment_status = 'Paid', version = version + 1 WHERE id = ?`, [batch, id]);
      await appendEvent(tx, id, 'export');
    }
    return ids.length;
  });
}

/** A bulk action as a server runs it: the items locked, each moved if it still may be, one chain. */
function bulkAct(s: PostgresEngine, ids: number[], to: 'Authorized' | 'Denied') {
  return s.transaction({ mode: 'write' }, async (tx) => {
    const still = await tx.values<number>(`SELECT id FROM payment WHERE id IN (${ids.map(() => '?').join(', ')}) AND payment_status = 'Received' ORDER BY id`, ids, { lock: 'update' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await tx.lock('audit-chain');
    for (const id of still) {
      await tx.run(`UPDATE payment SET payment_status = ?, version = version + 1 WHERE id = ?`, [to, id]);
      await appendEvent(tx, id, to);
    }
    return still.length;
  });
}

describe.skipIf(ENGINE_MISSING)('the data port on PostgreSQL, with two PayDesk servers on one database', () => {
  beforeAll(async () => {
    opened = await openTestStore('postgres');
    const db = opened.store.db;
    payor = await db.insert(`INSERT INTO payor (code, name, kind) VALUES ('A', 'Agency', 'direct')`);
    provider = await db.insert(`INSERT INTO provider (name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES ('P', 'L1', 'center', ?, 'check', 'x', 'x')`, [payor]);
    user = await db.insert(`INSERT INTO app_user (username, display_name, password_hash, created_at) VALUES ('payor', 'Payor', 'x', 'x')`);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await opened?.close();
  });

  it('two exports of the same period started together, 20 times: every item in exactly one batch, one audit chain', async () => {
    const [a, b] = [server(), server()];
    for (let round = 0; round < 20; round++) {
      const { period, ids } = await periodWithAuthorizedPayments(`E${round}`, 15);
      const meet = barrier(2);
      const counts = await Promise.all([exportPeriod(a, period, meet), exportPeriod(b, period, meet)]);
      expect(counts.sort((x, y) => x - y)).toEqual([0, 15]);
      const items = await opened.store.db.values<number>(
        `SELECT count(*) FROM export_item i JOIN payment p ON p.id = i.payment_id WHERE p.period_id = ? AND p.export_batch_id = i.batch_id`,
        [period],
      );
      expect(items).toEqual([ids.length]);
      expect(await opened.store.db.values(`SELECT count(*) FROM export_batch WHERE period_id = ?`, [period])).toEqual([1]);
    }
    expect(await chainIsOneLine()).toBe(true);
  });

  it('a bulk Authorize racing a bulk Deny over the same items, 20 times: each item moves once, no update lost', async () => {
    const [a, b] = [server(), server()];
    for (let round = 0; round < 20; round++) {
      const { ids } = await periodWithAuthorizedPayments(`B${round}`, 10, 'Received');
      const [authorized, denied] = await Promise.all([bulkAct(a, ids, 'Authorized'), bulkAct(b, ids, 'Denied')]);
      expect(authorized + denied).toBe(ids.length);
      expect([authorized, denied]).toContain(0);
      const rows = await opened.store.db.rows<{ payment_status: string; version: number }>(`SELECT payment_status, version FROM payment WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
      expect(new Set(rows.map((r) => r.payment_status)).size).toBe(1);
      expect(rows.every((r) => r.version === 2)).toBe(true);
    }
    expect(await chainIsOneLine()).toBe(true);
  });

  it('a serialization failure runs the work again; past the retries it is reported, nothing saved', async () => {
    const [a, b] = [server(), server()];
    // Write skew: each reads how many holds there are, then adds one. SERIALIZABLE refuses one.
    const addHold = (s: PostgresEngine, code: string, meet: () => Promise<void>, attempts: string[], retries?: number) =>
      s.transaction({ mode: 'serializable', retries }, async (tx) => {
        attempts.push(code);
        const [n] = await tx.values<number>(`SELECT count(*) FROM reason WHERE kind = 'hold'`);
        await meet();
        await tx.run(`INSERT INTO reason (kind, code, label) VALUES ('hold', ?, ?)`, [code, `hold number ${n + 1}`]);
      });
    const before = (await opened.store.db.values<number>(`SELECT count(*) FROM reason WHERE kind = 'hold'`))[0];
    const attempts: string[] = [];
    let meet = barrier(2);
    await Promise.all([addHold(a, 'S1', meet, attempts), addHold(b, 'S2', meet, attempts)]);
    expect(attempts.length).toBe(3); // one of them twice
    expect(await opened.store.db.values(`SELECT count(*) FROM reason WHERE kind = 'hold'`)).toEqual([before + 2]);

    meet = barrier(2);
    const outcomes = await Promise.allSettled([addHold(a, 'S3', meet, [], 0), addHold(b, 'S4', meet, [], 0)]);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0].reason).toBeInstanceOf(AppError);
    expect(refused[0].reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/tried 1 time and nothing of it was saved/) });
    expect(await opened.store.db.values(`SELECT count(*) FROM reason WHERE kind = 'hold'`)).toEqual([before + 3]);
  });

  it('a deadlock between two servers is run again and both changes are saved', async () => {
    const [a, b] = [server(), server()];
    const { ids } = await periodWithAuthorizedPayments('D1', 2, 'Received');
    const meet = barrier(2);
    let attempts = 0;
    const touch = (s: PostgresEngine, first: number, second: number) =>
      s.transaction({ mode: 'write' }, async (tx) => {
        attempts++;
        await tx.run(`UPDATE payment SET version = version + 1 WHERE id = ?`, [first]);
        await meet();
        await tx.run(`UPDATE payment SET version = version + 1 WHERE id = ?`, [second]);
      });
    await Promise.all([touch(a, ids[0], ids[1]), touch(b, ids[1], ids[0])]);
    expect(attempts).toBe(3);
    expect(await opened.store.db.values(`SELECT version FROM payment WHERE id IN (?, ?)`, ids)).toEqual([3, 3]);
  });

  it('refuses an integer beyond 2^53 - 1 instead of rounding it', async () => {
    const db = opened.store.db;
    await expect(db.values(`SELECT CAST(? AS bigint) + 1`, [Number.MAX_SAFE_INTEGER])).rejects.toThrow(/9007199254740992, beyond what PayDesk reads exactly/);
    await expect(db.values(`SELECT sum(x) FROM (VALUES (CAST(? AS bigint)), (CAST(? AS bigint))) AS t(x)`, [Number.MAX_SAFE_INTEGER, 5])).rejects.toThrow(/beyond what PayDesk reads exactly/);
    expect(await db.values(`SELECT avg(x) FROM (VALUES (1), (2)) AS t(x)`)).toEqual([1.5]);
    // The pool's connection is still good after the refusal.
    expect(await db.values(`SELECT 1 + 1`)).toEqual([2]);
  });

  it("sends a transaction's audit events together: 100 appends are 3 statements, the chain as one event at a time", async () => {
    const t = await openTestCore({ engine: 'postgres' });
    const sent = await recordStatements(
      (text) => text.includes('audit_event'),
      () =>
        t.core.store.db.transaction({ mode: 'write' }, async (tx) => {
          for (let i = 0; i < 100; i++) await appendAudit(tx, { actor: SYSTEM_ACTOR, at: '2026-12-06T03:00:00.000Z', entity: 'payment', entityId: i + 1, action: 'calculate', after: { i } });
        }),
    );
    // The head once, then the 100 events in one statement (an array per column) and the id sequence moved past them, at the commit.
    expect(sent.map((text) => text.slice(0, 40).split(' (')[0])).toEqual(['SELECT id, hash FROM audit_event ORDER B', 'INSERT INTO "audit_event"', 'SELECT setval(pg_get_serial_sequence($1,']);
    expect(await verifyChain(t.core.store.db)).toMatchObject({ ok: true });
    expect(await t.core.store.db.values(`SELECT count(*) FROM audit_event WHERE action = 'calculate'`)).toEqual([100]);
    await t.close();
  });

  it('holds rows inserted with insertHeld until a statement names their table: five inserts leave as one statement', async () => {
    const codes = ['H1', 'H2', 'H3', 'H4', 'H5', 'H6'];
    const sent = await recordStatements(
      (text) => /payor/i.test(text),
      (seen) =>
        opened.store.db.transaction({ mode: 'write' }, async (tx) => {
          for (const code of codes.slice(0, 5)) await insertHeld(tx, 'payor', ['code', 'name', 'kind'], [[code, `Held ${code}`, 'direct']], { batch: 16 });
          expect(seen).toEqual([]);
          expect(await tx.values(`SELECT count(*) FROM payor WHERE code LIKE 'H%'`)).toEqual([5]);
          await insertHeld(tx, 'payor', ['code', 'name', 'kind'], [[codes[5], 'Held H6', 'direct']], { batch: 16 });
        }),
    );
    // The five before the read in one statement, the sixth at the commit.
    expect(sent.map((text) => text.split(' (')[0])).toEqual(['INSERT INTO "payor"', "SELECT count(*) FROM payor WHERE code ILIKE 'H%'", 'INSERT INTO "payor"']);
    expect(await opened.store.db.values(`SELECT code FROM payor WHERE code LIKE 'H%' ORDER BY code`)).toEqual(codes);
    await opened.store.db.run(`DELETE FROM payor WHERE code LIKE 'H%'`);
  });

  it('prepares each statement once per connection, under a name', async () => {
    const text = `SELECT code FROM payor WHERE id = ? AND name LIKE ?`;
    const prepared = await opened.store.db.transaction({ mode: 'read' }, async (tx) => {
      for (let i = 0; i < 3; i++) expect(await tx.values(text, [payor, 'agency'])).toEqual(['A']);
      return tx.rows<{ name: string; statement: string }>(`SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE '%FROM payor WHERE id%' AND statement NOT LIKE '%pg_prepared_statements%'`);
    });
    expect(prepared).toEqual([{ name: expect.stringMatching(/^paydesk_\d+$/), statement: 'SELECT code FROM payor WHERE id = $1 AND name ILIKE $2' }]);
  });

  it("sends a transaction's statements without waiting for the answers before them, and the answers come back in order", async () => {
    const answered: string[] = [];
    const sentWhile: Array<{ text: string; answered: string[] }> = [];
    await recordStatements(
      (text) => /pipeline_/.test(text),
      (seen) =>
        opened.store.db.transaction({ mode: 'read' }, async (tx) => {
          const slow = tx.one<{ v: number }>(`SELECT 1 AS pipeline_slow, pg_sleep(0.2)`).then((r) => (answered.push('slow'), r));
          const fast = tx.values(`SELECT 2 AS pipeline_fast`).then((r) => (answered.push('fast'), r));
          // Both were handed to the connection before either answered.
          sentWhile.push({ text: seen.join(' | '), answered: [...answered] });
          expect(await Promise.all([slow, fast])).toEqual([expect.objectContaining({ pipeline_slow: 1 }), [2]]);
        }),
    );
    expect(sentWhile).toEqual([{ text: 'SELECT 1 AS pipeline_slow, pg_sleep(0.2) | SELECT 2 AS pipeline_fast', answered: [] }]);
    expect(answered).toEqual(['slow', 'fast']);
    // And the connection puts them on the wire at once (pg's pipeline mode), not one per answer.
    const client = await server().pool.connect();
    expect(client.pipeline).toBe(true);
    client.release();
  });

  it('a bulk insert that fails is what the statements sent behind it report (not "transaction aborted"), and nothing is saved', async () => {
    const before = await opened.store.db.values(`SELECT count(*) FROM payor`);
    const failure = opened.store.db.transaction({ mode: 'write' }, async (tx) => {
      const writer = tx.bulkInsert('payor', ['code', 'name', 'kind'], { batch: 2 });
      writer.add('PX1', 'Pipelined one', 'direct');
      writer.add('A', 'The code of the test payor again', 'direct'); // the code is taken: the statement fails
      // Sent behind it before its answer: a text new to this connection (prepared now), and the
      // same text again (its name only, the first having been sent to be prepared).
      const reads = [tx.values(`SELECT count(*) AS pipeline_behind FROM payor`), tx.values(`SELECT count(*) AS pipeline_behind FROM payor`)];
      const outcomes = await Promise.allSettled(reads);
      for (const o of outcomes) expect(o).toMatchObject({ status: 'rejected', reason: { code: '23505' } });
      await writer.flush();
    });
    await expect(failure).rejects.toMatchObject({ code: '23505' });
    expect(await opened.store.db.values(`SELECT count(*) FROM payor`)).toEqual(before);
    expect(await opened.store.db.values(`SELECT count(*) FROM payor WHERE code = 'PX1'`)).toEqual([0]);
  });

  it('gives features the port inside the Store (tx.db) and says clearly that the SQLite connection is not there', async () => {
    const code = await opened.store.run(async ({ db }) => {
      await db.run(`UPDATE payor SET name = 'Agency (direct pay)' WHERE id = ?`, [payor]);
      return (await db.values<string>(`SELECT name FROM payor WHERE id = ?`, [payor]))[0];
    });
    expect(code).toBe('Agency (direct pay)');
    await expect(opened.store.read(({ sql }) => sql.prepare(`SELECT 1`))).rejects.toThrow(/does not run on PostgreSQL yet/);
  });
});

describe.skipIf(ENGINE_MISSING)('opening a PostgreSQL database by URL', () => {
  let database: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => {
    database = await openTestStore('postgres');
  });
  afterAll(async () => database?.close());

  it('refuses a password in the URL, naming where it belongs', async () => {
    const url = new URL(database.target);
    url.password = 'secret';
    await expect(Store.open(url.toString())).rejects.toThrow(/holds a password.*PGPASSWORD.*\.pgpass/);
    await expect(Store.open(`${database.target}?sslmod=require`)).rejects.toThrow(/parameter PayDesk does not know: "sslmod"/);
  });

  it('asks for TLS when the URL says sslmode=require (this test server has none, and says so)', async () => {
    await expect(Store.open(`${database.target}?sslmode=require`)).rejects.toThrow(/does not support SSL/);
    expect(parsePostgresUrl(`${database.target}?sslmode=verify-full`).ssl).toEqual({ rejectUnauthorized: true, ca: undefined });
    expect(parsePostgresUrl(`${database.target}?sslmode=disable`).ssl).toBe(false);
  });

  it('takes the password from PGPASSWORD, else from a .pgpass file, and fails clearly with neither', async () => {
    const password = process.env.PGPASSWORD!;
    const t = tempDir();
    try {
      delete process.env.PGPASSWORD;
      process.env.PGPASSFILE = path.join(t.dir, 'none');
      await expect(Store.open(database.target)).rejects.toThrow(/Cannot open the PostgreSQL database .*password/i);
      const { host, port, user, database: name } = parsePostgresUrl(database.target);
      fs.writeFileSync(path.join(t.dir, 'pgpass'), `${host}:${port}:${name}:${user}:${password}\n`, { mode: 0o600 });
      process.env.PGPASSFILE = path.join(t.dir, 'pgpass');
      const store = await Store.open(database.target);
      expect(await store.db.values(`SELECT count(*) FROM payor`)).toEqual([0]);
      await store.close();
    } finally {
      process.env.PGPASSWORD = password;
      delete process.env.PGPASSFILE;
      t.cleanup();
    }
  });
});
