import { AppError } from '../../../shared/api/errors';
import { formatCents } from '../../../shared/domain/money';
import type { Queryable } from '../db/engine/port';
import { AUDIT_ROW_COLUMNS, auditTrailOf, eventVerifies, type AuditRow, type TrailState } from './chain';
import { bankDigest } from './digest';

// The money checked against the audit trail (DESIGN.md sections 5 and 9): what leaves in a file
// must equal what was authorized. An item's amount must be the one its last calculation (an
// adjustment: its creation) recorded, and its last Authorize event must have recorded the same
// amount after it; a provider's routing and account numbers must be the ones of the last
// confirmed bank-detail change (or of its creation, or of the trail's seal). Every event relied
// on must verify on its own (keyed from the seal on), so an edit behind the app is found even
// while the app runs. Bulk reads, a few statements for any number of items.

/** The events that set an item's amount: Calculate and Calculate on enrollment (payments), Create (adjustments). */
const AMOUNT_ACTIONS = `'calculate', 'calculate-on-enrollment', 'create'`;
/** The events that record a provider's bank details as confirmed. */
export const CONFIRMED_BANK_ACTIONS = ['create-provider', 'confirm-bank-details', 'seal-bank-details'] as const;

function trail(db: Queryable): TrailState & { key: NonNullable<TrailState['key']> } {
  const state = auditTrailOf(db);
  if (!state?.key) {
    throw new AppError({
      code: 'REFUSED',
      rule: 'audit.no-key',
      message: `${state?.problem ?? 'The audit trail of this database was not opened with its audit key.'} The money cannot be checked against it, so nothing can be exported.`,
    });
  }
  return state as TrailState & { key: NonNullable<TrailState['key']> };
}

async function eventsById(db: Queryable, ids: readonly number[]): Promise<Map<number, AuditRow>> {
  const rows = await db.rows<AuditRow>(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_event WHERE id IN ${db.dialect.idsFromJson}`, [JSON.stringify(ids)]);
  return new Map(rows.map((r) => [r.id, r]));
}

// The state's amount, read from its canonical JSON (written by stateJson: "amountCents" first).
const AMOUNT = /^\{"amountCents":(-?\d+|null)[,}]/;
function recordedAmount(row: AuditRow): number | null {
  const m = row.stateAfter ? AMOUNT.exec(row.stateAfter) : null;
  if (m) return m[1] === 'null' ? null : Number(m[1]);
  const after = row.stateAfter ? (JSON.parse(row.stateAfter) as { amountCents?: number | null }) : null;
  return after?.amountCents ?? null;
}

export interface ItemToCheck {
  paymentId: number;
  amountCents: number | null;
}

const LAST_EVENTS = (db: Queryable) => `SELECT j.value AS paymentId,
    (SELECT max(e.id) FROM audit_event e WHERE e.entity = 'payment' AND e.entity_id = j.value AND e.action IN (${AMOUNT_ACTIONS})) AS amountEvent,
    (SELECT max(e.id) FROM audit_event e WHERE e.entity = 'payment' AND e.entity_id = j.value AND e.action = 'authorize') AS authorizeEvent
  FROM ${db.dialect.idsFromJson} j`;

/**
 * For authorized items: the reason each one's amount differs from the audit trail, by payment id
 * (absent when it matches).
 */
export async function amountProblems(db: Queryable, items: readonly ItemToCheck[], options: { authorized: boolean } = { authorized: true }): Promise<Map<number, string>> {
  const problems = new Map<number, string>();
  if (items.length === 0) return problems;
  const t = trail(db);
  const last = await db.rows<{ paymentId: number; amountEvent: number | null; authorizeEvent: number | null }>(LAST_EVENTS(db), [JSON.stringify(items.map((i) => i.paymentId))]);
  const byId = new Map(last.map((l) => [Number(l.paymentId), l]));
  const events = await eventsById(db, last.flatMap((l) => [l.amountEvent, l.authorizeEvent].filter((id): id is number => id !== null)));
  for (const item of items) {
    const l = byId.get(item.paymentId);
    const set = l?.amountEvent != null ? events.get(l.amountEvent) : undefined;
    const name = `Payment ${item.paymentId}`;
    // Formatted only for a message: most items match.
    const found = () => (item.amountCents === null ? 'no amount' : formatCents(item.amountCents));
    if (!set) {
      problems.set(item.paymentId, `${name}: the audit trail records no calculation of its amount (${found()} in the database)`);
      continue;
    }
    if (!eventVerifies(set, t)) {
      problems.set(item.paymentId, `${name}: audit event ${set.id}, which recorded its amount, does not verify (rewritten outside PayDesk)`);
      continue;
    }
    const recorded = recordedAmount(set);
    if (recorded !== item.amountCents) {
      problems.set(item.paymentId, `${name}: amount ${found()} differs from the ${recorded === null ? 'no amount' : formatCents(recorded)} its ${set.action === 'create' ? 'creation' : 'calculation'} recorded (audit event ${set.id})`);
      continue;
    }
    if (!options.authorized) continue;
    const auth = l?.authorizeEvent != null ? events.get(l.authorizeEvent) : undefined;
    if (!auth || auth.id < set.id) {
      problems.set(item.paymentId, `${name}: the audit trail records no Authorize of its amount ${found()}`);
    } else if (!eventVerifies(auth, t)) {
      problems.set(item.paymentId, `${name}: its Authorize event ${auth.id} does not verify (rewritten outside PayDesk)`);
    } else if (recordedAmount(auth) !== item.amountCents) {
      const authorized = recordedAmount(auth);
      problems.set(item.paymentId, `${name}: amount ${found()} differs from the ${authorized === null ? 'no amount' : formatCents(authorized)} authorized (audit event ${auth.id})`);
    }
  }
  return problems;
}

const LAST_BANK = (db: Queryable, actions: readonly string[]) => `SELECT j.value AS providerId,
    (SELECT max(e.id) FROM audit_event e WHERE e.entity = 'provider' AND e.entity_id = j.value AND e.action IN (${actions.map((a) => `'${a}'`).join(', ')})) AS eventId
  FROM ${db.dialect.idsFromJson} j`;

/** The last of these events for a provider, with the bank-detail fingerprint it recorded (null when it does not verify). */
export async function lastBankEvent(db: Queryable, providerId: number, actions: readonly string[]): Promise<{ eventId: number; digest: string | null } | null> {
  const row = (await db.one<{ eventId: number | null }>(LAST_BANK(db, actions), [JSON.stringify([providerId])]))!;
  if (row.eventId === null) return null;
  const event = (await eventsById(db, [row.eventId])).get(row.eventId)!;
  return { eventId: event.id, digest: eventVerifies(event, trail(db)) ? digestOf(event) : null };
}

function digestOf(row: AuditRow): string | null {
  const after = row.stateAfter ? (JSON.parse(row.stateAfter) as { bankDigest?: string }) : null;
  return after?.bankDigest ?? null;
}

export interface BankToCheck {
  id: number;
  routingNumber: string | null;
  accountNumber: string | null;
}

/** The reason each provider's routing or account number differs from the last confirmed ones, by provider id. */
export async function bankProblems(db: Queryable, providers: readonly BankToCheck[]): Promise<Map<number, string>> {
  const problems = new Map<number, string>();
  if (providers.length === 0) return problems;
  const t = trail(db);
  const last = await db.rows<{ providerId: number; eventId: number | null }>(LAST_BANK(db, CONFIRMED_BANK_ACTIONS), [JSON.stringify(providers.map((p) => p.id))]);
  const byId = new Map(last.map((l) => [Number(l.providerId), l.eventId]));
  const events = await eventsById(db, last.flatMap((l) => (l.eventId === null ? [] : [l.eventId])));
  for (const p of providers) {
    const eventId = byId.get(p.id) ?? null;
    const event = eventId === null ? undefined : events.get(eventId);
    const digest = event ? digestOf(event) : null;
    if (!event || digest === null) {
      problems.set(p.id, 'Bank details: the audit trail records no confirmed routing and account numbers for this provider');
    } else if (!eventVerifies(event, t)) {
      problems.set(p.id, `Bank details: audit event ${event.id}, which recorded them, does not verify (rewritten outside PayDesk)`);
    } else if (digest !== bankDigest(t.key, p.routingNumber, p.accountNumber)) {
      problems.set(p.id, `Bank details differ from the ones last confirmed (audit event ${event.id}): the routing or account number was changed outside PayDesk`);
    }
  }
  return problems;
}

export interface MoneyProblem {
  entity: 'payment' | 'provider';
  id: number;
  problem: string;
}

/**
 * Every stored amount and every provider's bank details against the trail (verify-audit): amounts
 * of calculated or created items, exported amounts, and bank details not waiting for confirmation.
 */
export async function moneyProblems(db: Queryable): Promise<MoneyProblem[]> {
  const out: MoneyProblem[] = [];
  const items = await db.rows<ItemToCheck>(`SELECT id AS paymentId, amount_cents AS amountCents FROM payment WHERE amount_cents IS NOT NULL ORDER BY id`);
  for (let i = 0; i < items.length; i += 5000) {
    for (const [id, problem] of await amountProblems(db, items.slice(i, i + 5000), { authorized: false })) out.push({ entity: 'payment', id, problem });
  }
  const exported = await db.rows<{ id: number; exported: number; amount: number | null }>(
    `SELECT ei.payment_id AS id, ei.amount_cents AS exported, p.amount_cents AS amount FROM export_item ei JOIN payment p ON p.id = ei.payment_id WHERE p.amount_cents IS NULL OR ei.amount_cents <> p.amount_cents ORDER BY ei.payment_id`,
  );
  for (const e of exported) out.push({ entity: 'payment', id: e.id, problem: `Payment ${e.id}: exported as ${formatCents(e.exported)}, but its amount is ${e.amount === null ? 'none' : formatCents(e.amount)}` });
  const providers = await db.rows<BankToCheck>(`SELECT id, routing_number AS routingNumber, account_number AS accountNumber FROM provider WHERE bank_change_pending = 0 ORDER BY id`);
  for (const [id, problem] of await bankProblems(db, providers)) out.push({ entity: 'provider', id, problem: `Provider ${id}: ${problem}` });
  return out.sort((a, b) => (a.entity === b.entity ? a.id - b.id : a.entity < b.entity ? -1 : 1));
}
