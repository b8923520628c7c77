import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import type { ChildDetail, ChildRow } from '../../../shared/api/contract/reference';
import { appendAudit, type Actor, type AuditSink } from '../audit/chain';
import { likePattern, orderBy } from '../db/paging';
import type { HandlerImpls } from '../registry';
import { listAuthorizations } from './authorizations';
import { adminActor, diff, notFound, nowIso, stmt, today } from './db';
import { birthDateProblem } from '../../../shared/reference/child';
import { scopedProviderId } from '../workflow/item';

// Children: a paged list with search by name or case number, the detail with its
// authorizations, and the save used by the form and (row by row) by the CSV import.

export interface ChildFields {
  caseNumber: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  guardianName: string;
}

const SORT: Record<string, string> = {
  caseNumber: 'c.case_number',
  firstName: 'c.first_name',
  lastName: 'c.last_name',
  birthDate: 'c.birth_date',
  guardianName: 'c.guardian_name',
  authorizationCount: 'authorizationCount',
};

const SELECT_CHILD = `SELECT c.id, c.case_number AS caseNumber, c.first_name AS firstName, c.last_name AS lastName,
  c.birth_date AS birthDate, c.guardian_name AS guardianName,
  (SELECT count(*) FROM authorization a WHERE a.child_id = c.id) AS authorizationCount`;

export function loadChildFields(sql: BetterSqlite3.Database, id: number): ChildFields | null {
  return (
    (stmt(
      sql,
      `SELECT case_number AS caseNumber, first_name AS firstName, last_name AS lastName, birth_date AS birthDate,
         guardian_name AS guardianName FROM child WHERE id = ?`,
    ).get(id) as ChildFields | undefined) ?? null
  );
}

/** Creates or updates one child with its audit event; an update that changes nothing writes nothing. */
export function writeChild(
  sql: BetterSqlite3.Database,
  fields: ChildFields,
  id: number | undefined,
  actor: Actor,
  at: string,
  options: { checked?: boolean; audit?: AuditSink } = {},
): { id: number; outcome: 'created' | 'updated' | 'unchanged' } {
  const audit = options.audit ?? ((input) => appendAudit(sql, input));
  // The import finds children by case number itself (checked): no clash is possible there.
  const clash = options.checked
    ? undefined
    : (stmt(sql, `SELECT id FROM child WHERE case_number = ? COLLATE NOCASE AND id <> ?`).get(fields.caseNumber, id ?? 0) as { id: number } | undefined);
  if (clash) {
    throw new AppError({ code: 'REFUSED', field: 'caseNumber', message: `Case number ${fields.caseNumber} already belongs to child ${clash.id}.` });
  }
  if (id === undefined) {
    const newId = Number(
      stmt(
        sql,
        `INSERT INTO child (case_number, first_name, last_name, birth_date, guardian_name, created_at, updated_at)
         VALUES (@caseNumber, @firstName, @lastName, @birthDate, @guardianName, @at, @at)`,
      ).run({ ...fields, at }).lastInsertRowid,
    );
    audit({ actor, at, entity: 'child', entityId: newId, action: 'create-child', after: fields });
    return { id: newId, outcome: 'created' };
  }
  const before = loadChildFields(sql, id);
  if (!before) throw notFound('child', id);
  const change = diff<ChildFields>(before, fields);
  if (!change) return { id, outcome: 'unchanged' };
  stmt(
    sql,
    `UPDATE child SET case_number = @caseNumber, first_name = @firstName, last_name = @lastName, birth_date = @birthDate,
       guardian_name = @guardianName, updated_at = @at WHERE id = @id`,
  ).run({ ...fields, at, id });
  audit({ actor, at, entity: 'child', entityId: id, action: 'update-child', before: change.before, after: change.after });
  return { id, outcome: 'updated' };
}

export function childDetail(sql: BetterSqlite3.Database, id: number): ChildDetail {
  const row = stmt(sql, `${SELECT_CHILD}, c.created_at AS createdAt, c.updated_at AS updatedAt FROM child c WHERE c.id = ?`).get(id) as
    | Omit<ChildDetail, 'authorizations'>
    | undefined;
  if (!row) throw notFound('child', id);
  return { ...row, authorizations: listAuthorizations(sql, { childId: id, page: 0, pageSize: 1000, sort: [], search: '' }).rows };
}

export const childHandlers: HandlerImpls<'children-list' | 'children-get' | 'children-save'> = {
  'children-list': (args, ctx) =>
    ctx.store.read(({ sql }) => {
      const params: Record<string, unknown> = {};
      const clauses: string[] = [];
      if (args.search.trim()) {
        clauses.push(`(c.case_number LIKE @q ESCAPE '\\' OR c.first_name LIKE @q ESCAPE '\\' OR c.last_name LIKE @q ESCAPE '\\'
          OR (c.first_name || ' ' || c.last_name) LIKE @q ESCAPE '\\' OR (c.last_name || ', ' || c.first_name) LIKE @q ESCAPE '\\')`);
        params.q = likePattern(args.search);
      }
      // A Provider user sees the children authorized at their provider (those of their attendance sheets).
      const own = scopedProviderId(ctx.caller);
      if (own !== null) {
        clauses.push(`c.id IN (SELECT a.child_id FROM authorization a WHERE a.provider_id = @ownProvider)`);
        params.ownProvider = own;
      }
      const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
      const total = (sql.prepare(`SELECT count(*) AS n FROM child c ${where}`).get(params) as { n: number }).n;
      const rows = sql
        // A Provider user counts the authorizations at their provider only (not the child's others).
        .prepare(
          `${own === null ? SELECT_CHILD : SELECT_CHILD.replace('WHERE a.child_id = c.id', 'WHERE a.child_id = c.id AND a.provider_id = @ownProvider')}
           FROM child c ${where} ${orderBy(args.sort, SORT, 'c.last_name, c.first_name')}, c.id LIMIT @limit OFFSET @offset`,
        )
        .all({ ...params, limit: args.pageSize, offset: args.page * args.pageSize }) as ChildRow[];
      return { total, rows };
    }),

  'children-get': ({ childId }, ctx) => ctx.store.read(({ sql }) => childDetail(sql, childId)),

  'children-save': ({ id, ...fields }, ctx) =>
    ctx.store.run(({ sql }) => {
      const problem = birthDateProblem(fields.birthDate, today(ctx, sql));
      if (problem) throw new AppError({ code: 'BAD_REQUEST', field: 'birthDate', message: `The birth date ${problem}.` });
      const result = writeChild(sql, fields, id, adminActor(ctx), nowIso(ctx));
      return childDetail(sql, result.id);
    }),
};
