import { AppError } from '../../../shared/api/errors';
import type { AuthorizationRow } from '../../../shared/api/contract/reference';
import type { PageQuery } from '../../../shared/api/common';
import type { CareLevel } from '../../../shared/domain/words';
import { AUDIT_CHAIN_LOCK, appendAudit, type Actor, type AuditInput, type AuditSink } from '../audit/chain';
import type { Queryable, Tx, Value } from '../db/engine/port';
import { likePattern, orderBy } from '../db/paging';
import type { HandlerImpls } from '../registry';
import { adminActor, diff, notFound, nowIso } from './db';

// Authorizations: a child's subsidy certificate at one provider. One child may be authorized at
// two providers at once, but never twice at the same provider for overlapping dates.
//
// Deleting: allowed only while no payment of that provider for a period the authorization
// overlaps has been calculated or exported (its amount may rest on it); otherwise end-date it.

export interface AuthorizationFields {
  childId: number;
  providerId: number;
  startDate: string;
  endDate: string;
  careLevel: CareLevel;
  daysPerWeek: number;
  copayCents: number;
}

const SELECT = `SELECT a.id, a.child_id AS childId, c.last_name || ', ' || c.first_name AS childName, c.case_number AS caseNumber,
  a.provider_id AS providerId, p.name AS providerName, p.license_number AS licenseNumber, a.start_date AS startDate,
  a.end_date AS endDate, a.care_level AS careLevel, a.days_per_week AS daysPerWeek, a.copay_cents AS copayCents
  FROM "authorization" a JOIN child c ON c.id = a.child_id JOIN provider p ON p.id = a.provider_id`;

const SORT: Record<string, string> = {
  childName: 'c.last_name, c.first_name',
  caseNumber: 'c.case_number',
  providerName: 'p.name',
  licenseNumber: 'p.license_number',
  startDate: 'a.start_date',
  endDate: 'a.end_date',
  careLevel: 'a.care_level',
  daysPerWeek: 'a.days_per_week',
  copayCents: 'a.copay_cents',
};

export async function listAuthorizations(
  db: Queryable,
  args: Required<PageQuery> & { childId?: number; providerId?: number },
): Promise<{ total: number; rows: AuthorizationRow[] }> {
  const where: string[] = [];
  const params: Record<string, Value> = {};
  if (args.childId !== undefined) {
    where.push('a.child_id = @childId');
    params.childId = args.childId;
  }
  if (args.providerId !== undefined) {
    where.push('a.provider_id = @providerId');
    params.providerId = args.providerId;
  }
  if (args.search.trim()) {
    where.push(`(c.case_number LIKE @q ESCAPE '\\' OR c.last_name LIKE @q ESCAPE '\\' OR c.first_name LIKE @q ESCAPE '\\'
      OR p.name LIKE @q ESCAPE '\\' OR p.license_number LIKE @q ESCAPE '\\')`);
    params.q = likePattern(args.search);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const from = SELECT.slice(SELECT.indexOf('FROM'));
  // A text without @names takes no values by name (PostgreSQL's dialect refuses them).
  const total = (await db.one<{ n: number }>(`SELECT count(*) AS n ${from} ${whereSql}`, where.length ? params : []))!.n;
  const rows = await db.rows<AuthorizationRow>(`${SELECT} ${whereSql} ${orderBy(args.sort, SORT, 'a.start_date DESC')}, a.id LIMIT @limit OFFSET @offset`, {
    ...params,
    limit: args.pageSize,
    offset: args.page * args.pageSize,
  });
  return { total, rows };
}

async function loadRow(db: Queryable, id: number): Promise<AuthorizationRow> {
  const row = await db.one<AuthorizationRow>(`${SELECT} WHERE a.id = ?`, [id]);
  if (!row) throw notFound('authorization', id);
  return row;
}

/** The first authorization of this child at this provider overlapping the dates, other than `exceptId`. */
export function overlapping(
  db: Queryable,
  a: Pick<AuthorizationFields, 'childId' | 'providerId' | 'startDate' | 'endDate'>,
  exceptId: number,
): Promise<{ id: number; startDate: string; endDate: string } | undefined> {
  return db.one(
    `SELECT id, start_date AS startDate, end_date AS endDate FROM "authorization"
     WHERE child_id = ? AND provider_id = ? AND start_date <= ? AND end_date >= ? AND id <> ? ORDER BY start_date LIMIT 1`,
    [a.childId, a.providerId, a.endDate, a.startDate, exceptId],
  );
}

export function overlapMessage(other: { id: number; startDate: string; endDate: string }, a: { startDate: string; endDate: string }): string {
  return (
    `overlaps authorization ${other.id} of the same child at the same provider (${other.startDate} to ${other.endDate}); ` +
    `${a.startDate} to ${a.endDate} would pay the same days twice. End-date the other one or change the dates.`
  );
}

/** Creates or updates one authorization with its audit event; an unchanged one writes nothing. */
export async function writeAuthorization(
  db: Tx,
  fields: AuthorizationFields,
  id: number | undefined,
  actor: Actor,
  at: string,
  options: { checked?: boolean; audit?: AuditSink } = {},
): Promise<{ id: number; outcome: 'created' | 'updated' | 'unchanged' }> {
  const audit = async (input: AuditInput): Promise<void> => {
    if (options.audit) options.audit(input);
    else await appendAudit(db, input);
  };
  // The import resolves child and provider itself and checks overlaps on the state after the
  // whole file (its rows may come in any order), so it skips these per-row checks.
  if (!options.checked) {
    if (!(await db.one(`SELECT 1 FROM child WHERE id = ?`, [fields.childId]))) {
      throw new AppError({ code: 'REFUSED', field: 'childId', message: `There is no child ${fields.childId}.` });
    }
    if (!(await db.one(`SELECT 1 FROM provider WHERE id = ?`, [fields.providerId]))) {
      throw new AppError({ code: 'REFUSED', field: 'providerId', message: `There is no provider ${fields.providerId}.` });
    }
    const other = await overlapping(db, fields, id ?? 0);
    if (other) throw new AppError({ code: 'REFUSED', field: 'startDate', message: `This authorization ${overlapMessage(other, fields)}` });
  }
  if (id === undefined) {
    const newId = await db.insert(
      `INSERT INTO "authorization" (child_id, provider_id, start_date, end_date, care_level, days_per_week, copay_cents, created_at, updated_at)
       VALUES (@childId, @providerId, @startDate, @endDate, @careLevel, @daysPerWeek, @copayCents, @at, @at)`,
      { ...fields, at },
    );
    await audit({ actor, at, entity: 'authorization', entityId: newId, action: 'create-authorization', after: fields });
    return { id: newId, outcome: 'created' };
  }
  const before = await db.one<AuthorizationFields>(
    `SELECT child_id AS childId, provider_id AS providerId, start_date AS startDate, end_date AS endDate, care_level AS careLevel,
       days_per_week AS daysPerWeek, copay_cents AS copayCents FROM "authorization" WHERE id = ?`,
    [id],
  );
  if (!before) throw notFound('authorization', id);
  const change = diff<AuthorizationFields>(before, fields);
  if (!change) return { id, outcome: 'unchanged' };
  await db.run(
    `UPDATE "authorization" SET child_id = @childId, provider_id = @providerId, start_date = @startDate, end_date = @endDate,
       care_level = @careLevel, days_per_week = @daysPerWeek, copay_cents = @copayCents, updated_at = @at WHERE id = @id`,
    { ...fields, at, id },
  );
  await audit({ actor, at, entity: 'authorization', entityId: id, action: 'update-authorization', before: change.before, after: change.after });
  return { id, outcome: 'updated' };
}

/** Why an authorization may not be deleted, or null. */
async function deleteRefusal(db: Tx, a: AuthorizationRow): Promise<string | null> {
  const used = await db.one<{ id: number; code: string }>(
    `SELECT p.id, sp.code FROM payment p JOIN service_period sp ON sp.id = p.period_id
     WHERE p.provider_id = ? AND sp.start_date <= ? AND sp.end_date >= ?
       AND (p.amount_cents IS NOT NULL OR p.export_batch_id IS NOT NULL OR p.invoice_status = 'Invoice History')
     ORDER BY sp.start_date LIMIT 1`,
    [a.providerId, a.endDate, a.startDate],
  );
  if (used) return `payment ${used.id} (${used.code}) of this provider has been calculated or paid for a period it covers`;
  if (await db.one(`SELECT 1 FROM calculation_line WHERE authorization_id = ? LIMIT 1`, [a.id])) return 'a calculation refers to it';
  return null;
}

export const authorizationHandlers: HandlerImpls<'authorizations-list' | 'authorizations-save' | 'authorizations-delete'> = {
  'authorizations-list': (args, ctx) => ctx.store.read(({ db }) => listAuthorizations(db, args)),

  'authorizations-save': ({ id, ...fields }, ctx) =>
    ctx.store.run(async ({ db }) => loadRow(db, (await writeAuthorization(db, fields, id, adminActor(ctx), nowIso(ctx))).id), { locks: [AUDIT_CHAIN_LOCK] }),

  'authorizations-delete': ({ authorizationId }, ctx) =>
    ctx.store.run(async ({ db }) => {
      const a = await loadRow(db, authorizationId);
      const refusal = await deleteRefusal(db, a);
      if (refusal) {
        throw new AppError({
          code: 'REFUSED',
          rule: 'authorization.delete',
          message: `Authorization ${a.id} cannot be deleted: ${refusal}. End-date it instead (set its end date).`,
        });
      }
      await db.run(`DELETE FROM "authorization" WHERE id = ?`, [a.id]);
      const { id: _id, ...before } = a;
      await appendAudit(db, { actor: adminActor(ctx), at: nowIso(ctx), entity: 'authorization', entityId: a.id, action: 'delete-authorization', before });
      return { ok: true as const };
    }, { locks: [AUDIT_CHAIN_LOCK] }),
};
