import { fork } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { startServe, type Serving } from '../../src/server/serve';
import { tempDir, testDataDir } from '../helpers/core';
import { copyTestDatabase, createTestDatabase, ENGINE, type TestTarget } from '../helpers/engine';
import { testSql } from '../helpers/sql';
import { bearer, call, request } from '../helpers/server';

// `paydesk serve` killed (SIGKILL) in the middle of an export, then started again: the batch is
// whole exactly once or not there at all, never half; its files are completed at start; the
// items are never exported twice; clients that lose the server are told to sign in again and do.
// On the project's engine: a SQLite file, or a PostgreSQL database (the killed server's
// transaction rolled back by PostgreSQL when its connection drops).

let dir: string;
let cleanup: () => void;
let template: string;
const databases: TestTarget[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('paydesk-server-kill-'));
  if (ENGINE === 'postgres') testDataDir(); // the audit keys' and export folders, inherited by the child server
  const made = ENGINE === 'postgres' ? await createTestDatabase() : { target: path.join(dir, 'template.sqlite'), drop: async () => {} };
  databases.push(made);
  template = made.target;
  await buildDemoDatabase({ file: template, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
}, 120_000);

afterAll(async () => {
  for (const d of databases) await d.drop();
  cleanup?.();
});

interface Scope {
  periodId: number;
  payorId: number;
  items: number;
  /** The scope's batches before this export (earlier runs of the demo). */
  before: number[];
}

/** Authorizes items as the approver until a period × payor has some to export by the payor. */
async function prepare(serving: Serving): Promise<Scope> {
  const url = serving.server.url;
  const approver = await bearer(url, 'approver');
  const payor = await bearer(url, 'payor');
  const sql = testSql(serving.core);
  const candidates = await sql.values<number>(`SELECT id FROM payment WHERE invoice_status = 'Pending Approval' AND amount_cents > 0 ORDER BY id`);
  for (const id of candidates) {
    const allowed = (await call(url, approver.auth, 'payments-allowed-actions', { paymentId: id })).json.value as string[];
    if (!allowed.includes('authorize')) continue;
    if ((await call(url, approver.auth, 'payments-act', { paymentId: id, action: 'authorize' })).status !== 200) continue;
    const { period_id: periodId, payor_id: payorId } = await sql.get<{ period_id: number; payor_id: number }>(`SELECT period_id, payor_id FROM payment WHERE id = ?`, [id]);
    const preview = (await call(url, payor.auth, 'export-preview', { periodId, payorId })).json.value as { itemCount: number; refusal: string | null; release: unknown };
    if (preview.itemCount >= 2 && preview.refusal === null && preview.release === null) {
      const before = await sql.values<number>(`SELECT id FROM export_batch WHERE period_id = ? AND payor_id = ?`, [periodId, payorId]);
      return { periodId, payorId, items: preview.itemCount, before };
    }
  }
  throw new Error('no period × payor to export in the demo database');
}

/** A server in a child process that stops dead when the export reaches `killAt`; killed there. */
async function exportKilledAt(db: string, scope: Scope, killAt: string): Promise<string> {
  const child = fork(path.join(__dirname, 'server-kill-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, SERVE_DB: db, KILL_AT: killAt },
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const next = (key: string) =>
    new Promise<Record<string, string>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server sent no "${key}" in 60 s: ${stderr.slice(-2000)}`)), 60_000);
      child.on('message', (m: Record<string, string>) => {
        if (!(key in m)) return;
        clearTimeout(timer);
        resolve(m);
      });
      child.on('exit', () => reject(new Error(`the server ended before "${key}": ${stderr.slice(-2000)}`)));
    });
  const { url } = await next('url');
  const payor = await bearer(url, 'payor');
  const killMe = next('killMe');
  // The call dies with the server: its answer never comes.
  const run = call(url, payor.auth, 'export-run', { periodId: scope.periodId, payorId: scope.payorId }).then(
    () => 'answered',
    () => 'no answer',
  );
  const at = (await killMe).killMe;
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(await run).toBe('no answer');
  expect(at).toMatch(new RegExp(`^${killAt}`));
  return payor.token;
}

async function afterRestart(db: string, scope: Scope, token: string, expectBatch: boolean) {
  const serving = await startServe({ db, listen: '127.0.0.1:0', log: () => undefined });
  try {
    const url = serving.server.url;
    const sql = testSql(serving.core);
    const batches = async () =>
      (await sql.rows<{ id: number; items: number }>(`SELECT id, item_count AS items FROM export_batch WHERE period_id = ? AND payor_id = ?`, [scope.periodId, scope.payorId])).filter(
        (b) => !scope.before.includes(b.id),
      );
    // A session of the killed server is gone: the client is told to sign in, and it signs in again.
    const stale = { authorization: `Bearer ${token}` };
    expect((await call(url, stale, 'payments-tab-counts', { periodId: scope.periodId })).status).toBe(401);
    expect((await request(url, 'GET', '/api/events', { headers: stale })).status).toBe(401);
    const payor = await bearer(url, 'payor');

    const again = await call(url, payor.auth, 'export-run', { periodId: scope.periodId, payorId: scope.payorId });
    const after = await batches();
    if (expectBatch) {
      // Committed before the kill: whole, once; its files written at start; nothing left to export.
      expect(again.status).toBe(422);
      expect(again.json.error!.message).toMatch(/nothing|no item/i);
      expect(after).toHaveLength(1);
    } else {
      // Killed inside the transaction: nothing of it stayed; the export runs now, once.
      expect(again.status).toBe(200);
      expect(after).toHaveLength(1);
    }
    expect(after[0].items).toBe(scope.items);
    const exported = await sql.value(`SELECT count(*) FROM export_item WHERE batch_id = ?`, [after[0].id]);
    expect(exported).toBe(scope.items);
    const twice = await sql.value(`SELECT count(*) FROM (SELECT payment_id FROM export_item GROUP BY payment_id HAVING count(*) > 1) twice`);
    expect(twice).toBe(0);
    await call(url, payor.auth, 'export-repair', {});
    const attention = (await call(url, payor.auth, 'export-attention', {})).json.value as { failedBatches: Array<{ batchId: number }> };
    expect(attention.failedBatches.map((b) => b.batchId)).not.toContain(after[0].id);
    const detail = (await call(url, payor.auth, 'export-batch-get', { batchId: after[0].id })).json.value as {
      batch: { filesWrittenAt: string | null };
      files: Array<{ name: string; kind: string; bytes: number | null }>;
    };
    expect(detail.batch.filesWrittenAt).not.toBeNull();
    expect(detail.files.some((f) => f.kind === 'nacha' || f.kind === 'check-register')).toBe(true);
    expect(detail.files.filter((f) => f.bytes === null).map((f) => f.name)).toEqual([]);
  } finally {
    await serving.stop();
  }
}

/** A fresh copy of the demo, an export killed at `killAt`, then the restart's checks. */
async function killAndRestart(name: string, killAt: string, committedBeforeKill: boolean) {
  const copy = await copyTestDatabase(template, path.join(dir, `${name}.sqlite`));
  databases.push(copy);
  const db = copy.target;
  const prep = await startServe({ db, listen: '127.0.0.1:0', log: () => undefined });
  const scope = await prepare(prep).finally(() => prep.stop());
  const token = await exportKilledAt(db, scope, killAt);
  await afterRestart(db, scope, token, committedBeforeKill);
}

describe('paydesk serve killed during an export', () => {
  it('inside the export transaction: nothing of the batch stays; after the restart it exports once', async () => {
    await killAndRestart('inside', 'Marking items exported', false);
  }, 180_000);

  it('while writing the files: the batch stays whole, once, its files completed at the restart', async () => {
    await killAndRestart('files', 'Writing remittance advice', true);
  }, 180_000);
});
