import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/shared/api/common';
import { calculatePayment } from '../../src/main/core/calculation/calculate';
import { openTestCore, snapshot, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { authorizedDays, generate, licenseOf, paymentOf, periodOf, submission } from './intake-fixture';

// payments-calculate-period: the Calculate action row by row for a period or a selection.

let t: TestCore;
beforeEach(async () => {
  t = await openTestCore({ demo: true });
  await generate(t, '2026-03');
  await generate(t, '2026-04');
  const approver = await t.as('approver');
  const lines = ['license_number,period,case_number,date,hours,absence_code'];
  for (const id of [1, 2]) {
    for (const d of (await authorizedDays(t, id, '2026-03'))) lines.push([(await licenseOf(t, id)), '2026-03', d.caseNumber, d.date, d.hours ?? '', d.absence ?? ''].join(','));
  }
  await approver.call('intake-import-paper-csv', { fileName: 'paper.csv', content: lines.join('\n') });
  await approver.call('intake-import-submission', { fileName: 's.json', content: JSON.stringify((await submission(t, 3, '2026-03'))) });
});
afterEach(async () => {
  await t.close();
});

const sql = () => testSql(t);
const march = async () => (await periodOf(t, '2026-03')).id;

describe('payments-calculate-period', () => {
  it('calculates every received payment of the period through the Calculate action, with progress', async () => {
    const events: ProgressEvent[] = [];
    t.core.onEvent((e) => events.push(e));
    const ids: number[] = [];
    for (const p of [1, 2, 3]) ids.push((await paymentOf(t, p, '2026-03')).id);
    const expected = await Promise.all(ids.map((id) => calculatePayment(t.core.store.db, id)));
    const result = await (await t.as('approver')).call('payments-calculate-period', { periodId: await march() });
    expect(result).toMatchObject({ periodId: await march(), calculated: 3, refused: 0 });
    expect(result.results.map((r) => [r.paymentId, r.ok, r.amountCents])).toEqual(ids.map((id, i) => [id, true, expected[i].amountCents]));
    expect(result.totalCents).toBe(expected.reduce((s, e) => s + e.amountCents, 0));
    expect(expected[0].amountCents).toBeGreaterThan(0);
    for (const [i, id] of ids.entries()) {
      expect((await paymentOf(t, [1, 2, 3][i], '2026-03')).amountCents).toBe(expected[i].amountCents);
      const lines = (await sql().rows(`SELECT line_no AS n, subtotal_cents AS s FROM calculation_line WHERE payment_id = ? ORDER BY line_no`, [id])) as { n: number; s: number }[];
      expect(lines.map((l) => l.s)).toEqual(expected[i].lines.map((l) => l.subtotalCents));
      const ev = (await sql().one(`SELECT username, group_name AS g FROM audit_event WHERE entity_id = ? AND action = 'calculate'`, [id]));
      expect(ev).toEqual({ username: 'approver', g: 'Approver' });
    }
    expect(events.filter((e) => e.task === 'calculate').at(-1)).toMatchObject({ done: 3, total: 3 });
  });

  it('a selection is judged row by row: refusals name their rule and change nothing of their own', async () => {
    const good = (await paymentOf(t, 1, '2026-03')).id;
    const notReceived = (await paymentOf(t, 5, '2026-03')).id;
    const otherPeriod = (await paymentOf(t, 1, '2026-04')).id;
    const result = await (await t.as('approver')).call('payments-calculate-period', { periodId: await march(), paymentIds: [notReceived, good, otherPeriod, 999_999] });
    expect(result).toMatchObject({ calculated: 1, refused: 3 });
    expect(result.results.map((r) => [r.paymentId, r.ok, r.error?.code, r.error?.rule])).toEqual([
      [notReceived, false, 'REFUSED', 'calculate.received'],
      [good, true, undefined, undefined],
      [otherPeriod, false, 'REFUSED', 'calculate.period'],
      [999_999, false, 'NOT_FOUND', undefined],
    ]);
    expect((await paymentOf(t, 5, '2026-03')).amountCents).toBeNull();
    expect((await sql().one(`SELECT count(*) AS n FROM calculation_line WHERE payment_id IN (?, ?)`, [notReceived, otherPeriod]))).toEqual({ n: 0 });
  });

  it('calculating again gives the same amounts and lines', async () => {
    const approver = await t.as('approver');
    await approver.call('payments-calculate-period', { periodId: await march() });
    const lines = async () => (await sql().rows(`SELECT payment_id, line_no, child_id, label, full_days, part_days, paid_absences, days_cut, subtotal_cents, details FROM calculation_line ORDER BY payment_id, line_no`));
    const first = await lines();
    await approver.call('payments-calculate-period', { periodId: await march() });
    expect(await lines()).toEqual(first);
  });

  it('is for Approvers; an unknown period is named', async () => {
    const before = await snapshot(t.core);
    await expect((await t.as('payor')).call('payments-calculate-period', { periodId: await march() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await t.as('approver')).call('payments-calculate-period', { periodId: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'periodId' });
    expect(await snapshot(t.core)).toEqual(before);
  });
});
