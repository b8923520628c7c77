import type BetterSqlite3 from 'better-sqlite3';
import type { ProviderDetail } from '../../../shared/api/contract/reference';
import type { AgeGroup, DayKind, ProviderType } from '../../../shared/domain/words';
import { RATE_TABLE_KEYS, rateKey, type MaxRate, type RateTable } from '../../../shared/reference/rates';
import { appendAudit } from '../audit/chain';
import type { HandlerImpls } from '../registry';
import { adminActor, notFound, nowIso, signedIn, stmt } from './db';
import { providerDetail } from './providers';

// Rates with effective dates: the agency's maximum rate tables (complete, one per start date) and
// each provider's own rates (per age group and day kind). A new table or rate starts on its date;
// what was in effect before stays in effect for earlier periods (calculation reads the rate in
// effect on the period's first day: see calculation/calculate.ts).

const ORDER = new Map(RATE_TABLE_KEYS.map((k, i) => [rateKey(k), i]));
const byKey = (a: MaxRate, b: MaxRate) => (ORDER.get(rateKey(a)) ?? 0) - (ORDER.get(rateKey(b)) ?? 0);

/** The audit entity id of a rate table: its start date as a number (2026-07-01 -> 20260701). */
const tableEntityId = (date: string) => Number(date.replace(/-/g, ''));

function tableAt(sql: BetterSqlite3.Database, effectiveFrom: string): MaxRate[] {
  return (
    stmt(sql, `SELECT provider_type AS providerType, age_group AS ageGroup, day_kind AS dayKind, cents FROM max_rate WHERE effective_from = ?`).all(
      effectiveFrom,
    ) as MaxRate[]
  ).sort(byKey);
}

export function listRateTables(sql: BetterSqlite3.Database): RateTable[] {
  const dates = stmt(sql, `SELECT DISTINCT effective_from AS d FROM max_rate ORDER BY d DESC`).all() as { d: string }[];
  return dates.map(({ d }) => ({ effectiveFrom: d, rates: tableAt(sql, d) }));
}

/** The agency maximum in effect on a date (null when no table covers it). */
export function maxRateOn(sql: BetterSqlite3.Database, key: { providerType: ProviderType; ageGroup: AgeGroup; dayKind: DayKind }, onDate: string): number | null {
  const row = stmt(
    sql,
    `SELECT cents FROM max_rate WHERE provider_type = ? AND age_group = ? AND day_kind = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1`,
  ).get(key.providerType, key.ageGroup, key.dayKind, onDate) as { cents: number } | undefined;
  return row?.cents ?? null;
}

export const rateHandlers: HandlerImpls<'rates-list' | 'rates-save-table' | 'providers-rates-save'> = {
  'rates-list': (_args, ctx) => ctx.store.read(({ sql }) => ({ tables: listRateTables(sql) })),

  'rates-save-table': ({ effectiveFrom, rates }, ctx) =>
    ctx.store.run(({ sql }) => {
      const before = tableAt(sql, effectiveFrom);
      const after = [...rates].sort(byKey);
      if (JSON.stringify(before) === JSON.stringify(after)) return { effectiveFrom, rates: after };
      stmt(sql, `DELETE FROM max_rate WHERE effective_from = ?`).run(effectiveFrom);
      const insert = stmt(sql, `INSERT INTO max_rate (provider_type, age_group, day_kind, effective_from, cents) VALUES (?, ?, ?, ?, ?)`);
      for (const r of after) insert.run(r.providerType, r.ageGroup, r.dayKind, effectiveFrom, r.cents);
      appendAudit(sql, {
        actor: adminActor(ctx),
        at: nowIso(ctx),
        entity: 'rate-table',
        entityId: tableEntityId(effectiveFrom),
        action: before.length > 0 ? 'replace-rate-table' : 'create-rate-table',
        before: before.length > 0 ? { effectiveFrom, rates: before } : undefined,
        after: { effectiveFrom, rates: after },
      });
      return { effectiveFrom, rates: after };
    }),

  'providers-rates-save': ({ providerId, effectiveFrom, rates }, ctx) =>
    ctx.store.run(async ({ sql, db }) => {
      if (!stmt(sql, `SELECT 1 FROM provider WHERE id = ?`).get(providerId)) throw notFound('provider', providerId);
      const find = stmt(sql, `SELECT cents FROM provider_rate WHERE provider_id = ? AND age_group = ? AND day_kind = ? AND effective_from = ?`);
      const upsert = stmt(
        sql,
        `INSERT INTO provider_rate (provider_id, age_group, day_kind, effective_from, cents) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (provider_id, age_group, day_kind, effective_from) DO UPDATE SET cents = excluded.cents`,
      );
      const before: Record<string, number | null> = {};
      const after: Record<string, number> = {};
      for (const r of rates) {
        const old = (find.get(providerId, r.ageGroup, r.dayKind, effectiveFrom) as { cents: number } | undefined)?.cents ?? null;
        if (old === r.cents) continue;
        before[`${r.ageGroup}/${r.dayKind}`] = old;
        after[`${r.ageGroup}/${r.dayKind}`] = r.cents;
        upsert.run(providerId, r.ageGroup, r.dayKind, effectiveFrom, r.cents);
      }
      if (Object.keys(after).length > 0) {
        appendAudit(sql, {
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
    }),
};
