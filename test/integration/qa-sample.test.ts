import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/main/core/core';
import { insertUser } from '../../src/main/core/users/users';
import { drawnAtRandom, drawQaSample } from '../../src/shared/qa/sample';
import { openTestCore, snapshot, type TestCore } from '../helpers/core';
import { testSql, type TestSql } from '../helpers/sql';

// The QA sample through the core's handlers on a real database of this project's engine
// (docs/qa-sample.md): the draw recorded at the first calculation of a period and payor, drawn
// again from its seed; the first-payment rule; Authorize refused until a second Approver (not the
// one who calculated it) marks the payment QA checked; a new calculation needs a new check.

const NOW = new Date('2026-04-15T15:00:00.000Z');
const T0 = NOW.toISOString();
const PROVIDERS = 40;

interface World extends TestCore {
  sql: TestSql;
  admin: Connection;
  approver: Connection;
  approver2: Connection;
  /** Period ids: February and March 2026. */
  feb: number;
  mar: number;
  /** Adds a provider with one child authorized all year; returns its id. */
  provider(name: string): Promise<number>;
  payments(periodId: number): Promise<Array<{ id: number; providerId: number; qaSample: string | null; amountCents: number | null }>>;
}

let w: World;
afterEach(async () => w?.close());

async function openQaWorld(): Promise<World> {
  const t = await openTestCore({ now: () => NOW, skipStartupTasks: true });
  const sql = testSql(t);
  await sql.tx(async (db) => {
    await db.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'AGENCY', 'Agency (direct pay)', 'direct')`);
    await db.run(`INSERT INTO service_period (id, code, label, start_date, end_date) VALUES (1, '2026-02', 'February 2026', '2026-02-01', '2026-02-28'), (2, '2026-03', 'March 2026', '2026-03-01', '2026-03-31')`);
    for (const table of ['payor', 'service_period']) await db.syncIds(table);
    for (const kind of ['full', 'part'] as const) {
      for (const age of ['infant', 'toddler', 'preschool', 'school_age']) {
        await db.run(`INSERT INTO max_rate (provider_type, age_group, day_kind, effective_from, cents) VALUES ('center', ?, ?, '2026-01-01', ?)`, [age, kind, kind === 'full' ? 5000 : 3000]);
      }
    }
    for (const [username, groups] of [['admin', ['Administrator']], ['approver', ['Approver']], ['approver2', ['Approver']]] as const) {
      await insertUser(db, { username, displayName: username, passwordHash: 'x', groups: [...groups], providerId: null }, T0);
    }
  });
  let n = 0;
  const world: World = {
    ...t,
    sql,
    admin: await t.as('admin'),
    approver: await t.as('approver'),
    approver2: await t.as('approver2'),
    feb: 1,
    mar: 2,
    provider: (name) =>
      sql.tx(async (db) => {
        n += 1;
        const id = await db.insert(`INSERT INTO provider (name, license_number, type, payor_id, payment_method, created_at, updated_at) VALUES (?, ?, 'center', 1, 'check', ?, ?)`, [name, `LIC-${name}`, T0, T0]);
        const child = await db.insert(`INSERT INTO child (case_number, first_name, last_name, birth_date, created_at, updated_at) VALUES (?, 'Kid', ?, '2022-01-15', ?, ?)`, [`CASE-${name}`, `N${n}`, T0, T0]);
        await db.run(`INSERT INTO "authorization" (child_id, provider_id, start_date, end_date, care_level, days_per_week, copay_cents, created_at, updated_at)
          VALUES (?, ?, '2026-01-01', '2026-12-31', 'full_time', 5, 0, ?, ?)`, [child, id, T0, T0]);
        return id;
      }),
    payments: async (periodId) =>
      (
        await sql.rows<{ id: number; providerId: number; qaSample: string | null; amountCents: number | null }>(
          `SELECT id, provider_id AS providerId, qa_sample AS qaSample, amount_cents AS amountCents FROM payment WHERE period_id = ? AND kind = 'payment' ORDER BY id`,
          [periodId],
        )
      ).map((p) => ({ ...p, id: Number(p.id), providerId: Number(p.providerId), amountCents: p.amountCents === null ? null : Number(p.amountCents) })),
  };
  for (let i = 1; i <= PROVIDERS; i++) await world.provider(`Center ${String(i).padStart(2, '0')}`);
  // Paid on enrollment: a period is calculated without attendance (bulk Calculate, in the Approver's name).
  await world.admin.call('calculation-settings-save', { key: 'calculation.paymentBasis', value: 'enrollment', effectiveFrom: '2026-01-01' });
  return world;
}

async function draws(periodId: number) {
  return w.sql.rows<{ id: number; seed: string; percent: number; firstPaymentRule: number; drawnBy: string }>(
    `SELECT id, seed, percent, first_payment_rule AS firstPaymentRule, drawn_by AS drawnBy FROM qa_draw WHERE period_id = ? ORDER BY id`,
    [periodId],
  );
}

async function setQa(percent: number, firstPayment = false, from = '2026-01-01') {
  await w.admin.call('qa-settings-save', { key: 'qa.samplePercent', value: percent, effectiveFrom: from });
  await w.admin.call('qa-settings-save', { key: 'qa.alwaysSampleFirstPayment', value: firstPayment, effectiveFrom: from });
}

async function calculated(periodId: number) {
  await w.approver.call('payments-generate', { periodId });
  return w.approver.call('payments-calculate-period', { periodId });
}

describe('the QA sample', () => {
  it('is off by default: no draw, nothing marked, Authorize as before', async () => {
    w = await openQaWorld();
    expect(await w.admin.call('qa-settings-get', {})).toMatchObject({ samplePercent: { value: 0 }, alwaysSampleFirstPayment: { value: false } });
    expect((await calculated(w.mar)).calculated).toBe(PROVIDERS);
    expect(await draws(w.mar)).toEqual([]);
    const [first] = await w.payments(w.mar);
    expect(first.qaSample).toBeNull();
    await w.approver.call('payments-act', { paymentId: first.id, action: 'authorize' });
    expect((await w.approver.call('qa-sample', { periodId: w.mar })).draws).toEqual([]);
  });

  it('at 20%: one draw recorded at the first calculation, its seed draws the same payments again, another seed others', async () => {
    w = await openQaWorld();
    await setQa(20);
    await calculated(w.mar);
    const [draw] = await draws(w.mar);
    expect(await draws(w.mar)).toHaveLength(1);
    expect(draw).toMatchObject({ percent: 20, firstPaymentRule: 0, drawnBy: 'approver' });
    expect(draw.seed).toMatch(/^[0-9a-f]{16}$/);
    const payments = await w.payments(w.mar);
    const ids = payments.map((p) => p.id);
    const sampled = payments.filter((p) => p.qaSample === 'sampled').map((p) => p.id);
    expect(payments.every((p) => p.qaSample === 'sampled' || p.qaSample === 'not sampled')).toBe(true);
    // Drawn again by an auditor: the pure function of the recorded seed, the period, the sorted ids and the percent.
    const again = drawQaSample('2026-03', draw.seed, { percent: 20, firstPaymentAlwaysSampled: false }, ids.map((paymentId) => ({ paymentId, firstPaymentOfNewProvider: false })));
    expect(again.sampled.map((s) => s.paymentId)).toEqual(sampled);
    expect(sampled.length).toBeGreaterThan(0);
    expect(sampled.length).toBeLessThan(PROVIDERS);
    const other = drawQaSample('2026-03', 'another-seed', { percent: 20, firstPaymentAlwaysSampled: false }, ids.map((paymentId) => ({ paymentId, firstPaymentOfNewProvider: false })));
    expect(other.sampled.map((s) => s.paymentId)).not.toEqual(sampled);
    // Every payment went into the draw once, each calculation's audit event says how it was drawn.
    expect(Number(await w.sql.value(`SELECT count(*) FROM qa_draw_item WHERE draw_id = ?`, [draw.id]))).toBe(PROVIDERS);
    const details = await w.sql.value<string>(`SELECT details FROM audit_event WHERE entity = 'payment' AND entity_id = ? AND action = 'calculate-on-enrollment'`, [sampled[0]]);
    expect(JSON.parse(details).qa).toEqual({ sampled: true, reason: 'random draw', seed: draw.seed, percent: 20, firstPayment: true });
    const drawEvent = await w.sql.get<{ username: string; stateAfter: string }>(`SELECT username, state_after AS "stateAfter" FROM audit_event WHERE entity = 'qa_draw' AND action = 'qa-draw'`);
    expect(drawEvent.username).toBe('approver');
    expect(JSON.parse(drawEvent.stateAfter)).toMatchObject({ seed: draw.seed, percent: 20, periodId: w.mar, payorId: 1 });

    // The handler's re-draw from the recorded seed proves it; a seed changed afterwards is caught.
    const view = await w.approver.call('qa-sample', { periodId: w.mar, redrawCheck: true });
    expect(view.draws[0]).toMatchObject({ seed: draw.seed, percent: 20, items: PROVIDERS, redraw: { matches: true, differences: [], notInDraw: [], firstPaymentChanged: [] } });
    expect(view.draws[0].sampled.map((s) => s.paymentId)).toEqual(sampled);
    expect(view.draws[0].redraw!.sampledAgain).toEqual(sampled);
    await w.sql.run(`UPDATE qa_draw SET seed = 'tampered' WHERE id = ?`, [draw.id]);
    const tampered = await w.approver.call('qa-sample', { periodId: w.mar, redrawCheck: true });
    expect(tampered.draws[0].redraw!.matches).toBe(false);
    expect(tampered.draws[0].redraw!.differences.length).toBeGreaterThan(0);
  });

  it('a payment calculated later joins the same draw, drawn with the same seed; calculated again it is not drawn twice', async () => {
    w = await openQaWorld();
    await setQa(50);
    await calculated(w.mar);
    const [draw] = await draws(w.mar);
    const late = await w.provider('Late Center');
    await calculated(w.mar);
    expect(await draws(w.mar)).toHaveLength(1);
    const payment = (await w.payments(w.mar)).find((p) => p.providerId === late)!;
    expect(payment.qaSample).toBe(drawnAtRandom(draw.seed, '2026-03', payment.id, 50) ? 'sampled' : 'not sampled');
    expect(Number(await w.sql.value(`SELECT count(*) FROM qa_draw_item WHERE draw_id = ?`, [draw.id]))).toBe(PROVIDERS + 1);
    // Settings changed afterwards (back-dated) do not change a period already drawn.
    await setQa(0);
    await w.approver.call('payments-calculate-period', { periodId: w.mar });
    expect(Number(await w.sql.value(`SELECT count(*) FROM qa_draw_item`))).toBe(PROVIDERS + 1);
    expect((await w.approver.call('qa-sample', { periodId: w.mar, redrawCheck: true })).draws[0].redraw).toMatchObject({ matches: true, items: PROVIDERS + 1 });
  });

  it("a new provider's first payment is always sampled when the rule is on", async () => {
    w = await openQaWorld();
    await w.approver.call('payments-generate', { periodId: w.feb }); // every provider so far has a February payment
    await setQa(0, true);
    const newcomer = await w.provider('Newcomer');
    await calculated(w.mar);
    const payments = await w.payments(w.mar);
    expect(payments.filter((p) => p.qaSample === 'sampled').map((p) => p.providerId)).toEqual([newcomer]);
    const view = await w.approver.call('qa-sample', { periodId: w.mar });
    expect(view.draws[0]).toMatchObject({ percent: 0, firstPaymentRule: true, items: PROVIDERS + 1 });
    expect(view.draws[0].sampled).toEqual([{ paymentId: payments.at(-1)!.id, providerId: newcomer, providerName: 'Newcomer', reason: 'first payment of a new provider', state: 'sampled' }]);
  });

  it('Authorize is refused until a second Approver, not the one who calculated it, marks it QA checked', async () => {
    w = await openQaWorld();
    await setQa(100);
    await calculated(w.mar);
    const [p, q] = await w.payments(w.mar);
    expect(p.qaSample).toBe('sampled');
    // Refused with the reason, and nothing changed.
    let before = await snapshot(w.core);
    await expect(w.approver.call('payments-act', { paymentId: p.id, action: 'authorize' })).rejects.toMatchObject({
      code: 'REFUSED',
      rule: 'authorize.qa-sample',
      message: expect.stringContaining('is in the QA sample and not checked yet'),
    });
    expect(await snapshot(w.core)).toEqual(before);
    // The Approver who calculated it may not check it (separation of duties); the drop-down does not offer it.
    expect(await w.approver.call('payments-allowed-actions', { paymentId: p.id })).not.toContain('mark-qa-checked');
    expect(await w.approver.call('payments-allowed-actions', { paymentId: p.id })).not.toContain('authorize');
    await expect(w.approver.call('payments-act', { paymentId: p.id, action: 'mark-qa-checked' })).rejects.toMatchObject({ rule: 'mark-qa-checked.separation-of-duties' });
    expect(await snapshot(w.core)).toEqual(before);
    // A second Approver checks it: an audit event; then it is authorized.
    expect(await w.approver2.call('payments-allowed-actions', { paymentId: p.id })).toContain('mark-qa-checked');
    const checked = await w.approver2.call('payments-act', { paymentId: p.id, action: 'mark-qa-checked' });
    expect(checked.allowedActions).toContain('authorize');
    expect(checked.allowedActions).not.toContain('mark-qa-checked');
    const detail = await w.approver.call('payments-get', { paymentId: p.id });
    expect(detail.qa).toMatchObject({ state: 'checked', reason: 'random draw', percent: 100, calculatedBy: { username: 'approver' }, checkedBy: { username: 'approver2' }, checkedAt: T0 });
    const history = await w.approver.call('payments-history', { paymentId: p.id });
    expect(history.at(-1)).toMatchObject({ action: 'mark-qa-checked', actionLabel: 'Mark QA checked', username: 'approver2', group: 'Approver' });
    await w.approver.call('payments-act', { paymentId: p.id, action: 'authorize' });
    expect((await w.approver.call('payments-get', { paymentId: p.id })).state.paymentStatus).toBe('Authorized');

    // Bulk Authorize: a row still in the sample is refused with its reason, the checked one passes.
    await w.approver2.call('payments-act', { paymentId: q.id, action: 'mark-qa-checked' });
    const [r] = (await w.payments(w.mar)).slice(2);
    const bulk = await w.approver.call('payments-apply-bulk', { ids: [q.id, r.id], action: 'authorize' });
    expect(bulk.succeeded).toBe(1);
    expect(bulk.results[1]).toMatchObject({ id: r.id, ok: false, error: { rule: 'authorize.qa-sample' } });
    // Bulk Mark QA checked by the calculating Approver: every row refused, nothing written.
    before = await snapshot(w.core);
    const own = await w.approver.call('payments-apply-bulk', { ids: [r.id], action: 'mark-qa-checked' });
    expect(own.results[0]).toMatchObject({ ok: false, error: { rule: 'mark-qa-checked.separation-of-duties' } });
    expect(await snapshot(w.core)).toEqual(before);
  });

  it('a new calculation of a checked payment needs a new check', async () => {
    w = await openQaWorld();
    await setQa(100);
    await calculated(w.mar);
    const [p] = await w.payments(w.mar);
    await w.approver2.call('payments-act', { paymentId: p.id, action: 'mark-qa-checked' });
    // Calculated again by approver2: back in the sample, and approver2 (the calculator now) may not check it.
    await w.approver2.call('payments-calculate-period', { periodId: w.mar, paymentIds: [p.id] });
    expect((await w.payments(w.mar))[0].qaSample).toBe('sampled');
    await expect(w.approver2.call('payments-act', { paymentId: p.id, action: 'mark-qa-checked' })).rejects.toMatchObject({ rule: 'mark-qa-checked.separation-of-duties' });
    await expect(w.approver.call('payments-act', { paymentId: p.id, action: 'authorize' })).rejects.toMatchObject({ rule: 'authorize.qa-sample' });
    await w.approver.call('payments-act', { paymentId: p.id, action: 'mark-qa-checked' });
    await w.approver2.call('payments-act', { paymentId: p.id, action: 'authorize' });
  });

  it('settings: whole percent from 0 to 100, dated, each change an audit event; bad input changes nothing', async () => {
    w = await openQaWorld();
    const saved = await w.admin.call('qa-settings-save', { key: 'qa.samplePercent', value: 20, effectiveFrom: '2026-05-01' });
    expect(saved.samplePercent).toMatchObject({ value: 0, history: [{ effectiveFrom: '1900-01-01', value: 0 }, { effectiveFrom: '2026-05-01', value: 20 }] });
    const before = await snapshot(w.core);
    for (const value of [101, -1, 2.5]) {
      await expect(w.admin.call('qa-settings-save', { key: 'qa.samplePercent', value } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(w.admin.call('qa-settings-save', { key: 'qa.alwaysSampleFirstPayment', value: 'yes' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(w.approver.call('qa-settings-save', { key: 'qa.samplePercent', value: 20 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await snapshot(w.core)).toEqual(before);
    const events = await w.sql.rows<{ username: string }>(`SELECT username FROM audit_event WHERE action = 'save-setting' AND state_after LIKE '%qa.samplePercent%'`);
    expect(events.map((e) => e.username)).toEqual(['admin']);
    // March (from its first day) is not sampled: 20% starts with May.
    await calculated(w.mar);
    expect(await draws(w.mar)).toEqual([]);
  });
});
