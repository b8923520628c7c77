import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditKeyFile, copyDatabase, readKeyFile } from '../../src/main/core/audit/key';
import { verifyChainOnPort } from '../../src/main/core/db/copy/chain';
import { copyToPostgres } from '../../src/main/core/db/copy/copy';
import { postgresAuditKeyFile } from '../../src/main/core/db/engine/key-location';
import type { Db } from '../../src/main/core/db/engine/port';
import { PostgresEngine } from '../../src/main/core/db/engine/postgres';
import { parsePostgresUrl } from '../../src/main/core/db/engine/url';
import { Store } from '../../src/main/core/db/store';
import { openTestCore, tempDir } from '../helpers/core';
import { createPostgresDatabase, ENGINE, ENGINE_MISSING, rawPostgresClient, type TestTarget } from '../helpers/engine';
import { CODE, openExportWorld, recordAttendance } from './export-world';
import { periodOf } from './intake-fixture';
import { testSql } from '../helpers/sql';

// Two PayDesk servers on one PostgreSQL database (issue #14): two child processes
// (two-servers-child.ts), each its own Core, Store and pool on the same database, on 127.0.0.1
// only. 20 rounds, each on a fresh clone of a prepared database (CREATE DATABASE … TEMPLATE):
// - both start an export of the same period and payor at the same moment: every authorized item
//   is in exactly one batch, each batch whole, one export event per item, each item's version
//   moved once, and the audit chain verifies with the key;
// - a bulk Authorize on one races a bulk Deny on the other over the same items: each item ends
//   authorized or denied (never both, never neither), with one audit event, its version moved once,
//   and the calls' own results agree with the database; the chain verifies.
// Everything goes through the registry, as the CLI and the app call it.

const ROUNDS = 20;
const ROUND_MS = 60_000;
const t = tempDir();
const dataDir = path.join(t.dir, 'data');
const targets: TestTarget[] = [];

// ---- databases: a prepared one per race, cloned for each round ----

/** The prepared SQLite file as a database of this project's engine (copied into PostgreSQL). */
async function prepared(file: string): Promise<string> {
  if (ENGINE !== 'postgres') return file;
  const target = await createPostgresDatabase();
  targets.push(target);
  await copyToPostgres({ from: file, to: target.target, targetKeyFile: postgresAuditKeyFile(target.target, dataDir) });
  return target.target;
}

let clones = 0;
/** A fresh copy of a prepared database, its audit key beside it (where the servers look for it). */
async function clone(base: string): Promise<string> {
  const name = `${path.basename(base).replace(/\W/g, '_')}_r${++clones}`;
  if (ENGINE !== 'postgres') {
    const file = path.join(t.dir, `${name}.sqlite`);
    copyDatabase(base, file);
    return file;
  }
  const url = base.replace(/\/[^/?]+(\?.*)?$/, `/${name}`);
  const admin = rawPostgresClient(base.replace(/\/[^/?]+(\?.*)?$/, '/postgres'));
  await admin.connect();
  try {
    // The copy's connections may take a moment to leave the template.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${new URL(base).pathname.slice(1)}`);
        break;
      } catch (err) {
        if (attempt >= 20 || !/being accessed/.test((err as Error).message)) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await admin.end();
  }
  targets.push({ target: url, drop: async () => {
    const c = rawPostgresClient(base.replace(/\/[^/?]+(\?.*)?$/, '/postgres'));
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
  } });
  fs.mkdirSync(path.dirname(postgresAuditKeyFile(url, dataDir)), { recursive: true });
  fs.copyFileSync(postgresAuditKeyFile(base, dataDir), postgresAuditKeyFile(url, dataDir));
  return url;
}

async function port(target: string): Promise<{ db: Db; close(): Promise<void> }> {
  if (ENGINE === 'postgres') {
    const db = PostgresEngine.open(parsePostgresUrl(target), { max: 2 });
    return { db, close: () => db.close() };
  }
  const store = await Store.open(target, { reading: true });
  return { db: store.db, close: () => store.close() };
}

const keyOf = (target: string) => readKeyFile(ENGINE === 'postgres' ? postgresAuditKeyFile(target, dataDir) : auditKeyFile(target));

// ---- the two servers ----

interface Outcome {
  done?: unknown;
  failed?: { code: string; message: string };
}

class Server {
  private readonly child: ChildProcess;
  private listeners: Array<(m: Record<string, unknown>) => void> = [];
  private stderr = '';

  constructor() {
    this.child = fork(path.join(__dirname, 'two-servers-child.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, PAYDESK_DATA_DIR: dataDir },
    });
    this.child.stderr?.on('data', (d) => (this.stderr += String(d)));
    this.child.on('message', (m: Record<string, unknown>) => {
      for (const l of [...this.listeners]) l(m);
    });
  }

  /** The next message with this key, or a clear failure after the round's time. */
  next(key: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`a server sent no "${key}" within ${ROUND_MS} ms; its stderr: ${this.stderr.slice(-2000)}`)), ROUND_MS);
      const listener = (m: Record<string, unknown>) => {
        if (!(key in m) && !('failed' in m)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(m);
      };
      this.listeners.push(listener);
    });
  }

  send(m: unknown): void {
    this.child.send(m as Parameters<ChildProcess['send']>[0]);
  }

  stop(): void {
    this.child.kill();
  }
}

let servers: Server[] = [];

/** Both servers open the round's database and sign in; then both are told "go" at once. */
async function race(db: string, calls: Array<{ username: string; handler: string; args: unknown }>): Promise<Outcome[]> {
  const ready = servers.map((s) => s.next('ready'));
  // Each server its own folder for the batches' files, as two servers on two machines.
  servers.forEach((s, i) => s.send({ round: { db, dataDir: path.join(t.dir, `files-${clones}-${i}`), ...calls[i] } }));
  const opened = await Promise.all(ready);
  const refused = opened.find((m) => 'failed' in m);
  if (refused) {
    // A server that did open waits for "go": let it finish before reporting.
    const waiting = servers.filter((_, i) => !('failed' in opened[i]));
    const others = waiting.map((s) => s.next('done'));
    waiting.forEach((s) => s.send({ go: true }));
    await Promise.allSettled(others);
    throw new Error(`a server could not open the database or sign in: ${JSON.stringify(refused.failed)}`);
  }
  const done = servers.map((s) => s.next('done'));
  for (const s of servers) s.send({ go: true });
  return (await Promise.all(done)) as Outcome[];
}

// ---- the prepared worlds ----

let exportBase: string;
let exportPeriod: number;
let exportItems: number[];
let bulkBase: string;
let bulkItems: number[];

describe.skipIf(ENGINE_MISSING)('two PayDesk servers on one database', () => {
  beforeAll(async () => {
    process.env.PAYDESK_DATA_DIR = dataDir;
    // Exports: a period authorized for export (export-world.ts), payor 1.
    // Prepared on SQLite files, then copied (paydesk copy's own code) into each engine's database.
    const world = await openExportWorld({ adjustments: false, leftOut: false, engine: 'sqlite' });
    exportPeriod = world.periodId;
    exportItems = world.authorized.get(1)!;
    await world.core.close();
    exportBase = await prepared(copyAside(world.file, 'export-base'));
    world.close().catch(() => undefined);

    // Bulk actions: a period generated, attended and calculated, not yet authorized.
    const demo = await openTestCore({ demo: true, now: () => new Date('2026-02-03T10:00:00.000Z'), skipStartupTasks: true, engine: 'sqlite' });
    const sql = testSql(demo);
    const periodId = (await periodOf(demo, CODE)).id;
    const approver = await demo.as('approver');
    await approver.call('payments-generate', { periodId });
    await sql.tx((db) => recordAttendance(db, periodId));
    await approver.call('payments-calculate-period', { periodId });
    bulkItems = await sql.values<number>(
      `SELECT id FROM payment WHERE period_id = ? AND invoice_status = 'Pending Approval' AND amount_cents IS NOT NULL ORDER BY id`,
      [periodId],
    );
    await demo.core.close();
    bulkBase = await prepared(copyAside(demo.file, 'bulk-base'));
    await demo.close().catch(() => undefined);

    expect(exportItems.length).toBeGreaterThan(10);
    expect(bulkItems.length).toBeGreaterThan(10);
    servers = [new Server(), new Server()];
    await Promise.all(servers.map((s) => s.next('started')));
  }, 600_000);

  afterAll(async () => {
    for (const s of servers) s.stop();
    for (const target of targets) await target.drop().catch(() => undefined);
    delete process.env.PAYDESK_DATA_DIR;
    t.cleanup();
  });

  it(`exports of the same period started on both at the same moment, ${ROUNDS} times: every item in exactly one batch, no update lost, the chain verifies`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const db = await clone(exportBase);
      const args = { periodId: exportPeriod, payorId: 1 };
      const outcomes = await race(db, [
        { username: 'payor', handler: 'export-run', args },
        { username: 'payor', handler: 'export-run', args },
      ]);
      const won = outcomes.filter((o) => o.done);
      expect(won.length, `round ${round}: ${JSON.stringify(outcomes.map((o) => o.failed))}`).toBeGreaterThanOrEqual(1);
      // The other found nothing left to export, or waited and was told why: never an error of the database.
      for (const o of outcomes.filter((x) => x.failed)) expect(o.failed!.code, o.failed!.message).not.toBe('INTERNAL');

      const { db: q, close } = await port(db);
      try {
        const items = await q.rows<{ paymentId: number; n: number }>(`SELECT payment_id AS paymentId, count(*) AS n FROM export_item GROUP BY payment_id ORDER BY payment_id`);
        expect(items.map((i) => i.paymentId), `round ${round}`).toEqual(expect.arrayContaining(exportItems));
        expect(items.filter((i) => i.n > 1), `round ${round}: items in two batches`).toEqual([]);
        const batches = await q.rows<{ id: number; n: number; items: number; total: number; cents: number }>(
          `SELECT b.id, b.item_count AS n, count(ei.id) AS items, b.total_cents AS total, coalesce(sum(ei.amount_cents), 0) AS cents
           FROM export_batch b JOIN export_item ei ON ei.batch_id = b.id WHERE b.period_id = ? GROUP BY b.id, b.item_count, b.total_cents`,
          [exportPeriod],
        );
        for (const b of batches) expect(b, `round ${round}: a batch incomplete`).toMatchObject({ n: b.items, total: b.cents });
        // One export event per exported item, and each item's version moved exactly once.
        const events = await q.rows<{ id: number; n: number }>(`SELECT entity_id AS id, count(*) AS n FROM audit_event WHERE entity = 'payment' AND action = 'export' AND entity_id IN ${q.dialect.idsFromJson} GROUP BY entity_id`, [JSON.stringify(exportItems)]);
        expect(events.length, `round ${round}`).toBe(exportItems.length);
        expect(events.every((e) => e.n === 1), `round ${round}: an item exported twice`).toBe(true);
        const states = await q.rows<{ paymentStatus: string; batch: number | null }>(`SELECT payment_status AS paymentStatus, export_batch_id AS batch FROM payment WHERE id IN ${q.dialect.idsFromJson}`, [JSON.stringify(exportItems)]);
        expect(states.every((s) => s.paymentStatus === 'Paid' && s.batch !== null), `round ${round}`).toBe(true);
        await expectVersionsMovedOnce(q, exportBase, exportItems, round);
        const chain = await verifyChainOnPort(q, keyOf(db));
        expect(chain.ok, `round ${round}: ${chain.problem}`).toBe(true);
      } finally {
        await close();
      }
    }
  }, ROUNDS * ROUND_MS);

  it(`a bulk Authorize on one server racing a bulk Deny on the other over the same items, ${ROUNDS} times: each item ends in exactly one outcome, with one event`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const db = await clone(bulkBase);
      const outcomes = await race(db, [
        { username: 'approver', handler: 'payments-apply-bulk', args: { ids: bulkItems, action: 'authorize' } },
        { username: 'approver', handler: 'payments-apply-bulk', args: { ids: bulkItems, action: 'deny', reason: { code: 'NOT_ELIGIBLE', comment: `race ${round}` } } },
      ]);
      for (const o of outcomes) expect(o.failed, `round ${round}`).toBeUndefined();
      const [authorize, deny] = outcomes.map((o) => o.done as { results: Array<{ id: number; ok: boolean }>; succeeded: number });
      const okBy = (r: typeof authorize) => new Set(r.results.filter((x) => x.ok).map((x) => x.id));
      const authorized = okBy(authorize);
      const denied = okBy(deny);
      // Each item succeeded on exactly one side.
      for (const id of bulkItems) expect(Number(authorized.has(id)) + Number(denied.has(id)), `round ${round}, item ${id}`).toBe(1);

      const { db: q, close } = await port(db);
      try {
        const rows = await q.rows<{ id: number; invoiceStatus: string; subStatus: string }>(
          `SELECT id, invoice_status AS invoiceStatus, sub_status AS subStatus FROM payment WHERE id IN ${q.dialect.idsFromJson} ORDER BY id`,
          [JSON.stringify(bulkItems)],
        );
        for (const r of rows) {
          if (authorized.has(r.id)) expect(r, `round ${round}`).toMatchObject({ invoiceStatus: 'Pending Payment', subStatus: 'Awaiting Action' });
          else expect(r, `round ${round}`).toMatchObject({ invoiceStatus: 'Invoice History', subStatus: 'Denied' });
        }
        const events = await q.rows<{ id: number; action: string; n: number }>(
          `SELECT entity_id AS id, action, count(*) AS n FROM audit_event WHERE entity = 'payment' AND action IN ('authorize', 'deny') AND entity_id IN ${q.dialect.idsFromJson} GROUP BY entity_id, action`,
          [JSON.stringify(bulkItems)],
        );
        expect(events.length, `round ${round}: items with events of both actions, or none`).toBe(bulkItems.length);
        for (const e of events) expect(e, `round ${round}`).toMatchObject({ n: 1, action: authorized.has(e.id) ? 'authorize' : 'deny' });
        await expectVersionsMovedOnce(q, bulkBase, bulkItems, round);
        const chain = await verifyChainOnPort(q, keyOf(db));
        expect(chain.ok, `round ${round}: ${chain.problem}`).toBe(true);
      } finally {
        await close();
      }
    }
  }, ROUNDS * ROUND_MS);
});

/** No update lost or doubled: each item's version is its version in the prepared database plus one. */
async function expectVersionsMovedOnce(q: Db, base: string, ids: number[], round: number): Promise<void> {
  const before = await versions(base, ids);
  const after = new Map((await q.rows<{ id: number; version: number }>(`SELECT id, version FROM payment WHERE id IN ${q.dialect.idsFromJson}`, [JSON.stringify(ids)])).map((r) => [r.id, r.version]));
  for (const id of ids) expect(after.get(id), `round ${round}, item ${id}: version`).toBe(before.get(id)! + 1);
}

const baseVersions = new Map<string, Map<number, number>>();
async function versions(base: string, ids: number[]): Promise<Map<number, number>> {
  let v = baseVersions.get(base);
  if (!v) {
    const { db, close } = await port(base);
    try {
      v = new Map((await db.rows<{ id: number; version: number }>(`SELECT id, version FROM payment WHERE id IN ${db.dialect.idsFromJson}`, [JSON.stringify(ids)])).map((r) => [r.id, r.version]));
    } finally {
      await close();
    }
    baseVersions.set(base, v);
  }
  return v;
}

/** A closed test database copied out of its test folder (which its TestCore removes at close). */
function copyAside(file: string, name: string): string {
  const to = path.join(t.dir, `${name}.sqlite`);
  copyDatabase(file, to);
  return to;
}
