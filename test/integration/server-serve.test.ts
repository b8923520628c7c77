import fs from 'node:fs';
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateFilesOf } from '../../src/server/certificate';
import { testSql } from '../helpers/sql';
import { authorizable as authorizableOn, bearer, call, request, startTestServer, type TestServer } from '../helpers/server';

// `paydesk serve` on a real demo database (the project's engine), over real HTTPS on 127.0.0.1 (issue #13 phase A):
// the generated certificate, sessions (cookie and bearer), the core's session rules through the
// server, CSRF guards, bad requests, the request log and the live change events.

let t: TestServer;
const sql = () => testSql(t.serving.core);
const authorizable = (auth: Record<string, string>, count: number) => authorizableOn(t, auth, count);
const stateOf = (id: number) => sql().one(`SELECT invoice_status AS i, sub_status AS s, payment_status AS p, version FROM payment WHERE id = ?`, [id]);

beforeAll(async () => {
  t = await startTestServer();
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe('paydesk serve: HTTPS and its certificate', () => {
  it('generates a self-signed certificate beside the database (key owner-only) and serves it; its fingerprint is in app-status', async () => {
    const files = certificateFilesOf(t.db);
    expect(fs.existsSync(files.cert)).toBe(true);
    expect(fs.statSync(files.key).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(fs.readFileSync(files.cert));
    expect(cert.fingerprint256).toBe(t.fingerprint);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.verify(cert.publicKey)).toBe(true); // self-signed

    const status = await call(t.url, {}, 'app-status');
    expect(status.status).toBe(200);
    expect(status.fingerprint).toBe(t.fingerprint);
    expect((status.json.value as { server?: { certificateFingerprint: string } }).server).toEqual({ certificateFingerprint: t.fingerprint });
    expect(status.headers['strict-transport-security']).toMatch(/max-age=/);

    // A client that trusts exactly this certificate verifies the server by the usual rules.
    const pinned = await request(t.url, 'POST', '/api/call', { body: { name: 'app-status', args: {} }, ca: fs.readFileSync(files.cert, 'utf8') });
    expect(pinned.status).toBe(200);
    // And one that trusts only the usual authorities refuses it.
    await expect(
      new Promise((resolve, reject) => https.get(`${t.url}/api/call`, { agent: false }, resolve).on('error', reject)),
    ).rejects.toThrow(/self-signed|self signed/i);
  });

  it('answers HTTPS only: a plain HTTP request on its port gets no API answer', async () => {
    const http = await import('node:http');
    const answer = await new Promise<string>((resolve) => {
      const req = http.request(`${t.url.replace('https:', 'http:')}/api/call`, { method: 'POST' }, (res) => resolve(`HTTP ${res.statusCode}`));
      req.on('error', (err) => resolve(`error ${(err as NodeJS.ErrnoException).code}`));
      req.end('{"name":"app-status"}');
    });
    expect(answer).not.toBe('HTTP 200');
  });
});

describe('paydesk serve: sessions', () => {
  it('signs in a browser with an httpOnly, Secure, SameSite=Strict cookie that carries its calls; the Origin must be the server\'s', async () => {
    const origin = t.url;
    const signIn = await request(t.url, 'POST', '/api/sign-in', { body: { username: 'admin', password: 'demo1234' }, headers: { origin } });
    expect(signIn.status).toBe(200);
    expect((signIn.json.value as { user: { username: string }; token?: string }).user.username).toBe('admin');
    expect((signIn.json.value as { token?: string }).token).toBeUndefined(); // a browser never sees its token
    const setCookie = String(signIn.headers['set-cookie']);
    expect(setCookie).toMatch(/^__Host-paydesk-session=[A-Za-z0-9_-]{40,}; /);
    for (const flag of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']) expect(setCookie).toContain(flag);
    const cookie = setCookie.split(';')[0];

    const users = await call(t.url, { cookie, origin }, 'users-list');
    expect(users.status).toBe(200);
    expect((users.json.value as unknown[]).length).toBeGreaterThanOrEqual(6);

    // The cookie without an Origin, or from another site: refused before the core sees the call.
    const noOrigin = await call(t.url, { cookie }, 'users-list');
    expect(noOrigin.status).toBe(403);
    const before = await sql().one(`SELECT active FROM app_user WHERE username = 'approver2'`);
    const crossSite = await call(t.url, { cookie, origin: 'https://evil.example' }, 'users-set-active', { userId: 3, active: false });
    expect(crossSite.status).toBe(403);
    expect(crossSite.json.error?.message).toMatch(/another site/);
    expect(await sql().one(`SELECT active FROM app_user WHERE username = 'approver2'`)).toEqual(before);

    // Sign-out ends it on the server and clears the cookie.
    const out = await request(t.url, 'POST', '/api/sign-out', { headers: { cookie, origin } });
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    const after = await call(t.url, { cookie, origin }, 'users-list');
    expect(after.status).toBe(401);
  });

  it('gives a desktop or the CLI a bearer token; sign-out ends the session on the server (and is audited)', async () => {
    const { auth, userId } = await bearer(t.url, 'payor');
    const periods = await call(t.url, auth, 'periods-list');
    expect(periods.status).toBe(200);
    const out = await request(t.url, 'POST', '/api/sign-out', { headers: auth });
    expect(out.status).toBe(200);
    const again = await call(t.url, auth, 'periods-list');
    expect(again.status).toBe(401);
    expect(again.json.error?.code).toBe('NOT_SIGNED_IN');
    expect(await sql().value(`SELECT count(*) FROM audit_event WHERE entity = 'user' AND entity_id = ? AND action = 'sign-out'`, [userId])).toBe(1);
    // A made-up token is no session.
    expect((await call(t.url, { authorization: 'Bearer made-up-token' }, 'periods-list')).status).toBe(401);
  });

  it('refuses a wrong password with the core\'s message and throttle, and starts no session', async () => {
    const r = await request(t.url, 'POST', '/api/sign-in', { body: { username: 'finance', password: 'wrong-password', bearer: true } });
    expect(r.status).toBe(401);
    expect(r.json.error?.message).toMatch(/Unknown user name or wrong password\. Wait 1 second/);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(await sql().value(`SELECT failures FROM sign_in_failure WHERE username = 'finance'`)).toBe(1);
    const soon = await request(t.url, 'POST', '/api/sign-in', { body: { username: 'finance', password: 'demo1234', bearer: true } });
    expect(soon.status).toBe(401);
    expect(soon.json.error?.message).toMatch(/^Wait \d second/);
  });

  it('ends a session idle longer than the idle-lock time (the core\'s rule), and a disabled user\'s next call is refused', async () => {
    const idle = await bearer(t.url, 'approver2');
    expect((await call(t.url, idle.auth, 'periods-list')).status).toBe(200);
    t.advance(16 * 60_000); // session.idleLockMinutes is 15
    const late = await call(t.url, idle.auth, 'periods-list');
    expect(late.status).toBe(401);
    expect(late.json.error?.message).toMatch(/after 15 minutes without activity/);
    expect((await call(t.url, idle.auth, 'periods-list')).status).toBe(401); // forgotten by the server too

    const admin = await bearer(t.url, 'admin');
    const approver = await bearer(t.url, 'approver');
    expect((await call(t.url, approver.auth, 'periods-list')).status).toBe(200);
    expect((await call(t.url, admin.auth, 'users-set-active', { userId: approver.userId, active: false })).status).toBe(200);
    const refused = await call(t.url, approver.auth, 'periods-list');
    expect(refused.status).toBe(401);
    expect(refused.json.error?.message).toMatch(/account was disabled/);
    expect((await call(t.url, admin.auth, 'users-set-active', { userId: approver.userId, active: true })).status).toBe(200);
  }, 30_000);

  it('refuses a Provider user the staff handlers (the core re-checks rights on every call)', async () => {
    const provider = await bearer(t.url, 'provider');
    for (const name of ['users-list', 'payments-calculate-period', 'export-preview', 'providers-save']) {
      const r = await call(t.url, provider.auth, name, {});
      expect(r.status, name).toBe(403);
      expect(r.json.error?.code, name).toBe('FORBIDDEN');
    }
    expect((await call(t.url, provider.auth, 'periods-list')).status).toBe(200);
  });
});

describe('paydesk serve: requests it refuses', () => {
  it('changes nothing through GET', async () => {
    const approver = await bearer(t.url, 'approver');
    const [id] = await authorizable(approver.auth, 1);
    const before = await stateOf(id);
    const args = encodeURIComponent(JSON.stringify({ paymentId: id, action: 'authorize' }));
    const get = await request(t.url, 'GET', `/api/call?name=payments-act&args=${args}`, { headers: approver.auth });
    expect(get.status).toBe(405);
    expect((await request(t.url, 'GET', '/api/sign-out', { headers: approver.auth })).status).toBe(405);
    expect(await stateOf(id)).toEqual(before);
    expect((await call(t.url, approver.auth, 'periods-list')).status).toBe(200); // still signed in
  });

  it('answers bad bodies, unknown handlers, bad arguments and huge bodies with a clear 4xx, and keeps serving', async () => {
    const { auth } = await bearer(t.url, 'payor');
    const post = (body: string | object, headers: Record<string, string> = auth) => request(t.url, 'POST', '/api/call', { body, headers });
    const notJson = await post('{"name": "periods-list", ');
    expect([notJson.status, notJson.json.error?.message]).toEqual([400, 'The request is not JSON.']);
    expect((await post('[1,2]')).status).toBe(400);
    const noName = await post({ args: {} });
    expect([noName.status, noName.json.error?.message]).toEqual([400, 'The request names no handler ("name").']);
    const unknown = await post({ name: 'drop-everything', args: {} });
    expect([unknown.status, unknown.json.error?.code]).toEqual([404, 'UNKNOWN_HANDLER']);
    const badArgs = await post({ name: 'payments-get', args: { paymentId: 'seven' } });
    expect([badArgs.status, badArgs.json.error?.code]).toEqual([400, 'BAD_REQUEST']);
    expect(badArgs.json.error?.message).toMatch(/args\.paymentId/);
    const viaCall = await post({ name: 'session-login', args: { username: 'admin', password: 'demo1234' } });
    expect([viaCall.status, viaCall.json.error?.message]).toEqual([400, 'Sign in with POST /api/sign-in.']);
    const bigSignIn = await request(t.url, 'POST', '/api/sign-in', { body: { username: 'x'.repeat(10_000), password: 'y' } });
    expect(bigSignIn.status).toBe(413);
    // A body declared at 200 MB is refused from its header, before it is sent.
    const huge = await new Promise<number>((resolve, reject) => {
      const req = https.request(`${t.url}/api/call`, { method: 'POST', rejectUnauthorized: false, agent: false, headers: { ...auth, 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write('{"name":"periods-list","args":{"pad":"');
    });
    expect(huge).toBe(413);
    expect((await request(t.url, 'GET', '/index.html')).status).toBe(404);
    expect((await request(t.url, 'DELETE', '/api/call', { headers: auth })).status).toBe(405);
    expect((await request(t.url, 'POST', '/api/call', { body: { name: 'periods-list' }, headers: { authorization: 'Basic abc' } })).status).toBe(401);
    expect((await call(t.url, auth, 'periods-list')).status).toBe(200);
  });
});

describe('paydesk serve: live updates', () => {
  it('pushes the change of an authorize to another signed-in session within a second', async () => {
    const approver = await bearer(t.url, 'approver');
    const payor = await bearer(t.url, 'payor');
    const [id] = await authorizable(approver.auth, 1);

    // The payor's event stream (GET /api/events, authenticated).
    const received: Array<{ at: number; event: { handler: string; paymentIds: number[]; by: number } }> = [];
    const stream = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = https.request(`${t.url}/api/events`, { rejectUnauthorized: false, agent: false, headers: payor.auth });
      req.on('response', resolve);
      req.on('error', reject);
      req.end();
    });
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(message);
        if (data && /^event: changed$/m.test(message)) received.push({ at: Date.now(), event: JSON.parse(data[1]) });
      }
    });

    const acted = await call(t.url, approver.auth, 'payments-act', { paymentId: id, action: 'authorize' });
    expect(acted.status).toBe(200);
    const doneAt = Date.now();
    await expect.poll(() => received.find((r) => r.event.paymentIds.includes(id)), { timeout: 1000, interval: 20 }).toBeTruthy();
    const got = received.find((r) => r.event.paymentIds.includes(id))!;
    expect(got.at - doneAt).toBeLessThan(1000);
    expect(got.event).toMatchObject({ kind: 'changed', handler: 'payments-act', by: approver.userId, paymentIds: [id] });
    expect(JSON.stringify(got.event)).not.toMatch(/amount|Cents|name/i);

    // Without a session there is no stream.
    expect((await request(t.url, 'GET', '/api/events')).status).toBe(401);
    stream.destroy();
  });
});

describe('paydesk serve: the request log', () => {
  it('writes one line per request (time, user id, handler, duration, outcome) and never a name, an argument or an amount', async () => {
    expect(t.lines.length).toBeGreaterThan(30);
    for (const line of t.lines) {
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z user=(\d+|-) (GET|POST|DELETE) [a-z/-]+ \d+\.\dms [A-Za-z_0-9-]+$/);
    }
    expect(t.lines.some((l) => / POST payments-act [\d.]+ms ok$/.test(l))).toBe(true);
    expect(t.lines.some((l) => / POST sign-in [\d.]+ms REFUSED$/.test(l))).toBe(true);
    expect(t.lines.some((l) => / POST users-list [\d.]+ms FORBIDDEN$/.test(l))).toBe(true);
    const names = await sql().rows<{ username: string; display_name: string }>(`SELECT username, display_name FROM app_user`);
    const text = t.lines.join('\n');
    for (const u of names) {
      expect(text).not.toContain(u.display_name);
      expect(text).not.toMatch(new RegExp(`\\b${u.username}\\b`));
    }
    expect(text).not.toMatch(/demo1234|wrong-password|\$\d|Cents/);
  });
});
