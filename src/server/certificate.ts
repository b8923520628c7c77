import { X509Certificate, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { postgresLocalStem } from '../main/core/db/engine/key-location';
import { isPostgresUrl } from '../main/core/db/engine/url';

// The server's TLS certificate when the agency gives none: a self-signed one made on the first
// start and kept beside the database (the key owner-only). Made with node:crypto alone (an ECDSA
// P-256 key; the X.509 structure written in DER below), so the server needs no extra package.
// Clients trust it by its SHA-256 fingerprint, which `paydesk serve` prints and app-status shows.

// --- DER, the few types a certificate needs ---------------------------------------------------

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const seq = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => der(0x31, Buffer.concat(parts));
const explicit = (n: number, inner: Buffer) => der(0xa0 + n, inner);
const octets = (b: Buffer) => der(0x04, b);
const bits = (b: Buffer) => der(0x03, Buffer.concat([Buffer.from([0]), b]));
const utf8 = (s: string) => der(0x0c, Buffer.from(s, 'utf8'));

function integer(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const trimmed = b.subarray(i);
  return der(0x02, trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a * 40 + b];
  for (const v of rest) {
    const groups: number[] = [];
    let x = v;
    do {
      groups.unshift(x & 0x7f);
      x = Math.floor(x / 128);
    } while (x > 0);
    for (let g = 0; g < groups.length - 1; g++) groups[g] |= 0x80;
    out.push(...groups);
  }
  return der(0x06, Buffer.from(out));
}

/** UTCTime up to 2049, GeneralizedTime after (RFC 5280 section 4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'; // YYYYMMDDHHMMSSZ
  return d.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(iso.slice(2), 'ascii')) : der(0x18, Buffer.from(iso, 'ascii'));
}

const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';
const SUBJECT_ALT_NAME = '2.5.29.17';
const EXTENDED_KEY_USAGE = '2.5.29.37';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

function ipBytes(ip: string): Buffer {
  if (net.isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  // IPv6: expand "::" and write the eight groups.
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.concat(groups.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')));
}

export interface GeneratedCertificate {
  certPem: string;
  keyPem: string;
}

/**
 * A self-signed server certificate for the given names and addresses (the subject alternative
 * names a browser and Node check), valid from an hour ago for `years`.
 */
export function makeSelfSignedCertificate(options: { names: string[]; now: Date; years?: number }): GeneratedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const name = seq(set(seq(oid(COMMON_NAME), utf8('PayDesk server'))));
  const notBefore = new Date(options.now.getTime() - 3_600_000);
  const notAfter = new Date(options.now.getTime());
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + (options.years ?? 5));
  const altNames = [...new Set(options.names)].map((n) => (net.isIP(n) ? der(0x87, ipBytes(n)) : der(0x82, Buffer.from(n, 'ascii'))));
  const extensions = explicit(
    3,
    seq(seq(oid(SUBJECT_ALT_NAME), octets(seq(...altNames))), seq(oid(EXTENDED_KEY_USAGE), octets(seq(oid(SERVER_AUTH))))),
  );
  const algorithm = seq(oid(ECDSA_SHA256));
  const tbs = seq(explicit(0, integer(Buffer.from([2]))), integer(serial), algorithm, name, seq(time(notBefore), time(notAfter)), name, spki, extensions);
  const signature = sign('sha256', tbs, privateKey);
  const certDer = seq(tbs, algorithm, bits(signature));
  const certPem = `-----BEGIN CERTIFICATE-----\n${certDer.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
  return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** "AB:CD:…" (64 hex digits in pairs), as browsers and `openssl x509 -fingerprint -sha256` show it. */
export function fingerprintOf(certPem: string | Buffer): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** A fingerprint as typed by a person (any case, with or without colons), in the "AB:CD:…" form; null if it is not one. */
export function normalizeFingerprint(raw: string): string | null {
  const hex = raw.replace(/^sha256[:=]?/i, '').replace(/[:\s]/g, '').toUpperCase();
  return /^[0-9A-F]{64}$/.test(hex) ? hex.replace(/(..)(?!$)/g, '$1:') : null;
}

/**
 * Where the generated certificate and key of a database are kept: beside a database file; for a
 * PostgreSQL database, in the data folder beside its audit key (postgres/HOST-PORT-DATABASE.server-cert.pem).
 */
export function certificateFilesOf(database: string): { cert: string; key: string } {
  const stem = isPostgresUrl(database) ? postgresLocalStem(database) : database;
  return { cert: `${stem}.server-cert.pem`, key: `${stem}.server-key.pem` };
}

export interface ServerCertificate {
  cert: string;
  key: string;
  fingerprint: string;
  /** True when made just now (first start). */
  generated: boolean;
  certFile: string;
}

/**
 * The agency's certificate (--cert, --key), or the database's generated one, made on the first
 * start for localhost, this machine's name and the listening address.
 */
export function loadOrMakeCertificate(options: { /** A database file or a postgres:// URL. */ databaseFile: string; certFile?: string; keyFile?: string; listenHost: string; now: Date }): ServerCertificate {
  if (options.certFile || options.keyFile) {
    if (!options.certFile || !options.keyFile) throw new Error('--cert and --key go together: give both, or neither for a generated certificate.');
    const cert = fs.readFileSync(options.certFile, 'utf8');
    const key = fs.readFileSync(options.keyFile, 'utf8');
    return { cert, key, fingerprint: fingerprintOf(cert), generated: false, certFile: options.certFile };
  }
  const files = certificateFilesOf(options.databaseFile);
  if (fs.existsSync(files.cert) && fs.existsSync(files.key)) {
    const cert = fs.readFileSync(files.cert, 'utf8');
    return { cert, key: fs.readFileSync(files.key, 'utf8'), fingerprint: fingerprintOf(cert), generated: false, certFile: files.cert };
  }
  const names = ['localhost', '127.0.0.1', '::1', os.hostname()];
  if (options.listenHost && !['0.0.0.0', '::'].includes(options.listenHost)) names.push(options.listenHost);
  const made = makeSelfSignedCertificate({ names, now: options.now });
  // A PostgreSQL database's place in the data folder may not exist yet (owner-only, as the key's).
  fs.mkdirSync(path.dirname(files.key), { recursive: true, mode: 0o700 });
  // The key first, owner-only from its creation; then the certificate (public).
  fs.writeFileSync(files.key, made.keyPem, { mode: 0o600 });
  fs.chmodSync(files.key, 0o600);
  fs.writeFileSync(files.cert, made.certPem, { mode: 0o644 });
  return { cert: made.certPem, key: made.keyPem, fingerprint: fingerprintOf(made.certPem), generated: true, certFile: files.cert };
}
