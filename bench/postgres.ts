import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { canonicalJson, eventHash, GENESIS_HASH } from '../src/main/core/audit/chain';
import { auditKeyFile, copyDatabase, readKeyFile } from '../src/main/core/audit/key';
import { Core } from '../src/main/core/core';
import { copyToPostgres, sqliteTablesInOrder } from '../src/main/core/db/copy/copy';
import { postgresAuditKeyFile } from '../src/main/core/db/engine/key-location';
import { parsePostgresUrl } from '../src/main/core/db/engine/url';
import { Store } from '../src/main/core/db/store';
import { buildDemoDatabase, DEMO_PASSWORD } from '../src/main/core/demo/demo';
import { TABS, type Tab } from '../src/shared/workflow/tabs';
import { findPostgresBin, startCluster } from '../test/helpers/pg-cluster';
import { median, time, type Report } from './report';

// The sections of issue #14 on PostgreSQL (`npm run bench -- --engine postgres`, or `--only
// postgres`): demo build, generation of one period, bulk Authorize of 5,000 payments and the tab
// page, each at scale L, PayDesk beside a raw `pg` baseline doing the same work in the same run:
// one client, named prepared statements written for PostgreSQL by hand, rows many to a statement,
// one transaction. The baseline's rows are the ones PayDesk writes for the same work (read back
// from the same work done on SQLite), so both sides write exactly the same. The server: a
// throwaway local cluster (test/helpers/pg-cluster.ts), or PAYDESK_BENCH_PG=postgres://USER@HOST/DB
// (a user that may CREATE DATABASE; the password from PGPASSWORD or .pgpass): every database of
// the run is made from template0 and dropped at the end. Prepared databases are filled once with
// `paydesk copy` (itself measured) and cloned per round (CREATE DATABASE … TEMPLATE).
// A figure PayDesk cannot produce on PostgreSQL (a feature still on the SQLite connection) is
// printed as FAILED with the reason and the section exits 1: never a made-up figure.

const NOW = '2026-11-25T09:00:00Z';
const WF_NOW = '2027-02-03T10:00:00.000Z';
const GEN_PERIOD = '2026-06';
const BULK = 5000;
const ROUNDS = 5;
const QUERY_RUNS = 40;
const BATCH = 500;
const INT8 = 20;
const NUMERIC = 1700;

/** Seed 000's tab rules in SQL (as bench/renderer.ts): the baseline does not use PayDesk's code. */
const SEED_SQL: Record<Tab, string> = {
  All: '1 = 1',
  'Pending Parent': `p.submission_status = 'Ready for Parent'`,
  Submitted: `(p.payment_status = 'Received' OR p.submission_status = 'Submitted')`,
  Authorized: `p.payment_status = 'Authorized'`,
  Paid: `p.payment_status = 'Paid'`,
};

interface Server {
  version: string;
  url(name: string): string;
  create(name: string, template?: string): Promise<string>;
  dropAll(): Promise<void>;
  stop(): void;
}

async function openServer(): Promise<Server | null> {
  let adminConfig: pg.ClientConfig;
  let base: URL;
  let stop = () => undefined as void;
  let version: string;
  const fromEnv = process.env.PAYDESK_BENCH_PG;
  if (fromEnv) {
    const t = parsePostgresUrl(fromEnv); // refuses a password in the URL
    base = new URL(fromEnv);
    adminConfig = { host: t.host, port: t.port, user: t.user, database: t.database, ssl: t.ssl || undefined };
    version = `PAYDESK_BENCH_PG ${t.host}:${t.port}`;
  } else {
    const bin = findPostgresBin();
    if (!bin) return null;
    const cluster = await startCluster(bin);
    process.env.PGPASSWORD = cluster.password;
    base = new URL(`postgres://${cluster.user}@${cluster.host}:${cluster.port}/postgres`);
    adminConfig = { host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' };
    version = cluster.version;
    stop = () => cluster.stop();
  }
  const made: string[] = [];
  const admin = async (text: string) => {
    const c = new pg.Client(adminConfig);
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  const url = (name: string) => {
    const u = new URL(base.toString());
    u.pathname = `/${name}`;
    return u.toString();
  };
  return {
    version,
    url,
    async create(name, template) {
      for (let attempt = 0; ; attempt++) {
        try {
          await admin(`CREATE DATABASE ${name} TEMPLATE ${template ?? 'template0'} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
          break;
        } catch (err) {
          // The connections of the copy that filled a template may take a moment to leave it.
          if (attempt >= 50 || !/being accessed/.test((err as Error).message)) throw err;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      made.push(name);
      if (template) {
        const keys = [postgresAuditKeyFile(url(template)), postgresAuditKeyFile(url(name))];
        if (fs.existsSync(keys[0])) fs.copyFileSync(keys[0], keys[1]);
      }
      return url(name);
    },
    async dropAll() {
      for (const name of made.reverse()) {
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
        fs.rmSync(postgresAuditKeyFile(url(name)), { force: true });
      }
    },
    stop,
  };
}

/** A raw client reading bigint and numeric as numbers, as PayDesk's port does (same rows compared). */
async function rawClient(url: string): Promise<pg.Client> {
  const t = parsePostgresUrl(url);
  const client = new pg.Client({
    host: t.host,
    port: t.port,
    user: t.user,
    database: t.database,
    ssl: t.ssl || undefined,
    types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8 || oid === NUMERIC ? Number : pg.types.getTypeParser(oid, format as 'text'))) as pg.CustomTypesConfig['getTypeParser'] },
  });
  await client.connect();
  return client;
}

const quote = (name: string) => `"${name}"`;

/** Raw multi-row INSERTs, BATCH rows to a named statement (the texts made once per row count). */
async function rawInsert(client: pg.Client, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const per = Math.max(1, Math.min(BATCH, Math.floor(65_535 / columns.length)));
  const text = (n: number) =>
    `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${Array.from({ length: n }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ')}`;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    await client.query({ name: `ins_${table}_${chunk.length}`, text: text(chunk.length), values: chunk.flat() });
  }
}

async function syncIds(client: pg.Client, table: string): Promise<void> {
  await client.query(`SELECT setval(pg_get_serial_sequence('${quote(table)}', 'id'), coalesce(max(id), 0) + 1, false) FROM ${quote(table)}`);
}

function rowsOf(db: Database.Database, select: string, ...params: unknown[]): { columns: string[]; rows: unknown[][] } {
  const statement = db.prepare(select);
  return { columns: statement.columns().map((c) => c.name), rows: statement.raw().all(...params) as unknown[][] };
}

function fresh(file: string): void {
  for (const s of ['', '-wal', '-shm', '.audit-key']) fs.rmSync(file + s, { force: true });
}

function copyFile(from: string, to: string): void {
  const db = new Database(from);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  fresh(to);
  copyDatabase(from, to);
}

/** Signs in as a person does (the demo's password), through the registry. */
async function signIn(core: Core, username: string) {
  const connection = core.connect();
  await connection.call('session-login', { username, password: DEMO_PASSWORD });
  return connection;
}

class Run {
  failures: string[] = [];
  constructor(private readonly report: Report) {}

  /** PayDesk's side: its seconds, or null after printing why it could not run. */
  async paydesk<T>(what: string, goal: string, baseline: number, work: () => Promise<{ seconds: number; value?: T }>, detail = ''): Promise<{ seconds: number; value?: T } | null> {
    try {
      return await work();
    } catch (err) {
      const why = (err as Error).message.split('\n')[0].slice(0, 240).replace(/\|/g, '/');
      this.failures.push(`${what}: ${why}`);
      console.log(`| ${what} | FAILED | ${baseline.toFixed(3)} s | — | ${goal} | PayDesk cannot run this on PostgreSQL yet: ${why}${detail ? `; baseline: ${detail}` : ''} |`);
      return null;
    }
  }

  figure(what: string, goal: string, ours: number[], raw: number[], extra: Record<string, string | number>): void {
    this.report(what, {
      seconds: median(ours),
      baselineSeconds: median(raw),
      ratio: median(ours) / median(raw),
      goal,
      extra: {
        ...extra,
        'ratios of the runs': ours.map((s, i) => (s / raw[i]).toFixed(2)).join(' / '),
        ...(ours.length > 1 ? { 'PayDesk s': ours.map((s) => s.toFixed(2)).join(' / '), 'baseline s': raw.map((s) => s.toFixed(2)).join(' / ') } : {}),
      },
    });
  }
}

/** Every row of a SQLite demo, parents first: the baseline's input. */
async function demoRows(file: string) {
  const store = await Store.open(file, { reading: true });
  try {
    const tables = await store.db.transaction({ mode: 'read' }, (tx) => sqliteTablesInOrder(tx));
    const raw = new Database(file, { readonly: true });
    const data = tables.map((t) => ({ ...t, rows: raw.prepare(`SELECT ${t.columns.map(quote).join(', ')} FROM ${quote(t.table)} ORDER BY rowid`).raw().all() as unknown[][] }));
    raw.close();
    return data;
  } finally {
    await store.close();
  }
}

/**
 * The schema PayDesk's migrations make, as a plain SQL script (pg_dump of a migrated database:
 * tables, indexes, triggers, the nocase collation, and the migrations table's rows), for the raw
 * baseline to create in its own timing: the demo build and `paydesk copy` make the schema too (the
 * migrations run inside their figures), so the baseline does the same work in one script. Null
 * when no pg_dump is at hand (a PAYDESK_BENCH_PG server without client tools here): then the
 * baseline's schema is made outside its timing and the figure says so.
 */
async function schemaScript(server: Server): Promise<{ script: string; migrationSeconds: number } | null> {
  const url = await server.create('paydesk_bench_schema');
  const migrated = await time(async () => (await Store.open(url, { create: true })).close());
  const bin = findPostgresBin();
  const pgDump = bin && fs.existsSync(path.join(bin, 'pg_dump')) ? path.join(bin, 'pg_dump') : null;
  if (!pgDump) return null;
  const dump = (...args: string[]) => execFileSync(pgDump, ['--no-owner', '--no-privileges', ...args, `--dbname=${url}`], { maxBuffer: 64 << 20 }).toString();
  // pg_dump empties the session's search_path for its script (the baseline's inserts name tables
  // unqualified), and newer ones write psql meta-commands (\restrict): both left out.
  const script = [dump('--schema-only'), dump('--data-only', '--table=migrations', '--inserts')]
    .join('\n')
    .split('\n')
    .filter((line) => !/set_config\('search_path'/.test(line) && !line.startsWith('\\'))
    .join('\n');
  return { script, migrationSeconds: migrated.seconds };
}

/**
 * The raw baseline of a whole database: the schema (the script above), then every row, parents
 * first, ids kept, in one transaction on one client.
 */
async function rawFill(url: string, data: Awaited<ReturnType<typeof demoRows>>, schema: string | null): Promise<number> {
  // Without a schema script: the schema made outside the timing, by the migrations.
  if (schema === null) await (await Store.open(url, { create: true })).close();
  const client = await rawClient(url);
  try {
    if (schema === null) {
      await client.query(`DELETE FROM setting`);
      await client.query(`DELETE FROM reason`);
    }
    return (
      await time(async () => {
        await client.query('BEGIN');
        if (schema !== null) await client.query(schema);
        await client.query('SET CONSTRAINTS ALL DEFERRED');
        for (const t of data) {
          if (t.rows.length === 0) continue;
          await rawInsert(client, t.table, t.columns, t.rows);
          if (t.columns.includes('id')) await syncIds(client, t.table);
        }
        await client.query('COMMIT');
      })
    ).seconds;
  } finally {
    await client.end();
  }
}

async function demoSection(run: Run, server: Server, demo: string, sections: Set<string>): Promise<string> {
  const data = await demoRows(demo);
  const rows = data.reduce((n, t) => n + t.rows.length, 0);
  const schema = await schemaScript(server);
  const schemaNote = schema
    ? { schema: `made on both sides (PayDesk: its migrations, ${schema.migrationSeconds.toFixed(2)} s alone; baseline: pg_dump's script of the same schema)` }
    : { schema: 'PayDesk: its migrations, inside its figure; baseline: outside its timing (no pg_dump here)' };

  // `paydesk copy` of the scale-L demo vs the raw making of the same database.
  const copyTarget = await server.create('paydesk_bench_demo');
  const copied = await time(() => copyToPostgres({ from: demo, to: copyTarget }));
  if (sections.has('copy')) {
    const copyRaw = await rawFill(await server.create('paydesk_bench_demo_raw0'), data, schema?.script ?? null);
    run.figure('PostgreSQL: paydesk copy of the scale-L demo (copy, verified, vs raw insert of the same rows)', 'ratio ≤ 2 (it verifies too)', [copied.seconds], [copyRaw], {
      rows,
      server: server.version,
      ...schemaNote,
    });
  }
  if (!sections.has('demo')) return copyTarget;

  // The demo build itself on PostgreSQL vs the raw making of the database it makes; the order
  // alternates from round to round, so neither side always runs first on a warm (or cold) server.
  const ours: number[] = [];
  const raw: number[] = [];
  const what = 'PostgreSQL: demo database, scale L (build vs raw insert of the same rows)';
  // A warm-up of each side first, not counted: the first build in a process loads and compiles
  // the modules only its export stage uses (pdfkit and its fonts among them; 0.3 to 1 s), which
  // made the first round the slowest of every run. The rounds then measure the work itself.
  await rawFill(await server.create('paydesk_bench_demo_raw_warm'), data, schema?.script ?? null);
  await buildDemoDatabase({ file: await server.create('paydesk_bench_demo_pd_warm'), seed: 1, scale: 'L', now: new Date(NOW) });
  for (let round = 0; round < ROUNDS; round++) {
    const rawTarget = await server.create(`paydesk_bench_demo_raw${round + 1}`);
    const target = await server.create(`paydesk_bench_demo_pd${round + 1}`);
    if (round % 2 === 0) raw.push(await rawFill(rawTarget, data, schema?.script ?? null));
    const built = await run.paydesk(what, 'ratio ≤ 1.5', raw[round] ?? 0, () => time(() => buildDemoDatabase({ file: target, seed: 1, scale: 'L', now: new Date(NOW) })));
    if (!built) return copyTarget;
    ours.push(built.seconds);
    if (round % 2 === 1) raw.push(await rawFill(rawTarget, data, schema?.script ?? null));
  }
  run.figure(what, 'ratio ≤ 1.5', ours, raw, { rows, rounds: `median of ${ROUNDS} after a warm-up of each side, sides alternating`, ...schemaNote });
  return copyTarget;
}

async function generationSection(run: Run, server: Server, demo: string, outDir: string): Promise<void> {
  // As bench/intake.ts: every authorization covers the period, generated on a SQLite copy first
  // to know the rows PayDesk writes (the baseline's input).
  const source = path.join(outDir, 'pg-gen-L.sqlite');
  copyFile(demo, source);
  const setup = new Database(source);
  setup.prepare(`UPDATE "authorization" SET start_date = '2026-01-01'`).run();
  const periodId = (setup.prepare(`SELECT id FROM service_period WHERE code = ?`).get(GEN_PERIOD) as { id: number }).id;
  setup.close();
  const base = await server.create('paydesk_bench_gen');
  await copyToPostgres({ from: source, to: base });

  const sqliteCopy = path.join(outDir, 'pg-gen-L-done.sqlite');
  copyFile(source, sqliteCopy);
  const core = await Core.start({ databaseFile: sqliteCopy, log: () => {}, skipStartupTasks: true });
  let payments: ReturnType<typeof rowsOf>;
  let events: ReturnType<typeof rowsOf>;
  try {
    const approver = await signIn(core, 'approver');
    // After the sign-in: its own event is not generation's work.
    const mark = (core.store.sql.prepare(`SELECT coalesce(max(id), 0) AS id FROM audit_event`).get() as { id: number }).id;
    await approver.call('payments-generate', { periodId });
    payments = rowsOf(core.store.sql, `SELECT * FROM payment WHERE period_id = ? ORDER BY id`, periodId);
    events = rowsOf(core.store.sql, `SELECT * FROM audit_event WHERE id > ? ORDER BY id`, mark);
  } finally {
    await core.close();
    fresh(sqliteCopy);
  }

  const what = 'PostgreSQL: generate one period, scale L (handler vs raw insert of the same payments and audit events)';
  const ours: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const rawDb = await server.create(`paydesk_bench_gen_raw${round}`, 'paydesk_bench_gen');
    const client = await rawClient(rawDb);
    try {
      raw.push(
        (
          await time(async () => {
            await client.query('BEGIN');
            await rawInsert(client, 'payment', payments.columns, payments.rows);
            await rawInsert(client, 'audit_event', events.columns, events.rows);
            await client.query('COMMIT');
          })
        ).seconds,
      );
    } finally {
      await client.end();
    }
    const ourDb = await server.create(`paydesk_bench_gen_pd${round}`, 'paydesk_bench_gen');
    const done = await run.paydesk(what, 'ratio ≤ 1.5', raw[round], async () => {
      const pd = await Core.start({ databaseFile: ourDb, log: () => {}, skipStartupTasks: true });
      try {
        const approver = await signIn(pd, 'approver');
        return await time(() => approver.call('payments-generate', { periodId }));
      } finally {
        await pd.close();
      }
    });
    if (!done) return;
    ours.push(done.seconds);
  }
  run.figure(what, 'ratio ≤ 1.5', ours, raw, { payments: payments.rows.length, events: events.rows.length });
}

interface PaymentState {
  invoiceStatus: string;
  subStatus: string;
  submissionStatus: string;
  paymentStatus: string;
  receivedAt: string | null;
  amountCents: number | null;
  exportBatchId: number | null;
  holdKind: string | null;
  version: number;
}

async function bulkSection(run: Run, server: Server, demo: string, outDir: string): Promise<void> {
  // As bench/workflow.ts: 5,000 received and calculated payments of a new period.
  const source = path.join(outDir, 'pg-wf-L.sqlite');
  copyFile(demo, source);
  const db = new Database(source);
  db.transaction(() => {
    const period = Number(db.prepare(`INSERT INTO service_period (code, label, start_date, end_date) VALUES ('BENCH-WF', 'Workflow bench', '2027-01-01', '2027-01-31')`).run().lastInsertRowid);
    const providers = db.prepare(`SELECT id, payor_id AS payorId FROM provider ORDER BY id LIMIT ?`).all(BULK) as Array<{ id: number; payorId: number }>;
    if (providers.length < BULK) throw new Error(`the demo has ${providers.length} providers; the bench needs ${BULK} (scale L)`);
    const insert = db.prepare(
      `INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status,
         received_at, amount_cents, calculated_at, status_changed_at, created_at, updated_at, version)
       VALUES ('payment', @provider, @period, @payor, 'New', 'Pending Approval', 'Awaiting Action', 'Received', @at, @amount, @at, @at, @at, @at, 1)`,
    );
    const at = '2027-02-01T09:00:00.000Z';
    for (const p of providers) insert.run({ provider: p.id, period, payor: p.payorId, amount: 10_000 + (p.id % 97) * 100, at });
  })();
  const ids = (db.prepare(`SELECT p.id FROM payment p JOIN service_period s ON s.id = p.period_id WHERE s.code = 'BENCH-WF' ORDER BY p.id`).all() as { id: number }[]).map((r) => r.id);
  const user = db.prepare(`SELECT id, username FROM app_user WHERE username = 'approver'`).get() as { id: number; username: string };
  db.close();
  const key = readKeyFile(auditKeyFile(source));
  if (!key) throw new Error(`${source} has no audit key beside it`);
  await copyToPostgres({ from: source, to: await server.create('paydesk_bench_wf') });
  fresh(source);

  const what = `PostgreSQL: bulk Authorize of ${BULK.toLocaleString('en-US')} payments (payments-apply-bulk vs raw read + UPDATE + chained audit INSERT per item)`;
  const ours: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const client = await rawClient(await server.create(`paydesk_bench_wf_raw${round}`, 'paydesk_bench_wf'));
    try {
      raw.push(
        (
          await time(async () => {
            await client.query('BEGIN');
            let prevHash = ((await client.query(`SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1`)).rows[0] as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
            for (const id of ids) {
              const row = (
                await client.query({
                  name: 'read',
                  text: `SELECT invoice_status AS "invoiceStatus", sub_status AS "subStatus", submission_status AS "submissionStatus", payment_status AS "paymentStatus",
                    received_at AS "receivedAt", amount_cents AS "amountCents", export_batch_id AS "exportBatchId", hold_kind AS "holdKind", version
                    FROM payment WHERE id = $1 FOR UPDATE`,
                  values: [id],
                })
              ).rows[0] as PaymentState;
              const updated = await client.query({
                name: 'update',
                text: `UPDATE payment SET invoice_status = 'Pending Payment', sub_status = 'Awaiting Action', payment_status = 'Authorized',
                  authorized_by = $1, status_changed_at = $2, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4`,
                values: [user.id, WF_NOW, id, row.version],
              });
              if (updated.rowCount !== 1) throw new Error('version moved');
              const after = { ...row, invoiceStatus: 'Pending Payment', subStatus: 'Awaiting Action', paymentStatus: 'Authorized', version: row.version + 1 };
              const content = {
                at: WF_NOW, userId: user.id, username: user.username, groupName: 'Approver', entity: 'payment', entityId: id, action: 'authorize',
                stateBefore: canonicalJson(row), stateAfter: canonicalJson(after), reasonCode: null, comment: null, details: null,
              };
              const hash = eventHash(prevHash, content, key);
              await client.query({
                name: 'event',
                text: `INSERT INTO audit_event (at, user_id, username, group_name, entity, entity_id, action, state_before, state_after, reason_code, comment, details, prev_hash, hash)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
                values: [content.at, content.userId, content.username, content.groupName, content.entity, content.entityId, content.action, content.stateBefore, content.stateAfter, null, null, null, prevHash, hash],
              });
              prevHash = hash;
            }
            await client.query('COMMIT');
          })
        ).seconds,
      );
    } finally {
      await client.end();
    }
    const ourDb = await server.create(`paydesk_bench_wf_pd${round}`, 'paydesk_bench_wf');
    const done = await run.paydesk(what, '≤ 3 s, ratio ≤ 1.5', raw[round], async () => {
      const pd = await Core.start({ databaseFile: ourDb, now: () => new Date(WF_NOW), log: () => {}, skipStartupTasks: true });
      try {
        const approver = await signIn(pd, 'approver');
        const result = await time(() => approver.call('payments-apply-bulk', { ids, action: 'authorize' }));
        if (result.value.succeeded !== BULK) throw new Error(`bulk authorize: ${result.value.refused} refused`);
        return result;
      } finally {
        await pd.close();
      }
    });
    if (!done) return;
    ours.push(done.seconds);
  }
  run.figure(what, '≤ 3 s, ratio ≤ 1.5', ours, raw, { items: BULK, rounds: `median of ${ROUNDS}` });
}

async function tabSection(run: Run, url: string): Promise<void> {
  const client = await rawClient(url);
  const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;
  try {
    const period = (await client.query(`SELECT id FROM service_period WHERE start_date <= $1 ORDER BY start_date DESC LIMIT 1`, [NOW.slice(0, 10)])).rows[0] as { id: number };
    const columns = `p.id, p.kind, p.provider_id AS "providerId", v.name AS "providerName", v.type AS "providerType",
      v.license_number AS "licenseNumber", p.period_id AS "periodId", p.payor_id AS "payorId", y.name AS "payorName", y.kind AS "payorKind",
      p.submission_status AS "submissionStatus", p.payment_status AS "paymentStatus", p.invoice_status AS "invoiceStatus",
      p.sub_status AS "subStatus", p.amount_cents AS "amountCents", p.received_at AS "receivedAt", p.export_batch_id AS "exportBatchId",
      p.updated_at AS "updatedAt", p.version`;
    const from = `FROM payment p JOIN provider v ON v.id = p.provider_id JOIN payor y ON y.id = p.payor_id WHERE p.period_id = $1`;
    const raw = new Map<Tab, number[]>();
    for (const tab of TABS) {
      const samples: number[] = [];
      for (let i = 0; i < QUERY_RUNS; i++) {
        samples.push(
          (
            await time(async () => {
              const rows = (await client.query({ name: `page_${tab}`, text: `SELECT ${columns} ${from} AND ${SEED_SQL[tab]} ORDER BY v.name, p.id LIMIT 50 OFFSET 0`, values: [period.id] })).rows;
              const total = (await client.query({ name: `total_${tab}`, text: `SELECT count(*) AS n ${from} AND ${SEED_SQL[tab]}`, values: [period.id] })).rows[0] as { n: number };
              return { rows, total: total.n };
            })
          ).seconds,
        );
      }
      raw.set(tab, samples);
    }
    const rawSlowest = Math.max(...[...raw.values()].map(median));
    const what = 'PostgreSQL: payments-list first page (50 rows + total) of each of the five tabs, scale L (registry vs raw SQL, same rows)';
    const goal = 'median ≤ 15 ms per tab';
    const ours = await run.paydesk(what, goal, rawSlowest, async () => {
      const core = await Core.start({ databaseFile: url, now: () => new Date(NOW), log: () => {}, skipStartupTasks: true });
      try {
        const finance = await signIn(core, 'finance');
        const perTab = new Map<Tab, number[]>();
        for (const tab of TABS) {
          const samples: number[] = [];
          for (let i = 0; i < QUERY_RUNS; i++) samples.push((await time(() => finance.call('payments-list', { periodId: period.id, tab, page: 0, pageSize: 50 }))).seconds);
          perTab.set(tab, samples);
        }
        return { seconds: Math.max(...[...perTab.values()].map(median)), value: perTab };
      } finally {
        await core.close();
      }
    }, `slowest tab's median; ${TABS.map((t) => `${t} ${ms(median(raw.get(t)!))}`).join(', ')}`);
    if (!ours) return;
    const perTab = ours.value!;
    run.figure(what, goal, [ours.seconds], [rawSlowest], {
      'runs per tab': QUERY_RUNS,
      'the figure': 'the slowest tab’s median',
      ...Object.fromEntries(TABS.map((t) => [t, `${ms(median(perTab.get(t)!))} vs ${ms(median(raw.get(t)!))}`])),
    });
  } finally {
    await client.end();
  }
}

/** The figures of this section; PAYDESK_BENCH_PG_SECTIONS=demo,tab runs some of them (the copy is made for the tab page anyway). */
const PG_SECTIONS = ['copy', 'demo', 'generation', 'bulk', 'tab'];

export async function benchPostgres(report: Report, outDir: string): Promise<void> {
  const chosen = process.env.PAYDESK_BENCH_PG_SECTIONS?.split(',').map((x) => x.trim()).filter(Boolean) ?? PG_SECTIONS;
  const unknown = chosen.filter((x) => !PG_SECTIONS.includes(x));
  if (unknown.length > 0) throw new Error(`PAYDESK_BENCH_PG_SECTIONS: no figure ${unknown.join(', ')}; the figures are ${PG_SECTIONS.join(', ')}`);
  const sections = new Set(chosen);
  const server = await openServer();
  if (!server) {
    console.log('| PostgreSQL sections | — | — | — | — | SKIPPED: PostgreSQL is not installed here (apt-get install postgresql), and PAYDESK_BENCH_PG is not set |');
    return;
  }
  // The audit keys of the run's databases: in a folder of the run, not the user's.
  process.env.PAYDESK_DATA_DIR = path.join(outDir, 'pg-data');
  const run = new Run(report);
  try {
    // The scale-L demo on SQLite (the foundation bench's, when it ran first): the input of every section.
    const demo = path.join(outDir, 'demo-L.sqlite');
    if (!fs.existsSync(demo) || !fs.existsSync(auditKeyFile(demo))) {
      fresh(demo);
      await buildDemoDatabase({ file: demo, seed: 1, scale: 'L', now: new Date(NOW) });
    }
    const copied = await demoSection(run, server, demo, sections);
    if (sections.has('generation')) await generationSection(run, server, demo, outDir);
    if (sections.has('bulk')) await bulkSection(run, server, demo, outDir);
    if (sections.has('tab')) await tabSection(run, copied);
  } finally {
    await server.dropAll();
    server.stop();
  }
  if (run.failures.length > 0) {
    console.log(`\nPayDesk could not run ${run.failures.length} PostgreSQL figure(s) (the features still on the SQLite connection; issue #14 phase B):\n${run.failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exitCode = 1;
  }
}
