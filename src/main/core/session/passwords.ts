import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt from node:crypto: memory-hard, no native add-on. Stored as scrypt$N$r$p$salt$hash.
// N = 2^17 (128 MiB, about a second on an office PC): a stolen database file costs an attacker
// that much per guess. Hashes made with a smaller N are made again at the user's next sign-in.
export const SCRYPT_N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** Enough for N = 2^17 with r = 8 (128 MiB) and Node's bookkeeping. */
const MAX_MEMORY = 256 * 1024 * 1024;

// One derivation at a time: each takes 128 MiB, and a burst of sign-ins (or of guesses at the
// preview) must queue rather than take the machine's memory.
let queue: Promise<unknown> = Promise.resolve();

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  const run = () =>
    new Promise<Buffer>((resolve, reject) =>
      scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEMORY }, (err, key) => (err ? reject(err) : resolve(key))),
    );
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT_N, R, P);
  return `scrypt$${SCRYPT_N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function parse(stored: string): { n: number; r: number; p: number; salt: Buffer; hash: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  // A stored cost above ours would let whoever wrote the file make every sign-in take the machine.
  if (![n, r, p].every(Number.isSafeInteger) || n > SCRYPT_N || r > R || p > P || n < 2) return null;
  return { n, r, p, salt: Buffer.from(parts[4], 'base64'), hash: Buffer.from(parts[5], 'base64') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.n, parsed.r, parsed.p);
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

/** True for a hash made with weaker settings than today's: made again at the next sign-in. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.n < SCRYPT_N || parsed.r < R;
}
