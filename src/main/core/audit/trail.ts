import fs from 'node:fs';
import { AppError } from '../../../shared/api/errors';
import { appendAudits, AUDIT_CHAIN_LOCK, AUDIT_ROW_COLUMNS, auditTrailOf, bindAuditTrail, eventVerifies, SEAL, SYSTEM_ACTOR, verifyChain, type AuditInput, type AuditRow, type TrailState } from './chain';
import { bankDigest } from './digest';
import type { Db, Queryable, Tx } from '../db/engine/port';
import { auditKey, auditKeyFile, commitKeyFile, DESKTOP_PROTECTION, newAuditKey, pendingKeyFile, readKeyFile, writeKeyFile, type AuditKey } from './key';

// Opening a database's audit trail with its key (DESIGN.md section 9), once per connection,
// before anything is written:
// - key and seal found: the trail is bound to the connection, keyed from the seal on;
// - no key yet and no seal (a new database, or one made before keys): a key is made, the plain
//   chain so far is verified and sealed by the first keyed event, and each provider's bank details
//   are recorded by a keyed baseline event (what the export checks accounts against); the key
//   file appears once the seal has committed;
// - a seal without its key, or a key without a seal: the trail is bound without a key, with the
//   reason; nothing can be written (appendAudits refuses) and verifyChain says why.

export interface TrailOptions {
  /** The desktop app's keychain secret, which protects key files at rest (absent on the CLI and the server). */
  vault?: Buffer | null;
  /** The key itself (an in-memory database, or a caller that keeps it elsewhere). */
  key?: Buffer | null;
  /** When the seal is recorded. */
  at: string;
}

export interface OpenedTrail extends TrailState {
  /** The key file, or null for an in-memory database. */
  keyFile: string | null;
  /** True when this open sealed the trail (made its key). */
  sealedNow: boolean;
}

function isProtected(keyFile: string | null): boolean {
  if (!keyFile) return false;
  try {
    return (JSON.parse(fs.readFileSync(keyFile, 'utf8')) as { protected?: string }).protected === DESKTOP_PROTECTION;
  } catch {
    return false;
  }
}

/** A pending key older than this was left by a process that stopped before its seal committed. */
const STALE_PENDING_MS = 60_000;

function firstSeal(db: Queryable): Promise<{ id: number } | undefined> {
  return db.one<{ id: number }>(`SELECT id FROM audit_event WHERE entity = ? AND action = ? ORDER BY id LIMIT 1`, [SEAL.entity, SEAL.action]);
}

async function countEvents(db: Queryable): Promise<number> {
  return (await db.one<{ n: number }>(`SELECT count(*) AS n FROM audit_event`))!.n;
}

/** Whether the seal event verifies under this key (it was made with it). */
async function sealVerifies(db: Queryable, sealId: number, key: AuditKey): Promise<boolean> {
  const row = await db.one<AuditRow>(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_event WHERE id = ?`, [sealId]);
  return eventVerifies(row!, { key, sealId });
}

function bind(db: Queryable, state: OpenedTrail): OpenedTrail {
  bindAuditTrail(db, state);
  return state;
}

/**
 * The seal and the bank-detail baselines, appended under `key` in one immediate transaction.
 * Returns the seal's id, or null when another process sealed the trail first.
 */
async function seal(tx: Tx, key: AuditKey, at: string): Promise<number | null> {
  if (await firstSeal(tx)) return null;
  const head = await tx.one<{ id: number; hash: string }>(`SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1`);
  const events = await countEvents(tx);
  bindAuditTrail(tx, { key, sealId: null, problem: null });
  const inputs: AuditInput[] = [
    {
      actor: SYSTEM_ACTOR,
      at,
      entity: SEAL.entity,
      entityId: 1,
      action: SEAL.action,
      after: { keyId: key.id, scheme: 'HMAC-SHA-256', sealedEvents: events, sealedHeadId: head?.id ?? null, sealedHeadHash: head?.hash ?? null },
    },
  ];
  // Every provider's bank details as they are now, keyed: what an export checks accounts against
  // until a confirmed change records new ones.
  for (const p of await tx.rows<{ id: number; routing: string | null; account: string | null }>(
    `SELECT id, routing_number AS routing, account_number AS account FROM provider ORDER BY id`,
  )) {
    inputs.push({ actor: SYSTEM_ACTOR, at, entity: 'provider', entityId: p.id, action: 'seal-bank-details', after: { bankDigest: bankDigest(key, p.routing, p.account) } });
  }
  return (await appendAudits(tx, inputs))[0];
}

/**
 * Opens (and, the first time, seals) the trail of the database at `databaseFile` (a file, or a
 * PostgreSQL URL: its key is kept as for a file of that name). `db` is the engine (`store.db`), not
 * a transaction's handle: the seal is a write transaction of its own.
 */
export async function openAuditTrail(db: Db, databaseFile: string, options: TrailOptions): Promise<OpenedTrail> {
  const memory = databaseFile === ':memory:' || databaseFile === '';
  const keyFile = memory ? null : auditKeyFile(databaseFile);
  const sealed = await firstSeal(db);
  const base = { keyFile, sealedNow: false, protectedAtRest: !!options.vault && !options.key && !memory && isProtected(keyFile) };
  let key: AuditKey | null;
  try {
    key = options.key ? auditKey(options.key) : keyFile ? readKeyFile(keyFile, options.vault) : null;
  } catch (err) {
    // A key file that is there but cannot be used: opened without a key, saying why.
    if (!(err instanceof AppError)) throw err;
    return bind(db, { ...base, key: null, sealId: sealed?.id ?? null, problem: err.message });
  }

  if (!key && keyFile && sealed) {
    // A key made by a process that stopped between its seal's commit and the file's rename.
    const pending = pendingKeyFile(keyFile);
    const candidate = readKeyFile(pending, options.vault);
    if (candidate && (await sealVerifies(db, sealed.id, candidate))) {
      commitKeyFile(pending, keyFile);
      key = candidate;
    }
  }
  if (key && sealed) return bind(db, { ...base, key, sealId: sealed.id, problem: null });
  if (!key && sealed) {
    return bind(db, {
      ...base,
      key: null,
      sealId: sealed.id,
      problem: `The audit key of this database is missing (it belongs at ${keyFile}): its trail cannot be verified and nothing can be recorded. Put the key file back from the backup of this database (README: "The audit key").`,
    });
  }
  if (key && (await countEvents(db)) > 0) {
    return bind(db, {
      ...base,
      key,
      sealId: null,
      problem: `This database has an audit key (${keyFile}) but its trail was never sealed with it: events were removed or rewritten, or the key belongs to another database.`,
    });
  }

  // First open with keys: verify the plain chain, make a key, seal.
  const plain = await verifyChain(db, { key: null, expectSeal: false });
  if (!plain.ok) {
    return bind(db, {
      ...base,
      key: null,
      sealId: null,
      problem: `The audit trail does not verify (event ${plain.firstBad!.id} ${plain.firstBad!.problem}), so it cannot be sealed with a key: nothing can be recorded until it is restored from a backup.`,
    });
  }
  // A key file beside an empty database (a database deleted and made again) seals the new trail.
  const made = !key;
  key ??= newAuditKey();
  const pending = keyFile && made && !memory ? pendingKeyFile(keyFile) : null;
  if (pending) {
    try {
      writeKeyFile(pending, key, options.vault, { exclusive: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - fs.statSync(pending).mtimeMs;
      if (age < STALE_PENDING_MS) {
        throw new AppError({ code: 'UNAVAILABLE', message: 'Another PayDesk is opening this database for the first time (making its audit key): try again in a moment.' });
      }
      writeKeyFile(pending, key, options.vault);
    }
  }
  const sealKey = key;
  const sealId = await db.transaction({ mode: 'write', locks: [AUDIT_CHAIN_LOCK] }, (tx) => seal(tx, sealKey, options.at));
  if (sealId === null) {
    // Another process sealed it meanwhile: use its key.
    if (pending) fs.rmSync(pending, { force: true });
    return openAuditTrail(db, databaseFile, options);
  }
  if (pending && keyFile) commitKeyFile(pending, keyFile);
  return bind(db, { ...base, key, sealId, problem: null, sealedNow: true, protectedAtRest: !!pending && !!options.vault });
}

/** The trail's state on this connection, or a clear refusal when it was not opened. */
export function trailOf(db: Queryable): TrailState {
  const state = auditTrailOf(db);
  if (!state) throw new AppError({ code: 'INTERNAL', message: 'The audit trail of this database was not opened.' });
  return state;
}


/**
 * Binds and verifies a trail without writing anything: for a file that must not be written (a
 * backup being checked, a damaged database opened read-only). The key is the one given or the one
 * beside the file; a trail never sealed is verified as the plain chain it is. Returns why the
 * trail cannot be trusted, or null when it verifies.
 */
export async function inspectAuditTrail(db: Queryable, databaseFile: string, options: { vault?: Buffer | null; key?: AuditKey | null }): Promise<string | null> {
  const memory = databaseFile === ':memory:' || databaseFile === '';
  const keyFile = memory ? null : auditKeyFile(databaseFile);
  const sealed = await firstSeal(db);
  let key: AuditKey | null;
  try {
    key = options.key ?? (keyFile ? readKeyFile(keyFile, options.vault) : null);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    bindAuditTrail(db, { key: null, sealId: sealed?.id ?? null, problem: err.message, keyFile });
    return err.message;
  }
  if (sealed && !key) {
    const problem = `The audit key of this database is missing (it belongs at ${keyFile}): its trail cannot be verified.`;
    bindAuditTrail(db, { key: null, sealId: sealed.id, problem, keyFile });
    return problem;
  }
  bindAuditTrail(db, { key: sealed ? key : null, sealId: sealed?.id ?? null, problem: null, keyFile });
  const report = await verifyChain(db, { key: sealed ? key : null, expectSeal: !!sealed });
  return report.ok ? null : (report.problem ?? `The audit trail does not verify: event ${report.firstBad!.id} ${report.firstBad!.problem}.`);
}

/**
 * Binds the trail for a connection that only reads (a read command of the CLI, the database opened
 * with query_only), without walking the chain: the key beside the file, and a few HMACs, the seal's
 * and the last event's, under it. A key that is missing or wrong is found; an event rewritten in
 * the middle of the chain is not (verifyChain finds it, at every open that may write). Nothing is
 * written, not even a pending key file committed. Returns why the trail cannot be trusted, or
 * null; or 'unsealed' for a trail never sealed, which only an open that may write can seal.
 */
export async function glanceAuditTrail(db: Queryable, databaseFile: string, options: { vault?: Buffer | null }): Promise<string | null | 'unsealed'> {
  const memory = databaseFile === ':memory:' || databaseFile === '';
  const keyFile = memory ? null : auditKeyFile(databaseFile);
  const sealed = await firstSeal(db);
  if (!sealed) return 'unsealed';
  const base = { keyFile, protectedAtRest: !!options.vault && isProtected(keyFile) };
  let key: AuditKey | null;
  try {
    key = keyFile ? readKeyFile(keyFile, options.vault) : null;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    bindAuditTrail(db, { ...base, key: null, sealId: sealed.id, problem: err.message });
    return err.message;
  }
  const refuse = (problem: string) => {
    bindAuditTrail(db, { ...base, key: null, sealId: sealed.id, problem });
    return problem;
  };
  if (!key) return refuse(`The audit key of this database is missing (it belongs at ${keyFile}): its trail cannot be verified and nothing can be recorded. Put the key file back from the backup of this database (README: "The audit key").`);
  if (!(await sealVerifies(db, sealed.id, key))) return refuse(`The audit trail does not verify: event ${sealed.id} is the trail's seal and does not verify with this database's audit key (the wrong key, or a forged seal).`);
  const last = (await db.one<AuditRow>(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_event ORDER BY id DESC LIMIT 1`))!;
  if (!eventVerifies(last, { key, sealId: sealed.id })) {
    return refuse(`The audit trail does not verify: event ${last.id} its content does not match its keyed hash (changed after it was written, or its hash recomputed without the key).`);
  }
  bindAuditTrail(db, { ...base, key, sealId: sealed.id, problem: null });
  return null;
}
