import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Db } from '../src/main/core/db/engine/port';
import { Store } from '../src/main/core/db/store';
import { findPostgresBin, startCluster } from '../test/helpers/pg-cluster';
import { median, time, type Report } from './report';

/**
 * The data port (src/main/core/db/engine) against the bare drivers, for the statement patterns
 * the core uses most: a single-row read by key in a loop inside one transaction (the workflow
 * engine, the calculation), a single-row UPDATE in a loop (the workflow engine's writes), and a
 * many-rows insert (generation, imports, the demo). SQLite: the port vs raw better-sqlite3 with
 * prepared statements; PostgreSQL (a throwaway local cluster): the port vs raw `pg` with named
 * prepared statements on one client. Median of ROUNDS, each port run beside its baseline.
 * SQLite's figures are CPU seconds of this process: better-sqlite3 runs in it, and on a shared
 * machine wall-clock time of a fraction of a second varies by half from run to run. PostgreSQL's
 * are wall-clock seconds (the work is the server's and the round trips).
 */
const ROUNDS = 7;
const CHILDREN = 20_000;
const SQLITE_LOOKUPS = 50_000;
const PG_LOOKUPS = 4_000;
const PG_BATCH = 500;

const COLUMNS = ['case_number', 'first_name', 'last_name', 'birth_date', 'guardian_name', 'created_at', 'updated_at'] as const;
const childRow = (i: number, tag: string) => [`${tag}-${i}`, `First ${i}`, `Last ${i % 977}`, '2021-05-01', 'Guardian', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'];
const GET = `SELECT id, case_number, first_name, last_name, birth_date FROM child WHERE id = ?`;
const UPDATE = `UPDATE child SET guardian_name = ? WHERE id = ?`;

interface Pattern {
  name: string;
  port: (round: number) => Promise<void>;
  raw: (round: number) => Promise<void>;
  extra: Record<string, string | number>;
}

async function cpuTime(work: () => Promise<void>): Promise<{ seconds: number }> {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return { seconds: (used.user + used.system) / 1e6 };
}

async function measure(report: Report, engine: string, goal: string, patterns: Pattern[], clock: 'cpu' | 'wall'): Promise<void> {
  const timed = clock === 'cpu' ? cpuTime : time;
  for (const p of patterns) {
    const port: number[] = [];
    const raw: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which runs first, so neither always meets a warm (or a cold) cache.
      if (round % 2) raw.push((await timed(() => p.raw(round))).seconds);
      port.push((await timed(() => p.port(round))).seconds);
      if (!(round % 2)) raw.push((await timed(() => p.raw(round))).seconds);
    }
    report(`port, ${engine}: ${p.name} (port vs raw driver; median of ${ROUNDS}, ${clock === 'cpu' ? 'CPU' : 'wall-clock'} seconds)`, {
      seconds: median(port),
      baselineSeconds: median(raw),
      ratio: median(port) / median(raw),
      goal,
      extra: { ...p.extra, 'ratios of the runs': port.map((s, i) => (s / raw[i]).toFixed(2)).join(' / ') },
    });
  }
}

const ids = (n: number, max: number) => Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % max));

async function benchSqlite(report: Report, outDir: string): Promise<void> {
  const file = path.join(outDir, 'port.sqlite');
  for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
  const store = await Store.open(file, { create: true });
  const db: Db = store.db;
  await db.insertMany('child', COLUMNS, Array.from({ length: CHILDREN }, (_, i) => childRow(i, 'seed')));
  const raw = store.sql; // the same connection, prepared statements of its own
  const keys = ids(SQLITE_LOOKUPS, CHILDREN);
  const rawGet = raw.prepare(GET);
  const rawUpdate = raw.prepare(UPDATE);
  const rawInsert = raw.prepare(`INSERT INTO child (${COLUMNS.join(', ')}) VALUES ${new Array(50).fill(`(${COLUMNS.map(() => '?').join(', ')})`).join(', ')}`);
  await measure(report, 'SQLite', 'ratio ≤ 1.1', [
    {
      name: `${SQLITE_LOOKUPS.toLocaleString('en-US')} single-row reads by id in one transaction`,
      extra: { rows: CHILDREN },
      port: () =>
        db.transaction({ mode: 'write' }, async (tx) => {
          for (const id of keys) await tx.one(GET, [id]);
        }),
      raw: async () => raw.transaction(() => keys.forEach((id) => rawGet.get(id))).immediate(),
    },
    {
      name: `${SQLITE_LOOKUPS.toLocaleString('en-US')} single-row UPDATEs by id in one transaction`,
      extra: {},
      port: (round) =>
        db.transaction({ mode: 'write' }, async (tx) => {
          for (const id of keys) await tx.run(UPDATE, [`port ${round}`, id]);
        }),
      raw: async (round) => raw.transaction(() => keys.forEach((id) => rawUpdate.run(`raw ${round}`, id))).immediate(),
    },
    {
      name: `${CHILDREN.toLocaleString('en-US')} rows inserted, 50 to a statement`,
      extra: {},
      port: (round) =>
        db.transaction({ mode: 'write' }, async (tx) => {
          const writer = tx.bulkInsert('child', COLUMNS);
          for (let i = 0; i < CHILDREN; i++) writer.add(...childRow(i, `port${round}`));
          await writer.flush();
        }),
      raw: async (round) =>
        raw
          .transaction(() => {
            const values: unknown[] = [];
            for (let i = 0; i < CHILDREN; i++) {
              values.push(...childRow(i, `raw${round}`));
              if (values.length === 50 * COLUMNS.length) rawInsert.run(values.splice(0));
            }
          })
          .immediate(),
    },
  ], 'cpu');
  await store.close();
  // Make sure the raw runs wrote what the port's did.
  const check = new Database(file, { readonly: true });
  const counts = check.prepare(`SELECT count(*) FROM child`).pluck().get() as number;
  check.close();
  if (counts !== CHILDREN * (1 + 2 * ROUNDS)) throw new Error(`the SQLite runs wrote ${counts} children, not ${CHILDREN * (1 + 2 * ROUNDS)}`);
}

async function benchPostgres(report: Report): Promise<void> {
  const bin = findPostgresBin();
  if (!bin) {
    console.log('| port, PostgreSQL | — | — | — | — | SKIPPED: PostgreSQL is not installed here (apt-get install postgresql) |');
    return;
  }
  const cluster = await startCluster(bin);
  process.env.PGPASSWORD = cluster.password;
  const admin = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' });
  await admin.connect();
  await admin.query('CREATE DATABASE paydesk_bench');
  await admin.end();
  const store = await Store.open(`postgres://${cluster.user}@${cluster.host}:${cluster.port}/paydesk_bench`);
  const client = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'paydesk_bench' });
  try {
    const db: Db = store.db;
    await db.insertMany('child', COLUMNS, Array.from({ length: CHILDREN }, (_, i) => childRow(i, 'seed')));
    const first = (await db.values<number>(`SELECT min(id) FROM child`))[0];
    const keys = ids(PG_LOOKUPS, CHILDREN).map((k) => k + first - 1);
    await client.connect();
    // The raw baseline: one client, named prepared statements written for PostgreSQL by hand.
    const rawTx = async (work: () => Promise<void>) => {
      await client.query('BEGIN');
      await work();
      await client.query('COMMIT');
    };
    const rawInsertText = (rows: number) =>
      `INSERT INTO child (${COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows }, (_, r) => `(${COLUMNS.map((_, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`).join(', ')}`;
    await measure(report, 'PostgreSQL', 'ratio ≤ 1.5', [
      {
        name: `${PG_LOOKUPS.toLocaleString('en-US')} single-row reads by id in one transaction`,
        extra: { rows: CHILDREN, server: cluster.version },
        port: () =>
          db.transaction({ mode: 'write' }, async (tx) => {
            for (const id of keys) await tx.one(GET, [id]);
          }),
        raw: () =>
          rawTx(async () => {
            for (const id of keys) await client.query({ name: 'get', text: GET.replace('?', '$1'), values: [id] });
          }),
      },
      {
        name: `${PG_LOOKUPS.toLocaleString('en-US')} single-row UPDATEs by id in one transaction`,
        extra: {},
        port: (round) =>
          db.transaction({ mode: 'write' }, async (tx) => {
            for (const id of keys) await tx.run(UPDATE, [`port ${round}`, id]);
          }),
        raw: (round) =>
          rawTx(async () => {
            for (const id of keys) await client.query({ name: 'update', text: 'UPDATE child SET guardian_name = $1 WHERE id = $2', values: [`raw ${round}`, id] });
          }),
      },
      {
        name: `${CHILDREN.toLocaleString('en-US')} rows inserted, ${PG_BATCH} to a statement`,
        extra: {},
        port: (round) =>
          db.transaction({ mode: 'write' }, async (tx) => {
            const writer = tx.bulkInsert('child', COLUMNS, { batch: PG_BATCH });
            for (let i = 0; i < CHILDREN; i++) writer.add(...childRow(i, `port${round}`));
            await writer.flush();
          }),
        raw: (round) =>
          rawTx(async () => {
            let values: unknown[] = [];
            for (let i = 0; i < CHILDREN; i++) {
              values.push(...childRow(i, `raw${round}`));
              if (values.length === PG_BATCH * COLUMNS.length) {
                await client.query({ name: 'insert', text: rawInsertText(PG_BATCH), values });
                values = [];
              }
            }
          }),
      },
    ], 'wall');
    const counts = (await db.values<number>(`SELECT count(*) FROM child`))[0];
    if (counts !== CHILDREN * (1 + 2 * ROUNDS)) throw new Error(`the PostgreSQL runs wrote ${counts} children, not ${CHILDREN * (1 + 2 * ROUNDS)}`);
  } finally {
    await client.end().catch(() => undefined);
    await store.close();
    cluster.stop();
  }
}

export async function benchPort(report: Report, outDir: string): Promise<void> {
  await benchSqlite(report, outDir);
  await benchPostgres(report);
}
