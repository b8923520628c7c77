import { parseArgs } from 'node:util';
import { AppError } from '../shared/api/errors';
import { defaultDatabaseFile } from '../main/core/paths';
import { type CliContext, type Command, usageError } from './command';
import { COMMANDS } from './commands';

// The entry of the command line. It loads only the command it runs: `paydesk --help` reads the
// catalog (src/cli/commands/index.ts) and nothing of the core.

const COMMON = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  // Through a PayDesk server instead of a file (src/cli/remote.ts); also accepted before the command.
  server: { type: 'string' },
  user: { type: 'string' },
  fingerprint: { type: 'string' },
} as const;

const REMOTE_OPTIONS = new Set(['--server', '--user', '--fingerprint']);

/** `paydesk --server URL --user NAME <command> …`: the options given before the command, moved after it. */
function leadingOptions(argv: string[]): string[] {
  const lead: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const [flag] = argv[i].split('=');
    if (!REMOTE_OPTIONS.has(flag)) break;
    lead.push(argv[i]);
    if (!argv[i].includes('=') && i + 1 < argv.length) lead.push(argv[++i]);
  }
  return lead.length ? [...argv.slice(i), ...lead] : argv;
}

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'paydesk — the PayDesk command line (same core as the app)',
    '',
    'Usage: paydesk <command> [options]   (--db FILE, default: the app\'s database or $PAYDESK_DB; --json for machine output)',
    'Amounts are in dollars, as in the app: --amount 12.34 (a negative one is written --amount=-5).',
    'Through a PayDesk server: paydesk --server https://HOST:8443 --user NAME [--fingerprint SHA256] <command> …',
    '  (password from a prompt or $PAYDESK_PASSWORD; the server\'s certificate fingerprint is pinned at first use)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'paydesk <command> --help shows its options.',
  ].join('\n');
}

/** Where the CLI writes: the process's streams, or a test's. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export async function runCli(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = leadingOptions(argv);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${help()}\n`);
    return name ? 0 : 2;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  let json = rest.includes('--json');
  try {
    if (!entry) throw usageError(`unknown command "${name}". Run "paydesk --help" for the list.`);
    const command: Command = await entry.load();
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...COMMON, ...command.options }, allowPositionals: true, strict: true });
    } catch (err) {
      throw usageError(`${(err as Error).message}\nUsage: ${command.usage}`);
    }
    const values = parsed.values as CliContext['values'];
    const db = (values.db as string | undefined) ?? defaultDatabaseFile();
    if (values.help) {
      const more = command.help ? await command.help({ db }) : '';
      io.stdout.write(`${entry.summary}\nUsage: ${command.usage}\n${more ? `\n${more}\n` : ''}`);
      return 0;
    }
    json = !!values.json;
    const server = values.server as string | undefined;
    if (server) {
      if (values.db !== undefined) throw usageError('--db and --server do not go together: a command works on a database file or through a server');
      if (!values.user) throw usageError('--server needs --user NAME (the password comes from a prompt or PAYDESK_PASSWORD)');
      const { FILE_ONLY_COMMANDS } = await import('./remote.js');
      if (FILE_ONLY_COMMANDS.has(name)) throw usageError(`"${name}" works on a database file only: run it on the server's machine with --db`);
      // Through a server the signed-in user acts: a command's --as, if given, must name them.
      if (values.as === undefined) values.as = values.user;
    } else if (values.user !== undefined || values.fingerprint !== undefined) {
      throw usageError('--user and --fingerprint go with --server URL');
    }
    const ctx: CliContext = {
      values,
      positionals: parsed.positionals,
      db,
      json,
      out(result, text) {
        io.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${text ?? JSON.stringify(result, null, 2)}\n`);
      },
      async open(options = {}) {
        const as = typeof options.as === 'string' ? options.as : (values.as as string | undefined);
        if (server) {
          const user = values.user as string;
          if (as && as.toLowerCase() !== user.toLowerCase()) throw usageError(`through a server the command acts as the signed-in user (--user ${user}), not --as ${as}`);
          const { openRemote } = await import('./remote.js');
          return openRemote({ server, user, fingerprint: values.fingerprint as string | undefined });
        }
        const { openCore } = await import('./open.js');
        const opened = await openCore(db, as, { reading: options.reading === true });
        // Without --as, the command line acts as the operator of the database file.
        if (!as) opened.connection.becomeOperator();
        return opened;
      },
      progress(message) {
        if (!json) io.stderr.write(`… ${message}\n`);
      },
    };
    const code = await command.run(ctx);
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    const error = AppError.from(err);
    if (json) io.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
    io.stderr.write(`paydesk ${name}: ${error.message}\n`);
    for (const issue of error.issues?.slice(0, 50) ?? []) io.stderr.write(`  - ${issue.path}: ${issue.message}\n`);
    if (error.code === 'INTERNAL' && process.env.PAYDESK_DEBUG) io.stderr.write(`${(err as Error).stack}\n`);
    return error.code === 'BAD_REQUEST' ? 2 : 1;
  }
}
