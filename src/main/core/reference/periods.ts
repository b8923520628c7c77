import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import type { ServicePeriod } from '../../../shared/api/contract/reference';
import { lastDayOfMonth } from '../../../shared/domain/dates';
import { appendAudit, type Actor } from '../audit/chain';
import type { HandlerImpls } from '../registry';
import { scopedProviderId } from '../workflow/item';
import { adminActor, notFound, nowIso, stmt, today } from './db';
import { formatMonth } from '../../../shared/format';

// Service periods: monthly by default (a whole year at once), or custom spans. Periods never
// overlap, so every day of care belongs to exactly one period.

const SELECT = `SELECT id, code, label, start_date AS startDate, end_date AS endDate FROM service_period`;

function overlappingPeriod(sql: BetterSqlite3.Database, start: string, end: string, exceptId: number): ServicePeriod | undefined {
  return stmt(sql, `${SELECT} WHERE start_date <= ? AND end_date >= ? AND id <> ? ORDER BY start_date LIMIT 1`).get(end, start, exceptId) as
    | ServicePeriod
    | undefined;
}

function insertPeriod(sql: BetterSqlite3.Database, p: Omit<ServicePeriod, 'id'>, actor: Actor, at: string): ServicePeriod {
  const id = Number(
    stmt(sql, `INSERT INTO service_period (code, label, start_date, end_date) VALUES (@code, @label, @startDate, @endDate)`).run(p).lastInsertRowid,
  );
  appendAudit(sql, { actor, at, entity: 'service-period', entityId: id, action: 'create-period', after: p });
  return { id, ...p };
}

export function monthLabel(year: number, month: number): string {
  return formatMonth(`${year}-${String(month).padStart(2, '0')}`);
}

/**
 * The period the workspace opens on: the newest period that has started (by the core's clock, not
 * the screen's) and holds payments the user can see, since the work of the first days of a month is
 * the month just ended; else the newest period that has started; else the first one to come.
 */
export function defaultPeriodId(sql: BetterSqlite3.Database, onDate: string, providerId: number | null): number | null {
  const withItems = stmt(
    sql,
    `SELECT s.id FROM service_period s WHERE s.start_date <= @on
       AND EXISTS (SELECT 1 FROM payment p WHERE p.period_id = s.id AND (@own IS NULL OR p.provider_id = @own))
     ORDER BY s.start_date DESC LIMIT 1`,
  ).get({ on: onDate, own: providerId }) as { id: number } | undefined;
  const started = stmt(sql, `SELECT id FROM service_period WHERE start_date <= ? ORDER BY start_date DESC LIMIT 1`).get(onDate) as { id: number } | undefined;
  const first = stmt(sql, `SELECT id FROM service_period ORDER BY start_date LIMIT 1`).get() as { id: number } | undefined;
  return (withItems ?? started ?? first)?.id ?? null;
}

export const periodHandlers: HandlerImpls<'periods-default' | 'periods-create-year' | 'periods-save'> = {
  'periods-default': (_args, ctx) =>
    ctx.store.read(({ sql }) => ({ periodId: defaultPeriodId(sql, today(ctx, sql), scopedProviderId(ctx.caller)) })),

  'periods-create-year': ({ year }, ctx) =>
    ctx.store.run(({ sql }) => {
      const actor = adminActor(ctx);
      const at = nowIso(ctx);
      const created: ServicePeriod[] = [];
      const skipped: Array<{ code: string; reason: string }> = [];
      for (let m = 1; m <= 12; m++) {
        const mm = String(m).padStart(2, '0');
        const p = { code: `${year}-${mm}`, label: monthLabel(year, m), startDate: `${year}-${mm}-01`, endDate: lastDayOfMonth(year, m) };
        if (stmt(sql, `SELECT 1 FROM service_period WHERE code = ?`).get(p.code)) {
          skipped.push({ code: p.code, reason: 'a period with this code exists' });
          continue;
        }
        const other = overlappingPeriod(sql, p.startDate, p.endDate, 0);
        if (other) {
          skipped.push({ code: p.code, reason: `overlaps ${other.code} (${other.startDate} to ${other.endDate})` });
          continue;
        }
        created.push(insertPeriod(sql, p, actor, at));
      }
      return { created, skipped };
    }),

  'periods-save': ({ id, ...p }, ctx) =>
    ctx.store.run(({ sql }) => {
      const actor = adminActor(ctx);
      const at = nowIso(ctx);
      const clash = stmt(sql, `SELECT id FROM service_period WHERE code = ? AND id <> ?`).get(p.code, id ?? 0) as { id: number } | undefined;
      if (clash) throw new AppError({ code: 'REFUSED', field: 'code', message: `The code ${p.code} is used by period ${clash.id}.` });
      const other = overlappingPeriod(sql, p.startDate, p.endDate, id ?? 0);
      if (other) {
        throw new AppError({
          code: 'REFUSED',
          field: 'startDate',
          message: `${p.startDate} to ${p.endDate} overlaps ${other.code} (${other.startDate} to ${other.endDate}); periods may not overlap.`,
        });
      }
      if (id === undefined) return insertPeriod(sql, p, actor, at);
      const before = stmt(sql, `${SELECT} WHERE id = ?`).get(id) as ServicePeriod | undefined;
      if (!before) throw notFound('service period', id);
      const datesChange = before.startDate !== p.startDate || before.endDate !== p.endDate;
      if (datesChange && stmt(sql, `SELECT 1 FROM payment WHERE period_id = ? LIMIT 1`).get(id)) {
        throw new AppError({ code: 'REFUSED', field: 'startDate', message: `Period ${before.code} has payments: its dates no longer change (its label may).` });
      }
      const { id: _id, ...old } = before;
      if (JSON.stringify(old) === JSON.stringify(p)) return before;
      stmt(sql, `UPDATE service_period SET code = @code, label = @label, start_date = @startDate, end_date = @endDate WHERE id = @id`).run({ ...p, id });
      appendAudit(sql, { actor, at, entity: 'service-period', entityId: id, action: 'update-period', before: old, after: p });
      return { id, ...p };
    }),
};
