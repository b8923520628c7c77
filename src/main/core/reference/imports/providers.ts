import type BetterSqlite3 from 'better-sqlite3';
import type { ErrorIssue } from '../../../../shared/api/errors';
import type { ImportResult } from '../../../../shared/api/contract/reference';
import type { ProviderCsvRow } from '../../../../shared/reference/csv';
import type { Actor } from '../../audit/chain';
import { writeProvider } from '../providers';
import { issueAt, type CsvRow } from './csv';
import { applyRows, type Progress } from './apply';

// Providers file: keyed by license number. A known license updates that provider in place (and a
// changed routing or account number goes through the bank-detail guard, as on the form).

export function importProviders(
  sql: BetterSqlite3.Database,
  rows: Array<CsvRow<ProviderCsvRow>>,
  issues: ErrorIssue[],
  actor: Actor,
  at: string,
  progress: Progress,
): Omit<ImportResult, 'kind' | 'fileName'> {
  const payors = new Map((sql.prepare(`SELECT code, id FROM payor`).all() as { code: string; id: number }[]).map((p) => [p.code.toUpperCase(), p.id]));
  const existing = new Map(
    (sql.prepare(`SELECT license_number AS license, id FROM provider`).all() as { license: string; id: number }[]).map((p) => [p.license, p.id]),
  );
  const firstLine = new Map<string, number>();
  for (const { line, data } of rows) {
    if (!payors.has(data.payorCode.toUpperCase())) {
      issues.push(issueAt(line, 'payor_code', `no payor with code ${data.payorCode} (known: ${[...payors.keys()].join(', ')})`));
    }
    const earlier = firstLine.get(data.licenseNumber);
    if (earlier !== undefined) issues.push(issueAt(line, 'license_number', `license number ${data.licenseNumber} is also on row ${earlier}`));
    else firstLine.set(data.licenseNumber, line);
  }

  const bankChanges: ImportResult['bankChanges'] = [];
  const counts = applyRows(rows, issues, progress, ({ data }) => {
    const { payorCode, ...fields } = data;
    const write = writeProvider(sql, { ...fields, payorId: payors.get(payorCode.toUpperCase())! }, { id: existing.get(data.licenseNumber) }, actor, at);
    if (write.bankDetailsChanged) bankChanges.push({ providerId: write.id, licenseNumber: data.licenseNumber, heldPaymentIds: write.heldPaymentIds });
    return write.outcome;
  });
  return { ...counts, bankChanges };
}
