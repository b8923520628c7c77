import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { expect } from 'vitest';
import { startServe, type Serving } from '../../src/server/serve';
import { tempDir, testDataDir } from './core';
import { createTestDatabase, ENGINE } from './engine';

// A real `paydesk serve` on a real demo database of the project's engine (a SQLite file in the
// server's folder, or a PostgreSQL database of its own by URL), on 127.0.0.1 and a free port, and a plain HTTPS
// client that records which certificate it was shown (the tests compare it with the generated one).

export interface TestServer {
  serving: Serving;
  dir: string;
  /** The database served: a SQLite file, or a postgres:// URL. */
  db: string;
  url: string;
  fingerprint: string;
  /** The request log's lines. */
  lines: string[];
  /** Moves the core's clock on (idle expiry). */
  advance(ms: number): void;
  stop(): Promise<void>;
}

export async function startTestServer(options: { rendererDir?: string } = {}): Promise<TestServer> {
  const { dir, cleanup } = tempDir('paydesk-server-');
  if (ENGINE === 'postgres') testDataDir(); // the audit key's and the certificate's folder
  const database = ENGINE === 'postgres' ? await createTestDatabase() : { target: path.join(dir, 'team.sqlite'), drop: async () => {} };
  const db = database.target;
  await buildDemoDatabase({ file: db, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
  const lines: string[] = [];
  let offset = 0;
  const serving = await startServe({
    db,
    listen: '127.0.0.1:0',
    log: (line) => lines.push(line),
    now: () => new Date(Date.now() + offset),
    // No app for browsers unless a test brings one (out/renderer may be built or not).
    rendererDir: options.rendererDir ?? path.join(dir, 'no-renderer'),
  });
  return {
    serving,
    dir,
    db,
    url: serving.server.url,
    fingerprint: serving.certificate.fingerprint,
    lines,
    advance: (ms) => void (offset += ms),
    async stop() {
      await serving.stop();
      await database.drop();
      cleanup();
    },
  };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: { ok: boolean; value?: unknown; error?: { code: string; message: string; issues?: unknown[] } };
  /** The SHA-256 fingerprint of the certificate the server showed. */
  fingerprint: string;
}

/** One HTTPS request to the test server; the certificate is not checked here but returned. */
export function request(
  url: string,
  method: string,
  route: string,
  options: { body?: string | Buffer | object; headers?: Record<string, string>; ca?: string } = {},
): Promise<Reply> {
  const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) || typeof options.body === 'string' ? Buffer.from(options.body) : Buffer.from(JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const req = https.request(`${url}${route}`, {
      method,
      agent: false,
      ...(options.ca ? { ca: options.ca } : { rejectUnauthorized: false }),
      headers: { ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}), ...options.headers },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Reply['json'];
        try {
          json = JSON.parse(text) as Reply['json'];
        } catch {
          json = { ok: false };
        }
        const fingerprint = (res.socket as TLSSocket).getPeerX509Certificate?.()?.fingerprint256 ?? '';
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, fingerprint });
      });
    });
    req.end(body);
  });
}

/** Signs in for a bearer token. */
export async function bearer(url: string, username: string, password = 'demo1234'): Promise<{ token: string; auth: Record<string, string>; userId: number }> {
  const r = await request(url, 'POST', '/api/sign-in', { body: { username, password, bearer: true } });
  if (r.status !== 200) throw new Error(`sign-in of ${username} failed: ${r.text}`);
  const { token, user } = r.json.value as { token: string; user: { id: number } };
  return { token, auth: { authorization: `Bearer ${token}` }, userId: user.id };
}

/** A call through POST /api/call. */
export function call(url: string, auth: Record<string, string>, name: string, args: unknown = {}): Promise<Reply> {
  return request(url, 'POST', '/api/call', { body: { name, args }, headers: auth });
}

export const readText = (file: string) => fs.readFileSync(file, 'utf8');

/** Payments an Approver may authorize now (asked of the server, as that approver). */
export async function authorizable(t: TestServer, auth: Record<string, string>, count: number): Promise<number[]> {
  const candidates = await t.serving.core.store.db.values<number>(
    `SELECT id FROM payment WHERE invoice_status = 'Pending Approval' AND amount_cents IS NOT NULL ORDER BY id LIMIT 200`,
  );
  const found: number[] = [];
  for (const id of candidates) {
    const r = await call(t.url, auth, 'payments-allowed-actions', { paymentId: id });
    if ((r.json.value as string[]).includes('authorize')) found.push(id);
    if (found.length === count) break;
  }
  expect(found).toHaveLength(count);
  return found;
}
