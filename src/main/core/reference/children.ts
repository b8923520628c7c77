import { AppError } from '../../../shared/api/errors';
import type { ChildDetail, ChildRow } from '../../../shared/api/contract/reference';
import { AUDIT_CHAIN_LOCK, appendAudit, type Actor, type AuditInput, type AuditSink } from '../audit/chain';
import type { Queryable, Tx, Value } from '../db/engine/port';
import { likePattern, orderBy } from '../db/paging';
import type { HandlerImpls } from '../registry';
import { listAuthorizations } from './authorizations';
import { adminActor, diff, notFound, nowIso, today } from './db';
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
  (SELECT count(*) FROM "authorization" a WHERE a.child_id = c.id) AS authorizationCount`;

export async function loadChildFields(db: Queryable, id: number): Promise<ChildFields | null> {
  return (
    (await db.one<ChildFields>(
      `SELECT case_number AS caseNumber, first_name AS firstName, last_name AS lastName, birth_date AS birthDate,
         guardian_name AS guardianName FROM child WHERE id = ?`,
      [id],
    )) ?? null
  );
}

/** Creates or updates one child with its audit event; an update that changes nothing writes nothing. */
export async function writeChild(
  db: Tx,
  fields: ChildFields,
  id: number | undefined,
  actor: Actor,
  at: string,
  options: { checked?: boolean; audit?: AuditSink } = {},
): Promise<{ id: number; outcome: 'created' | 'updated' | 'unchanged' }> {
  const audit = async (input: AuditInput): Promise<void> => {
    if (options.audit) options.audit(input);
    else await appendAudit(db, input);
  };
  // The import finds children by case number itself (checked): no clash is possible there.
  const clash = options.checked
    ? undefined
    : await db.one<{ id: number }>(`SELECT id FROM child WHERE case_number = ? COLLATE NOCASE AND id <> ?`, [fields.caseNumber, id ?? 0]);
  if (clash) {
    throw new AppError({ code: 'REFUSED', field: 'caseNumber', message: `Case number ${fields.caseNumber} already belongs to child ${clash.id}.` });
  }
  if (id === undefined) {
    const newId = await db.insert(
      `INSERT INTO child (case_number, first_name, last_name, birth_date, guardian_name, created_at, updated_at)
       VALUES (@caseNumber, @firstName, @lastName, @birthDate, @guardianName, @at, @at)`,
      { ...fields, at },
    );
    await audit({ actor, at, entity: 'child', entityId: newId, action: 'create-child', after: fields });
    return { id: newId, outcome: 'created' };
  }
  const before = await loadChildFields(db, id);
  if (!before) throw notFound('child', id);
  const change = diff<ChildFields>(before, fields);
  if (!change) return { id, outcome: 'unchanged' };
  await db.run(
    `UPDATE child SET case_number = @caseNumber, first_name = @firstName, last_name = @lastName, birth_date = @birthDate,
       guardian_name = @guardianName, updated_at = @at WHERE id = @id`,
    { ...fields, at, id },
  );
  await audit({ actor, at, entity: 'child', entityId: id, action: 'update-child', before: change.before, after: change.after });
  return { id, outcome: 'updated' };
}

export async function childDetail(db: Queryable, id: number): Promise<ChildDetail> {
  const row = await db.one<Omit<ChildDetail, 'authorizations'>>(`${SELECT_CHILD}, c.created_at AS createdAt, c.updated_at AS updatedAt FROM child c WHERE c.id = ?`, [id]);
  if (!row) throw notFound('child', id);
  return { ...row, authorizations: (await listAuthorizations(db, { childId: id, page: 0, pageSize: 1000, sort: [], search: '' })).rows };
}

export const childHandlers: HandlerImpls<'children-list' | 'children-get' | 'children-save'> = {
  'children-list': (args, ctx) =>
    ctx.store.read(async ({ db }) => {
      const params: Record<string, Value> = {};
      const clauses: string[] = [];
      if (args.search.trim()) {
        clauses.push(`(c.case_number LIKE @q ESCAPE '\\' OR c.first_name LIKE @q ESCAPE '\\' OR c.last_name LIKE @q ESCAPE '\\'
          OR (c.first_name || ' ' || c.last_name) LIKE @q ESCAPE '\\' OR (c.last_name || ', ' || c.first_name) LIKE @q ESCAPE '\\')`);
        params.q = likePattern(args.search);
      }
      // A Provider user sees the children authorized at their provider (those of their attendance sheets).
      const own = scopedProviderId(ctx.caller);
      if (own !== null) {
        clauses.push(`c.id IN (SELECT a.child_id FROM "authorization" a WHERE a.provider_id = @ownProvider)`);
        params.ownProvider = own;
      }
      const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
      // A text without @names takes no values by name (PostgreSQL's dialect refuses them).
      const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM child c ${where}`, clauses.length ? params : []))!.n;
      const rows = await db.rows<ChildRow>(
        // A Provider user counts the authorizations at their provider only (not the child's others).
        `${own === null ? SELECT_CHILD : SELECT_CHILD.replace('WHERE a.child_id = c.id', 'WHERE a.child_id = c.id AND a.provider_id = @ownProvider')}
         FROM child c ${where} ${orderBy(args.sort, SORT, 'c.last_name, c.first_name')}, c.id LIMIT @limit OFFSET @offset`,
        { ...params, limit: args.pageSize, offset: args.page * args.pageSize },
      );
      return { total, rows };
    }),

  'children-get': ({ childId }, ctx) => ctx.store.read(({ db }) => childDetail(db, childId)),

  'children-save': ({ id, ...fields }, ctx) =>
    ctx.store.run(
      async ({ db }) => {
        const problem = birthDateProblem(fields.birthDate, await today(ctx, db));
        if (problem) throw new AppError({ code: 'BAD_REQUEST', field: 'birthDate', message: `The birth date ${problem}.` });
        const result = await writeChild(db, fields, id, adminActor(ctx), nowIso(ctx));
        return childDetail(db, result.id);
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),
};
