import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/core/core';
import { postgresAuditKeyFile, postgresExportsDir, postgresLocalStem } from '../../src/main/core/db/engine/key-location';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { formatCents } from '../../src/shared/domain/money';
import buildCli from '../helpers/cli-build-setup';
import { tempDir } from '../helpers/core';
import { createPostgresDatabase, ENGINE_MISSING, rawPostgresClient, type TestTarget } from '../helpers/engine';
import { bearer, call, request } from '../helpers/server';
import { pdfPagesText } from '../unit/export-pdf-text';

// `paydesk serve --db postgres://…` (issue #14): the built CLI (bin/paydesk.cjs) serving a demo
// database of the test cluster over HTTPS on 127.0.0.1. The password comes from a .pgpass file or
// PGPASSWORD, never the command line; the generated certificate and the export batches go in the
// data folder (postgres/HOST-PORT-DATABASE…, beside the audit key); a sign-in, a tab page, an
// action and an export go through the server, and the audit trail verifies afterwards. Two servers
// on the one database race an export of the same period: one batch, the other finds nothing left.

const t = tempDir('paydesk-serve-pg-');
const dataDir = path.join(t.dir, 'data');
const targets: TestTarget[] = [];
const children: ChildProcess[] = [];
let url: string;
let password: string;

interface Served {
  child: ChildProcess;
  url: string;
  fingerprint: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** `paydesk serve` as a user starts it, with this environment (PAYDESK_DATA_DIR: the test's data folder). */
function paydesk(args: string[], env: Record<string, string | undefined>): { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [path.resolve('bin/paydesk.cjs'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PAYDESK_DATA_DIR: dataDir, ...env },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function serve(args: string[], env: Record<string, string | undefined>): Promise<Served> {
  const p = paydesk(['serve', ...args, '--listen', '127.0.0.1:0'], env);
  let ended = false;
  void p.exited.then(() => (ended = true));
  await expect.poll(() => ended || /listening on https:\/\/127\.0\.0\.1:\d+/.test(p.err()), { timeout: 90_000, interval: 100 }).toBe(true);
  if (ended) throw new Error(`paydesk serve ended: ${p.err()}`);
  return {
    child: p.child,
    url: /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(p.err())![1],
    fingerprint: /certificate SHA-256 fingerprint: ([0-9A-F:]{95})/.exec(p.err())![1],
    stdout: p.out,
    stderr: p.err,
    exited: p.exited,
  };
}

/** A GET of a file link, its bytes as they came. */
function download(base: string, route: string, headers: Record<string, string>): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    https
      .get(`${base}${route}`, { agent: false, rejectUnauthorized: false, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** Rows as the DBA's tool reads them (bigint ids and counts as numbers). */
async function dba<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = rawPostgresClient(url);
  await client.connect();
  try {
    const result = await client.query(text, values);
    const int8 = new Set(result.fields.filter((f) => f.dataTypeID === 20).map((f) => f.name));
    return result.rows.map((r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, int8.has(k) && v !== null ? Number(v) : v]))) as T[];
  } finally {
    await client.end();
  }
}

describe.skipIf(ENGINE_MISSING)('paydesk serve on a PostgreSQL database', () => {
  beforeAll(async () => {
    buildCli(); // the postgres project has no CLI-build set-up of its own; rebuilt only when stale
    process.env.PAYDESK_DATA_DIR = dataDir; // where the demo build puts the audit key
    const target = await createPostgresDatabase();
    targets.push(target);
    url = target.target;
    password = process.env.PGPASSWORD!; // the cluster's, set by createPostgresDatabase as a user would
    await buildDemoDatabase({ file: url, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
    expect(fs.existsSync(postgresAuditKeyFile(url, dataDir))).toBe(true);
  }, 240_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const target of targets) await target.drop();
    delete process.env.PAYDESK_DATA_DIR;
    t.cleanup();
  });

  it('refuses a password in the URL and a database without PayDesk in it, making nothing', async () => {
    const u = new URL(url);
    u.password = password;
    const withPassword = paydesk(['serve', '--db', u.toString(), '--listen', '127.0.0.1:0'], {});
    expect(await withPassword.exited).toBe(2);
    expect(withPassword.err()).toMatch(/holds a password: remove it and put the password in the PGPASSWORD variable or a \.pgpass file/);
    expect(withPassword.err()).not.toContain(password);

    const empty = await createPostgresDatabase();
    targets.push(empty);
    const refused = paydesk(['serve', '--listen', '127.0.0.1:0'], { PAYDESK_DB: empty.target });
    expect(await refused.exited).toBe(1);
    expect(refused.err()).toContain(`No PayDesk database at ${empty.target}. Create one with "paydesk new-database --db URL"`);
    // Nothing was made: no table in the database, no certificate in the data folder.
    const client = rawPostgresClient(empty.target);
    await client.connect();
    const tables = (await client.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`)).rows[0] as { n: number };
    await client.end();
    expect(tables.n).toBe(0);
    expect(fs.existsSync(`${postgresLocalStem(empty.target, dataDir)}.server-cert.pem`)).toBe(false);
  }, 120_000);

  it('serves the database with the password from .pgpass: certificate in the data folder, sign-in, a tab, an action, an export, two servers racing, the trail verifies', async () => {
    // The password from a .pgpass file (owner-only), none in the environment or the command line.
    const pgpass = path.join(t.dir, 'pgpass');
    const c = new URL(url);
    fs.writeFileSync(pgpass, `${c.hostname}:${c.port}:*:${decodeURIComponent(c.username)}:${password}\n`, { mode: 0o600 });
    const one = await serve(['--db', url], { PGPASSWORD: undefined, PGPASSFILE: pgpass });
    expect(one.stderr()).toContain(`PayDesk server for ${url}`);

    // The generated certificate: in the data folder beside the audit key, its key owner-only.
    const stem = postgresLocalStem(url, dataDir);
    expect(path.dirname(stem)).toBe(path.join(dataDir, 'postgres'));
    const certFile = `${stem}.server-cert.pem`;
    expect(one.stderr()).toContain(`a self-signed certificate made now, kept in ${certFile}`);
    expect(fs.statSync(`${stem}.server-key.pem`).mode & 0o777).toBe(0o600);
    const ca = fs.readFileSync(certFile, 'utf8');
    const status = await request(one.url, 'POST', '/api/call', { body: { name: 'app-status', args: {} }, ca });
    expect(status.status).toBe(200);
    expect(status.fingerprint).toBe(one.fingerprint);
    expect((status.json.value as { server?: { certificateFingerprint: string } }).server).toEqual({ certificateFingerprint: one.fingerprint });

    // A tab read: the grid's first page of the period the app opens on, as the database holds it.
    const approver = await bearer(one.url, 'approver');
    const { periodId } = (await call(one.url, approver.auth, 'periods-default')).json.value as { periodId: number };
    const page = await call(one.url, approver.auth, 'payments-list', { periodId, tab: 'All', page: 0, pageSize: 10 });
    expect(page.status).toBe(200);
    const listed = page.json.value as { rows: Array<{ id: number; providerName: string }>; total: number };
    const [{ n }] = await dba<{ n: number }>(`SELECT count(*)::int AS n FROM payment WHERE period_id = $1`, [periodId]);
    expect(listed.total).toBe(n);
    expect(listed.rows.length).toBe(Math.min(10, n));
    const names = listed.rows.map((r) => r.providerName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    // An action: the approver authorizes an item; the row and its audit event are in the database.
    const candidates = await dba<{ id: number; period_id: number; payor_id: number }>(
      `SELECT id, period_id, payor_id FROM payment WHERE invoice_status = 'Pending Approval' AND amount_cents > 0 ORDER BY id`,
    );
    let authorized: { id: number; period_id: number; payor_id: number } | undefined;
    for (const cand of candidates) {
      const allowed = (await call(one.url, approver.auth, 'payments-allowed-actions', { paymentId: cand.id })).json.value as string[];
      if (!allowed.includes('authorize')) continue;
      const acted = await call(one.url, approver.auth, 'payments-act', { paymentId: cand.id, action: 'authorize' });
      expect(acted.status, acted.text).toBe(200);
      authorized = cand;
      break;
    }
    expect(authorized).toBeDefined();
    const [row] = await dba<{ payment_status: string; authorized_by: number }>(`SELECT payment_status, authorized_by FROM payment WHERE id = $1`, [authorized!.id]);
    expect(row).toEqual({ payment_status: 'Authorized', authorized_by: approver.userId });
    const authorizeEvents = await dba<{ username: string }>(`SELECT username FROM audit_event WHERE entity = 'payment' AND entity_id = $1 AND action = 'authorize'`, [authorized!.id]);
    expect(authorizeEvents).toEqual([{ username: 'approver' }]);

    // An export by the payor, its files in the database's export folder in the data folder.
    const payor = await bearer(one.url, 'payor');
    const scope = { periodId: authorized!.period_id, payorId: authorized!.payor_id };
    const preview = (await call(one.url, payor.auth, 'export-preview', scope)).json.value as { itemCount: number; refusal: string | null };
    expect(preview.refusal).toBeNull();
    expect(preview.itemCount).toBeGreaterThanOrEqual(1);
    const run = await call(one.url, payor.auth, 'export-run', scope);
    expect(run.status, run.text).toBe(200);
    const batch = (run.json.value as { batch: { id: number; itemCount: number; totalCents: number; folder: string; filesWrittenAt: string | null } }).batch;
    expect(batch.itemCount).toBe(preview.itemCount);
    expect(batch.filesWrittenAt).not.toBeNull();
    expect(path.dirname(batch.folder)).toBe(postgresExportsDir(url, dataDir));
    const exported = await dba<{ payment_id: number }>(`SELECT payment_id FROM export_item WHERE batch_id = $1`, [batch.id]);
    expect(exported.map((e) => e.payment_id)).toContain(authorized!.id);
    // The batch summary, fetched through a file link as a browser does: the bytes on the disk, a real PDF.
    const ticket = await request(one.url, 'POST', '/api/file-ticket', { body: { batchId: batch.id, kind: 'summary' }, headers: payor.auth });
    expect(ticket.status).toBe(200);
    const file = await download(one.url, (ticket.json.value as { url: string }).url, payor.auth);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/pdf');
    const onDisk = path.join(batch.folder, `summary-${batch.id}.pdf`);
    expect(file.body.equals(fs.readFileSync(onDisk))).toBe(true);
    expect((await pdfPagesText(onDisk)).join('\n')).toContain(formatCents(batch.totalCents));

    // A second server on the same database (PAYDESK_DB, the password from PGPASSWORD): the same
    // certificate from the data folder; a change made on one is read on the other.
    const two = await serve([], { PAYDESK_DB: url, PGPASSWORD: password });
    expect(two.fingerprint).toBe(one.fingerprint);
    expect(two.stderr()).toContain(`(certificate ${certFile})`);
    const approver2 = await bearer(two.url, 'approver2');
    const seen = (await call(two.url, approver2.auth, 'payments-get', { paymentId: authorized!.id })).json.value as { state: { paymentStatus: string; exportBatchId: number | null } };
    const [stored] = await dba<{ payment_status: string }>(`SELECT payment_status FROM payment WHERE id = $1`, [authorized!.id]);
    expect(stored.payment_status).not.toBe('Authorized');
    expect(seen.state).toMatchObject({ paymentStatus: stored.payment_status, exportBatchId: batch.id });

    // Authorize items of one period × payor (on both servers), then both payors export it at the same moment.
    const open = await dba<{ id: number; period_id: number; payor_id: number }>(
      `SELECT id, period_id, payor_id FROM payment WHERE invoice_status = 'Pending Approval' AND amount_cents > 0 ORDER BY period_id DESC, payor_id, id`,
    );
    let race: { periodId: number; payorId: number } | null = null;
    let count = 0;
    for (const cand of open) {
      if (race && (cand.period_id !== race.periodId || cand.payor_id !== race.payorId)) continue;
      const [server, auth] = count % 2 === 0 ? [one.url, approver.auth] : [two.url, approver2.auth];
      const allowed = (await call(server, auth, 'payments-allowed-actions', { paymentId: cand.id })).json.value as string[];
      if (!allowed.includes('authorize')) continue;
      if ((await call(server, auth, 'payments-act', { paymentId: cand.id, action: 'authorize' })).status !== 200) continue;
      race ??= { periodId: cand.period_id, payorId: cand.payor_id };
      if (++count === 4) break;
    }
    expect(race).not.toBeNull();
    const waiting = ((await call(one.url, payor.auth, 'export-preview', race)).json.value as { itemCount: number }).itemCount;
    expect(waiting).toBeGreaterThanOrEqual(count);
    const before = await dba<{ id: number }>(`SELECT id FROM export_batch WHERE period_id = $1 AND payor_id = $2`, [race!.periodId, race!.payorId]);
    const payorOnTwo = await bearer(two.url, 'payor');
    const [a, b] = await Promise.all([call(one.url, payor.auth, 'export-run', race), call(two.url, payorOnTwo.auth, 'export-run', race)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses, `${a.text}\n${b.text}`).toEqual([200, 422]);
    const loser = a.status === 422 ? a : b;
    expect(loser.json.error!.message).toMatch(/nothing|no item/i);
    const after = await dba<{ id: number; item_count: number }>(`SELECT id, item_count FROM export_batch WHERE period_id = $1 AND payor_id = $2 AND NOT (id = ANY($3::bigint[]))`, [
      race!.periodId,
      race!.payorId,
      before.map((x) => x.id),
    ]);
    expect(after).toHaveLength(1);
    expect(after[0].item_count).toBe(waiting);
    const twice = await dba<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT payment_id FROM export_item GROUP BY payment_id HAVING count(*) > 1) d`);
    expect(twice).toEqual([{ n: 0 }]);

    // The request log: one line per request, no names or amounts.
    expect(one.stdout()).toMatch(/ user=\d+ POST export-run [\d.]+ms ok\n/);
    expect(one.stdout()).not.toContain('approver');

    // Both stop on SIGTERM (exit 0); the trail verifies with its key, chain and anchors, from the command line.
    one.child.kill('SIGTERM');
    two.child.kill('SIGTERM');
    expect(await one.exited).toBe(0);
    expect(await two.exited).toBe(0);
    const verified = paydesk(['verify-audit', '--db', url, '--json'], { PGPASSWORD: password });
    expect(await verified.exited, verified.err()).toBe(0);
    const report = JSON.parse(verified.out()) as { ok: boolean; events: number; anchors: { checked: number; problems: unknown[] } };
    expect(report.ok).toBe(true);
    const [{ n: eventCount }] = await dba<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event`);
    expect(report.events).toBe(eventCount);
    expect(report.anchors.problems).toEqual([]);
    expect(report.anchors.checked).toBeGreaterThanOrEqual(2);
  }, 240_000);

  it('the core on a URL keeps its export folder in the data folder, one per database', async () => {
    const core = await Core.start({ databaseFile: url, dataDir, log: () => {}, skipStartupTasks: true });
    try {
      expect(core.exportsDir).toBe(path.join(dataDir, 'postgres', `${new URL(url).hostname}-${new URL(url).port}-${new URL(url).pathname.slice(1)}-exports`));
    } finally {
      await core.close();
    }
  });
});
