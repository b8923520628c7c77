import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ChangeEvent } from '../shared/api/changes';
import { isHandlerName } from '../shared/api/contract';
import type { SessionUser } from '../shared/api/contract/session';
import type { AppErrorShape, ErrorCode } from '../shared/api/errors';
import type { InvokeResult } from '../shared/api/window-api';
import type { Connection, Core } from '../main/core/core';
import { CONTENT_SECURITY_POLICY } from '../main/window';
import { FileTickets } from '../web-preview/file-tickets';
import { BadRequest, parseJsonObject, parseTarget, readBody } from '../web-preview/guards';
import { RENDERER_TYPES } from '../web-preview/server';
import { BROWSER_API_JS } from './browser-api';
import { ServerSessions, type ServerSession } from './sessions';

// `paydesk serve`: the core and its handler registry behind HTTPS (DESIGN.md sections 7 and 9).
// A transport like the web preview: the core decides who the caller is and what they may do on
// every call; this server keeps one core Connection per signed-in session, carries calls to it,
// pushes change events to the signed-in clients, and answers every bad request with a 4xx.
//
//   POST /api/sign-in   {username, password, bearer?}  -> the user; a session cookie, or {token} when bearer
//   POST /api/sign-out                                  -> ends the session on the server
//   POST /api/call      {name, args}                    -> {ok, value} or {ok: false, error}
//   GET  /api/events                                    -> server-sent events: {kind: 'changed', …}; {kind: 'progress', …} of the session's own long calls
//   POST /api/file-ticket {batchId, kind, …}            -> {url}: a short-lived link to a batch's file, for this session
//   GET  /api/file/TICKET/NAME                          -> the file (the same session only)
//   GET  / and the renderer's files                     -> the app for browsers (providers' portal, staff screens by rights)
//
// State changes only through POST; every POST's Origin, when a browser sends one, must be the
// server's own, and a cookie is only honoured with it (bearer tokens are never sent by a browser
// on its own).

export const SESSION_COOKIE = '__Host-paydesk-session';
const MAX_CALL_BODY = 64 * 1024 * 1024;
const MAX_SIGN_IN_BODY = 4 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';
const HEARTBEAT_MS = 25_000;
/** How long a stop waits for calls in flight before it closes their connections. */
const DRAIN_MS = 30_000;

/** Handlers that a server session does not call through /api/call (each has its own way, or none). */
const NOT_THROUGH_CALL: Record<string, string> = {
  'session-login': 'Sign in with POST /api/sign-in.',
  'session-logout': 'Sign out with POST /api/sign-out.',
  'setup-create-administrator': 'A server is set up on its machine: create the administrator with "paydesk user add" (or in the app) before "paydesk serve".',
  'setup-open-demo': 'A server serves the database it was started on (paydesk serve --db FILE).',
};

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNKNOWN_HANDLER: 404,
  NOT_SIGNED_IN: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  REFUSED: 422,
  CONFLICT: 409,
  INVALID_FILE: 422,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface ServerOptions {
  core: Core;
  host: string;
  port: number;
  cert: string;
  key: string;
  fingerprint: string;
  /** Where the one line per request goes (default: stdout). */
  log?: (line: string) => void;
  /** The built renderer (out/renderer) served to browsers; none: the server answers its API only. */
  rendererDir?: string | null;
}


export interface PayDeskServer {
  url: string;
  host: string;
  port: number;
  fingerprint: string;
  /** Whether browsers get the app at the server's address (a built renderer was found). */
  servesApp: boolean;
  sessions: ServerSessions;
  /** Stops taking requests, lets the calls in flight finish, ends the event streams. The core stays open. */
  close(): Promise<void>;
}

interface EventStream {
  res: http.ServerResponse;
  session: ServerSession;
}

/** The session token of a request: a bearer token, or the session cookie. */
function tokenOf(req: http.IncomingMessage): { token: string | null; viaCookie: boolean } {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+([A-Za-z0-9_-]{1,200})$/.exec(auth.trim());
    if (!m) throw new BadRequest('The Authorization header must be "Bearer <token>".', 401);
    return { token: m[1], viaCookie: false };
  }
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return { token: value.join('=') || null, viaCookie: true };
  }
  return { token: null, viaCookie: false };
}

/**
 * A state-changing request's Origin: a browser's must be this server's own address (its Host);
 * a request that rides on the cookie must carry one (every browser sends it on a POST).
 */
function checkOrigin(req: http.IncomingMessage, viaCookie: boolean): void {
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (typeof host !== 'string' || host.length === 0 || host.length > 300) throw new BadRequest('The request names no server (Host header).');
  if (origin === undefined) {
    if (viaCookie) throw new BadRequest('A request with the session cookie must say where it comes from (Origin header).', 403);
    return;
  }
  if (typeof origin !== 'string' || origin.toLowerCase() !== `https://${host.toLowerCase()}`) {
    throw new BadRequest('Requests from another site are refused (Origin header).', 403);
  }
}

function cookie(token: string, maxAge?: number): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Strict${maxAge !== undefined ? `; Max-Age=${maxAge}` : ''}`;
}

/** Whether a change event is one a session may hear of: a Provider only of its own provider's, or its own calls. */
function mayHear(user: SessionUser | null, event: ChangeEvent): boolean {
  if (!user) return false;
  if (!user.groups.includes('Provider')) return true;
  return event.by === user.id || (user.providerId !== null && event.providerIds.includes(user.providerId));
}

export async function startServer(options: ServerOptions): Promise<PayDeskServer> {
  const { core } = options;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const sessions = new ServerSessions(core);
  const tickets = new FileTickets();
  const rendererDir = options.rendererDir ? path.resolve(options.rendererDir) : null;
  const streams = new Set<EventStream>();
  let inFlight = 0;
  let stopping = false;
  let drained: (() => void) | null = null;

  // The idle time of the core's session rules, read at most once a minute.
  let idle = { minutes: 0, readAt: -Infinity };
  const idleMinutes = async (): Promise<number> => {
    if (Date.now() - idle.readAt > 60_000) {
      const status = await core.connect(null).invoke('app-status', {});
      if (status.ok) idle = { minutes: (status.value as { idleLockMinutes: number }).idleLockMinutes, readAt: Date.now() };
    }
    return idle.minutes;
  };

  /** Ends the event streams of sessions that ended or went idle. */
  const pruneStreams = async () => {
    sessions.sweep(await idleMinutes());
    for (const s of streams) {
      if (s.session.ended) {
        streams.delete(s);
        s.res.end();
      }
    }
  };

  // Progress of long work (an export, an import) goes to the staff sessions with a call in flight:
  // the core tells whose work it is not, so a session hears progress only while it waits itself.
  // Provider sessions hear none. Task, counts and a plain message only (no names, no amounts).
  const busy = new Map<ServerSession, number>();
  const offProgress = core.onEvent((event) => {
    const data = `event: progress\ndata: ${JSON.stringify(event)}\n\n`;
    for (const s of streams) {
      const user = s.session.connection.user;
      if ((busy.get(s.session) ?? 0) > 0 && user && !user.groups.includes('Provider')) s.res.write(data);
    }
  });

  const unsubscribe = core.onChange((event) => {
    void pruneStreams().then(() => {
      const data = `event: changed\ndata: ${JSON.stringify(event)}\n\n`;
      for (const s of streams) if (mayHear(s.session.connection.user, event)) s.res.write(data);
    });
  });
  const heartbeat = setInterval(() => {
    void pruneStreams().then(() => {
      for (const s of streams) s.res.write(': still here\n\n');
    });
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const headers = (type: string, extra: Record<string, string | string[]> = {}) => ({
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'strict-transport-security': 'max-age=31536000',
    ...extra,
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, note: { user: number | null; what: string; outcome: string }): Promise<void> {
    const sendJson = (status: number, body: unknown, extra?: Record<string, string | string[]>) => {
      if (res.headersSent) return void res.end();
      res.writeHead(status, headers(JSON_TYPE, extra));
      res.end(JSON.stringify(body));
    };
    const fail = (error: AppErrorShape, status = STATUS[error.code] ?? 400) => {
      note.outcome = error.code;
      sendJson(status, { ok: false, error });
    };
    const url = parseTarget(req);
    const route = url.pathname;
    // The log names a known route or handler only: never what a client wrote in its address.
    note.what = ['/api/sign-in', '/api/sign-out', '/api/call', '/api/events', '/api/file-ticket'].includes(route) ? route : 'not-found';
    if (!route.startsWith('/api/')) return servePage(req, res, route, note);
    const post = req.method === 'POST';
    if (req.method !== 'POST' && req.method !== 'GET') throw new BadRequest('GET or POST only.', 405);
    const { token, viaCookie } = tokenOf(req);
    if (post) checkOrigin(req, viaCookie);
    const session = sessions.get(token);
    if (session) note.user = session.userId;

    /** The session's call, with the session forgotten if the core ended it. */
    const callAs = async (connection: Connection, name: string, args: unknown): Promise<InvokeResult<unknown>> => {
      if (session) busy.set(session, (busy.get(session) ?? 0) + 1);
      let result: InvokeResult<unknown>;
      try {
        result = await connection.invoke(name, args);
      } finally {
        if (session) {
          const left = (busy.get(session) ?? 1) - 1;
          if (left > 0) busy.set(session, left);
          else busy.delete(session);
        }
      }
      if (session && token) {
        session.lastCallAt = core.now().getTime();
        if (!connection.user) sessions.end(token);
      }
      return result;
    };

    if (route === '/api/sign-in') {
      if (!post) throw new BadRequest('Sign in with POST.', 405);
      note.what = 'sign-in';
      const body = parseJsonObject(await readBody(req, MAX_SIGN_IN_BODY));
      const connection = sessions.fresh();
      const result = await connection.invoke('session-login', { username: body.username, password: body.password });
      if (!result.ok) return fail(result.error, result.error.code === 'REFUSED' ? 401 : undefined);
      const user = result.value as SessionUser;
      if (session && token) sessions.end(token); // a sign-in over a session replaces it
      const fresh = sessions.add(connection, user.id);
      note.user = user.id;
      note.outcome = 'ok';
      if (body.bearer === true) return sendJson(200, { ok: true, value: { user, token: fresh } });
      return sendJson(200, { ok: true, value: { user } }, { 'set-cookie': cookie(fresh) });
    }

    if (route === '/api/sign-out') {
      if (!post) throw new BadRequest('Sign out with POST.', 405);
      note.what = 'sign-out';
      if (!session || !token) return fail({ code: 'NOT_SIGNED_IN', message: 'This session has already ended.' });
      await session.connection.invoke('session-logout', {});
      sessions.end(token);
      note.outcome = 'ok';
      return sendJson(200, { ok: true, value: { ok: true } }, viaCookie ? { 'set-cookie': cookie('', 0) } : {});
    }

    if (route === '/api/call') {
      if (!post) throw new BadRequest('Calls are made with POST: nothing changes through GET.', 405);
      const body = parseJsonObject(await readBody(req, MAX_CALL_BODY));
      if (typeof body.name !== 'string') throw new BadRequest('The request names no handler ("name").');
      note.what = isHandlerName(body.name) ? body.name : 'unknown-handler';
      if (NOT_THROUGH_CALL[body.name]) throw new BadRequest(NOT_THROUGH_CALL[body.name]);
      // A caller without a session may call only the public handlers (the core says which).
      const connection = session?.connection ?? core.connect(null);
      const result = await callAs(connection, body.name, body.args);
      if (!result.ok) return fail(result.error);
      note.outcome = 'ok';
      return sendJson(200, result);
    }

    if (route === '/api/file-ticket') {
      if (!post) throw new BadRequest('Ask for a file with POST.', 405);
      if (!session || !token) return fail({ code: 'NOT_SIGNED_IN', message: 'Sign in first.' });
      const body = parseJsonObject(await readBody(req, 4096));
      const ticket = await tickets.issue(session.connection, body, token);
      note.outcome = 'ok';
      return sendJson(200, { ok: true, value: ticket });
    }

    const file = /^\/api\/file\/([0-9a-f]{48})\/[^/]+$/.exec(route);
    if (file) {
      note.what = 'file';
      if (post) throw new BadRequest('Files are read with GET.', 405);
      if (!session || !token) return fail({ code: 'NOT_SIGNED_IN', message: 'Sign in first.' });
      const found = tickets.redeem(file[1], token);
      const disposition = url.searchParams.get('download') === '1' ? 'attachment' : 'inline';
      note.outcome = 'ok';
      res.writeHead(200, headers(found.type, { 'content-disposition': `${disposition}; filename="${found.name.replace(/[^A-Za-z0-9._-]/g, '_')}"` }));
      return void res.end(found.data);
    }

    if (route === '/api/events') {
      if (post) throw new BadRequest('The event stream is read with GET.', 405);
      note.what = 'events';
      if (!session) return fail({ code: 'NOT_SIGNED_IN', message: 'Sign in first.' });
      // Opening the stream is a call of the session: the core's rules say whether it still stands.
      const status = await callAs(session.connection, 'app-status', {});
      if (!status.ok || !session.connection.user) return fail({ code: 'NOT_SIGNED_IN', message: session.connection.signedOutBecause ?? 'Sign in first.' });
      res.writeHead(200, headers('text/event-stream; charset=utf-8', { connection: 'keep-alive' }));
      res.write(': connected\n\n');
      const stream = { res, session };
      streams.add(stream);
      note.outcome = 'stream';
      await new Promise<void>((resolve) => res.on('close', resolve));
      streams.delete(stream);
      return;
    }
    throw new BadRequest('There is no such address in the PayDesk API.', 404);
  }

  /** The app for browsers: the built renderer, with window.api carried to this server. */
  function servePage(req: http.IncomingMessage, res: http.ServerResponse, route: string, note: { what: string; outcome: string }): void {
    note.what = 'page';
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new BadRequest('Pages are read with GET.', 405);
    const send = (status: number, body: string | Buffer, type: string) => {
      note.outcome = String(status);
      res.writeHead(status, headers(type, type.startsWith('text/html') ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {}));
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (!rendererDir || !fs.existsSync(path.join(rendererDir, 'index.html'))) {
      return send(404, 'This PayDesk server has no browser app: build it with "npm run build" (out/renderer), then restart the server.', 'text/plain; charset=utf-8');
    }
    if (route === '/paydesk-server-api.js') return send(200, BROWSER_API_JS, RENDERER_TYPES['.js']);
    if (route === '/' || route === '/index.html') {
      const html = fs
        .readFileSync(path.join(rendererDir, 'index.html'), 'utf8')
        .replace('<script type="module"', '<script src="/paydesk-server-api.js"></script>\n    <script type="module"');
      return send(200, html, RENDERER_TYPES['.html']);
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(route);
    } catch {
      throw new BadRequest('The address is not valid.', 400);
    }
    const file = path.resolve(rendererDir, `.${decoded}`);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return send(404, 'Not found.', 'text/plain; charset=utf-8');
    return send(200, fs.readFileSync(file), RENDERER_TYPES[path.extname(file)] ?? 'application/octet-stream');
  }

  const server = https.createServer({ cert: options.cert, key: options.key, minVersion: 'TLSv1.2' }, (req, res) => {
    res.on('error', () => undefined); // the client went away: nothing to tell it
    req.on('error', () => undefined);
    const started = process.hrtime.bigint();
    const note = { user: null as number | null, what: '-', outcome: '-' };
    const streaming = req.url?.startsWith('/api/events') ?? false;
    if (!streaming) inFlight++;
    handle(req, res, note)
      .catch((err: unknown) => {
        const status = err instanceof BadRequest ? err.status : 500;
        const message = err instanceof BadRequest ? err.message : 'The server could not answer this request.';
        if (!(err instanceof BadRequest)) core.log('error', 'server: request failed', err);
        note.outcome = `http-${status}`;
        if (res.headersSent) return void res.end();
        const code: ErrorCode = status === 401 ? 'NOT_SIGNED_IN' : status === 403 ? 'FORBIDDEN' : status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
        res.writeHead(status, headers(JSON_TYPE, status === 413 ? { connection: 'close' } : {}));
        res.end(JSON.stringify({ ok: false, error: { code, message } }));
      })
      .finally(() => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        // One line per request: time, user id, handler or route, duration, outcome. Never names, arguments or amounts.
        log(`${new Date().toISOString()} user=${note.user ?? '-'} ${req.method} ${note.what} ${ms.toFixed(1)}ms ${note.outcome}`);
        if (!streaming && --inFlight === 0 && drained) drained();
      });
  });
  // A request Node itself cannot parse (a broken request line, bad headers): 400 and close.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `https://${shownHost}:${port}`,
    host: options.host,
    port,
    fingerprint: options.fingerprint,
    servesApp: !!rendererDir && fs.existsSync(path.join(rendererDir, 'index.html')),
    sessions,
    async close() {
      if (stopping) return;
      stopping = true;
      unsubscribe();
      offProgress();
      clearInterval(heartbeat);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of streams) s.res.end();
      streams.clear();
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (drained = resolve)), new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
