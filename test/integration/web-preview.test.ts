import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditKeyFile } from '../../src/main/core/audit/key';
import { Core } from '../../src/main/core/core';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { tokenMatches } from '../../src/web-preview/guards';
import { startWebPreview, type WebPreview } from '../../src/web-preview/server';
import { tempDir, testDataDir } from '../helpers/core';
import { createTestDatabase, ENGINE, type TestTarget } from '../helpers/engine';

// The browser preview as an attacker and an unlucky browser would meet it (finding 2 and 5 of
// issue #12): no file but a signed-in user's own batch files, no setup call once users exist, a
// bad request gets 400 and never stops the server, Host and Origin are held to the page's own.
// On a demo database of the project's engine (a SQLite file, or PostgreSQL by URL).

const t = tempDir('paydesk-preview-');
let core: Core;
let preview: WebPreview;
let base: string;
let port: number;
let clock = Date.parse('2026-11-25T10:00:00Z');
let database: TestTarget | undefined;

beforeAll(async () => {
  if (ENGINE === 'postgres') testDataDir(); // the audit key's folder
  database = ENGINE === 'postgres' ? await createTestDatabase() : { target: path.join(t.dir, 'paydesk.sqlite'), drop: async () => {} };
  const file = database.target;
  await buildDemoDatabase({ file, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
  core = await Core.start({ databaseFile: file, dataDir: t.dir, isDemo: true, now: () => new Date(clock), log: () => {} });
  const rendererDir = path.join(t.dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>PayDesk</title><script type="module" src="/app.js"></script>');
  preview = await startWebPreview({ core, rendererDir });
  const url = new URL(preview.url);
  base = url.origin;
  port = Number(url.port);
}, 120_000);
afterAll(async () => {
  await preview?.close();
  await core?.close();
  await database?.drop();
  t.cleanup();
});

interface Reply {
  status: number;
  body: string;
  json?: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

async function request(route: string, init: { method?: string; session?: string; body?: unknown; headers?: Record<string, string>; token?: boolean } = {}): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(init.headers ?? {}) };
  if (init.token !== false) headers['x-paydesk-token'] = preview.token;
  if (init.session) headers['x-paydesk-session'] = init.session;
  const r = await fetch(base + route, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const body = await r.text();
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: r.status, body, json };
}

const invoke = (session: string, name: string, args: unknown = {}) => request('/api/invoke', { session, body: { name, args } });

/** Sends raw bytes on a socket: requests a fetch() would never send. Resolves with the status line. */
function raw(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.setTimeout(5000, () => socket.destroy());
    socket.end(bytes);
  });
}

describe('files', () => {
  it('serves no file by path (the database, with its password hashes and account numbers, was served to anyone with the token), nor its audit key', async () => {
    const db = core.store.file;
    const key = auditKeyFile(db);
    expect(fs.existsSync(key)).toBe(true);
    for (const route of [
      `/api/file?path=${encodeURIComponent(db)}`,
      `/api/file?path=${encodeURIComponent(db)}&token=${preview.token}`,
      `/api/file?path=${encodeURIComponent(key)}&token=${preview.token}`,
      '/api/file/../../paydesk.sqlite',
      `/api/file/${'0'.repeat(48)}/paydesk.sqlite`,
    ]) {
      const r = await request(route);
      expect(r.status, route).toBeGreaterThanOrEqual(400);
      expect(r.body).not.toContain('SQLite format 3');
      expect(r.body).not.toContain('paydesk-audit-key');
    }
  });

  it('gives a signed-in user a short-lived link to a batch file they may see, and nothing to anyone else', async () => {
    const batch = { batchId: 1, kind: 'summary' };
    expect((await request('/api/file-ticket', { session: 'nobody', body: batch })).status).toBe(401);

    await invoke('pay', 'session-login', { username: 'payor', password: 'demo1234' });
    const ticket = await request('/api/file-ticket', { session: 'pay', body: batch });
    expect(ticket.status).toBe(200);
    const url = (ticket.json!.value as { url: string }).url;
    expect(url).toMatch(/^\/api\/file\/[0-9a-f]{48}\/summary-1\.pdf$/);
    const pdf = await fetch(`${base}${url}?token=${preview.token}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await fetch(`${base}${url}`)).status).toBe(403); // the token still applies

    for (const bad of [{ batchId: 1, kind: 'summary', path: core.store.file }, { batchId: 1, kind: '../paydesk.sqlite' }, { batchId: 1, kind: 'folder' }]) {
      expect((await request('/api/file-ticket', { session: 'pay', body: bad })).status, JSON.stringify(bad)).toBe(400);
    }

    // A provider's own login sees its own remittance only.
    await invoke('prov', 'session-login', { username: 'provider', password: 'demo1234' });
    const detail = (await invoke('pay', 'export-batch-get', { batchId: 1 })).json!.value as { providers: Array<{ providerId: number }> };
    const other = detail.providers.find((p) => p.providerId !== 1)!;
    expect((await request('/api/file-ticket', { session: 'prov', body: { batchId: 1, kind: 'remittance', providerId: other.providerId } })).status).toBe(404);
    expect((await request('/api/file-ticket', { session: 'prov', body: batch })).status).toBe(404);
  });
});

describe('setup and sessions', () => {
  it('refuses setup calls once users exist, from a caller who is not signed in', async () => {
    const before = core.store.file;
    expect((await invoke('anon', 'setup-open-demo')).json).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    expect((await invoke('anon', 'setup-create-administrator', { username: 'mallory', displayName: 'M', password: 'long-enough' })).json).toMatchObject({ ok: false });
    expect(core.store.file).toBe(before);
  });

  it('ends a session after the idle-lock time without a call', async () => {
    await invoke('idle', 'session-login', { username: 'approver', password: 'demo1234' });
    expect((await invoke('idle', 'periods-list')).json!.ok).toBe(true);
    clock += 16 * 60_000;
    expect((await invoke('idle', 'periods-list')).json).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN', message: expect.stringContaining('15 minutes without activity') } });
  }, 30_000);
});

describe('bad requests', () => {
  it('answers the findings with 400 and keeps serving: a broken %-escape, an absolute address with a broken host', async () => {
    expect((await request('/%E0%A4%A')).status).toBe(400);
    expect(await raw(`GET http://[::1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
    expect((await invoke('ok', 'app-status')).json!.ok).toBe(true);
  });

  it('holds Host and Origin to the page\'s own address (DNS rebinding, other sites)', async () => {
    expect(await raw(`GET /?token=${preview.token} HTTP/1.1\r\nHost: evil.example:${port}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 421/);
    expect((await request('/api/invoke', { body: { name: 'app-status', args: {} }, headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await request('/api/invoke', { body: { name: 'app-status', args: {} }, headers: { origin: `http://localhost:${port}` } })).status).toBe(200);
    expect((await request('/api/invoke', { body: { name: 'app-status', args: {} }, token: false })).status).toBe(403);
  });

  it('compares the token as a whole: a prefix, a longer one or another type never matches', () => {
    const token = preview.token;
    for (const wrong of ['', token.slice(0, -1), `${token}0`, token.toUpperCase(), ['x'], 42, undefined, 'x'.repeat(10_000)]) expect(tokenMatches(wrong, token)).toBe(false);
    expect(tokenMatches(token, token)).toBe(true);
  });

  it('a scripted run of 1,000 malformed requests (addresses, bodies, headers) leaves it serving, with no 5xx', async () => {
    const T = preview.token;
    const pathPart = fc.oneof(
      fc.constantFrom('/', '/api/invoke', '/api/file-ticket', '/api/events', '/api/file', `/api/file/${'a'.repeat(48)}/x.pdf`, '/assets/x.js', '/index.html', '/paydesk-web-api.js'),
      fc.string({ maxLength: 40 }).map((s) => `/${encodeURIComponent(s)}`),
      fc.constantFrom('/%', '/%E0%A4%A', '/%00', '/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/paydesk.sqlite', '//evil', '/api/../../x', `/${'a'.repeat(9000)}`),
    );
    const query = fc.constantFrom('', `?token=${T}`, '?token=', `?token=${T}&path=/etc/passwd`, '?%zz', '?token[]=1', `?token=${T}&download=1`);
    const target = fc.oneof(fc.tuple(pathPart, query).map(([p, q]) => p + q), fc.constantFrom('http://[::1', '*', 'http://127.0.0.1/', 'nonsense', '', '/\u0000'));
    // A path of this run only: a /tmp/x another program left must not fail the test.
    const OUT_FILE = path.join(os.tmpdir(), `paydesk-fuzz-${process.pid}-${Date.now()}`);
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'BREW', 'G ET');
    const header = fc.oneof(
      fc.constantFrom(`Host: 127.0.0.1:${port}`, `Host: localhost:${port}`, 'Host: evil.example', 'Host:', `x-paydesk-token: ${T}`, 'x-paydesk-token: nope',
        'Origin: http://evil.example', `Origin: http://127.0.0.1:${port}`, 'Origin: null', 'x-paydesk-session: ', `x-paydesk-session: ${'s'.repeat(500)}`,
        'Content-Length: 999999999999', 'Content-Length: -1', 'Content-Length: abc', 'Transfer-Encoding: chunked', 'Content-Type: text/plain', 'Bad Header', ': empty'),
      fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,12}$/), fc.string({ maxLength: 30 })).map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, '')}`),
    );
    const body = fc.oneof(
      fc.constant(''),
      fc.constantFrom('{', '[]', 'null', '"x"', '{"name":42}', '{"name":"app-status","args":[]}', `{"name":"export-report","args":{"batchId":1,"kind":"summary","outFile":${JSON.stringify(OUT_FILE)}}}`,
        '{"name":"export-run","args":{"periodId":1,"payorId":1,"exportRoot":"/"}}', '{"batchId":1,"kind":"../../x"}', '{"__proto__":{"ok":1}}', '\u0000\u0001\u0002'),
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
    );
    const requests = fc.record({ method, target, headers: fc.array(header, { maxLength: 5 }), body, hostFirst: fc.boolean() }).map((r) => {
      const hs = r.hostFirst ? [`Host: 127.0.0.1:${port}`, `x-paydesk-token: ${T}`, ...r.headers] : r.headers;
      return `${r.method} ${r.target} HTTP/1.1\r\n${hs.join('\r\n')}${hs.length ? '\r\n' : ''}Connection: close\r\n\r\n${r.body}`;
    });
    const samples = fc.sample(requests, { numRuns: 1000, seed: 12 });
    expect(samples).toHaveLength(1000);
    const statuses: string[] = [];
    for (let i = 0; i < samples.length; i += 20) statuses.push(...(await Promise.all(samples.slice(i, i + 20).map(raw))));
    const serverErrors = statuses.filter((s) => /^HTTP\/1\.1 5/.test(s));
    expect(serverErrors).toEqual([]);
    // Still serving, and still itself: the app status, the page, and a signed-in call.
    expect((await invoke('after', 'app-status')).json).toMatchObject({ ok: true, value: { hasUsers: true } });
    expect((await request(`/?token=${T}`)).status).toBe(200);
    await invoke('after', 'session-login', { username: 'payor', password: 'demo1234' });
    expect((await invoke('after', 'periods-list')).json!.ok).toBe(true);
    // Nothing the requests named was written.
    expect(fs.existsSync(OUT_FILE)).toBe(false);
  }, 180_000);
});
