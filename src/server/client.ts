import fs from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import tls, { type TLSSocket } from 'node:tls';
import type { HandlerArgs, HandlerName, HandlerResult } from '../shared/api/contract';
import type { SessionUser } from '../shared/api/contract/session';
import { AppError, isAppErrorShape } from '../shared/api/errors';
import type { InvokeResult } from '../shared/api/window-api';
import { normalizeFingerprint } from './certificate';

// A PayDesk server seen from the command line (and, in phase B, the desktop's main process): a
// Connection-like object whose calls go over HTTPS to `paydesk serve`, with the same invoke/call
// shape as the core's Connection. A self-signed certificate is trusted by its SHA-256 fingerprint
// only: given with --fingerprint, or pinned in a file at the first successful contact; a server
// that shows another certificate later is refused. No request (nor a password) is sent before the
// certificate is checked.

export interface PinStore {
  file: string;
  get(origin: string): string | null;
  set(origin: string, fingerprint: string): void;
}

/** The pinned fingerprints, one per server origin, in a JSON file (owner-only). */
export function pinStore(file: string): PinStore {
  const read = (): Record<string, string> => {
    try {
      const value = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      return value && typeof value === 'object' ? (value as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  return {
    file,
    get: (origin) => read()[origin] ?? null,
    set(origin, fingerprint) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify({ ...read(), [origin]: fingerprint }, null, 2)}\n`, { mode: 0o600 });
    },
  };
}

export class CertificateError extends AppError {
  constructor(message: string) {
    super({ code: 'REFUSED', rule: 'server.certificate', message });
  }
}

interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body as it came (a PDF is not text). */
  data: Buffer;
}

export interface RemoteOptions {
  /** https://host:port */
  url: string;
  /** The fingerprint the user gave (--fingerprint), in any usual spelling. */
  fingerprint?: string;
  pins?: PinStore;
  /** Timeout of one request, ms (default 5 minutes: an export or an import may take that long). */
  timeoutMs?: number;
  /** What the certificate warning tells the user to do about a new certificate (default: the CLI's --fingerprint). */
  newCertificateAdvice?: string;
}

/** The server's address as an origin, or a clear error. */
export function serverOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `https://${raw}`);
  } catch {
    throw new AppError({ code: 'BAD_REQUEST', field: 'server', message: `--server takes the server's address, such as https://paydesk.example.org:8443; not "${raw.slice(0, 80)}"` });
  }
  if (url.protocol !== 'https:') throw new AppError({ code: 'BAD_REQUEST', field: 'server', message: 'A PayDesk server is reached over HTTPS only (--server https://…).' });
  return url.origin;
}

/** A network or TLS failure, told as what it means for the user. */
function explainNetworkError(origin: string, err: Error): Error {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID'].includes(code)) {
    return new CertificateError(
      `The server at ${origin} has a certificate this machine does not trust (${code}). If it is a PayDesk server's own ` +
        '(self-signed) certificate, compare its fingerprint with the one "paydesk serve" printed (or Settings shows) and run again with --fingerprint SHA256; it is then remembered.',
    );
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN'].includes(code)) {
    return new AppError({ code: 'UNAVAILABLE', message: `The PayDesk server at ${origin} cannot be reached (${code}).` });
  }
  return new AppError({ code: 'UNAVAILABLE', message: `The PayDesk server at ${origin} failed: ${err.message}` });
}

/** HTTPS to one PayDesk server, its certificate checked before anything is sent. */
export class ServerTransport {
  readonly origin: string;
  private readonly agent: https.Agent;
  private readonly expected: string | null;
  private verified = false;
  private readonly checkedSockets = new WeakSet<TLSSocket>();

  constructor(private readonly options: RemoteOptions) {
    this.origin = serverOrigin(options.url);
    const given = options.fingerprint === undefined ? null : normalizeFingerprint(options.fingerprint);
    if (options.fingerprint !== undefined && !given) {
      throw new AppError({ code: 'BAD_REQUEST', field: 'fingerprint', message: '--fingerprint takes the SHA-256 fingerprint that "paydesk serve" printed (64 hex digits, with or without colons).' });
    }
    const pinned = options.pins?.get(this.origin) ?? null;
    this.expected = given ?? pinned;
    // With a fingerprint, it alone decides (a self-signed certificate has no authority to check);
    // without one, the usual check against the machine's certificate authorities.
    // No TLS session resumption: a resumed session shows no certificate to check.
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 16, maxCachedSessions: 0, rejectUnauthorized: this.expected === null });
  }

  /** What to do about a certificate the client sees. */
  private check(socket: TLSSocket): void {
    const seen = socket.getPeerX509Certificate()?.fingerprint256 ?? '(none)';
    if (this.expected === null) return; // checked by the authorities (rejectUnauthorized)
    if (seen !== this.expected) {
      const pinned = this.options.pins?.get(this.origin);
      throw new CertificateError(
        `WARNING: the server at ${this.origin} shows a certificate with the SHA-256 fingerprint ${seen}, ` +
          `not the expected ${this.expected}${pinned === this.expected ? ` (pinned in ${this.options.pins!.file})` : ''}. ` +
          'Someone may be intercepting the connection, or the server has a new certificate. Nothing was sent. ' +
          (this.options.newCertificateAdvice ?? 'Ask the server\'s administrator for its fingerprint; if it really changed, run again with --fingerprint NEW.'),
      );
    }
    if (!this.verified) {
      this.verified = true;
      if (this.options.pins && this.options.pins.get(this.origin) !== seen) this.options.pins.set(this.origin, seen);
    }
  }

  request(method: 'GET' | 'POST', route: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> {
    return this.open(method, route, body, extra).then(
      (res) =>
        new Promise<Response>((resolve, reject) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const data = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data.toString('utf8'), data });
          });
          res.on('error', (err) => reject(this.explain(err)));
        }),
    );
  }

  /**
   * A request whose answer is read as it comes (the server's event stream): the response once its
   * headers are in. `timeoutMs` is the longest silence (the server sends a heartbeat).
   */
  stream(route: string, extra: Record<string, string> = {}, timeoutMs = 60_000): Promise<http.IncomingMessage> {
    return this.open('GET', route, undefined, { accept: 'text/event-stream', ...extra }, timeoutMs);
  }

  private open(method: 'GET' | 'POST', route: string, body: unknown, extra: Record<string, string>, timeoutMs?: number): Promise<http.IncomingMessage> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = https.request(`${this.origin}${route}`, {
        method,
        agent: this.agent,
        timeout: timeoutMs ?? this.options.timeoutMs ?? 300_000,
        headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}), ...extra },
      });
      req.on('timeout', () => req.destroy(new AppError({ code: 'UNAVAILABLE', message: `The server at ${this.origin} did not answer in time.` })));
      req.on('error', (err) => reject(this.explain(err)));
      req.on('response', (res) => {
        res.on('error', () => undefined); // a reader of the response hears of it (aborted, close)
        resolve(res);
      });
      // The request is written only once the certificate is the expected one.
      req.on('socket', (socket) => {
        const secure = socket as TLSSocket;
        const go = () => {
          try {
            this.check(secure);
          } catch (err) {
            req.destroy(err as Error);
            return;
          }
          this.checkedSockets.add(secure);
          req.end(payload);
        };
        // A kept-alive socket was checked when it connected (it may show no certificate again).
        if (this.checkedSockets.has(secure)) req.end(payload);
        else if (!secure.connecting && secure.getPeerX509Certificate?.()) go();
        else secure.once('secureConnect', go);
      });
    });
  }

  private explain(err: Error): Error {
    return explainNetworkError(this.origin, err);
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface CertificateSeen {
  origin: string;
  /** SHA-256 fingerprint of the certificate the server showed, AA:BB:… */
  fingerprint: string;
  /** Whether an authority this machine trusts vouches for it (an agency's own certificate); a self-signed one: false. */
  trustedByAuthority: boolean;
}

/**
 * Looks at the certificate a server shows, and sends nothing: a TLS handshake, then the
 * connection is closed. For the first contact, when the user compares the fingerprint.
 */
export function probeCertificate(url: string, timeoutMs = 10_000): Promise<CertificateSeen> {
  const origin = serverOrigin(url);
  const { hostname, port } = new URL(origin);
  const host = hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port: Number(port || 443), servername: /^[\d.:]+$/.test(host) ? undefined : host, rejectUnauthorized: false, timeout: timeoutMs });
    socket.once('secureConnect', () => {
      const fingerprint = socket.getPeerX509Certificate()?.fingerprint256 ?? '';
      const trustedByAuthority = socket.authorized;
      socket.end();
      if (!fingerprint) return reject(new AppError({ code: 'UNAVAILABLE', message: `The server at ${origin} showed no certificate.` }));
      resolve({ origin, fingerprint, trustedByAuthority });
    });
    socket.once('timeout', () => socket.destroy(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })));
    socket.once('error', (err) => reject(explainNetworkError(origin, err)));
  });
}

/** A JSON answer of the server: its {ok, value} or {ok: false, error}. */
function parseAnswer(res: Response): InvokeResult<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(res.body);
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `The server answered HTTP ${res.status} with something that is not JSON.` } };
  }
  const answer = value as { ok?: unknown; value?: unknown; error?: unknown };
  if (answer && answer.ok === true) return { ok: true, value: answer.value };
  if (answer && isAppErrorShape(answer.error)) return { ok: false, error: answer.error };
  return { ok: false, error: { code: 'INTERNAL', message: `The server answered HTTP ${res.status} without a result.` } };
}

/**
 * A session on a PayDesk server, shaped like the core's Connection (invoke never throws; call is
 * typed and throws the AppError), for the command line's commands.
 */
export class RemoteConnection {
  private token: string | null = null;
  user: SessionUser | null = null;

  constructor(readonly transport: ServerTransport) {}

  async signIn(username: string, password: string): Promise<SessionUser> {
    const res = await this.transport.request('POST', '/api/sign-in', { username, password, bearer: true });
    const answer = parseAnswer(res);
    if (!answer.ok) throw new AppError(answer.error);
    const value = answer.value as { user: SessionUser; token: string };
    this.token = value.token;
    this.user = value.user;
    return value.user;
  }

  /** The session's header for requests of its own (the event stream, files); none before sign-in. */
  authorization(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  async signOut(): Promise<void> {
    if (!this.token) return;
    try {
      await this.transport.request('POST', '/api/sign-out', {}, { authorization: `Bearer ${this.token}` });
    } finally {
      this.token = null;
      this.user = null;
    }
  }

  async invoke(name: string, args: unknown): Promise<InvokeResult<unknown>> {
    try {
      const res = await this.transport.request('POST', '/api/call', { name, args: args ?? {} }, this.token ? { authorization: `Bearer ${this.token}` } : {});
      return parseAnswer(res);
    } catch (err) {
      return { ok: false, error: AppError.from(err).toJSON() };
    }
  }

  async call<K extends HandlerName>(name: K, args: HandlerArgs<K>): Promise<HandlerResult<K>> {
    const result = await this.invoke(name, args);
    if (!result.ok) throw new AppError(result.error);
    return result.value as HandlerResult<K>;
  }

  /** What only a connection inside the core can do (a command that works on the file itself). */
  context(): never {
    throw new AppError({ code: 'REFUSED', message: 'This command works on a database file only, not through a server: run it on the server\'s machine with --db.' });
  }

  becomeOperator(): void {
    // Through a server there is no operator of the file: the signed-in user acts.
  }
}
