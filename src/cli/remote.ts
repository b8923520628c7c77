import path from 'node:path';
import { AppError } from '../shared/api/errors';
import type { Connection, Core } from '../main/core/core';
import { defaultDataDir } from '../main/core/paths';
import { pinStore, RemoteConnection, ServerTransport } from '../server/client';

// `paydesk --server URL --user NAME <command>`: the command's handler calls go to a PayDesk
// server instead of a database file. Loaded only then (like open.ts, never by --help).

/** Commands that work on the database file itself, never through a server. */
export const FILE_ONLY_COMMANDS = new Set(['demo', 'new-database', 'backup', 'restore', 'verify-audit', 'housekeeping', 'serve', 'export-folder']);

/** Where the fingerprints of servers are pinned: $PAYDESK_PINS, or beside the app's data. */
export function pinFile(): string {
  return process.env.PAYDESK_PINS || path.join(defaultDataDir(), 'server-pins.json');
}

/** The password: $PAYDESK_PASSWORD, or asked on the terminal without echo. */
async function password(user: string, server: string): Promise<string> {
  const fromEnv = process.env.PAYDESK_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new AppError({ code: 'BAD_REQUEST', message: 'Give the password in the PAYDESK_PASSWORD environment variable, or run on a terminal to be asked for it.' });
  }
  process.stderr.write(`Password for ${user} at ${server}: `);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise<string>((resolve, reject) => {
    let typed = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new AppError({ code: 'BAD_REQUEST', message: 'Cancelled.' }));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * Signs in at the server and gives the command a connection with the core's Connection shape, and
 * a stand-in for the core whose close() signs out (a command through a server has no core).
 */
export async function openRemote(options: { server: string; user: string; fingerprint?: string }): Promise<{ core: Core; connection: Connection }> {
  const transport = new ServerTransport({ url: options.server, fingerprint: options.fingerprint, pins: pinStore(pinFile()) });
  const connection = new RemoteConnection(transport);
  try {
    await connection.signIn(options.user, await password(options.user, transport.origin));
  } catch (err) {
    transport.close();
    throw err;
  }
  const stand: Record<string | symbol, unknown> = {
    async close() {
      try {
        await connection.signOut();
      } finally {
        transport.close();
      }
    },
    // Progress events are not carried from a server (phase A): the command prints its result.
    onEvent: () => () => undefined,
  };
  const core = new Proxy(stand, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === 'then') return undefined;
      throw new AppError({ code: 'REFUSED', message: 'This command works on a database file only, not through a server: run it on the server\'s machine with --db.' });
    },
  });
  return { core: core as unknown as Core, connection: connection as unknown as Connection };
}
