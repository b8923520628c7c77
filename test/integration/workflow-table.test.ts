import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_NAMES, ACTIONS_TABLE, DROP_DOWN_ACTIONS, type ActionName } from '../../src/shared/workflow/actions';
import { derivePaymentStatus } from '../../src/shared/workflow/paymentStatus';
import type { ActorGroup } from '../../src/shared/domain/words';
import { AppError } from '../../src/shared/api/errors';
import type { SessionUser } from '../../src/shared/api/contract/session';
import { allowedActions, applyAction, createItem, type ApplyInput } from '../../src/main/core/workflow/engine';
import { REASON_KIND } from '../../src/main/core/workflow/reasons';
import { AUDIT_CHAIN_LOCK } from '../../src/main/core/audit/chain';
import type { Queryable } from '../../src/main/core/db/engine/port';
import { snapshot } from '../helpers/core';
import { ENGINE } from '../helpers/engine';
import { testSql } from '../helpers/sql';
import { openWorld, calculation, actorOfUser, SYSTEM_ACTOR, WORLD, PERIOD_START, T0, type World } from './workflow-fixture';
import { ALL_GROUPS, allowingRows, created, next, reachableStates, type Model, type Reachable, type Step } from './workflow-model';

// Every action × every reachable state × every group: allowed combinations land exactly where the
// table says (payment status derived), all others are refused with a named rule and change nothing.

const REASON_CODES = { hold: 'OUTSIDE_REVIEW', corrections: 'MISSING_ATTENDANCE', deny: 'NOT_ELIGIBLE', return: 'DOCUMENTATION' };
const MINUTE = 60_000;
const DAY = 86_400_000;

class Rollback extends Error {}

let w: World;
afterEach(async () => w?.close());

function side(m: Model) {
  return m.payorKind === 'direct' ? WORLD.direct : WORLD.thirdParty;
}

function userFor(group: ActorGroup, m: Model): SessionUser | null {
  const names: Record<ActorGroup, string | null> = {
    Provider: m.payorKind === 'direct' ? 'provider' : 'provider2',
    Approver: 'approver',
    Payor: 'payor',
    Administrator: 'admin',
    System: null,
  };
  const name = names[group];
  return name ? w.users[name] : null;
}

/** `edits`: how many Edit Attendance steps came before (each edit gives new hours: an unchanged day is no edit). */
function inputFor(paymentId: number, action: ActionName, group: ActorGroup, m: Model, now: string, edits = 0): ApplyInput {
  // approver2 calculates, approver checks the QA sample (a second Approver).
  const user = action === 'calculate' && group === 'Approver' ? w.users.approver2 : userFor(group, m);
  const input: ApplyInput = { paymentId, action, actor: user ? actorOfUser(user, group) : SYSTEM_ACTOR, user };
  const kind = REASON_KIND[action];
  if (kind) {
    const code = action === 'bank-detail-hold' ? 'BANK_DETAILS_CHANGED' : action === 'auto-deny' ? 'CORRECTIONS_OVERDUE' : REASON_CODES[kind];
    input.reason = { code, comment: `test ${action}` };
  }
  const storesAttendance = ACTIONS_TABLE.some((r) => r.action === action && r.effects.includes('store-attendance'));
  if (storesAttendance && m.kind === 'payment') {
    input.attendance = { rows: [{ childId: side(m).childId, date: PERIOD_START, hours: action === 'edit-attendance' ? 6.5 + edits * 0.5 : 6, absenceCode: null }], source: group === 'Provider' ? 'digital' : 'paper' };
  }
  if (action === 'calculate') input.calculation = calculation();
  // In advance: the test's calculation as the prospective basis makes it (Generate on a prospective period).
  if (action === 'calculate-on-enrollment') input.calculation = { ...calculation(), basis: 'prospective' };
  if (action === 'export') input.exportBatchId = side(m).batchId;
  if (action === 'submit-for-payment' || action === 'parent-signature') input.signedAt = now;
  return input;
}

/** Builds a real item in the state by replaying the path through the engine; returns its id and clock. */
let periodId = 0;
const CHUNK = 30;
async function realize(r: Reachable): Promise<{ id: number; clock: number }> {
  periodId += 1; // one payment per provider, period and payor: each state gets its own period
  let clock = Date.parse(T0);
  let m = created(r.model.kind, r.model.payorKind);
  const which = m.payorKind === 'direct' ? 'direct' : 'thirdParty';
  const id = await w.core.store.run(({ db }) =>
    createItem(
      db,
      { kind: m.kind, providerId: WORLD[which].providerId, periodId, payorId: WORLD[which].payorId,
        amountCents: m.kind === 'adjustment' ? 5000 : undefined, actor: SYSTEM_ACTOR },
      new Date(clock).toISOString(),
    ),
  );
  let edits = 0;
  for (const step of r.path as Step[]) {
    clock += MINUTE;
    if ('wait' in step) {
      clock += 31 * DAY;
      m = { ...m, overdue: true };
      continue;
    }
    const now = new Date(clock).toISOString();
    const input = inputFor(id, step.action, step.group, m, now, edits);
    if (step.action === 'edit-attendance') edits += 1;
    await w.core.store.run(({ db }) => applyAction(db, input, now));
    m = next(allowingRows(step.action, step.group, m)[0], m);
  }
  expect(m).toEqual(r.model);
  return { id, clock: clock + MINUTE };
}

const STATES = reachableStates();
const editsIn = (r: Reachable) => (r.path as Step[]).filter((s) => 'action' in s && s.action === 'edit-attendance').length;

/** The table's rows (by index) that some action × group takes from the state. */
function rowsTakenAt(r: Reachable): Set<number> {
  const taken = new Set<number>();
  for (const action of ACTION_NAMES) {
    for (const group of ALL_GROUPS) {
      const rows = allowingRows(action, group, r.model);
      if (rows.length > 0) taken.add(ACTIONS_TABLE.indexOf(rows[0]));
    }
  }
  return taken;
}

/**
 * The states walked. On SQLite: all of them. On PostgreSQL every statement is a round trip and the
 * whole walk (some 50,000 attempts) took over three minutes: it walks fewer states there, every
 * eighth state and then, chosen greedily, states until each row of the table is taken somewhere;
 * each with every action × every group (about 7,000 attempts).
 */
function statesToWalk(): Reachable[] {
  if (ENGINE === 'sqlite') return STATES;
  const chosen = new Set<Reachable>(STATES.filter((_, i) => i % 8 === 0));
  const left = new Set<number>([...STATES].flatMap((r) => [...rowsTakenAt(r)]));
  for (const r of chosen) for (const row of rowsTakenAt(r)) left.delete(row);
  while (left.size > 0) {
    const best = STATES.reduce((a, b) => ([...rowsTakenAt(b)].filter((x) => left.has(x)).length > [...rowsTakenAt(a)].filter((x) => left.has(x)).length ? b : a));
    chosen.add(best);
    for (const row of rowsTakenAt(best)) left.delete(row);
  }
  return STATES.filter((r) => chosen.has(r));
}
const WALKED = statesToWalk();
const chunks = Array.from({ length: Math.ceil(WALKED.length / CHUNK) }, (_, i) => WALKED.slice(i * CHUNK, (i + 1) * CHUNK));
const usedRows = new Set<number>();
const totals = { allowed: 0, refused: 0 };

/**
 * Rows written so far, even if rolled back later: SQLite's total_changes() (the connection's), or
 * on PostgreSQL the rows inserted, updated and deleted by the current transaction (its
 * subtransactions' too, rolled back or not; a row locked FOR UPDATE is no write). Read inside the
 * transaction of the attempt.
 */
async function rowsWritten(tx: Queryable): Promise<number> {
  const text =
    tx.dialect.name === 'sqlite'
      ? `SELECT total_changes() AS n`
      : `SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) AS n FROM pg_stat_xact_user_tables`;
  return Number((await tx.values(text))[0]);
}

/**
 * Every action × every reachable state × every group, each attempt in a transaction of its own
 * (with the audit chain's lock, as the app's actions), always rolled back. A refusal must write
 * nothing at all (rowsWritten) and the snapshot of every table after all attempts on a state must
 * equal the one before.
 */
describe('the actions table, walked exhaustively', () => {
  it('reaches a rich set of states from Create', () => {
    expect(STATES.length).toBeGreaterThan(100);
    console.info(`${STATES.length} reachable states, ${WALKED.length} walked on ${ENGINE}`);
  });

  it('counts rows written even when a savepoint rolled them back (the measure a refusal is held to)', async () => {
    w = await openWorld();
    await expect(
      w.core.store.db.transaction({ mode: 'write' }, async (db) => {
        const before = await rowsWritten(db);
        await db.savepoint(async () => {
          await db.run(`UPDATE setting SET value = value WHERE key = 'qa.samplePercent'`);
          throw new Rollback();
        }).catch(() => undefined);
        expect(await rowsWritten(db)).toBe(before + 1);
        expect(await rowsWritten(db)).toBe(before + 1); // reading is no write
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
  });

  it.each(chunks.map((c, i) => [i + 1, c] as const))('states chunk %i: allowed exactly as the table says, refusals named and harmless', async (_n, chunk) => {
    w = await openWorld({ periods: CHUNK });
    // Every payment calculated is drawn for the QA sample: the model follows its check.
    await testSql(w).run(`UPDATE setting SET value = '100' WHERE key = 'qa.samplePercent'`);
    periodId = 0;
    for (const state of chunk) {
      const { id, clock } = await realize(state);
      const now = new Date(clock).toISOString();
      const before = JSON.stringify(await snapshot(w.core));
      const m = state.model;

      // The drop-down of each single-group user is exactly the table's drop-down rows that allow it.
      for (const group of ['Provider', 'Approver', 'Payor', 'Administrator'] as const) {
        const user = userFor(group, m)!;
        const expected = DROP_DOWN_ACTIONS.filter((a) => allowingRows(a, group, m).some((r) => r.inDropDown));
        expect(await w.core.store.read(({ db }) => allowedActions(db, id, user, now)), `${group} drop-down at ${JSON.stringify(m)}`).toEqual(expected);
      }

      for (const action of ACTION_NAMES) {
        for (const group of ALL_GROUPS) {
          const rows = allowingRows(action, group, m);
          const input = inputFor(id, action, group, m, now, editsIn(state));
          const where = `${action} by ${group} at ${JSON.stringify(m)}`;
          let error: unknown = null;
          try {
            await w.core.store.db.transaction({ mode: 'write', locks: [AUDIT_CHAIN_LOCK] }, async (db) => {
              const writesBefore = await rowsWritten(db);
              // In a savepoint: a refusal leaves the transaction usable for the count (on PostgreSQL too).
              const result = await db.savepoint(() => applyAction(db, input, now)).catch(async (err: unknown) => {
                if (rows.length === 0) expect(await rowsWritten(db), `${where} wrote before refusing`).toBe(writesBefore);
                throw err;
              });
              const want = next(rows[0], m);
              const a = result.after;
              expect([a.invoiceStatus, a.subStatus, a.submissionStatus], where).toEqual([want.invoiceStatus, want.subStatus, want.submissionStatus]);
              expect({ received: a.receivedAt !== null, calculated: a.amountCents !== null, holdKind: a.holdKind, exported: a.exportBatchId !== null }, where).toEqual({
                received: want.received, calculated: want.calculated, holdKind: want.holdKind, exported: want.exported,
              });
              expect(a.paymentStatus, where).toBe(derivePaymentStatus(a));
              expect(a.version, where).toBe(result.before.version + 1);
              const stored = await db.one(`SELECT payment_status AS s, version FROM payment WHERE id = ?`, [id]);
              expect(stored, where).toEqual({ s: a.paymentStatus, version: a.version });
              usedRows.add(ACTIONS_TABLE.indexOf(rows[0]));
              throw new Rollback();
            });
          } catch (err) {
            error = err;
          }
          if (error instanceof Rollback) {
            totals.allowed += 1;
            continue;
          }
          if (rows.length > 0) throw error; // the table allows it: a refusal is a bug (shows the message)
          expect(error, where).toBeInstanceOf(AppError);
          const e = error as AppError;
          expect(['REFUSED', 'FORBIDDEN'], `${where}: ${e.code} ${e.message}`).toContain(e.code);
          expect(e.rule, where).toMatch(/^[a-z-]+\.[a-z-]+$/);
          expect(e.message.length, where).toBeGreaterThan(20);
          totals.refused += 1;
        }
      }
      expect(JSON.stringify(await snapshot(w.core)), `attempts at ${JSON.stringify(m)} left the database changed`).toBe(before);
    }
  });

  it('took every row of the table (but Create) somewhere, and tried every combination', () => {
    const unused = ACTIONS_TABLE.map((r, i) => [r, i] as const).filter(([r, i]) => r.action !== 'create' && !usedRows.has(i));
    expect(unused.map(([r]) => `${r.action} by ${r.groups.join('/')}`)).toEqual([]);
    expect(totals.allowed + totals.refused).toBe(WALKED.length * ACTION_NAMES.length * ALL_GROUPS.length);
    expect(WALKED.length).toBeGreaterThanOrEqual(ENGINE === 'sqlite' ? STATES.length : STATES.length / 8);
    console.info(`${totals.allowed} allowed, ${totals.refused} refused`);
  });
});
