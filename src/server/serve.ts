import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { AppError } from '../shared/api/errors';
import { Core } from '../main/core/core';
import { PostgresEngine } from '../main/core/db/engine/postgres';
import { isPostgresUrl, parsePostgresUrl } from '../main/core/db/engine/url';
import { loadOrMakeCertificate, type ServerCertificate } from './certificate';
import { startServer, type PayDeskServer } from './server';

// What `paydesk serve` starts: the core on the database, its certificate (the agency's, or one
// generated on the first start: beside a database file, in the data folder for a PostgreSQL
// database, see certificate.ts), and the HTTPS server. The tests start the
// same thing in-process; the command adds the signals and the printing.

export const DEFAULT_LISTEN = { host: '127.0.0.1', port: 8443 };

/** "HOST:PORT", "[IPv6]:PORT", "HOST" or ":PORT"; the default host is 127.0.0.1 (listening elsewhere is explicit). */
export function parseListen(raw: string | undefined): { host: string; port: number } {
  if (raw === undefined) return { ...DEFAULT_LISTEN };
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*))(?::(\d{1,5}))?$/.exec(raw.trim());
  const host = m ? (m[1] ?? m[2]) || DEFAULT_LISTEN.host : '';
  const port = m?.[3] !== undefined ? Number(m[3]) : DEFAULT_LISTEN.port;
  if (!m || port > 65535 || (m[1] && !net.isIPv6(m[1])) || !/^[A-Za-z0-9.:-]+$/.test(host)) {
    throw new AppError({ code: 'BAD_REQUEST', field: 'listen', message: `--listen takes HOST:PORT (such as 127.0.0.1:8443 or 0.0.0.0:8443), not "${raw.slice(0, 60)}"` });
  }
  return { host, port };
}

export interface ServeOptions {
  /** A SQLite database file, or a PostgreSQL database: postgres://USER@HOST[:PORT]/DATABASE. */
  db: string;
  listen?: string;
  certFile?: string;
  keyFile?: string;
  /** One line per request (default: stdout). */
  log?: (line: string) => void;
  /** For tests: the core's clock. */
  now?: () => Date;
  /** The built renderer served to browsers (default: out/renderer of this installation, when built). */
  rendererDir?: string;
}

/** The built renderer beside this code: out/renderer from the CLI bundle (out/cli) or from the sources (src/server). */
export function findRendererDir(): string | null {
  for (const dir of [path.resolve(__dirname, '../renderer'), path.resolve(__dirname, '../../out/renderer')]) {
    if (fs.existsSync(path.join(dir, 'index.html'))) return dir;
  }
  return null;
}

/** Whether a PostgreSQL database holds PayDesk's tables (serve never makes a new database's schema). */
async function postgresHoldsPayDesk(url: string): Promise<boolean> {
  const target = parsePostgresUrl(url);
  const db = PostgresEngine.open(target, { max: 1 });
  try {
    return !!(await db.one(db.dialect.tableExists, ['audit_event']));
  } catch (err) {
    // As the Store says it (db/engine/open.ts): a wrong URL, password or certificate in the server's words.
    throw new Error(`Cannot open the PostgreSQL database ${target.display}: ${(err as Error).message}`, { cause: err });
  } finally {
    await db.close();
  }
}

export interface Serving {
  core: Core;
  server: PayDeskServer;
  certificate: ServerCertificate;
  /** Graceful stop: no new requests, calls in flight finish, then the core closes. */
  stop(): Promise<void>;
}

export async function startServe(options: ServeOptions): Promise<Serving> {
  const listen = parseListen(options.listen);
  // A PostgreSQL URL is taken as written (its password from PGPASSWORD or .pgpass; one in the URL is
  // refused); a file must exist: the server never creates a database.
  const postgres = isPostgresUrl(options.db);
  const db = postgres ? options.db : path.resolve(options.db);
  if (postgres ? !(await postgresHoldsPayDesk(db)) : !fs.existsSync(db)) {
    const name = postgres ? 'URL' : 'FILE';
    throw new AppError({ code: 'NOT_FOUND', field: 'db', message: `No PayDesk database at ${db}. Create one with "paydesk new-database --db ${name}"${postgres ? ' (or move an agency\'s file there with "paydesk copy")' : ''} and its administrator with "paydesk user add", then serve it.` });
  }
  const now = options.now ?? (() => new Date());
  const certificate = loadOrMakeCertificate({ databaseFile: db, certFile: options.certFile, keyFile: options.keyFile, listenHost: listen.host, now: now() });
  const core = await Core.start({
    databaseFile: db,
    now,
    log: (level, message, detail) => {
      if (level !== 'info') process.stderr.write(`[paydesk ${level}] ${message}${detail instanceof Error ? `: ${detail.message}` : ''}\n`);
    },
  });
  core.server = { certificateFingerprint: certificate.fingerprint };
  let server: PayDeskServer;
  try {
    server = await startServer({
      core,
      ...listen,
      cert: certificate.cert,
      key: certificate.key,
      fingerprint: certificate.fingerprint,
      log: options.log,
      rendererDir: options.rendererDir ?? findRendererDir(),
    });
  } catch (err) {
    await core.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new AppError({ code: 'REFUSED', field: 'listen', message: `Another program listens on ${listen.host}:${listen.port}: stop it or choose another --listen.` });
    if (code === 'EADDRNOTAVAIL') throw new AppError({ code: 'BAD_REQUEST', field: 'listen', message: `This machine has no address ${listen.host} (--listen).` });
    throw err;
  }
  let stopped: Promise<void> | null = null;
  return {
    core,
    server,
    certificate,
    stop() {
      stopped ??= server.close().then(() => core.close());
      return stopped;
    },
  };
}
