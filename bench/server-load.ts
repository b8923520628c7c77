import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../src/main/core/core';
import { buildDemoDatabase } from '../src/main/core/demo/demo';
import { loadSessionUserByName } from '../src/main/core/users/users';
import { startServe } from '../src/server/serve';
import { TABS } from '../src/shared/workflow/tabs';
import type { Report } from './report';

// The PayDesk server under a team's load (issue #13): 50 simulated clients against `paydesk serve`
// on a scale-L database (5,000 providers), on 127.0.0.1, for 60 s (PAYDESK_LOAD_SECONDS to change):
// 40 read (a tab page, the tab counts, an Invoice Details: what a grid and a details screen ask),
// 10 act (an Approver places an item on hold and releases it, with the version it saw). Each client
// is one session over one kept-alive HTTPS connection and waits 0.5–1.5 s between calls (a person
// clicking fast). Per call kind: p50/p95/p99 and errors. The baseline: the same calls in-process
// (core.connect(user).invoke, no network, no JSON over the wire, one at a time), p95 per kind.

const READERS = 40;
const ACTORS = 10;
const SECONDS = Number(process.env.PAYDESK_LOAD_SECONDS ?? 60);
const PASSWORD = 'demo1234';

type Kind = 'tab page' | 'tab counts' | 'details' | 'action';

interface Client {
  agent: https.Agent;
  token: string;
}

function post(url: string, agent: https.Agent, route: string, body: unknown, token?: string): Promise<{ status: number; json: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = https.request(`${url}${route}`, {
      method: 'POST',
      agent,
      rejectUnauthorized: false, // the bench's own self-signed certificate on 127.0.0.1
      headers: { 'content-type': 'application/json', 'content-length': String(data.length), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.end(data);
  });
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchServerLoad(report: Report, outDir: string): Promise<void> {
  const file = path.join(outDir, 'server-load-L.sqlite');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paydesk-bench-load-'));
  for (const f of fs.readdirSync(outDir)) if (f.startsWith('server-load-L.sqlite')) fs.rmSync(path.join(outDir, f), { recursive: true, force: true });
  await buildDemoDatabase({ file, seed: 1, scale: 'L', now: new Date('2026-11-25T09:00:00Z') });

  // What the clients work on: the biggest period, and the items an Approver can hold and release.
  const prep = await Core.start({ databaseFile: file, dataDir, log: () => {}, skipStartupTasks: true });
  const { periodId, ids } = await prep.store.read(({ sql }) => {
    const periodId = sql.prepare(`SELECT period_id FROM payment GROUP BY period_id ORDER BY count(*) DESC LIMIT 1`).pluck().get() as number;
    const ids = sql
      .prepare(`SELECT id FROM payment WHERE invoice_status = 'Pending Approval' AND sub_status = 'Awaiting Action' ORDER BY id LIMIT 2000`)
      .pluck()
      .all() as number[];
    return { periodId, ids };
  });
  const userOf = async (name: string) => (await loadSessionUserByName(prep.store.db, name))!;
  const users = { payor: await userOf('payor'), approver: await userOf('approver') };
  const allIds = await prep.store.read(({ sql }) => sql.prepare(`SELECT id FROM payment WHERE period_id = ?`).pluck().all(periodId) as number[]);

  // Baseline: the same calls in-process, one at a time.
  const base: Record<Kind, number[]> = { 'tab page': [], 'tab counts': [], details: [], action: [] };
  const timed = async (kind: Kind, work: () => Promise<unknown>, into: Record<Kind, number[]>) => {
    const t0 = performance.now();
    const r = await work();
    into[kind].push(performance.now() - t0);
    return r;
  };
  const reader = prep.connect(users.payor);
  const actor = prep.connect(users.approver);
  for (let i = 0; i < 60; i++) {
    await timed('tab page', () => reader.invoke('payments-list', { periodId, tab: TABS[i % TABS.length], page: i % 5, pageSize: 50 }), base);
    await timed('tab counts', () => reader.invoke('payments-tab-counts', { periodId }), base);
    await timed('details', () => reader.invoke('payments-get', { paymentId: allIds[(i * 97) % allIds.length] }), base);
    const id = ids[i];
    await timed('action', () => actor.invoke('payments-act', { paymentId: id, action: 'place-hold', reason: { code: 'LICENSE_CHECK' } }), base);
    await timed('action', () => actor.invoke('payments-act', { paymentId: id, action: 'release-hold' }), base);
  }
  await prep.close();

  const serving = await startServe({ db: file, listen: '127.0.0.1:0', log: () => undefined });
  const url = serving.server.url;
  const times: Record<Kind, number[]> = { 'tab page': [], 'tab counts': [], details: [], action: [] };
  const errors: Record<Kind, number> = { 'tab page': 0, 'tab counts': 0, details: 0, action: 0 };
  const firstErrors: string[] = [];
  const signIn = async (username: string): Promise<Client> => {
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const r = await post(url, agent, '/api/sign-in', { username, password: PASSWORD, bearer: true });
    if (!r.json.ok) throw new Error(`sign-in of ${username}: ${r.json.error?.message}`);
    return { agent, token: (r.json.value as { token: string }).token };
  };
  const call = async (client: Client, kind: Kind, name: string, args: unknown) => {
    const t0 = performance.now();
    try {
      const r = await post(url, client.agent, '/api/call', { name, args }, client.token);
      times[kind].push(performance.now() - t0);
      if (!r.json.ok) {
        errors[kind]++;
        if (firstErrors.length < 5) firstErrors.push(`${name}: ${r.json.error?.code} ${r.json.error?.message}`);
      }
      return r.json.value;
    } catch (err) {
      errors[kind]++;
      if (firstErrors.length < 5) firstErrors.push(`${name}: ${(err as Error).message}`);
      return undefined;
    }
  };

  // Everyone signs in first (a password check is deliberately slow); the clock starts after.
  const readers = await Promise.all(Array.from({ length: READERS }, (_, n) => signIn(['payor', 'finance', 'approver'][n % 3])));
  const actors = await Promise.all(Array.from({ length: ACTORS }, (_, n) => signIn(n % 2 ? 'approver' : 'approver2')));
  const end = Date.now() + SECONDS * 1000;
  const think = () => sleep(500 + Math.random() * 1000);
  const readerLoop = async (n: number) => {
    const client = readers[n];
    let i = n;
    await think(); // people do not all click at the same instant
    while (Date.now() < end) {
      const step = i++ % 3;
      if (step === 0) await call(client, 'tab page', 'payments-list', { periodId, tab: TABS[i % TABS.length], page: i % 5, pageSize: 50 });
      else if (step === 1) await call(client, 'tab counts', 'payments-tab-counts', { periodId });
      else await call(client, 'details', 'payments-get', { paymentId: allIds[(i * 131) % allIds.length] });
      await think();
    }
    client.agent.destroy();
  };
  const actorLoop = async (n: number) => {
    const client = actors[n];
    // Each actor its own items (no two act on one item), beyond those the baseline used.
    const mine = ids.slice(60).filter((_, k) => k % ACTORS === n);
    let k = 0;
    await think();
    while (Date.now() < end && mine.length > 0) {
      const id = mine[k++ % mine.length];
      const seen = (await call(client, 'details', 'payments-get', { paymentId: id })) as { version: number } | undefined;
      await think();
      if (seen) {
        await call(client, 'action', 'payments-act', { paymentId: id, action: 'place-hold', reason: { code: 'LICENSE_CHECK' }, expectedVersion: seen.version });
        await think();
        await call(client, 'action', 'payments-act', { paymentId: id, action: 'release-hold', expectedVersion: seen.version + 1 });
      }
      await think();
    }
    client.agent.destroy();
  };
  const rss0 = process.memoryUsage().rss;
  await Promise.all([...Array.from({ length: READERS }, (_, n) => readerLoop(n)), ...Array.from({ length: ACTORS }, (_, n) => actorLoop(n))]);
  const rssMb = Math.round((process.memoryUsage().rss - rss0) / 2 ** 20);
  await serving.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const goals: Record<Kind, string> = { 'tab page': 'p95 ≤ 50 ms, 0 errors', 'tab counts': 'p95 ≤ 50 ms, 0 errors', details: 'p95 ≤ 50 ms, 0 errors', action: 'p95 ≤ 100 ms, 0 errors' };
  for (const kind of Object.keys(times) as Kind[]) {
    const s = [...times[kind]].sort((a, b) => a - b);
    const b = [...base[kind]].sort((x, y) => x - y);
    const p95 = percentile(s, 95) / 1000;
    const b95 = percentile(b, 95) / 1000;
    report(`server load: ${READERS} reading + ${ACTORS} acting clients for ${SECONDS} s, scale L, over HTTPS — ${kind} (p95) vs the same call in-process (p95)`, {
      seconds: p95,
      baselineSeconds: b95,
      ratio: p95 / b95,
      goal: goals[kind],
      extra: {
        calls: s.length,
        errors: errors[kind],
        p50_ms: percentile(s, 50).toFixed(1),
        p99_ms: percentile(s, 99).toFixed(1),
        ...(kind === 'action' ? { rss_growth_mb: rssMb } : {}),
        ...(errors[kind] && firstErrors.length ? { first_errors: firstErrors.join(' | ').slice(0, 300) } : {}),
      },
    });
  }
}
