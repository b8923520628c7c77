import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculatePayment } from '../../src/main/core/calculation/calculate';
import { maxRateOn } from '../../src/main/core/reference/rates';
import { RATE_TABLE_KEYS } from '../../src/shared/reference/rates';
import type { AgeGroup, ProviderType } from '../../src/shared/domain/words';
import { snapshot } from '../helpers/core';
import { auditOf, openRefWorld, type RefWorld } from './reference-fixture';

// A rate table (or a calculation setting) that starts on a later date leaves the calculation of
// earlier periods as it was and applies to later ones: checked through the calculation engine.

let t: RefWorld;
const pay: Record<'sep' | 'oct', number> = { sep: 0, oct: 0 };
let providerType: ProviderType;
let childId: number;

const stored = (paymentId: number) =>
  t.core.store.sql.prepare(`SELECT amount_cents AS amount FROM payment WHERE id = ?`).get(paymentId) as { amount: number };
const recalc = (paymentId: number) => calculatePayment(t.core.store.sql, paymentId);
const lineOf = (paymentId: number) => recalc(paymentId).lines.find((l) => l.childId === childId)!;

beforeAll(async () => {
  t = await openRefWorld();
  const sql = t.core.store.sql;
  // A provider with a child authorized from before September to the end of the year.
  const a = sql
    .prepare(
      `SELECT a.provider_id AS providerId, a.child_id AS childId, p.type FROM authorization a JOIN provider p ON p.id = a.provider_id
       WHERE a.start_date <= '2026-09-01' AND a.end_date >= '2026-10-31' AND a.care_level = 'full_time' ORDER BY a.id LIMIT 1`,
    )
    .get() as { providerId: number; childId: number; type: ProviderType };
  providerType = a.type;
  childId = a.childId;
  const periods = await t.approver.call('periods-list', {});
  for (const [key, code, day] of [['sep', '2026-09', '2026-09-02'], ['oct', '2026-10', '2026-10-06']] as const) {
    const periodId = periods.find((p) => p.code === code)!.id;
    await t.approver.call('payments-generate', { periodId });
    pay[key] = (sql.prepare(`SELECT id FROM payment WHERE provider_id = ? AND period_id = ?`).get(a.providerId, periodId) as { id: number }).id;
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
    const before = snapshot(t.core);
    await expect(
      t.admin.call('rates-save-table', { effectiveFrom: '2026-10-01', rates: [{ providerType: 'center', ageGroup: 'infant', dayKind: 'full', cents: 1 }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('needs every combination') });
    const full = RATE_TABLE_KEYS.map((k) => ({ ...k, cents: 1000 }));
    await expect(t.approver.call('rates-save-table', { effectiveFrom: '2026-10-01', rates: full })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(snapshot(t.core)).toEqual(before);
  });

  it('a table starting 2026-10-01 changes October calculations and leaves September as it was', async () => {
    const sepBefore = stored(pay.sep).amount;
    const octBefore = stored(pay.oct).amount;
    expect(recalc(pay.sep).amountCents).toBe(sepBefore);
    expect(recalc(pay.oct).amountCents).toBe(octBefore);
    const ageGroup = lineOf(pay.oct).ageGroup as AgeGroup;
    const july = maxRateOn(t.core.store.sql, { providerType, ageGroup, dayKind: 'full' }, '2026-09-01')!;

    // Lower maximum rates from October: below any provider's own rate, so they are the ones paid.
    const lower = RATE_TABLE_KEYS.map((k) => ({ ...k, cents: k.dayKind === 'full' ? 1111 : 555 }));
    const saved = await t.admin.call('rates-save-table', { effectiveFrom: '2026-10-01', rates: lower });
    expect(saved.rates).toHaveLength(RATE_TABLE_KEYS.length);
    expect(auditOf(t, 'rate-table', 20261001)).toMatchObject([{ action: 'create-rate-table', username: 'admin' }]);

    expect(recalc(pay.sep).amountCents).toBe(sepBefore);
    expect(lineOf(pay.sep).fullRateCents).toBeLessThanOrEqual(july);
    expect(lineOf(pay.oct)).toMatchObject({ fullRateCents: 1111, partRateCents: 555, fullDays: 1, partDays: 1 });
    expect(recalc(pay.oct).amountCents).not.toBe(octBefore);
    expect(maxRateOn(t.core.store.sql, { providerType, ageGroup, dayKind: 'full' }, '2026-09-30')).toBe(july);
    expect(maxRateOn(t.core.store.sql, { providerType, ageGroup, dayKind: 'full' }, '2026-10-01')).toBe(1111);
  });

  it('a full-day threshold starting 2026-10-01 makes an 8-hour October day a part day, September unchanged', async () => {
    await t.admin.call('settings-save', { key: 'calculation.fullDayThresholdHours', value: 9, effectiveFrom: '2026-10-01' });
    expect(lineOf(pay.sep)).toMatchObject({ fullDays: 1, partDays: 1 });
    expect(lineOf(pay.oct)).toMatchObject({ fullDays: 0, partDays: 2 });
  });

  it('replacing a table on the same date records before and after; the same table again writes nothing', async () => {
    const { tables } = await t.admin.call('rates-list', {});
    const oct = tables.find((x) => x.effectiveFrom === '2026-10-01')!;
    const changed = oct.rates.map((r) => (r.providerType === 'center' && r.ageGroup === 'infant' && r.dayKind === 'full' ? { ...r, cents: 1200 } : r));
    await t.admin.call('rates-save-table', { effectiveFrom: '2026-10-01', rates: changed });
    const events = auditOf(t, 'rate-table', 20261001);
    expect(events.map((e) => e.action)).toEqual(['create-rate-table', 'replace-rate-table']);
    await t.admin.call('rates-save-table', { effectiveFrom: '2026-10-01', rates: changed });
    expect(auditOf(t, 'rate-table', 20261001)).toHaveLength(2);
  });
});
