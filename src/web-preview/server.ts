import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Core } from '../main/core/core';
import { CONTENT_SECURITY_POLICY } from '../main/window';
import { FileTickets } from './file-tickets';
import { BadRequest, allowedHosts, checkHostAndOrigin, parseJsonObject, parseTarget, readBody, tokenMatches } from './guards';
import { PreviewSessions } from './sessions';

// The browser preview: the built renderer on 127.0.0.1, backed by the real core. It is also the
// end-to-end tests' harness, so the tests drive exactly what a user of the preview gets. It is a
// transport: the core decides who the caller is and what they may do (the session rules); this
// server keeps one core connection per tab and answers every bad request with 400, never a crash.

/** The content types of the built renderer's files (also served by `paydesk serve`). */
export const RENDERER_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
const MAX_BODY = 64 * 1024 * 1024;
const JSON_TYPE = 'application/json';

export interface WebPreview {
  url: string;
  token: string;
  close(): Promise<void>;
}

export async function startWebPreview(options: { core: Core; rendererDir: string; port?: number; token?: string }): Promise<WebPreview> {
  const { core } = options;
  const rendererDir = path.resolve(options.rendererDir);
  const token = options.token ?? randomBytes(24).toString('hex');
  const shim = fs.readFileSync(path.join(__dirname, 'web-api.js'), 'utf8');
  const sessions = new PreviewSessions(core);
  const tickets = new FileTickets();
  const eventStreams = new Set<http.ServerResponse>();
  const unsubscribe = core.onEvent((event) => {
    for (const res of eventStreams) res.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  let hosts = new Set<string>();

  const indexHtml = () =>
    fs
      .readFileSync(path.join(rendererDir, 'index.html'), 'utf8')
      .replace('<script type="module"', '<script src="/paydesk-web-api.js"></script>\n    <script type="module"');

  const headers = (type: string, extra: Record<string, string> = {}) => ({
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // The page's address carries the token: it is never sent to another site.
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    ...extra,
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra?: Record<string, string>) => {
      if (res.headersSent) return void res.end();
      res.writeHead(status, headers(type, extra));
      res.end(body);
    };
    checkHostAndOrigin(req, hosts);
    const url = parseTarget(req);
    const route = url.pathname;

    if (route.startsWith('/api/')) {
      if (!tokenMatches(req.headers['x-paydesk-token'] ?? url.searchParams.get('token'), token)) return send(403, 'wrong or missing token');
      const session = () => sessions.get(String(req.headers['x-paydesk-session'] ?? 'default').slice(0, 100));
      if (route === '/api/invoke') {
        if (req.method !== 'POST') throw new BadRequest('POST only.', 405);
        const body = parseJsonObject(await readBody(req, MAX_BODY));
        if (typeof body.name !== 'string') throw new BadRequest('The request names no handler.');
        return send(200, JSON.stringify(await session().invoke(body.name, body.args)), JSON_TYPE);
      }
      if (route === '/api/file-ticket') {
        if (req.method !== 'POST') throw new BadRequest('POST only.', 405);
        const body = parseJsonObject(await readBody(req, 4096));
        return send(200, JSON.stringify({ ok: true, value: await tickets.issue(session(), body) }), JSON_TYPE);
      }
      const file = /^\/api\/file\/([0-9a-f]{48})\/[^/]+$/.exec(route);
      if (file && req.method === 'GET') {
        const f = tickets.redeem(file[1]);
        const disposition = url.searchParams.get('download') === '1' ? 'attachment' : 'inline';
        return send(200, f.data, f.type, { 'content-disposition': `${disposition}; filename="${f.name.replace(/[^A-Za-z0-9._-]/g, '_')}"` });
      }
      if (route === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        eventStreams.add(res);
        req.on('close', () => eventStreams.delete(res));
        return;
      }
      return send(404, 'no such call');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new BadRequest('The preview serves pages with GET only.', 405);
    if (route === '/paydesk-web-api.js') return send(200, shim, RENDERER_TYPES['.js']);
    if (route === '/' || route === '/index.html') return send(200, indexHtml(), RENDERER_TYPES['.html']);
    const file = path.resolve(rendererDir, `.${decodeURIComponent(route)}`);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return send(404, 'not found');
    return send(200, fs.readFileSync(file), RENDERER_TYPES[path.extname(file)] ?? 'application/octet-stream');
  }

  const server = http.createServer((req, res) => {
    res.on('error', () => undefined); // the browser went away: nothing to tell it
    req.on('error', () => undefined);
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof BadRequest ? err.status : 500;
      const message = err instanceof BadRequest ? err.message : 'The preview could not answer this request.';
      if (!(err instanceof BadRequest)) core.log('error', 'web preview: request failed', err);
      if (res.headersSent) return void res.end();
      const json = req.url?.startsWith('/api/');
      res.writeHead(status, headers(json ? JSON_TYPE : 'text/plain; charset=utf-8'));
      res.end(json ? JSON.stringify({ ok: false, error: { code: status === 401 ? 'NOT_SIGNED_IN' : 'BAD_REQUEST', message } }) : message);
    });
  });
  // A request Node itself cannot parse (a broken request line, bad headers): 400 and close.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  hosts = allowedHosts(port);
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    async close() {
      unsubscribe();
      for (const res of eventStreams) res.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
