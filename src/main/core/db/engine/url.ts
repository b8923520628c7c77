import fs from 'node:fs';
import { AppError } from '../../../../shared/api/errors';

// Where a PostgreSQL database is named: `postgres://user@host:port/database?sslmode=…`. The
// password never comes from the command line (it would show in the process list and the shell's
// history): ./password.ts reads PGPASSWORD, then the user's .pgpass file, as libpq does.

export interface PostgresTarget {
  host: string;
  port: number;
  user: string | undefined;
  database: string;
  /** TLS options, or false for none. */
  ssl: false | { rejectUnauthorized: boolean; ca?: string; checkServerIdentity?: () => undefined };
  /** Shown to the DBA in pg_stat_activity. */
  applicationName: string;
  /** The URL as shown to the user. */
  display: string;
}

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
const KNOWN_PARAMS = new Set(['sslmode', 'sslrootcert', 'host', 'port', 'application_name']);

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

function bad(message: string): AppError {
  return new AppError({ code: 'BAD_REQUEST', field: 'db', message });
}

export function parsePostgresUrl(text: string): PostgresTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad(`"${text}" is not a database URL: write it as postgres://USER@HOST:PORT/DATABASE.`);
  }
  if (url.password) {
    throw bad('The database URL holds a password: remove it and put the password in the PGPASSWORD variable or a .pgpass file instead, so it never shows in the list of processes.');
  }
  for (const key of url.searchParams.keys()) {
    if (!KNOWN_PARAMS.has(key)) throw bad(`The database URL has a parameter PayDesk does not know: "${key}" (known: ${[...KNOWN_PARAMS].join(', ')}).`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw bad('The database URL names no database: write postgres://USER@HOST/DATABASE.');
  const host = url.searchParams.get('host') ?? (decodeURIComponent(url.hostname) || 'localhost');
  const portText = url.searchParams.get('port') ?? (url.port || '5432');
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad(`The database URL's port "${portText}" is not a port number.`);
  const mode = (url.searchParams.get('sslmode') ?? 'prefer') as (typeof SSL_MODES)[number];
  if (!SSL_MODES.includes(mode)) throw bad(`sslmode=${mode} is not one of ${SSL_MODES.join(', ')}.`);
  const rootCert = url.searchParams.get('sslrootcert');
  let ca: string | undefined;
  if (rootCert) {
    try {
      ca = fs.readFileSync(rootCert, 'utf8');
    } catch {
      throw bad(`The server certificate authority file "${rootCert}" (sslrootcert) cannot be read.`);
    }
  }
  // As libpq: require encrypts without checking whom it talks to; verify-ca checks the
  // certificate's authority; verify-full also the host name. disable, allow and prefer: no TLS.
  const ssl: PostgresTarget['ssl'] =
    mode === 'require'
      ? { rejectUnauthorized: false }
      : mode === 'verify-ca'
        ? { rejectUnauthorized: true, ca, checkServerIdentity: () => undefined }
        : mode === 'verify-full'
          ? { rejectUnauthorized: true, ca }
          : false;
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  return { host, port, user, database, ssl, applicationName: url.searchParams.get('application_name') ?? 'PayDesk', display: text };
}
