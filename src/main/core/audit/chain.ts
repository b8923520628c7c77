import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { ActorGroup, Group } from '../../../shared/domain/words';

// The audit trail: append-only (triggers of migration 0002) and hash-chained, so an event that
// was changed, removed or inserted out of order is found by verifying the chain.

export const GENESIS_HASH = '0'.repeat(64);

export interface Actor {
  userId: number | null;
  username: string;
  group: ActorGroup;
}

export const SYSTEM_ACTOR: Actor = { userId: null, username: 'system', group: 'System' };

/** The actor for a step that is not a workflow action (sign-in, settings): the user's first group. */
export function actorFor(user: { id: number; username: string; groups: readonly Group[] }): Actor {
  return { userId: user.id, username: user.username, group: user.groups[0] ?? 'Administrator' };
}

export interface AuditInput {
  actor: Actor;
  at: string;
  entity: string;
  entityId: number;
  action: string;
  before?: unknown;
  after?: unknown;
  reasonCode?: string | null;
  comment?: string | null;
  details?: unknown;
}

interface StoredContent {
  at: string;
  userId: number | null;
  username: string;
  groupName: string;
  entity: string;
  entityId: number;
  action: string;
  stateBefore: string | null;
  stateAfter: string | null;
  reasonCode: string | null;
  comment: string | null;
  details: string | null;
}

/**
 * Canonical JSON already written by the caller (for bulk details, e.g. thousands of attendance
 * days, where the generic walk below is the cost). The caller guarantees keys are sorted.
 */
export class CanonicalText {
  constructor(readonly json: string) {}
}

/** JSON with keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof CanonicalText) return value.json;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, the same order as `<` on strings.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

// The stored content's keys, sorted once: its canonical JSON is then written without sorting per event.
const CONTENT_KEYS: readonly (keyof StoredContent)[] = (
  ['at', 'userId', 'username', 'groupName', 'entity', 'entityId', 'action', 'stateBefore', 'stateAfter', 'reasonCode', 'comment', 'details'] as const
).slice().sort();

/** canonicalJson(content), exactly, for content with no keys but CONTENT_KEYS (what appendAudit and verifyChain pass). */
function contentJson(content: StoredContent): string {
  let out = '{';
  let first = true;
  for (const k of CONTENT_KEYS) {
    const v = content[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}"${k}":${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

export function eventHash(prevHash: string, content: StoredContent): string {
  const text = Object.keys(content).length === CONTENT_KEYS.length ? contentJson(content) : canonicalJson(content);
  return createHash('sha256').update(prevHash).update('\n').update(text).digest('hex');
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : canonicalJson(v));

// The two statements of appendAudit, compiled once per connection: bulk actions append thousands.
const LAST_HASH = `SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1`;
const INSERT_EVENT = `INSERT INTO audit_event (at, user_id, username, group_name, entity, entity_id, action, state_before,
         state_after, reason_code, comment, details, prev_hash, hash)
       VALUES (@at, @userId, @username, @groupName, @entity, @entityId, @action, @stateBefore, @stateAfter,
         @reasonCode, @comment, @details, @prevHash, @hash)`;
const STATEMENTS = new WeakMap<BetterSqlite3.Database, { last: BetterSqlite3.Statement; insert: BetterSqlite3.Statement }>();

function statements(sql: BetterSqlite3.Database) {
  let s = STATEMENTS.get(sql);
  if (!s) {
    s = { last: sql.prepare(LAST_HASH), insert: sql.prepare(INSERT_EVENT) };
    STATEMENTS.set(sql, s);
  }
  return s;
}

/** Appends one event; call it inside the transaction that makes the change it records. */
export function appendAudit(sql: BetterSqlite3.Database, input: AuditInput): number {
  const { last: lastHash, insert } = statements(sql);
  const last = lastHash.get() as { hash: string } | undefined;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content: StoredContent = {
    at: input.at,
    userId: input.actor.userId,
    username: input.actor.username,
    groupName: input.actor.group,
    entity: input.entity,
    entityId: input.entityId,
    action: input.action,
    stateBefore: json(input.before),
    stateAfter: json(input.after),
    reasonCode: input.reasonCode ?? null,
    comment: input.comment ?? null,
    details: json(input.details),
  };
  const hash = eventHash(prevHash, content);
  const result = insert.run({ ...content, prevHash, hash });
  return Number(result.lastInsertRowid);
}

export interface ChainReport {
  ok: boolean;
  events: number;
  /** The first event that does not verify, and why. */
  firstBad?: { id: number; problem: string };
}

interface AuditRow extends StoredContent {
  id: number;
  prevHash: string;
  hash: string;
}

/** Walks the whole chain in id order. Never repairs anything: a broken chain is reported. */
export function verifyChain(sql: BetterSqlite3.Database): ChainReport {
  const rows = sql
    .prepare(
      `SELECT id, at, user_id AS userId, username, group_name AS groupName, entity, entity_id AS entityId, action,
         state_before AS stateBefore, state_after AS stateAfter, reason_code AS reasonCode, comment, details,
         prev_hash AS prevHash, hash
       FROM audit_event ORDER BY id`,
    )
    .iterate() as IterableIterator<AuditRow>;
  let expectedPrev = GENESIS_HASH;
  let events = 0;
  for (const row of rows) {
    events += 1;
    if (row.prevHash !== expectedPrev) {
      return { ok: false, events, firstBad: { id: row.id, problem: 'its previous-hash does not match the event before it' } };
    }
    const { id: _id, prevHash, hash, ...content } = row;
    if (eventHash(prevHash, content) !== hash) {
      return { ok: false, events, firstBad: { id: row.id, problem: 'its content does not match its hash (changed after it was written)' } };
    }
    expectedPrev = hash;
  }
  return { ok: true, events };
}
