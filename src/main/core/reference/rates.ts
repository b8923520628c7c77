import type { ProviderDetail } from '../../../shared/api/contract/reference';
import type { AgeGroup, DayKind, ProviderType } from '../../../shared/domain/words';
import { RATE_TABLE_KEYS, rateKey, type MaxRate, type RateTable } from '../../../shared/reference/rates';
import { AUDIT_CHAIN_LOCK, appendAudit } from '../audit/chain';
import type { Queryable } from '../db/engine/port';
import type { HandlerImpls } from '../registry';
import { adminActor, notFound, nowIso, signedIn } from './db';
import { providerDetail } from './providers';

// Rates with effective dates: the agency's maximum rate tables (complete, one per start date) and
// each provider's own rates (per age group and day kind). A new table or rate starts on its date;
// what was in effect before stays in effect for earlier periods (calculation reads the rate in
// effect on the period's first day: see calculation/calculate.ts).

const ORDER = new Map(RATE_TABLE_KEYS.map((k, i) => [rateKey(k), i]));
const byKey = (a: MaxRate, b: MaxRate) => (ORDER.get(rateKey(a)) ?? 0) - (ORDER.get(rateKey(b)) ?? 0);

/** The audit entity id of a rate table: its start date as a number (2026-07-01 -> 20260701). */
const tableEntityId = (date: string) => Number(date.replace(/-/g, ''));

async function tableAt(db: Queryable, effectiveFrom: string): Promise<MaxRate[]> {
  return (
    await db.rows<MaxRate>(`SELECT provider_type AS providerType, age_group AS ageGroup, day_kind AS dayKind, cents FROM max_rate WHERE effective_from = ?`, [
      effectiveFrom,
    ])
  ).sort(byKey);
}

export async function listRateTables(db: Queryable): Promise<RateTable[]> {
  // Every table in one statement, grouped here (newest first, as before).
  const rows = await db.rows<MaxRate & { d: string }>(
    `SELECT effective_from AS d, provider_type AS providerType, age_group AS ageGroup, day_kind AS dayKind, cents FROM max_rate ORDER BY effective_from DESC`,
  );
  const tables = new Map<string, MaxRate[]>();
  for (const { d, ...rate } of rows) {
    let list = tables.get(d);
    if (!list) tables.set(d, (list = []));
    list.push(rate);
  }
  return [...tables].map(([effectiveFrom, rates]) => ({ effectiveFrom, rates: rates.sort(byKey) }));
}

/** The agency maximum in effect on a date (null when no table covers it). */
export async function maxRateOn(db: Queryable, key: { providerType: ProviderType; ageGroup: AgeGroup; dayKind: DayKind }, onDate: string): Promise<number | null> {
  const row = await db.one<{ cents: number }>(
    `SELECT cents FROM max_rate WHERE provider_type = ? AND age_group = ? AND day_kind = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1`,
    [key.providerType, key.ageGroup, key.dayKind, onDate],
  );
  return row?.cents ?? null;
}

export const rateHandlers: HandlerImpls<'rates-list' | 'rates-save-table' | 'providers-rates-save'> = {
  'rates-list': (_args, ctx) => ctx.store.read(async ({ db }) => ({ tables: await listRateTables(db) })),

  'rates-save-table': ({ effectiveFrom, rates }, ctx) =>
    ctx.store.run(async ({ db }) => {
      const before = await tableAt(db, effectiveFrom);
      const after = [...rates].sort(byKey);
      if (JSON.stringify(before) === JSON.stringify(after)) return { effectiveFrom, rates: after };
      await db.run(`DELETE FROM max_rate WHERE effective_from = ?`, [effectiveFrom]);
      const insert = db.bulkInsert('max_rate', ['provider_type', 'age_group', 'day_kind', 'effective_from', 'cents']);
      for (const r of after) insert.add(r.providerType, r.ageGroup, r.dayKind, effectiveFrom, r.cents);
      await insert.flush();
      await appendAudit(db, {
        actor: adminActor(ctx),
        at: nowIso(ctx),
        entity: 'rate-table',
        entityId: tableEntityId(effectiveFrom),
        action: before.length > 0 ? 'replace-rate-table' : 'create-rate-table',
        before: before.length > 0 ? { effectiveFrom, rates: before } : undefined,
        after: { effectiveFrom, rates: after },
      });
      return { effectiveFrom, rates: after };
    }, { locks: [AUDIT_CHAIN_LOCK] }),

  'providers-rates-save': ({ providerId, effectiveFrom, rates }, ctx) =>
    ctx.store.run(async ({ db }) => {
      if (!(await db.one(`SELECT 1 FROM provider WHERE id = ?`, [providerId]))) throw notFound('provider', providerId);
      // The provider's rates of that date, read once.
      const stored = new Map(
        (
          await db.rows<{ ageGroup: string; dayKind: string; cents: number }>(
            `SELECT age_group AS ageGroup, day_kind AS dayKind, cents FROM provider_rate WHERE provider_id = ? AND effective_from = ?`,
            [providerId, effectiveFrom],
          )
        ).map((r) => [`${r.ageGroup}/${r.dayKind}`, r.cents]),
      );
      const upsert = `INSERT INTO provider_rate (provider_id, age_group, day_kind, effective_from, cents) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (provider_id, age_group, day_kind, effective_from) DO UPDATE SET cents = excluded.cents`;
      const before: Record<string, number | null> = {};
      const after: Record<string, number> = {};
      for (const r of rates) {
        const old = stored.get(`${r.ageGroup}/${r.dayKind}`) ?? null;
        if (old === r.cents) continue;
        before[`${r.ageGroup}/${r.dayKind}`] = old;
        after[`${r.ageGroup}/${r.dayKind}`] = r.cents;
        await db.run(upsert, [providerId, r.ageGroup, r.dayKind, effectiveFrom, r.cents]);
        stored.set(`${r.ageGroup}/${r.dayKind}`, r.cents);
      }
      if (Object.keys(after).length > 0) {
        await appendAudit(db, {
          actor: adminActor(ctx),
          at: nowIso(ctx),
          entity: 'provider',
          entityId: providerId,
          action: 'save-provider-rates',
          before: { effectiveFrom, rates: before },
          after: { effectiveFrom, rates: after },
        });
      }
      const rows: ProviderDetail['rates'] = (await providerDetail(db, providerId, signedIn(ctx))).rates;
      return { rates: rows };
    }, { locks: [AUDIT_CHAIN_LOCK] }),
};
