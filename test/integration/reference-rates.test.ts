import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculatePayment } from '../../src/main/core/calculation/calculate';
import { maxRateOn } from '../../src/main/core/reference/rates';
import { RATE_TABLE_KEYS } from '../../src/shared/reference/rates';
import type { AgeGroup, ProviderType } from '../../src/shared/domain/words';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { auditOf, openRefWorld, type RefWorld } from './reference-fixture';

// A rate table (or a calculation setting) that starts on a later date leaves the calculation of
// earlier periods as it was and applies to later ones: checked through the calculation engine.

let t: RefWorld;
// April and May: periods the demo's own payments do not use. A new table starts 2026-05-01.
const pay: Record<'apr' | 'may', number> = { apr: 0, may: 0 };
let providerType: ProviderType;
let childId: number;

const stored = (paymentId: number) => testSql(t).get<{ amount: number }>(`SELECT amount_cents AS amount FROM payment WHERE id = ?`, [paymentId]);
const recalc = (paymentId: number) => calculatePayment(t.core.store.db, paymentId);
const lineOf = async (paymentId: number) => (await recalc(paymentId)).lines.find((l) => l.childId === childId)!;

beforeAll(async () => {
  t = await openRefWorld();
  const sql = testSql(t);
  // A provider with a child authorized through April and May.
  const a = await sql.get<{ providerId: number; childId: number; type: ProviderType }>(
    `SELECT a.provider_id AS providerId, a.child_id AS childId, p.type FROM "authorization" a JOIN provider p ON p.id = a.provider_id
     WHERE a.start_date <= '2026-04-01' AND a.end_date >= '2026-05-31' AND a.care_level = 'full_time' ORDER BY a.id LIMIT 1`,
  );
  providerType = a.type;
  childId = a.childId;
  const periods = await t.approver.call('periods-list', {});
  for (const [key, code, day] of [['apr', '2026-04', '2026-04-02'], ['may', '2026-05', '2026-05-05']] as const) {
    const periodId = periods.find((p) => p.code === code)!.id;
    await t.approver.call('payments-generate', { periodId });
    pay[key] = await sql.value<number>(`SELECT id FROM payment WHERE provider_id = ? AND period_id = ?`, [a.providerId, periodId]);
    await t.approver.call('payments-act', {
      paymentId: pay[key],
      action: 'record-paper-attendance',
      attendance: { rows: [{ childId, date: day, hours: 8, absenceCode: null }, { childId, date: `${day.slice(0, 8)}${String(Number(day.slice(8)) + 1).padStart(2, '0')}`, hours: 3, absenceCode: null }] },
    });
    await t.approver.call('payments-act', { paymentId: pay[key], action: 'calculate' });
  }
});
afterAll(() => t.close());

describe('rate tables with effective dates', () => {
  it('lists the tables, newest first, each complete', async () => {
    const { tables } = await t.approver.call('rates-list', {});
    expect(tables.map((x) => x.effectiveFrom)).toEqual(['2026-07-01', '2026-01-01']);
    expect(tables[0].rates).toHaveLength(RATE_TABLE_KEYS.length);
  });

  it('refuses an incomplete table, and a table from another group than Administrator, changing nothing', async () => {
    const before = await snapshot(t.core);
    await expect(
      t.admin.call('rates-save-table', { effectiveFrom: '2026-05-01', rates: [{ providerType: 'center', ageGroup: 'infant', dayKind: 'full', cents: 1 }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('needs every combination') });
    const full = RATE_TABLE_KEYS.map((k) => ({ ...k, cents: 1000 }));
    await expect(t.approver.call('rates-save-table', { effectiveFrom: '2026-05-01', rates: full })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await snapshot(t.core)).toEqual(before);
  });

  it('a table starting 2026-05-01 changes May calculations and leaves April as it was', async () => {
    const aprBefore = (await stored(pay.apr)).amount;
    const mayBefore = (await stored(pay.may)).amount;

    expect((await recalc(pay.apr)).amountCents).toBe(aprBefore);
    expect((await recalc(pay.may)).amountCents).toBe(mayBefore);
    const ageGroup = (await lineOf(pay.may)).ageGroup as AgeGroup;
    const january = (await maxRateOn(t.core.store.db, { providerType, ageGroup, dayKind: 'full' }, '2026-04-01'))!;

    // Lower maximum rates from May: below any provider's own rate, so they are the ones paid.
    const lower = RATE_TABLE_KEYS.map((k) => ({ ...k, cents: k.dayKind === 'full' ? 1111 : 555 }));
    const saved = await t.admin.call('rates-save-table', { effectiveFrom: '2026-05-01', rates: lower });
    expect(saved.rates).toHaveLength(RATE_TABLE_KEYS.length);
    expect((await auditOf(t, 'rate-table', 20260501))).toMatchObject([{ action: 'create-rate-table', username: 'admin' }]);

    expect((await recalc(pay.apr)).amountCents).toBe(aprBefore);
    expect((await lineOf(pay.apr)).fullRateCents).toBeLessThanOrEqual(january);
    expect((await lineOf(pay.may))).toMatchObject({ fullRateCents: 1111, partRateCents: 555, fullDays: 1, partDays: 1 });
    expect((await recalc(pay.may)).amountCents).not.toBe(mayBefore);
    expect(await maxRateOn(t.core.store.db, { providerType, ageGroup, dayKind: 'full' }, '2026-04-30')).toBe(january);
    expect(await maxRateOn(t.core.store.db, { providerType, ageGroup, dayKind: 'full' }, '2026-05-01')).toBe(1111);
  });

  it('a full-day threshold starting 2026-05-01 makes an 8-hour May day a part day, April unchanged', async () => {
    await t.admin.call('settings-save', { key: 'calculation.fullDayThresholdHours', value: 9, effectiveFrom: '2026-05-01' });
    expect((await lineOf(pay.apr))).toMatchObject({ fullDays: 1, partDays: 1 });
    expect((await lineOf(pay.may))).toMatchObject({ fullDays: 0, partDays: 2 });
  });

  it('replacing a table on the same date records before and after; the same table again writes nothing', async () => {
    const { tables } = await t.admin.call('rates-list', {});
    const may = tables.find((x) => x.effectiveFrom === '2026-05-01')!;
    const changed = may.rates.map((r) => (r.providerType === 'center' && r.ageGroup === 'infant' && r.dayKind === 'full' ? { ...r, cents: 1200 } : r));
    await t.admin.call('rates-save-table', { effectiveFrom: '2026-05-01', rates: changed });
    const events = (await auditOf(t, 'rate-table', 20260501));
    expect(events.map((e) => e.action)).toEqual(['create-rate-table', 'replace-rate-table']);
    await t.admin.call('rates-save-table', { effectiveFrom: '2026-05-01', rates: changed });
    expect((await auditOf(t, 'rate-table', 20260501))).toHaveLength(2);
  });
});
