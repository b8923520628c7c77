import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_NAMES, ACTIONS_TABLE, type ActionName } from '../../src/shared/workflow/actions';
import { derivePaymentStatus } from '../../src/shared/workflow/paymentStatus';
import { isAllowedPair, isFinal } from '../../src/shared/workflow/states';
import { AppError, ERROR_CODES } from '../../src/shared/api/errors';
import type { InvoiceStatus, PayorKind, SubStatus } from '../../src/shared/domain/words';
import { verifyChain } from '../../src/main/core/audit/chain';
import { actorForAction, allowedActions, applyAction, checkAction, createItem, type ApplyInput } from '../../src/main/core/workflow/engine';
import { REASON_KIND } from '../../src/main/core/workflow/reasons';
import { testSql } from '../helpers/sql';
import { openWorld, calculation, SYSTEM_ACTOR, WORLD, PERIOD_START, T0, type World } from './workflow-fixture';

// Random sequences of actions by random users (and the System), on a direct payment, a
// third-party payment and an adjustment. After every step: payment status = derive(state); the
// status / sub-status pair is allowed; Paid and Denied never move; a held item moves only by
// Release hold; only the acted-on item changed; one audit event per success, none per refusal;
// each new event links to the one before, and the whole chain verifies after each sequence.

const RUNS = 40;
const DAY = 86_400_000;
const WHO = ['approver', 'payor', 'finance', 'provider', 'provider2', 'admin', 'system'] as const;
const GOOD_REASON = { hold: 'OUTSIDE_REVIEW', corrections: 'HOURS_INCORRECT', deny: 'DUPLICATE', return: 'AMOUNT_QUESTION' };

let w: World;
let clock = Date.parse(T0);
beforeAll(async () => {
  w = await openWorld({ now: () => new Date(clock), periods: RUNS + 20 });
});
afterAll(async () => w.close());

interface Row {
  id: number;
  invoiceStatus: InvoiceStatus;
  subStatus: SubStatus;
  paymentStatus: string;
  submissionStatus: string;
  receivedAt: string | null;
  exportBatchId: number | null;
  payorKind: PayorKind;
  version: number;
  amountCents: number | null;
}

async function rows(ids: number[]): Promise<Row[]> {
  const found = await testSql(w).rows<Row>(
    `SELECT p.id, invoice_status AS invoiceStatus, sub_status AS subStatus, payment_status AS paymentStatus,
       submission_status AS submissionStatus, received_at AS receivedAt, export_batch_id AS exportBatchId,
       y.kind AS payorKind, version, amount_cents AS amountCents
     FROM payment p JOIN payor y ON y.id = p.payor_id WHERE p.id IN ${w.core.store.db.dialect.idsFromJson}`,
    [JSON.stringify(ids)],
  );
  return ids.map((id) => found.find((r) => r.id === id)!);
}

const eventCount = () => testSql(w).value<number>(`SELECT count(*) AS n FROM audit_event`);

// Most steps pick among the actions the user's drop-down offers (or the System's), so sequences
// travel far into the workflow; the rest are any action at all, mostly refused.
const SYSTEM_ACTIONS = [...new Set(ACTIONS_TABLE.filter((r) => r.groups.includes('System')).map((r) => r.action))];
const step = fc.record({
  item: fc.integer({ min: 0, max: 2 }),
  who: fc.constantFrom(...WHO),
  plausible: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
  pick: fc.nat(),
  anyAction: fc.constantFrom(...ACTION_NAMES),
  reason: fc.oneof({ arbitrary: fc.constant('good'), weight: 8 }, fc.constant('none'), fc.constant('bogus')),
  waitDays: fc.oneof({ arbitrary: fc.constant(0), weight: 5 }, fc.integer({ min: 0, max: 40 })),
});
type Step = (typeof step extends fc.Arbitrary<infer T> ? T : never) & { action: ActionName };

async function candidatesFor(who: (typeof WHO)[number], paymentId: number): Promise<ActionName[]> {
  const db = w.core.store.db;
  const now = new Date(clock).toISOString();
  if (who === 'system') {
    const out: ActionName[] = [];
    for (const action of SYSTEM_ACTIONS) {
      try {
        const reason = REASON_KIND[action] ? { code: action === 'auto-deny' ? 'CORRECTIONS_OVERDUE' : action === 'bank-detail-hold' ? 'BANK_DETAILS_CHANGED' : 'x' } : undefined;
        await checkAction(db, { paymentId, action, actor: SYSTEM_ACTOR, reason: action === 'auto-deny' || action === 'bank-detail-hold' ? reason : undefined }, now);
        out.push(action);
      } catch {
        // not allowed now
      }
    }
    return out;
  }
  try {
    const allowed = await allowedActions(db, paymentId, w.users[who], now);
    return who.startsWith('provider') ? [...allowed, 'submit-for-payment'] : allowed;
  } catch {
    return []; // not this user's item
  }
}

const FORWARD: ActionName[] = [
  'submit-for-payment', 'parent-signature', 'record-paper-attendance', 'calculate', 'authorize', 'export',
  'mark-processed', 'confirm-paid', 'release-hold', 'submit-corrections',
];

/** Plausible steps: the first user (from a random start) with something to do, and one of their actions. */
async function choose(s: Omit<Step, 'action'>, paymentId: number): Promise<Step> {
  if (!s.plausible) return { ...s, action: s.anyAction };
  for (let k = 0; k < WHO.length; k++) {
    const who = WHO[(s.pick + k) % WHO.length];
    let candidates = await candidatesFor(who, paymentId);
    // Two steps in three move the item forward, so sequences also reach export and beyond.
    if (s.pick % 3 !== 0 && candidates.some((a) => FORWARD.includes(a))) candidates = candidates.filter((a) => FORWARD.includes(a));
    if (candidates.length) return { ...s, who, action: candidates[Math.floor(s.pick / WHO.length) % candidates.length] };
  }
  return { ...s, action: s.anyAction };
}

function extras(s: Step, paymentId: number, row: Row): Partial<ApplyInput> {
  const kind = REASON_KIND[s.action];
  const code =
    s.reason === 'bogus' ? 'NO_SUCH_REASON' : s.reason === 'none' || !kind ? undefined
    : s.action === 'auto-deny' ? 'CORRECTIONS_OVERDUE' : s.action === 'bank-detail-hold' ? 'BANK_DETAILS_CHANGED' : GOOD_REASON[kind];
  const childId = row.payorKind === 'direct' ? WORLD.direct.childId : WORLD.thirdParty.childId;
  const attendance = ACTIONS_TABLE.some((r) => r.action === s.action && r.effects.includes('store-attendance'))
    ? { rows: [{ childId, date: PERIOD_START, hours: 7, absenceCode: null }] }
    : undefined;
  return {
    paymentId,
    reason: code ? { code, comment: 'property test' } : undefined,
    attendance: attendance ? { ...attendance, source: 'paper' } : undefined,
    calculation: s.action === 'calculate' ? calculation(4200) : undefined,
    exportBatchId: s.action === 'export' ? (row.payorKind === 'direct' ? WORLD.direct.batchId : WORLD.thirdParty.batchId) : undefined,
  };
}

async function run(s: Step, paymentId: number, row: Row): Promise<void> {
  const now = new Date(clock).toISOString();
  const x = extras(s, paymentId, row);
  if (s.who === 'system') {
    await w.core.store.run(({ db }) => applyAction(db, { ...x, paymentId, action: s.action, actor: SYSTEM_ACTOR, user: null }, now));
    return;
  }
  const user = w.users[s.who];
  if (s.action === 'calculate') {
    // The engine with a given calculation: this test is about the workflow, not the calculator.
    await w.core.store.run(async ({ db }) =>
      applyAction(db, { ...x, paymentId, action: s.action, user, actor: await actorForAction(db, paymentId, s.action, user, now) }, now),
    );
    return;
  }
  await w.core.connect(user).call('payments-act', {
    paymentId,
    action: s.action as ActionName,
    reason: x.reason,
    attendance: x.attendance ? { rows: x.attendance.rows } : undefined,
  });
}

let runNo = 0;
const reached = new Set<string>();
let successes = 0;
describe('random action sequences (fast-check)', () => {
  it('keep every invariant of the workflow after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40, size: 'max' }), async (steps) => {
        runNo += 1;
        const now = () => new Date(clock).toISOString();
        const ids = await w.core.store.run(async ({ db }) => [
          await createItem(db, { kind: 'payment', providerId: 1, periodId: runNo, payorId: 1, actor: SYSTEM_ACTOR }, now()),
          await createItem(db, { kind: 'payment', providerId: 2, periodId: runNo, payorId: 2, actor: SYSTEM_ACTOR }, now()),
          await createItem(db, { kind: 'adjustment', providerId: 1, periodId: runNo, payorId: 1, amountCents: -2500, actor: SYSTEM_ACTOR }, now()),
        ]);
        for (const generated of steps) {
          clock += generated.waitDays * DAY + 60_000;
          const target = ids[generated.item];
          const s = await choose(generated, target);
          const before = await rows(ids);
          const events = await eventCount();
          let ok = true;
          try {
            await run(s, target, before[s.item]);
          } catch (err) {
            ok = false;
            expect(err).toBeInstanceOf(AppError);
            expect(ERROR_CODES).toContain((err as AppError).code);
            expect((err as AppError).code).not.toBe('INTERNAL');
          }
          const after = await rows(ids);
          if (ok) successes += 1;
          after.forEach((a) => reached.add(`${a.invoiceStatus} / ${a.subStatus}`));
          expect(await eventCount()).toBe(events + (ok ? 1 : 0));
          after.forEach((a, i) => {
            const b = before[i];
            expect(a.paymentStatus).toBe(derivePaymentStatus(a));
            expect(isAllowedPair(a.invoiceStatus, a.subStatus, a.payorKind)).toBe(true);
            if (i !== s.item || !ok) expect(a).toEqual(b);
            if (isFinal(b.invoiceStatus, b.subStatus)) expect(a).toEqual(b);
            if (b.subStatus === 'Administrative Hold' && (a.invoiceStatus !== b.invoiceStatus || a.subStatus !== b.subStatus)) {
              expect(s.action).toBe('release-hold');
            }
            if (b.exportBatchId !== null) expect(a.exportBatchId).toBe(b.exportBatchId);
            // Amount changes only in Pending Approval (Submit corrections clears it on the way back there).
            if (a.amountCents !== b.amountCents) expect(a.invoiceStatus).toBe('Pending Approval');
          });
          // The new event links to the one before it; the whole chain is verified after each sequence.
          if (ok) {
            const [last, prev] = await testSql(w).rows<{ prevHash: string; hash: string }>(`SELECT prev_hash AS prevHash, hash FROM audit_event ORDER BY id DESC LIMIT 2`);
            expect(last.prevHash).toBe(prev.hash);
          }
        }
        expect(await verifyChain(w.core.store.db)).toMatchObject({ ok: true });
      }),
      { numRuns: RUNS },
    );
    // The sequences did move items around, through most of the workflow (not only refusals).
    console.info(`${successes} steps succeeded; states reached: ${[...reached].sort().join('; ')}`);
    expect(successes).toBeGreaterThan(RUNS * 3);
    for (const state of ['Pending Payment / Awaiting Action', 'Pending Approval / Administrative Hold', 'Corrections Required / Awaiting Action', 'Invoice History / Denied', 'Invoice History / Paid']) {
      expect([...reached]).toContain(state);
    }
  });
});
