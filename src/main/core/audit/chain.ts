import { createHmac, hash as digest } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import type { ActorGroup, Group } from '../../../shared/domain/words';
import type { AuditKey } from './key';
import { isPort, originOf } from '../db/engine/legacy';
import type { Queryable, Tx } from '../db/engine/port';

// The audit trail: append-only (triggers of migration 0002) and hash-chained, so an event that
// was changed, removed or inserted out of order is found by verifying the chain. The chain is
// keyed (DESIGN.md section 9): every event since the trail's seal is an HMAC-SHA-256 under the
// audit key, which lives outside the database (key.ts), so a rewritten event cannot be given a
// hash that verifies. Events from before the seal (databases made before keys) keep their plain
// SHA-256 chain, which the seal event covers: it is keyed and chained to the last of them.

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
  const keys = Object.keys(record);
  // Sorted in place by `<` on strings (UTF-16 code units, as the default sort): an insertion
  // sort, since an event's objects have a handful of keys and this runs for every event.
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > k; j--) keys[j + 1] = keys[j];
    keys[j + 1] = k;
  }
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${keyJson(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

// A key's JSON, kept: the same few dozen field names come back in every event.
const KEY_JSON = new Map<string, string>();
function keyJson(key: string): string {
  let text = KEY_JSON.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (KEY_JSON.size < 10_000) KEY_JSON.set(key, text);
  }
  return text;
}

// The stored content's keys, sorted: its canonical JSON is written in this order without sorting per event.
const CONTENT_KEYS: readonly (keyof StoredContent)[] = [
  'action', 'at', 'comment', 'details', 'entity', 'entityId', 'groupName', 'reasonCode', 'stateAfter', 'stateBefore', 'userId', 'username',
];

// Each stored value is a string, a number or null: its canonical JSON is JSON.stringify's.
const j = (v: string | number | null): string => (v === null ? 'null' : JSON.stringify(v));

/**
 * canonicalJson(content), exactly, for content with just CONTENT_KEYS, none undefined (what
 * appendAudit and verifyChain pass), written out: the chain hashes every event, and verifies them all at start.
 */
function contentJson(c: StoredContent): string {
  return `{"action":${j(c.action)},"at":${j(c.at)},"comment":${j(c.comment)},"details":${j(c.details)},"entity":${j(c.entity)},"entityId":${j(
    c.entityId,
  )},"groupName":${j(c.groupName)},"reasonCode":${j(c.reasonCode)},"stateAfter":${j(c.stateAfter)},"stateBefore":${j(c.stateBefore)},"userId":${j(
    c.userId,
  )},"username":${j(c.username)}}`;
}

function isPlainContent(content: StoredContent): boolean {
  const record = content as unknown as Record<string, unknown>;
  if (Object.keys(record).length !== CONTENT_KEYS.length) return false;
  for (const k of CONTENT_KEYS) {
    const v = record[k];
    if (v !== null && typeof v !== 'string' && typeof v !== 'number') return false;
  }
  return true;
}

// One-shot hashing: for an event's few hundred bytes, building a Hash object cost more than hashing.
const sha256 = (prevHash: string, text: string): string => digest('sha256', `${prevHash}\n${text}`, 'hex');
const hmac = (key: AuditKey, prevHash: string, text: string): string => createHmac('sha256', key.bytes).update(`${prevHash}\n${text}`).digest('hex');

/** An event's hash: keyed (HMAC-SHA-256) with the audit key, plain SHA-256 for events before the seal. */
export function eventHash(prevHash: string, content: StoredContent, key?: AuditKey | null): string {
  const text = isPlainContent(content) ? contentJson(content) : canonicalJson(content);
  return key ? hmac(key, prevHash, text) : sha256(prevHash, text);
}

/** The seal: the first keyed event, chained to the last plain one (or the genesis of a new trail). */
export const SEAL = { entity: 'audit-trail', action: 'seal' } as const;
export const isSeal = (e: { entity: string; action: string }): boolean => e.entity === SEAL.entity && e.action === SEAL.action;

/** What a connection appends with: its trail's key (null when the key is missing: nothing can be appended). */
export interface TrailState {
  key: AuditKey | null;
  /** The seal's event id (events from it on are keyed); null before the trail is sealed. */
  sealId: number | null;
  /** Why the trail cannot be written or verified, in words for the user; null when it can. */
  problem: string | null;
  /** Where the key is kept (null: in memory), and whether it is encrypted there by the desktop's keychain. */
  keyFile?: string | null;
  protectedAtRest?: boolean;
}
// By the database (the port's `origin`: the SQLite connection, or the PostgreSQL engine).
const TRAILS = new WeakMap<object, TrailState>();

/** Binds an opened trail to the database (trail.ts does this when a database is opened). */
export function bindAuditTrail(on: Queryable | BetterSqlite3.Database, state: TrailState): void {
  TRAILS.set(originOf(on), state);
}

export function auditTrailOf(on: Queryable | BetterSqlite3.Database): TrailState | undefined {
  return TRAILS.get(originOf(on));
}

function appendKey(on: Queryable | BetterSqlite3.Database): AuditKey {
  const state = TRAILS.get(originOf(on));
  if (state?.key) return state.key;
  throw new AppError({
    code: 'REFUSED',
    rule: 'audit.no-key',
    message: state?.problem ?? 'The audit trail of this database was not opened with its audit key: nothing can be recorded.',
  });
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : canonicalJson(v));

// The statements of appendAudit, compiled once per connection: bulk actions append thousands.
const LAST_HASH = `SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1`;
const COLUMNS = `INSERT INTO audit_event (at, user_id, username, group_name, entity, entity_id, action, state_before,
         state_after, reason_code, comment, details, prev_hash, hash) VALUES `;
const ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Events inserted this many to a statement: per-statement overhead was most of a bulk append. */
const BATCH = 32;
const STATEMENTS = new WeakMap<BetterSqlite3.Database, { last: BetterSqlite3.Statement; one: BetterSqlite3.Statement; many: BetterSqlite3.Statement }>();

function statements(sql: BetterSqlite3.Database) {
  let s = STATEMENTS.get(sql);
  if (!s) {
    s = { last: sql.prepare(LAST_HASH), one: sql.prepare(COLUMNS + ROW), many: sql.prepare(COLUMNS + new Array(BATCH).fill(ROW).join(', ')) };
    STATEMENTS.set(sql, s);
  }
  return s;
}

// A lone UTF-16 surrogate (half an emoji cut off in a pasted comment) is stored by SQLite as
// U+FFFD: hashed as given, the event would no longer verify when read back. So the texts people
// write go in with U+FFFD in its place, as they will be read.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
const asStored = (text: string | null): string | null => (text !== null && LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\uFFFD') : text);

function wholeNumber(value: number | null, what: string): number | null {
  if (value !== null && !Number.isSafeInteger(value)) throw new AppError({ code: 'INTERNAL', message: `An audit event's ${what} must be a whole number, not ${String(value)}.` });
  return value;
}

function contentOf(input: AuditInput): StoredContent {
  return {
    at: input.at,
    userId: wholeNumber(input.actor.userId, 'user id'),
    username: asStored(input.actor.username)!,
    groupName: input.actor.group,
    entity: input.entity,
    entityId: wholeNumber(input.entityId, 'entity id')!,
    action: input.action,
    stateBefore: json(input.before),
    stateAfter: json(input.after),
    reasonCode: asStored(input.reasonCode ?? null),
    comment: asStored(input.comment ?? null),
    details: json(input.details),
  };
}

function pushRow(values: unknown[], c: StoredContent, prevHash: string, hash: string): void {
  values.push(c.at, c.userId, c.username, c.groupName, c.entity, c.entityId, c.action, c.stateBefore, c.stateAfter, c.reasonCode, c.comment, c.details, prevHash, hash);
}

/** Where a write sends its audit event: appended at once, or collected by an AuditBatch. */
export type AuditSink = (input: AuditInput) => void;

/**
 * Events collected during a bulk write (a file of 40,000 children) and appended together at its
 * end, inside the same transaction: one read of the last hash and BATCH rows to a statement,
 * instead of both per event. Only for writes whose events no other event comes between.
 */
export class AuditBatch {
  private readonly inputs: AuditInput[] = [];
  constructor(private readonly db: Tx) {}
  readonly add: AuditSink = (input) => {
    this.inputs.push(input);
  };
  async flush(): Promise<number[]> {
    const inputs = this.inputs.splice(0);
    return appendAudits(this.db, inputs);
  }
}

/** @deprecated phase B (db/engine/PHASE-B.md): AuditBatch on the port (`tx.db`). */
export class SqlAuditBatch {
  private readonly inputs: AuditInput[] = [];
  constructor(private readonly sql: BetterSqlite3.Database) {}
  readonly add: AuditSink = (input) => {
    this.inputs.push(input);
  };
  flush(): number[] {
    const ids = appendAudits(this.sql, this.inputs);
    this.inputs.length = 0;
    return ids;
  }
}

/** Appends one event; call it inside the transaction that makes the change it records. */
export function appendAudit(db: Tx, input: AuditInput): Promise<number>;
/** @deprecated phase B (db/engine/PHASE-B.md): pass the port (`tx.db`). */
export function appendAudit(sql: BetterSqlite3.Database, input: AuditInput): number;
export function appendAudit(on: Tx | BetterSqlite3.Database, input: AuditInput): number | Promise<number> {
  if (isPort(on)) return appendAudits(on as Tx, [input]).then((ids) => ids[0]);
  return appendAudits(on, [input])[0];
}

// The chain is one line: two PayDesk servers on one PostgreSQL database append in turn. A
// transaction names the lock at its start (RunOptions.locks); one that did not takes it here.
export const AUDIT_CHAIN_LOCK = 'audit-chain';
const CHAIN_LOCKED = new WeakSet<Tx>();

const RETURNING = ' RETURNING id, hash';
const MANY = COLUMNS + new Array(BATCH).fill(ROW).join(', ') + RETURNING;
const ONE = COLUMNS + ROW + RETURNING;

/** appendAudits on the port: ids matched back by hash (RETURNING's order is not promised). */
async function appendAuditsOnPort(db: Tx, inputs: readonly AuditInput[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const key = appendKey(db);
  if (db.dialect.name === 'postgres') {
    if (!CHAIN_LOCKED.has(db)) {
      await db.lock(AUDIT_CHAIN_LOCK);
      CHAIN_LOCKED.add(db);
    }
    return appendHeld(db, key, inputs);
  }
  // SQLite: the head is read once per transaction: it holds the file's write lock, so no one else
  // appends meanwhile, and after each append the head is the last hash it wrote (forgotten if a
  // savepoint rolls back, or another statement writes events).
  let prevHash = await db.cached('audit_event', 'head', async () => (await db.one<{ hash: string }>(LAST_HASH))?.hash ?? GENESIS_HASH);
  const hashes = new Array<string>(inputs.length);
  const byHash = new Map<string, number>();
  const values: Array<string | number | null> = [];
  let first = 0;
  const flush = async (text: string) => {
    for (const r of await db.rows<{ id: number; hash: string }>(text, values)) byHash.set(r.hash, Number(r.id));
    values.length = 0;
  };
  for (let i = 0; i < inputs.length; i++) {
    const content = contentOf(inputs[i]);
    const hash = hmac(key, prevHash, contentJson(content));
    pushRow(values as unknown[], content, prevHash, hash);
    hashes[i] = hash;
    prevHash = hash;
    if (i - first + 1 === BATCH) {
      await flush(MANY);
      first = i + 1;
    }
  }
  // The rest one to a statement: one text per count would fill the statement cache.
  while (first < inputs.length) {
    const rest = values.splice(14);
    await flush(ONE);
    values.push(...rest);
    first++;
  }
  db.remember('audit_event', 'head', prevHash);
  return hashes.map((h) => byHash.get(h)!);
}

// PostgreSQL: a transaction's events are held and sent together (Queryable.hold): before any
// statement that names audit_event, before a savepoint and at the commit, up to HELD_BATCH to a statement.
// Each is a round trip, and a workflow action was one more for its event. Their ids are given
// here, the head's id + 1 on: the transaction holds the chain's lock, so no one else appends
// meanwhile; the statement moves the id sequence past them, for any insert that takes its id
// from the sequence (a copy's, an administrator's).
const ID_COLUMNS = ['id', 'at', 'user_id', 'username', 'group_name', 'entity', 'entity_id', 'action', 'state_before', 'state_after', 'reason_code', 'comment', 'details', 'prev_hash', 'hash'];
/** Held events are sent once this many are waiting (and at the latest before what reads them). */
const HELD_BATCH = 1024;

interface HeldEvents {
  /** Each event's row, its id first (ID_COLUMNS). */
  rows: Array<Array<string | number | null>>;
  /** The chain's head after the events appended so far (sent or not). */
  head: { id: number; hash: string };
}
const HELD = new WeakMap<Tx, HeldEvents>();

async function appendHeld(db: Tx, key: AuditKey, inputs: readonly AuditInput[]): Promise<number[]> {
  const head = await db.cached('audit_event', 'head', async () => (await db.one<{ id: number; hash: string }>(`SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1`)) ?? { id: 0, hash: GENESIS_HASH });
  let held = HELD.get(db);
  if (!held) HELD.set(db, (held = { rows: [], head }));
  let { id, hash: prevHash } = head;
  const ids = new Array<number>(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const content = contentOf(inputs[i]);
    const hash = hmac(key, prevHash, contentJson(content));
    const row: Array<string | number | null> = [++id];
    pushRow(row as unknown[], content, prevHash, hash);
    held.rows.push(row);
    ids[i] = id;
    prevHash = hash;
  }
  held.head = { id, hash: prevHash };
  const events = held;
  const send = (): Promise<unknown> => {
    const { rows } = events;
    events.rows = [];
    // The port's bulk insert (one statement text for any count), then the sequence past the last id.
    const writer = db.bulkInsert('audit_event', ID_COLUMNS, { batch: HELD_BATCH });
    for (const row of rows) writer.add(...row);
    const sent = [writer.flush(), db.syncIds('audit_event')];
    // Sending wrote the table, which forgets the head; it is still the last event appended.
    db.remember('audit_event', 'head', events.head);
    return Promise.all(sent);
  };
  const discard = () => {
    events.rows = [];
  };
  if (held.rows.length >= HELD_BATCH || !db.hold('audit_event', { send, discard })) await send();
  // After hold(), which forgets what was kept of the table: the head is the last event appended.
  db.remember('audit_event', 'head', events.head);
  return ids;
}

/**
 * Appends events in the order given, chained one to the next: the last hash is read once and the
 * rows go in BATCH to a statement. Call inside the transaction that makes the changes they record.
 * Returns the events' ids (rowids of one transaction's inserts into this table are consecutive:
 * each statement's last rowid names its first).
 */
export function appendAudits(db: Tx, inputs: readonly AuditInput[]): Promise<number[]>;
/** @deprecated phase B (db/engine/PHASE-B.md): pass the port (`tx.db`). */
export function appendAudits(sql: BetterSqlite3.Database, inputs: readonly AuditInput[]): number[];
export function appendAudits(on: Tx | BetterSqlite3.Database, inputs: readonly AuditInput[]): number[] | Promise<number[]> {
  if (isPort(on)) return appendAuditsOnPort(on as Tx, inputs);
  const sql = on;
  if (inputs.length === 0) return [];
  const key = appendKey(sql);
  const { last, one, many } = statements(sql);
  let prevHash = (last.get() as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
  const ids = new Array<number>(inputs.length);
  const values: unknown[] = [];
  let first = 0; // the index of the first event in `values`
  const flush = (statement: BetterSqlite3.Statement, count: number) => {
    const lastId = Number(statement.run(values).lastInsertRowid);
    for (let k = 0; k < count; k++) ids[first + k] = lastId - count + 1 + k;
    first += count;
    values.length = 0;
  };
  for (let i = 0; i < inputs.length; i++) {
    const content = contentOf(inputs[i]);
    // Built here from typed inputs, so plain by construction (eventHash checks that for read rows).
    const hash = hmac(key, prevHash, contentJson(content));
    pushRow(values, content, prevHash, hash);
    prevHash = hash;
    if (i - first + 1 === BATCH) flush(many, BATCH);
  }
  while (first < inputs.length) {
    const rest = values.splice(14);
    flush(one, 1);
    values.push(...rest);
  }
  return ids;
}

export interface ChainReport {
  ok: boolean;
  events: number;
  /** The first event that does not verify, and why. */
  firstBad?: { id: number; problem: string };
  /** Why the trail as a whole does not verify (a missing key, a missing seal, a broken anchor), in words for the user. */
  problem?: string;
  /** The seal's event id: events from it on are keyed. Null for a trail never sealed. */
  sealId?: number | null;
  /** Export batches whose recorded chain head (anchor) was checked, and what did not match. */
  anchors?: { checked: number; problems: Array<{ batchId: number; eventId: number; problem: string }> };
}

export interface AuditRow extends StoredContent {
  id: number;
  prevHash: string;
  hash: string;
}

export const AUDIT_ROW_COLUMNS = `id, at, user_id AS userId, username, group_name AS groupName, entity, entity_id AS entityId, action,
  state_before AS stateBefore, state_after AS stateAfter, reason_code AS reasonCode, comment, details, prev_hash AS prevHash, hash`;

/** Whether one event's own hash verifies (keyed from the seal on). Its place in the chain is verifyChain's. */
export function eventVerifies(row: AuditRow, trail: Pick<TrailState, 'key' | 'sealId'>): boolean {
  const keyed = trail.sealId !== null && row.id >= trail.sealId;
  if (keyed && !trail.key) return false;
  // The row's columns are the stored content's (plain by construction of the SELECT): written
  // out directly, as the export checks thousands of events at a time.
  const plain = typeof row.entityId === 'number' && (row.userId === null || typeof row.userId === 'number');
  const text = plain ? contentJson(row) : canonicalJson(contentOfRow(row));
  return (keyed ? hmac(trail.key!, row.prevHash, text) : sha256(row.prevHash, text)) === row.hash;
}

function contentOfRow(row: AuditRow): StoredContent {
  const { id: _id, prevHash: _p, hash: _h, ...content } = row;
  return content;
}

export interface VerifyOptions {
  /** The audit key; by default the one the connection's trail was opened with. */
  key?: AuditKey | null;
  /** Whether the trail must be sealed (a key exists for it). Default: when a key is known. */
  expectSeal?: boolean;
}

type Anchors = Map<number, Array<{ batchId: number; hash: string }>>;
const ANCHORS = `SELECT id AS batchId, anchor_event_id AS eventId, anchor_hash AS hash FROM export_batch WHERE anchor_event_id IS NOT NULL ORDER BY id`;

function anchorMap(rows: Array<{ batchId: number; eventId: number; hash: string }>): Anchors {
  const anchors: Anchors = new Map();
  for (const r of rows) anchors.set(r.eventId, [...(anchors.get(r.eventId) ?? []), { batchId: r.batchId, hash: r.hash }]);
  return anchors;
}

function anchorsOf(sql: BetterSqlite3.Database): Anchors {
  const hasColumn = sql.prepare(`SELECT 1 FROM pragma_table_info('export_batch') WHERE name = 'anchor_event_id'`).get();
  if (!hasColumn) return new Map();
  return anchorMap(sql.prepare(ANCHORS).all() as Array<{ batchId: number; eventId: number; hash: string }>);
}

/** Events read this many at a time (keyset pages): a trail of millions is never held whole. */
const VERIFY_PAGE = 5000;
const VERIFY_TEXT = `SELECT ${AUDIT_ROW_COLUMNS} FROM audit_event WHERE id > ? ORDER BY id LIMIT ${VERIFY_PAGE}`;

async function* pagesOf(db: Queryable): AsyncGenerator<AuditRow[]> {
  let after = 0;
  for (;;) {
    const rows = await db.rows<AuditRow>(VERIFY_TEXT, [after]);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < VERIFY_PAGE) return;
    after = rows[rows.length - 1].id;
  }
}

/**
 * Walks the whole chain in id order and checks every export batch's anchor against it. Never
 * repairs anything: a broken chain is reported with the first event that does not verify. Events
 * before the seal are plain SHA-256; the seal and every later event must verify under the key.
 */
export function verifyChain(db: Queryable, options?: VerifyOptions): Promise<ChainReport>;
/** @deprecated phase B (db/engine/PHASE-B.md): pass the port. */
export function verifyChain(sql: BetterSqlite3.Database, options?: VerifyOptions): ChainReport;
export function verifyChain(on: Queryable | BetterSqlite3.Database, options: VerifyOptions = {}): ChainReport | Promise<ChainReport> {
  if (isPort(on)) return verifyOnPort(on, options);
  const walk = walker(on, options, anchorsOf(on));
  for (const row of on.prepare(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_event ORDER BY id`).iterate() as IterableIterator<AuditRow>) {
    const verdict = walk.next(row);
    if (verdict) return verdict;
  }
  return walk.end();
}

async function verifyOnPort(db: Queryable, options: VerifyOptions): Promise<ChainReport> {
  const hasColumn = await db.one(db.dialect.columnExists, ['export_batch', 'anchor_event_id']);
  const walk = walker(db, options, hasColumn ? anchorMap(await db.rows(ANCHORS)) : new Map());
  for await (const page of pagesOf(db)) {
    for (const row of page) {
      const verdict = walk.next(row);
      if (verdict) return verdict;
    }
  }
  return walk.end();
}

/** The walk of verifyChain, one event at a time: `next` answers a report when the chain breaks there. */
function walker(on: Queryable | BetterSqlite3.Database, options: VerifyOptions, anchors: Anchors): { next(row: AuditRow): ChainReport | undefined; end(): ChainReport } {
  const trail = TRAILS.get(originOf(on));
  const key = options.key !== undefined ? options.key : (trail?.key ?? null);
  const expectSeal = options.expectSeal ?? key !== null;
  const anchorCount = [...anchors.values()].reduce((n, l) => n + l.length, 0);
  const anchorProblems: Array<{ batchId: number; eventId: number; problem: string }> = [];
  let expectedPrev = GENESIS_HASH;
  let events = 0;
  let sealId: number | null = null;
  let firstId: number | null = null;
  const bad = (id: number, problem: string): ChainReport => ({ ok: false, events, firstBad: { id, problem }, sealId });
  const next = (row: AuditRow): ChainReport | undefined => {
    events += 1;
    firstId ??= row.id;
    if (row.prevHash !== expectedPrev) {
      return bad(row.id, 'its previous-hash does not match the event before it (an event was removed, inserted or rewritten)');
    }
    const keyed = sealId !== null || isSeal(row);
    if (keyed && !key) {
      return { ...bad(row.id, "it is keyed and this database's audit key is missing"), problem: trail?.problem ?? "The audit key of this database is missing: its trail cannot be verified." };
    }
    const { id: _id, prevHash, hash, ...content } = row;
    if (eventHash(prevHash, content, keyed ? key : null) !== hash) {
      if (isSeal(row)) return bad(row.id, "it is the trail's seal and does not verify with this database's audit key (the wrong key, or a forged seal)");
      return bad(
        row.id,
        keyed
          ? 'its content does not match its keyed hash (changed after it was written, or its hash recomputed without the key)'
          : 'its content does not match its hash (changed after it was written)',
      );
    }
    if (sealId === null && isSeal(row)) sealId = row.id;
    for (const a of anchors.get(row.id) ?? []) {
      if (a.hash !== hash) anchorProblems.push({ batchId: a.batchId, eventId: row.id, problem: `export batch ${a.batchId} recorded event ${row.id} with another hash: the trail was rewritten after the batch` });
    }
    anchors.delete(row.id);
    expectedPrev = hash;
    return undefined;
  };
  return { next, end };
  function end(): ChainReport {
    for (const [eventId, list] of anchors) {
      for (const a of list) anchorProblems.push({ batchId: a.batchId, eventId, problem: `event ${eventId}, recorded by export batch ${a.batchId}, is missing: the trail was cut off or events were removed` });
    }
    const report: ChainReport = { ok: true, events, sealId, anchors: { checked: anchorCount, problems: anchorProblems } };
    if (expectSeal && sealId === null && events > 0) {
      return { ...report, ok: false, firstBad: { id: firstId!, problem: 'the trail has no seal although this database has an audit key' }, problem: 'The audit trail was never sealed with this database\'s audit key: its events were removed or rewritten, or the key belongs to another database.' };
    }
    if (anchorProblems.length > 0) {
      anchorProblems.sort((a, b) => a.eventId - b.eventId || a.batchId - b.batchId);
      return { ...report, ok: false, firstBad: { id: anchorProblems[0].eventId, problem: anchorProblems[0].problem }, problem: `The audit trail does not match what export batch ${anchorProblems[0].batchId} recorded: ${anchorProblems[0].problem}.` };
    }
    return report;
  }
}
