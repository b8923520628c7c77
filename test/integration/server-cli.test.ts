import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { certificateFilesOf } from '../../src/server/certificate';
import { tempDir, testDataDir } from '../helpers/core';
import { createTestDatabase, ENGINE } from '../helpers/engine';
import { testSql } from '../helpers/sql';
import { paydeskOn } from '../helpers/cli';
import { authorizable, bearer, request, startTestServer, type TestServer } from '../helpers/server';

// The command line through a PayDesk server (paydesk --server URL --user NAME <command>), with the
// server's self-signed certificate trusted by its fingerprint and pinned; and `paydesk serve` as
// the process an agency runs, stopped by SIGTERM.

let t: TestServer;
let pins: string;
const env = { PAYDESK_PASSWORD: process.env.PAYDESK_PASSWORD, PAYDESK_PINS: process.env.PAYDESK_PINS };

async function paydesk(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  t = await startTestServer();
  pins = path.join(t.dir, 'pins.json');
  process.env.PAYDESK_PINS = pins;
  process.env.PAYDESK_PASSWORD = 'demo1234';
}, 120_000);

afterEach(() => {
  process.env.PAYDESK_PASSWORD = 'demo1234';
});

afterAll(async () => {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await t?.stop();
});

describe('paydesk --server URL --user NAME', () => {
  it('refuses a self-signed certificate it was not told to trust, sending nothing', async () => {
    const before = t.lines.length;
    const r = await paydesk('--server', t.url, '--user', 'approver', 'payments');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/certificate this machine does not trust .*--fingerprint SHA256/s);
    expect(t.lines.length).toBe(before); // not even the sign-in reached the server
    expect(fs.existsSync(pins)).toBe(false);
  });

  it('runs "payments" through the server with --fingerprint (pinned then), the same rows as on the file', async () => {
    const r = await paydesk('--server', t.url, '--user', 'approver', '--fingerprint', t.fingerprint.replace(/:/g, '').toLowerCase(), 'payments', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const remote = JSON.parse(r.stdout) as { total: number; rows: Array<{ id: number }>; period: { id: number } };
    expect(remote.rows.length).toBeGreaterThan(0);
    const local = JSON.parse((await paydeskOn(t.db, 'payments', '--json')).stdout) as typeof remote;
    expect(remote.period).toEqual(local.period);
    expect(remote.total).toBe(local.total);
    expect(remote.rows.map((row) => row.id)).toEqual(local.rows.map((row) => row.id));
    expect(JSON.parse(fs.readFileSync(pins, 'utf8'))).toEqual({ [new URL(t.url).origin]: t.fingerprint });
    expect(t.lines.some((l) => / POST payments-list [\d.]+ms ok$/.test(l))).toBe(true);
  });

  it('runs an action through the server with the pinned fingerprint: the result is in the database, recorded as that user', async () => {
    const approver = await bearer(t.url, 'approver');
    const [id] = await authorizable(t, approver.auth, 1);
    const r = await paydesk('--server', t.url, '--user', 'approver', 'act', '--payment', String(id), '--action', 'authorize');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Authorize: payment ${id} is now Pending Payment / \\S.*, payment status Authorized`));
    const sql = testSql(t.serving.core);
    expect(await sql.value(`SELECT payment_status FROM payment WHERE id = ?`, [id])).toBe('Authorized');
    expect(await sql.value(`SELECT username FROM audit_event WHERE entity = 'payment' AND entity_id = ? AND action = 'authorize'`, [id])).toBe('approver');
    // The CLI signed out at the end: its session ended on the server.
    const userId = await sql.value<number>(`SELECT id FROM app_user WHERE username = 'approver'`);
    expect(await sql.value(`SELECT count(*) FROM audit_event WHERE entity = 'user' AND entity_id = ? AND action = 'sign-out'`, [userId])).toBeGreaterThanOrEqual(2);
  });

  it('refuses a server whose certificate changed, with a warning, sending nothing (not even the password)', async () => {
    const origin = new URL(t.url).origin;
    const other = 'AB:'.repeat(31) + 'AB';
    fs.writeFileSync(pins, JSON.stringify({ [origin]: other }));
    const before = t.lines.length;
    const r = await paydesk('--server', t.url, '--user', 'approver', 'payments');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`WARNING: the server at ${origin} shows a certificate with the SHA-256 fingerprint ${t.fingerprint}, not the expected ${other} (pinned in ${pins})`);
    expect(r.stderr).toMatch(/Nothing was sent/);
    expect(t.lines.length).toBe(before);
    expect(JSON.parse(fs.readFileSync(pins, 'utf8'))).toEqual({ [origin]: other }); // the pin stays until the user gives a new one
  });

  it('says what is wrong: a wrong password, a file-only command, --db with --server, --as someone else', async () => {
    fs.writeFileSync(pins, JSON.stringify({ [new URL(t.url).origin]: t.fingerprint }));
    process.env.PAYDESK_PASSWORD = 'not-the-password';
    const wrong = await paydesk('--server', t.url, '--user', 'payor', 'payments');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Unknown user name or wrong password/);
    process.env.PAYDESK_PASSWORD = 'demo1234';
    expect((await paydesk('--server', t.url, '--user', 'admin', 'backup')).stderr).toMatch(/"backup" works on a database file only/);
    expect((await paydesk('payments', '--server', t.url, '--user', 'admin', '--db', t.db)).stderr).toMatch(/--db and --server do not go together/);
    const as = await paydesk('--server', t.url, '--user', 'admin', 'act', '--as', 'approver', '--payment', '1', '--action', 'authorize');
    expect(as.code).toBe(2);
    expect(as.stderr).toMatch(/acts as the signed-in user \(--user admin\), not --as approver/);
    expect((await paydesk('payments', '--user', 'admin')).stderr).toMatch(/--user and --fingerprint go with --server/);
  });
});

describe('paydesk serve (the process)', () => {
  it('starts on 127.0.0.1, prints its address and fingerprint, and on SIGTERM lets a call in flight finish, then exits 0', async () => {
    const { dir, cleanup } = tempDir('paydesk-serve-');
    // The project's engine: a file in the folder, or a PostgreSQL database (its certificate in the data folder).
    if (ENGINE === 'postgres') testDataDir();
    const database = ENGINE === 'postgres' ? await createTestDatabase() : { target: path.join(dir, 'agency.sqlite'), drop: async () => {} };
    try {
      const db = database.target;
      await buildDemoDatabase({ file: db, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
      const child = spawn(process.execPath, [path.resolve('bin/paydesk.cjs'), 'serve', '--db', db, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await expect.poll(() => /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(stderr), { timeout: 60_000, interval: 100 }).toBeTruthy();
      const url = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(stderr)![1];
      const fingerprint = /certificate SHA-256 fingerprint: ([0-9A-F:]{95})/.exec(stderr)![1];
      const files = certificateFilesOf(db);
      expect(stderr).toContain(`a self-signed certificate made now, kept in ${files.cert}`);
      expect(fs.statSync(files.key).mode & 0o777).toBe(0o600);
      const status = await request(url, 'POST', '/api/call', { body: { name: 'app-status', args: {} }, ca: fs.readFileSync(files.cert, 'utf8') });
      expect(status.fingerprint).toBe(fingerprint);
      expect(status.status).toBe(200);

      // A call in flight (its body still coming) when SIGTERM arrives: it is answered, then the server stops.
      const body = JSON.stringify({ name: 'app-status', args: {} });
      const inFlight = new Promise<number>((resolve, reject) => {
        const req = https.request(`${url}/api/call`, { method: 'POST', rejectUnauthorized: false, agent: false, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(10)), 500);
        }, 1000);
      });
      expect(await inFlight).toBe(200);
      expect(await exited).toBe(0);
      clearTimeout(killer);
      expect(stderr).toMatch(/SIGTERM: stopping[\s\S]*PayDesk server stopped\./);
      expect(stdout.trim().split('\n')).toHaveLength(2);
      expect(stdout).toMatch(/ user=- POST app-status [\d.]+ms ok\n.* user=- POST app-status [\d.]+ms ok\n$/);
    } finally {
      await database.drop();
      cleanup();
    }
  }, 120_000);
});
