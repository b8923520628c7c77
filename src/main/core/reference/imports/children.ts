import type { Tx } from '../../db/engine/port';
import type { ImportResult } from '../../../../shared/api/contract/reference';
import type { ChildCsvRow } from '../../../../shared/reference/csv';
import { AuditBatch, type Actor } from '../../audit/chain';
import { loadChildFields, writeChild } from '../children';
import { birthDateProblem } from '../../../../shared/reference/child';
import { identifierKey } from '../../../../shared/reference/fields';
import { agencyToday } from '../../settings/today';
import { issueAt, keepAbsent, type ParsedCsv } from './csv';
import { applyRows, type Progress } from './apply';

// Children file: keyed by case number; a known case number updates that child in place.

export async function importChildren(
  db: Tx,
  { rows, issues, absent }: ParsedCsv<ChildCsvRow>,
  actor: Actor,
  at: string,
  progress: Progress,
): Promise<Omit<ImportResult, 'kind' | 'fileName'>> {
  // Matched case-insensitively; a known child keeps its case number as stored.
  const existing = new Map(
    (await db.rows<{ caseNumber: string; id: number }>(`SELECT case_number AS caseNumber, id FROM child`)).map((c) => [identifierKey(c.caseNumber), c]),
  );
  const today = await agencyToday(db, at);
  const firstLine = new Map<string, number>();
  for (const { line, data } of rows) {
    const problem = birthDateProblem(data.birthDate, today);
    if (problem) issues.push(issueAt(line, 'birth_date', problem));
    const earlier = firstLine.get(identifierKey(data.caseNumber));
    if (earlier !== undefined) issues.push(issueAt(line, 'case_number', `case number ${data.caseNumber} is also on row ${earlier}`));
    else firstLine.set(identifierKey(data.caseNumber), line);
  }
  // The rows' events in one append at the end (nothing else writes events meanwhile).
  const audit = new AuditBatch(db);
  const counts = await applyRows(rows, issues, progress, async ({ data }) => {
    const known = existing.get(identifierKey(data.caseNumber));
    const id = known?.id;
    const row = known ? { ...data, caseNumber: known.caseNumber } : data;
    const stored = id !== undefined && absent.length > 0 ? await loadChildFields(db, id) : null;
    return (await writeChild(db, stored ? keepAbsent(row, stored, absent) : row, id, actor, at, { checked: true, audit: audit.add })).outcome;
  });
  if (issues.length === 0) await audit.flush(); // a file with issues is refused whole
  return { ...counts, bankChanges: [] };
}
