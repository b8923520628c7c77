import type { Tx } from '../../db/engine/port';
import { identifierKey } from '../../../../shared/reference/fields';
import type { ImportResult } from '../../../../shared/api/contract/reference';
import type { ProviderCsvRow } from '../../../../shared/reference/csv';
import { bankRuleIssues, type BankFields, type ProviderFields } from '../../../../shared/reference/provider';
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

export async function importProviders(
  db: Tx,
  { rows, issues, absent }: ParsedCsv<ProviderCsvRow>,
  actor: Actor,
  at: string,
  progress: Progress,
): Promise<Omit<ImportResult, 'kind' | 'fileName'>> {
  const payors = new Map((await db.rows<{ code: string; id: number }>(`SELECT code, id FROM payor`)).map((p) => [p.code.toUpperCase(), p.id]));
  // Matched case-insensitively; a known provider keeps its license number as stored.
  const existing = new Map(
    (await db.rows<{ license: string; id: number }>(`SELECT license_number AS license, id FROM provider`)).map((p) => [identifierKey(p.license), p]),
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
  const merged: Array<{ line: number; id: number | undefined; fields: ProviderFields; licenseNumber: string }> = [];
  for (const { line, data } of rows) {
    const { payorCode, ...rest } = data;
    const known = existing.get(identifierKey(data.licenseNumber));
    const id = known?.id;
    const fields = { ...rest, licenseNumber: known?.license ?? rest.licenseNumber, payorId: payors.get(payorCode.toUpperCase()) ?? 0 };
    const stored = id !== undefined && absent.length > 0 ? await loadProviderFields(db, id) : null;
    const final = stored ? keepAbsent(fields, stored, absent) : fields;
    for (const i of bankRuleIssues(final)) issues.push(issueAt(line, BANK_COLUMNS[i.field], i.message));
    merged.push({ line, id, fields: final, licenseNumber: final.licenseNumber });
  }

  const bankChanges: ImportResult['bankChanges'] = [];
  const counts = await applyRows(merged, issues, progress, async ({ id, fields, licenseNumber }) => {
    const write = await writeProvider(db, fields, { id }, actor, at);
    if (write.bankDetailsChanged) bankChanges.push({ providerId: write.id, licenseNumber, heldPaymentIds: write.heldPaymentIds });
    return write.outcome;
  });
  return { ...counts, bankChanges };
}
