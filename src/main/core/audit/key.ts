import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/errors';
import { postgresAuditKeyFile } from '../db/engine/key-location';
import { isPostgresUrl } from '../db/engine/url';

// The audit key (DESIGN.md section 9): the HMAC key of the audit chain, kept OUTSIDE the database
// so that someone who can edit the SQLite file cannot rewrite its history and recompute the
// hashes. It lives in a file beside the database, NAME.sqlite.audit-key, readable by its owner
// only. On a desktop the file's key is itself encrypted with a secret the PayDesk app keeps in
// the OS keychain (Electron safeStorage): a copied file is useless without that user's login.
// A database moved to another machine travels with its key file; see README "The audit key".

export interface AuditKey {
  readonly bytes: Buffer;
  /** A short fingerprint naming the key (never the key): the first 16 hex digits of its SHA-256. */
  readonly id: string;
}

export const KEY_FILE_SUFFIX = '.audit-key';
const FORMAT = 'paydesk-audit-key';
/** What protects a key file on a desktop: the app's secret from the OS keychain. */
export const DESKTOP_PROTECTION = 'desktop-keychain';

export function auditKeyFile(databaseFile: string): string {
  // A PostgreSQL database has no folder of its own here: its key sits in the data folder.
  if (isPostgresUrl(databaseFile)) return postgresAuditKeyFile(databaseFile);
  return `${path.resolve(databaseFile)}${KEY_FILE_SUFFIX}`;
}

/** Where a new key waits until the seal that uses it has committed (then it is renamed into place). */
export function pendingKeyFile(keyFile: string): string {
  return `${keyFile}.new`;
}

export function auditKey(bytes: Buffer): AuditKey {
  if (bytes.length !== 32) throw new Error('an audit key is 32 bytes');
  return { bytes, id: createHash('sha256').update(bytes).digest('hex').slice(0, 16) };
}

export function newAuditKey(): AuditKey {
  return auditKey(randomBytes(32));
}

interface PlainFile {
  format: typeof FORMAT;
  version: 1;
  key: string;
}
interface ProtectedFile {
  format: typeof FORMAT;
  version: 1;
  protected: typeof DESKTOP_PROTECTION;
  iv: string;
  data: string;
  tag: string;
}

/** The key file's text: plain (hex) or, given the desktop's keychain secret, AES-256-GCM under it. */
export function keyFileText(key: AuditKey, vault?: Buffer | null): string {
  if (!vault) return `${JSON.stringify({ format: FORMAT, version: 1, key: key.bytes.toString('hex') } satisfies PlainFile)}\n`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', vault, iv);
  const data = Buffer.concat([cipher.update(key.bytes), cipher.final()]);
  const file: ProtectedFile = { format: FORMAT, version: 1, protected: DESKTOP_PROTECTION, iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
  return `${JSON.stringify(file)}\n`;
}

const unreadable = (file: string, why: string) =>
  new AppError({ code: 'REFUSED', rule: 'audit.key-unreadable', message: `The audit key file ${file} cannot be used: ${why}.` });

/** Reads a key file; null when there is none. A file that is there but unusable is an error that says why. */
export function readKeyFile(file: string, vault?: Buffer | null): AuditKey | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw unreadable(file, (err as Error).message);
  }
  let parsed: Partial<PlainFile & ProtectedFile>;
  try {
    parsed = JSON.parse(text) as Partial<PlainFile & ProtectedFile>;
  } catch {
    throw unreadable(file, 'it is not a PayDesk audit key file');
  }
  if (parsed.format !== FORMAT || parsed.version !== 1) throw unreadable(file, 'it is not a PayDesk audit key file (version 1)');
  if (parsed.protected === DESKTOP_PROTECTION) {
    if (!vault) {
      throw unreadable(
        file,
        "it is protected by the PayDesk desktop app's keychain on the computer that made it; save a plain copy from the app (Settings → Audit trail → Save the audit key) to use it here",
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', vault, Buffer.from(parsed.iv ?? '', 'base64'));
      decipher.setAuthTag(Buffer.from(parsed.tag ?? '', 'base64'));
      return auditKey(Buffer.concat([decipher.update(Buffer.from(parsed.data ?? '', 'base64')), decipher.final()]));
    } catch {
      throw unreadable(file, "this computer's keychain cannot open it (it was protected by another user or computer)");
    }
  }
  if (typeof parsed.key !== 'string' || !/^[0-9a-f]{64}$/.test(parsed.key)) throw unreadable(file, 'its key is not 64 hexadecimal digits');
  return auditKey(Buffer.from(parsed.key, 'hex'));
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder to flush it; its renames are durable through NTFS's journal.
  }
}

/**
 * Writes a new key file readable by its owner only. `exclusive`: refuse if the file exists (two
 * PayDesk processes opening one database for the first time: only one makes its key).
 */
export function writeKeyFile(file: string, key: AuditKey, vault: Buffer | null | undefined, options: { exclusive?: boolean } = {}): void {
  // A PostgreSQL database's key sits in the data folder's postgres/, made on the first key
  // (db/engine/key-location.ts); a SQLite file's folder is there already.
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = fs.openSync(file, options.exclusive ? 'wx' : 'w', 0o600);
  try {
    fs.writeFileSync(fd, keyFileText(key, vault));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  // The mode given to open() is masked by the umask and ignored when the file was there already.
  if (process.platform !== 'win32') fs.chmodSync(file, 0o600);
  fsyncDir(path.dirname(file));
}

/** Moves a pending key into place once its seal has committed. */
export function commitKeyFile(pending: string, file: string): void {
  fs.renameSync(pending, file);
  fsyncDir(path.dirname(file));
}

/**
 * Copies a database file to another place with everything that belongs to it: its WAL and
 * shared-memory files if present, and its audit key (the copy's key file is beside the copy).
 * Close the database first, or copy with SQLite's backup, for a consistent copy.
 */
export function copyDatabase(from: string, to: string): void {
  // A PostgreSQL database is no file here: only its key is copied (to the data folder). Taken for
  // a path, its URL made a folder named "postgres:" in the working folder.
  const files = !isPostgresUrl(from) && !isPostgresUrl(to);
  if (files) {
    fs.mkdirSync(path.dirname(path.resolve(to)), { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(from + suffix)) fs.copyFileSync(from + suffix, to + suffix);
      else if (suffix) fs.rmSync(to + suffix, { force: true });
    }
  }
  const key = auditKeyFile(from);
  if (fs.existsSync(key)) {
    if (!files) fs.mkdirSync(path.dirname(auditKeyFile(to)), { recursive: true, mode: 0o700 });
    fs.copyFileSync(key, auditKeyFile(to));
    if (process.platform !== 'win32') fs.chmodSync(auditKeyFile(to), 0o600);
  }
}
