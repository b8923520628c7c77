import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The PostgreSQL password, when the server asks for one: from PGPASSWORD, else from the user's
// password file as libpq reads it (PGPASSFILE, else ~/.pgpass, or %APPDATA%\postgresql\
// pgpass.conf on Windows; lines host:port:database:user:password, `*` matching anything, `\:`
// and `\\` escaped; on Linux and macOS a file others may read is ignored). Never from the URL
// or the command line.

interface Asked {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
}

function passfile(): string {
  if (process.env.PGPASSFILE) return process.env.PGPASSFILE;
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? os.homedir(), 'postgresql', 'pgpass.conf');
  return path.join(os.homedir(), '.pgpass');
}

/** A line's five fields, with its escapes undone. */
function fields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\' && i + 1 < line.length) field += line[++i];
    else if (line[i] === ':' && out.length < 4) {
      out.push(field);
      field = '';
    } else field += line[i];
  }
  out.push(field);
  return out;
}

export function passwordFromFile(asked: Asked, file = passfile()): { password?: string; ignored?: string } {
  let text: string;
  try {
    if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) {
      return { ignored: `${file} is ignored: others may read it (make it readable only by you: chmod 600 ${file})` };
    }
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const wanted = [asked.host ?? 'localhost', String(asked.port ?? 5432), asked.database ?? '', asked.user ?? ''];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const f = fields(line);
    if (f.length === 5 && wanted.every((w, i) => f[i] === '*' || f[i] === w)) return { password: f[4] };
  }
  return {};
}

/** node-postgres' password option: asked only when the server wants a password. */
export async function postgresPassword(asked: Asked): Promise<string> {
  const fromEnv = process.env.PGPASSWORD;
  if (fromEnv) return fromEnv;
  const { password, ignored } = passwordFromFile(asked);
  if (password !== undefined) return password;
  const who = `${asked.user ?? ''}@${asked.host ?? 'localhost'}:${asked.port ?? 5432}/${asked.database ?? ''}`;
  throw new Error(
    `the server asks for the password of ${who} and none was given: set PGPASSWORD, or add the line ` +
      `"${asked.host}:${asked.port}:${asked.database}:${asked.user}:PASSWORD" to ${passfile()}${ignored ? ` (${ignored})` : ''}.`,
  );
}
