import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import type { AuthorizationRow } from '../../../shared/api/contract/reference';
import type { PageQuery } from '../../../shared/api/common';
import type { CareLevel } from '../../../shared/domain/words';
import { appendAudit, type Actor, type AuditSink } from '../audit/chain';
import { likePattern, orderBy } from '../db/paging';
import type { HandlerImpls } from '../registry';
import { adminActor, diff, notFound, nowIso, stmt } from './db';

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
  FROM authorization a JOIN child c ON c.id = a.child_id JOIN provider p ON p.id = a.provider_id`;

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

export function listAuthorizations(
  sql: BetterSqlite3.Database,
  args: Required<PageQuery> & { childId?: number; providerId?: number },
): { total: number; rows: AuthorizationRow[] } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
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
  const total = (sql.prepare(`SELECT count(*) AS n ${from} ${whereSql}`).get(params) as { n: number }).n;
  const rows = sql
    .prepare(`${SELECT} ${whereSql} ${orderBy(args.sort, SORT, 'a.start_date DESC')}, a.id LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: args.pageSize, offset: args.page * args.pageSize }) as AuthorizationRow[];
  return { total, rows };
}

function loadRow(sql: BetterSqlite3.Database, id: number): AuthorizationRow {
  const row = stmt(sql, `${SELECT} WHERE a.id = ?`).get(id) as AuthorizationRow | undefined;
  if (!row) throw notFound('authorization', id);
  return row;
}

/** The first authorization of this child at this provider overlapping the dates, other than `exceptId`. */
export function overlapping(
  sql: BetterSqlite3.Database,
  a: Pick<AuthorizationFields, 'childId' | 'providerId' | 'startDate' | 'endDate'>,
  exceptId: number,
): { id: number; startDate: string; endDate: string } | undefined {
  return stmt(
    sql,
    `SELECT id, start_date AS startDate, end_date AS endDate FROM authorization
     WHERE child_id = ? AND provider_id = ? AND start_date <= ? AND end_date >= ? AND id <> ? ORDER BY start_date LIMIT 1`,
  ).get(a.childId, a.providerId, a.endDate, a.startDate, exceptId) as { id: number; startDate: string; endDate: string } | undefined;
}

export function overlapMessage(other: { id: number; startDate: string; endDate: string }, a: { startDate: string; endDate: string }): string {
  return (
    `overlaps authorization ${other.id} of the same child at the same provider (${other.startDate} to ${other.endDate}); ` +
    `${a.startDate} to ${a.endDate} would pay the same days twice. End-date the other one or change the dates.`
  );
}

/** Creates or updates one authorization with its audit event; an unchanged one writes nothing. */
export function writeAuthorization(
  sql: BetterSqlite3.Database,
  fields: AuthorizationFields,
  id: number | undefined,
  actor: Actor,
  at: string,
  options: { checked?: boolean; audit?: AuditSink } = {},
): { id: number; outcome: 'created' | 'updated' | 'unchanged' } {
  const audit = options.audit ?? ((input) => appendAudit(sql, input));
  // The import resolves child and provider itself and checks overlaps on the state after the
  // whole file (its rows may come in any order), so it skips these per-row checks.
  if (!options.checked) {
    if (!stmt(sql, `SELECT 1 FROM child WHERE id = ?`).get(fields.childId)) {
      throw new AppError({ code: 'REFUSED', field: 'childId', message: `There is no child ${fields.childId}.` });
    }
    if (!stmt(sql, `SELECT 1 FROM provider WHERE id = ?`).get(fields.providerId)) {
      throw new AppError({ code: 'REFUSED', field: 'providerId', message: `There is no provider ${fields.providerId}.` });
    }
    const other = overlapping(sql, fields, id ?? 0);
    if (other) throw new AppError({ code: 'REFUSED', field: 'startDate', message: `This authorization ${overlapMessage(other, fields)}` });
  }
  if (id === undefined) {
    const newId = Number(
      stmt(
        sql,
        `INSERT INTO authorization (child_id, provider_id, start_date, end_date, care_level, days_per_week, copay_cents, created_at, updated_at)
         VALUES (@childId, @providerId, @startDate, @endDate, @careLevel, @daysPerWeek, @copayCents, @at, @at)`,
      ).run({ ...fields, at }).lastInsertRowid,
    );
    audit({ actor, at, entity: 'authorization', entityId: newId, action: 'create-authorization', after: fields });
    return { id: newId, outcome: 'created' };
  }
  const before = stmt(
    sql,
    `SELECT child_id AS childId, provider_id AS providerId, start_date AS startDate, end_date AS endDate, care_level AS careLevel,
       days_per_week AS daysPerWeek, copay_cents AS copayCents FROM authorization WHERE id = ?`,
  ).get(id) as AuthorizationFields | undefined;
  if (!before) throw notFound('authorization', id);
  const change = diff<AuthorizationFields>(before, fields);
  if (!change) return { id, outcome: 'unchanged' };
  stmt(
    sql,
    `UPDATE authorization SET child_id = @childId, provider_id = @providerId, start_date = @startDate, end_date = @endDate,
       care_level = @careLevel, days_per_week = @daysPerWeek, copay_cents = @copayCents, updated_at = @at WHERE id = @id`,
  ).run({ ...fields, at, id });
  audit({ actor, at, entity: 'authorization', entityId: id, action: 'update-authorization', before: change.before, after: change.after });
  return { id, outcome: 'updated' };
}

/** Why an authorization may not be deleted, or null. */
function deleteRefusal(sql: BetterSqlite3.Database, a: AuthorizationRow): string | null {
  const used = stmt(
    sql,
    `SELECT p.id, sp.code FROM payment p JOIN service_period sp ON sp.id = p.period_id
     WHERE p.provider_id = ? AND sp.start_date <= ? AND sp.end_date >= ?
       AND (p.amount_cents IS NOT NULL OR p.export_batch_id IS NOT NULL OR p.invoice_status = 'Invoice History')
     ORDER BY sp.start_date LIMIT 1`,
  ).get(a.providerId, a.endDate, a.startDate) as { id: number; code: string } | undefined;
  if (used) return `payment ${used.id} (${used.code}) of this provider has been calculated or paid for a period it covers`;
  if (stmt(sql, `SELECT 1 FROM calculation_line WHERE authorization_id = ? LIMIT 1`).get(a.id)) return 'a calculation refers to it';
  return null;
}

export const authorizationHandlers: HandlerImpls<'authorizations-list' | 'authorizations-save' | 'authorizations-delete'> = {
  'authorizations-list': (args, ctx) => ctx.store.read(({ sql }) => listAuthorizations(sql, args)),

  'authorizations-save': ({ id, ...fields }, ctx) =>
    ctx.store.run(({ sql }) => loadRow(sql, writeAuthorization(sql, fields, id, adminActor(ctx), nowIso(ctx)).id)),

  'authorizations-delete': ({ authorizationId }, ctx) =>
    ctx.store.run(({ sql }) => {
      const a = loadRow(sql, authorizationId);
      const refusal = deleteRefusal(sql, a);
      if (refusal) {
        throw new AppError({
          code: 'REFUSED',
          rule: 'authorization.delete',
          message: `Authorization ${a.id} cannot be deleted: ${refusal}. End-date it instead (set its end date).`,
        });
      }
      stmt(sql, `DELETE FROM authorization WHERE id = ?`).run(a.id);
      const { id: _id, ...before } = a;
      appendAudit(sql, { actor: adminActor(ctx), at: nowIso(ctx), entity: 'authorization', entityId: a.id, action: 'delete-authorization', before });
      return { ok: true as const };
    }),
};
