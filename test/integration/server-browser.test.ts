import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizable, bearer, call, request, startTestServer, type TestServer } from '../helpers/server';

// What `paydesk serve` gives a browser: the app (a renderer folder) with window.api carried to
// the server, batch files through short-lived links bound to the session that asked, and a
// version conflict that names who changed the item. The renderer here is a small stand-in
// folder: the real one is driven in Chromium by test/e2e/server-team.spec.ts.

let t: TestServer;
let renderer: string;

beforeAll(async () => {
  renderer = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'paydesk-renderer-'));
  fs.mkdirSync(path.join(renderer, 'assets'));
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>');
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log("the app");');
  t = await startTestServer({ rendererDir: renderer });
}, 120_000);

afterAll(async () => {
  await t?.stop();
  fs.rmSync(renderer, { recursive: true, force: true });
});

describe('paydesk serve: the app for browsers', () => {
  it('serves the page with its content security policy and the browser API before the app', async () => {
    expect(t.serving.server.servesApp).toBe(true);
    const page = await request(t.url, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.text.indexOf('/paydesk-server-api.js')).toBeGreaterThan(-1);
    expect(page.text.indexOf('/paydesk-server-api.js')).toBeLessThan(page.text.indexOf('/assets/app.js'));
    const api = await request(t.url, 'GET', '/paydesk-server-api.js');
    expect(api.status).toBe(200);
    expect(api.text).toContain("post('/api/sign-in'");
    expect(api.text).toContain("new EventSource('/api/events')");
    const asset = await request(t.url, 'GET', '/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.text).toBe('console.log("the app");');
  });

  it('serves nothing outside the renderer folder, and pages only with GET', async () => {
    for (const route of ['/%2e%2e/team.sqlite', '/..%2fteam.sqlite', '/assets/../../team.sqlite', '/missing.js']) {
      const r = await request(t.url, 'GET', route);
      expect(r.status, route).toBe(404);
      expect(r.text).not.toContain('SQLite format');
    }
    expect((await request(t.url, 'GET', '/%E0%A4%A')).status).toBe(400);
    expect((await request(t.url, 'POST', '/', { body: {} })).status).toBe(405);
  });
});

describe('paydesk serve: batch files for browsers', () => {
  it('a link to a batch file works for the session that asked for it only', async () => {
    const payor = await bearer(t.url, 'payor');
    const approver = await bearer(t.url, 'approver');
    const batches = await call(t.url, payor.auth, 'export-batches-list', { pageSize: 5 });
    expect(batches.status).toBe(200);
    const batchId = (batches.json.value as { rows: Array<{ id: number }> }).rows[0].id;
    const ticket = await request(t.url, 'POST', '/api/file-ticket', { body: { batchId, kind: 'summary' }, headers: payor.auth });
    expect(ticket.status).toBe(200);
    const url = (ticket.json.value as { url: string }).url;
    expect(url).toMatch(/^\/api\/file\/[0-9a-f]{48}\//);

    const other = await request(t.url, 'GET', url, { headers: approver.auth });
    expect(other.status).toBe(404);
    expect((await request(t.url, 'GET', url)).status).toBe(401);
    const file = await request(t.url, 'GET', `${url}?download=1`, { headers: payor.auth });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="/);
    expect(file.text.startsWith('%PDF-')).toBe(true);

    // A file the caller may not see gets no link: a bad reference is named.
    const bad = await request(t.url, 'POST', '/api/file-ticket', { body: { batchId, kind: 'remittance' }, headers: payor.auth });
    expect(bad.status).toBe(400);
    expect(bad.json.error!.message).toMatch(/providerId/);
    expect((await request(t.url, 'POST', '/api/file-ticket', { body: { batchId, kind: 'summary' } })).status).toBe(401);
  });
});

describe('paydesk serve: acting on an item another user changed', () => {
  it('is refused by the version check, naming who changed it and how', async () => {
    const approver = await bearer(t.url, 'approver');
    const other = await bearer(t.url, 'approver2');
    const [id] = await authorizable(t, approver.auth, 1);
    const seen = (await call(t.url, other.auth, 'payments-get', { paymentId: id })).json.value as { version: number };
    const done = await call(t.url, approver.auth, 'payments-act', { paymentId: id, action: 'authorize', expectedVersion: seen.version });
    expect(done.status).toBe(200);
    const late = await call(t.url, other.auth, 'payments-act', { paymentId: id, action: 'place-hold', reason: { code: 'LICENSE_CHECK' }, expectedVersion: seen.version });
    expect(late.status).toBe(409);
    expect(late.json.error!.code).toBe('CONFLICT');
    expect(late.json.error!.message).toMatch(new RegExp(`^Payment ${id} was changed by Avery Approver \\(Authorize, [A-Z][a-z]{2} \\d+, 20\\d\\d`));
  });
});
