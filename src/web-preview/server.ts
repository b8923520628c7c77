import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Core, Connection } from '../main/core/core';

// The browser preview: the built renderer on 127.0.0.1, backed by the real core. It is also the
// end-to-end tests' harness, so the tests drive exactly what a user of the preview gets.

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
const MAX_BODY = 64 * 1024 * 1024;

export interface WebPreview {
  url: string;
  token: string;
  close(): Promise<void>;
}

export async function startWebPreview(options: {
  core: Core;
  rendererDir: string;
  port?: number;
  token?: string;
}): Promise<WebPreview> {
  const { core, rendererDir } = options;
  const token = options.token ?? randomBytes(24).toString('hex');
  const shim = fs.readFileSync(path.join(__dirname, 'web-api.js'), 'utf8');
  const sessions = new Map<string, Connection>();
  const eventStreams = new Set<http.ServerResponse>();
  const unsubscribe = core.onEvent((event) => {
    for (const res of eventStreams) res.write(`data: ${JSON.stringify(event)}\n\n`);
  });

  const indexHtml = () =>
    fs
      .readFileSync(path.join(rendererDir, 'index.html'), 'utf8')
      .replace('<script type="module"', '<script src="/paydesk-web-api.js"></script>\n    <script type="module"');

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(body);
    };
    if (url.pathname.startsWith('/api/')) {
      const given = req.headers['x-paydesk-token'] ?? url.searchParams.get('token');
      if (given !== token) return send(403, 'wrong or missing token');
    }
    if (url.pathname === '/api/invoke' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) req.destroy();
        else chunks.push(c);
      });
      req.on('end', () => {
        let body: { name?: unknown; args?: unknown };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return send(400, JSON.stringify({ ok: false, error: { code: 'BAD_REQUEST', message: 'The request is not JSON.' } }), TYPES['.json']);
        }
        const sessionId = String(req.headers['x-paydesk-session'] ?? 'default').slice(0, 100);
        let connection = sessions.get(sessionId);
        if (!connection) {
          connection = core.connect(null);
          sessions.set(sessionId, connection);
        }
        void connection.invoke(String(body.name), body.args).then((result) => send(200, JSON.stringify(result), TYPES['.json']));
      });
      return;
    }
    if (url.pathname === '/api/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      eventStreams.add(res);
      req.on('close', () => eventStreams.delete(res));
      return;
    }
    if (url.pathname === '/api/file') {
      // Only files PayDesk wrote (exports, reports) under its data folder.
      const file = path.resolve(url.searchParams.get('path') ?? '');
      const root = path.resolve(core.dataDir) + path.sep;
      if (!file.startsWith(root) || !fs.existsSync(file)) return send(404, 'no such file');
      return send(200, fs.readFileSync(file), TYPES[path.extname(file)] ?? 'application/octet-stream');
    }
    if (url.pathname === '/paydesk-web-api.js') return send(200, shim, TYPES['.js']);
    if (url.pathname === '/' || url.pathname === '/index.html') return send(200, indexHtml(), TYPES['.html']);
    const file = path.resolve(rendererDir, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(path.resolve(rendererDir)) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return send(404, 'not found');
    return send(200, fs.readFileSync(file), TYPES[path.extname(file)] ?? 'application/octet-stream');
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
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
