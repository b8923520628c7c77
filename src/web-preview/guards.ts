import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

// The preview's checks on every request before anything else looks at it: the address parsed
// without trusting it, the token compared in constant time, and the Host and Origin headers held
// to the page's own address (a web page elsewhere cannot reach the preview by renaming itself to
// 127.0.0.1, DNS rebinding, nor post to it from another origin).

export class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** The request's path and query, or a BadRequest (never an exception from URL or decodeURIComponent). */
export function parseTarget(req: http.IncomingMessage): URL {
  const raw = req.url ?? '/';
  if (raw.length > 8192) throw new BadRequest('The address is too long.', 414);
  if (!raw.startsWith('/')) throw new BadRequest('Only paths are served (no absolute addresses).');
  let url: URL;
  try {
    url = new URL(raw, 'http://127.0.0.1');
  } catch {
    throw new BadRequest('The address cannot be read.');
  }
  try {
    decodeURIComponent(url.pathname);
  } catch {
    throw new BadRequest('The address has a broken %-escape.');
  }
  return url;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison: the time taken says nothing about how much of a guess was right. */
export function tokenMatches(given: unknown, token: string): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 200) return false;
  return timingSafeEqual(digest(given), digest(token));
}

/** The hosts the page is served under: 127.0.0.1 or localhost, at this port. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** Host must name this server; Origin, when the browser sends one, must be the page's own. */
export function checkHostAndOrigin(req: http.IncomingMessage, hosts: Set<string>): void {
  const host = req.headers.host;
  if (typeof host !== 'string' || !hosts.has(host.toLowerCase())) {
    throw new BadRequest('This preview answers only at 127.0.0.1 or localhost (Host header).', 421);
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !(typeof origin === 'string' && [...hosts].some((h) => origin.toLowerCase() === `http://${h}`))) {
    throw new BadRequest('Requests from another site are refused (Origin header).', 403);
  }
}

/** Reads a body of at most `limit` bytes; a bigger one is refused without reading the rest. */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BadRequest('The request is too large.', 413));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new BadRequest('The request is too large.', 413));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => reject(new BadRequest('The request was cut off.')));
  });
}

/** The body as a JSON object, or a BadRequest naming what is wrong. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadRequest('The request is not JSON.');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new BadRequest('The request is not a JSON object.');
  return value as Record<string, unknown>;
}
