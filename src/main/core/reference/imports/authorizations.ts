import type { Tx } from '../../db/engine/port';
import { identifierKey } from '../../../../shared/reference/fields';
import type { ImportResult } from '../../../../shared/api/contract/reference';
import type { AuthorizationCsvRow } from '../../../../shared/reference/csv';
import { AuditBatch, type Actor } from '../../audit/chain';
import { writeAuthorization } from '../authorizations';
import { issueAt, keepAbsent, type CsvRow, type ParsedCsv } from './csv';
import { applyRows, type Progress } from './apply';

// Authorizations file: keyed by child case number + provider license + start date. The child and
// the provider must exist already (import them first). Overlaps at the same provider are checked
// on the state after the whole file, so a file that shortens one authorization and adds the next
// is accepted in any row order.

interface Span {
  id: number | null;
  line: number | null;
  startDate: string;
  endDate: string;
}

export async function importAuthorizations(
  db: Tx,
  { rows, issues, absent }: ParsedCsv<AuthorizationCsvRow>,
  actor: Actor,
  at: string,
  progress: Progress,
): Promise<Omit<ImportResult, 'kind' | 'fileName'>> {
  // Case and license numbers matched case-insensitively.
  const children = new Map((await db.rows<{ k: string; id: number }>(`SELECT case_number AS k, id FROM child`)).map((c) => [identifierKey(c.k), c.id]));
  const providers = new Map((await db.rows<{ k: string; id: number }>(`SELECT license_number AS k, id FROM provider`)).map((p) => [identifierKey(p.k), p.id]));
  // Every stored authorization by child and provider, read once: one query instead of two per row.
  const stored = new Map<string, Span[]>();
  for (const a of await db.rows<Span & { childId: number; providerId: number }>(
    `SELECT id, child_id AS childId, provider_id AS providerId, start_date AS startDate, end_date AS endDate FROM "authorization"`,
  )) {
    const pair = `${a.childId}|${a.providerId}`;
    let list = stored.get(pair);
    if (!list) stored.set(pair, (list = []));
    list.push({ id: a.id, line: null, startDate: a.startDate, endDate: a.endDate });
  }

  type Resolved = CsvRow<AuthorizationCsvRow> & { childId: number; providerId: number; id: number | undefined };
  const resolved: Resolved[] = [];
  const firstLine = new Map<string, number>();
  const pairs = new Map<string, Array<{ line: number; id: number | undefined; startDate: string; endDate: string }>>();
  for (const row of rows) {
    const { line, data } = row;
    const childId = children.get(identifierKey(data.caseNumber));
    const providerId = providers.get(identifierKey(data.providerLicense));
    if (childId === undefined) issues.push(issueAt(line, 'case_number', `no child with case number ${data.caseNumber} (import the children first)`));
    if (providerId === undefined) issues.push(issueAt(line, 'provider_license', `no provider with license number ${data.providerLicense}`));
    const key = `${identifierKey(data.caseNumber)}|${identifierKey(data.providerLicense)}|${data.startDate}`;
    const earlier = firstLine.get(key);
    if (earlier !== undefined) issues.push(issueAt(line, 'start_date', `the same child, provider and start date are also on row ${earlier}`));
    else firstLine.set(key, line);
    if (childId === undefined || providerId === undefined || earlier !== undefined) continue;
    const pair = `${childId}|${providerId}`;
    const id = stored.get(pair)?.find((s) => s.startDate === data.startDate)?.id ?? undefined;
    resolved.push({ ...row, childId, providerId, id });
    if (!pairs.has(pair)) pairs.set(pair, []);
    pairs.get(pair)!.push({ line, id, startDate: data.startDate, endDate: data.endDate });
  }

  // The same child at the same provider: the file's rows and the stored ones they do not replace.
  for (const [pair, fileRows] of pairs) {
    const replaced = new Set(fileRows.map((r) => r.id).filter((id) => id !== undefined));
    const spans: Span[] = [
      ...(stored.get(pair) ?? []).filter((s) => !replaced.has(s.id!)),
      ...fileRows.map((r) => ({ id: r.id ?? null, line: r.line, startDate: r.startDate, endDate: r.endDate })),
    ].sort((a, b) => a.startDate.localeCompare(b.startDate));
    let reach: Span | null = null; // of the spans so far, the one that ends last
    for (const cur of spans) {
      if (reach && reach.endDate >= cur.startDate && (cur.line !== null || reach.line !== null)) {
        const [here, other] = cur.line !== null ? [cur, reach] : [reach, cur];
        const what = other.line !== null ? `the authorization on row ${other.line}` : `authorization ${other.id}`;
        issues.push(
          issueAt(
            here.line!,
            'start_date',
            `${here.startDate} to ${here.endDate} overlaps ${what} (${other.startDate} to ${other.endDate}) of the same child at the same provider`,
          ),
        );
      }
      if (!reach || cur.endDate > reach.endDate) reach = cur;
    }
  }

  // The rows' events in one append at the end (nothing else writes events meanwhile).
  const audit = new AuditBatch(db);
  const counts = await applyRows(resolved, issues, progress, async (row: Resolved) => {
    const { caseNumber: _c, providerLicense: _p, ...data } = row.data;
    // Only copay is optional: a file without the column keeps each stored co-payment.
    const stored =
      row.id !== undefined && absent.includes('copayCents')
        ? (await db.one<{ copayCents: number }>(`SELECT copay_cents AS copayCents FROM "authorization" WHERE id = ?`, [row.id]))!
        : null;
    const fields = { ...(stored ? keepAbsent(data, { ...data, ...stored }, absent) : data), childId: row.childId, providerId: row.providerId };
    return (await writeAuthorization(db, fields, row.id, actor, at, { checked: true, audit: audit.add })).outcome;
  });
  if (issues.length === 0) await audit.flush(); // a file with issues is refused whole
  return { ...counts, rows: rows.length, bankChanges: [] };
}
