import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// A throwaway PostgreSQL cluster for tests and the bench: initdb in a temp folder, a free port on
// 127.0.0.1 only (no Unix socket), a random password (given to clients through PGPASSWORD, as a
// user would), durability off (fsync: a crash loses only test data), stopped and removed at the
// end. Run as root (CI), the server runs as the `postgres` user through runuser: PostgreSQL
// refuses to run as root.

export interface ClusterInfo {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The server's version, e.g. "15.10". */
  version: string;
}

export interface Cluster extends ClusterInfo {
  stop(): void;
}

/** The folder of initdb and pg_ctl: PAYDESK_PG_BIN, else the newest /usr/lib/postgresql/N/bin, else the PATH. */
export function findPostgresBin(): string | undefined {
  const fromEnv = process.env.PAYDESK_PG_BIN;
  if (fromEnv) return fs.existsSync(path.join(fromEnv, 'initdb')) ? fromEnv : undefined;
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return path.join(root, versions[0], 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startCluster(bin = findPostgresBin()): Promise<Cluster> {
  if (!bin) throw new Error('PostgreSQL is not installed (no initdb found): install Debian\'s postgresql package, or set PAYDESK_PG_BIN.');
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paydesk-pg-'));
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]] : [path.join(bin, command), args];
    return execFileSync(file, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  };
  const data = path.join(dir, 'data');
  const user = 'paydesk';
  const password = randomBytes(18).toString('base64url');
  const pwfile = path.join(dir, 'password');
  fs.writeFileSync(pwfile, password, { mode: 0o600 });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    fs.chownSync(dir, uid, gid);
    fs.chownSync(pwfile, uid, gid);
  }
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', user, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '--encoding=UTF8', '--no-sync', '--no-instructions']);
    fs.rmSync(pwfile);
    fs.appendFileSync(
      path.join(data, 'postgresql.conf'),
      [
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = ''`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 200',
        // Two-server tests wait on each other's locks: a deadlock is found in 0.1 s, not 1 s.
        'deadlock_timeout = 100ms',
        '',
      ].join('\n'),
    );
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (err) {
    const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8') : '';
    fs.rmSync(dir, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`The throwaway PostgreSQL cluster did not start: ${(err as Error).message}\n${stderr}\n${log}`, { cause: err });
  }
  const version = run('postgres', ['--version']).trim().replace(/^.*\) /, '');
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    version,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
