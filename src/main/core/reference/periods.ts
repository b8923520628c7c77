import { AppError } from '../../../shared/api/errors';
import type { ServicePeriod } from '../../../shared/api/contract/reference';
import { lastDayOfMonth } from '../../../shared/domain/dates';
import { AUDIT_CHAIN_LOCK, appendAudit, type Actor } from '../audit/chain';
import type { Queryable, Tx } from '../db/engine/port';
import type { HandlerImpls } from '../registry';
import { scopedProviderId } from '../workflow/item';
import { adminActor, notFound, nowIso, today } from './db';
import { formatMonth } from '../../../shared/format';

// Service periods: monthly by default (a whole year at once), or custom spans. Periods never
// overlap, so every day of care belongs to exactly one period.

const SELECT = `SELECT id, code, label, start_date AS startDate, end_date AS endDate FROM service_period`;

function overlappingPeriod(db: Queryable, start: string, end: string, exceptId: number): Promise<ServicePeriod | undefined> {
  return db.one<ServicePeriod>(`${SELECT} WHERE start_date <= ? AND end_date >= ? AND id <> ? ORDER BY start_date LIMIT 1`, [end, start, exceptId]);
}

async function insertPeriod(db: Tx, p: Omit<ServicePeriod, 'id'>, actor: Actor, at: string): Promise<ServicePeriod> {
  const id = await db.insert(`INSERT INTO service_period (code, label, start_date, end_date) VALUES (@code, @label, @startDate, @endDate)`, {
    code: p.code,
    label: p.label,
    startDate: p.startDate,
    endDate: p.endDate,
  });
  await appendAudit(db, { actor, at, entity: 'service-period', entityId: id, action: 'create-period', after: p });
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
export async function defaultPeriodId(db: Queryable, onDate: string, providerId: number | null): Promise<number | null> {
  // The provider's filter in two texts: PostgreSQL cannot type a parameter compared only with NULL.
  const withItems = await db.one<{ id: number }>(
    `SELECT s.id FROM service_period s WHERE s.start_date <= ?
       AND EXISTS (SELECT 1 FROM payment p WHERE p.period_id = s.id${providerId === null ? '' : ' AND p.provider_id = ?'})
     ORDER BY s.start_date DESC LIMIT 1`,
    providerId === null ? [onDate] : [onDate, providerId],
  );
  const started = await db.one<{ id: number }>(`SELECT id FROM service_period WHERE start_date <= ? ORDER BY start_date DESC LIMIT 1`, [onDate]);
  const first = await db.one<{ id: number }>(`SELECT id FROM service_period ORDER BY start_date LIMIT 1`);
  return (withItems ?? started ?? first)?.id ?? null;
}

export const periodHandlers: HandlerImpls<'periods-default' | 'periods-create-year' | 'periods-save'> = {
  'periods-default': (_args, ctx) =>
    ctx.store.read(async ({ db }) => ({ periodId: await defaultPeriodId(db, await today(ctx, db), scopedProviderId(ctx.caller)) })),

  'periods-create-year': ({ year }, ctx) =>
    ctx.store.run(async ({ db }) => {
      const actor = adminActor(ctx);
      const at = nowIso(ctx);
      const created: ServicePeriod[] = [];
      const skipped: Array<{ code: string; reason: string }> = [];
      for (let m = 1; m <= 12; m++) {
        const mm = String(m).padStart(2, '0');
        const p = { code: `${year}-${mm}`, label: monthLabel(year, m), startDate: `${year}-${mm}-01`, endDate: lastDayOfMonth(year, m) };
        if (await db.one(`SELECT 1 FROM service_period WHERE code = ?`, [p.code])) {
          skipped.push({ code: p.code, reason: 'a period with this code exists' });
          continue;
        }
        const other = await overlappingPeriod(db, p.startDate, p.endDate, 0);
        if (other) {
          skipped.push({ code: p.code, reason: `overlaps ${other.code} (${other.startDate} to ${other.endDate})` });
          continue;
        }
        created.push(await insertPeriod(db, p, actor, at));
      }
      return { created, skipped };
    }, { locks: [AUDIT_CHAIN_LOCK] }),

  'periods-save': ({ id, ...p }, ctx) =>
    ctx.store.run(async ({ db }) => {
      const actor = adminActor(ctx);
      const at = nowIso(ctx);
      const clash = await db.one<{ id: number }>(`SELECT id FROM service_period WHERE code = ? AND id <> ?`, [p.code, id ?? 0]);
      if (clash) throw new AppError({ code: 'REFUSED', field: 'code', message: `The code ${p.code} is used by period ${clash.id}.` });
      const other = await overlappingPeriod(db, p.startDate, p.endDate, id ?? 0);
      if (other) {
        throw new AppError({
          code: 'REFUSED',
          field: 'startDate',
          message: `${p.startDate} to ${p.endDate} overlaps ${other.code} (${other.startDate} to ${other.endDate}); periods may not overlap.`,
        });
      }
      if (id === undefined) return insertPeriod(db, p, actor, at);
      const before = await db.one<ServicePeriod>(`${SELECT} WHERE id = ?`, [id]);
      if (!before) throw notFound('service period', id);
      const datesChange = before.startDate !== p.startDate || before.endDate !== p.endDate;
      if (datesChange && (await db.one(`SELECT 1 FROM payment WHERE period_id = ? LIMIT 1`, [id]))) {
        throw new AppError({ code: 'REFUSED', field: 'startDate', message: `Period ${before.code} has payments: its dates no longer change (its label may).` });
      }
      const { id: _id, ...old } = before;
      if (JSON.stringify(old) === JSON.stringify(p)) return before;
      await db.run(`UPDATE service_period SET code = @code, label = @label, start_date = @startDate, end_date = @endDate WHERE id = @id`, { ...p, id });
      await appendAudit(db, { actor, at, entity: 'service-period', entityId: id, action: 'update-period', before: old, after: p });
      return { id, ...p };
    }, { locks: [AUDIT_CHAIN_LOCK] }),
};
