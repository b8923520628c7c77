import type BetterSqlite3 from 'better-sqlite3';
import { identifierKey } from '../../../../shared/reference/fields';
import type { ImportResult } from '../../../../shared/api/contract/reference';
import type { ProviderCsvRow } from '../../../../shared/reference/csv';
import { bankRuleIssues, type BankFields } from '../../../../shared/reference/provider';
import type { Actor } from '../../audit/chain';
import { loadProviderFields, writeProvider } from '../providers';
import { issueAt, keepAbsent, type ParsedCsv } from './csv';
import { applyRows, type Progress } from './apply';

// Providers file: keyed by license number. A known license updates that provider in place (and a
// changed routing or account number goes through the bank-detail guard, as on the form).

const BANK_COLUMNS: Record<keyof BankFields, string> = {
  paymentMethod: 'payment_method',
  routingNumber: 'routing_number',
  accountNumber: 'account_number',
  accountType: 'account_type',
  accountHolder: 'account_holder',
};

export function importProviders(
  sql: BetterSqlite3.Database,
  { rows, issues, absent }: ParsedCsv<ProviderCsvRow>,
  actor: Actor,
  at: string,
  progress: Progress,
): Omit<ImportResult, 'kind' | 'fileName'> {
  const payors = new Map((sql.prepare(`SELECT code, id FROM payor`).all() as { code: string; id: number }[]).map((p) => [p.code.toUpperCase(), p.id]));
  // Matched case-insensitively; a known provider keeps its license number as stored.
  const existing = new Map(
    (sql.prepare(`SELECT license_number AS license, id FROM provider`).all() as { license: string; id: number }[]).map((p) => [identifierKey(p.license), p]),
  );
  const firstLine = new Map<string, number>();
  for (const { line, data } of rows) {
    if (!payors.has(data.payorCode.toUpperCase())) {
      issues.push(issueAt(line, 'payor_code', `no payor with code ${data.payorCode} (known: ${[...payors.keys()].join(', ')})`));
    }
    const earlier = firstLine.get(identifierKey(data.licenseNumber));
    if (earlier !== undefined) issues.push(issueAt(line, 'license_number', `license number ${data.licenseNumber} is also on row ${earlier}`));
    else firstLine.set(identifierKey(data.licenseNumber), line);
  }

  // The ACH rule on each provider as it will be (stored values kept for columns the file lacks).
  const merged = rows.map(({ line, data }) => {
    const { payorCode, ...rest } = data;
    const known = existing.get(identifierKey(data.licenseNumber));
    const id = known?.id;
    const fields = { ...rest, licenseNumber: known?.license ?? rest.licenseNumber, payorId: payors.get(payorCode.toUpperCase()) ?? 0 };
    const stored = id !== undefined && absent.length > 0 ? loadProviderFields(sql, id) : null;
    const final = stored ? keepAbsent(fields, stored, absent) : fields;
    for (const i of bankRuleIssues(final)) issues.push(issueAt(line, BANK_COLUMNS[i.field], i.message));
    return { line, id, fields: final, licenseNumber: final.licenseNumber };
  });

  const bankChanges: ImportResult['bankChanges'] = [];
  const counts = applyRows(merged, issues, progress, ({ id, fields, licenseNumber }) => {
    const write = writeProvider(sql, fields, { id }, actor, at);
    if (write.bankDetailsChanged) bankChanges.push({ providerId: write.id, licenseNumber, heldPaymentIds: write.heldPaymentIds });
    return write.outcome;
  });
  return { ...counts, bankChanges };
}
