import type BetterSqlite3 from 'better-sqlite3';
import type { ProviderTaxData } from '../../../shared/year-end/provider-tax';
import { maskTin } from '../../../shared/year-end/tin';
import { appendAudit, type Actor } from '../audit/chain';
import type { Queryable } from '../db/engine/port';
import { loadProvider, saveProviderTax } from './db';

// The providers CSV's tax columns (docs/formats/providers-csv.md): after the import wrote the
// providers, in its transaction, each row's W-9 data goes into provider_tax (data port), with an
// audit event per provider whose data changed. The TIN is masked in the audit trail.

const audited = (t: ProviderTaxData) => ({
  tinType: t.tinType,
  tin: t.tin && t.tinType ? maskTin(t.tinType, t.tin) : null,
  legalName: t.legalName,
  w9ReceivedOn: t.w9ReceivedOn,
  exemptReason: t.exemptReason,
});

export async function importProviderTax(
  db: Queryable,
  sql: BetterSqlite3.Database,
  rows: ReadonlyArray<{ data: unknown; extra?: unknown }>,
  actor: Actor,
  at: string,
): Promise<number> {
  let changed = 0;
  for (const row of rows) {
    if (!row.extra) continue;
    const tax = row.extra as ProviderTaxData;
    const license = (row.data as { licenseNumber: string }).licenseNumber;
    const id = (await db.one<{ id: number }>(`SELECT id FROM provider WHERE lower(license_number) = lower(?)`, [license]))?.id;
    if (id === undefined) continue; // written by the import just before: cannot happen
    const before = (await loadProvider(db, Number(id)))!;
    const tinChanged = before.tin !== tax.tin || (before.tin !== null && before.tinType !== tax.tinType);
    if (!tinChanged && JSON.stringify(audited(before)) === JSON.stringify(audited(tax))) continue;
    await saveProviderTax(db, Number(id), tax, at);
    appendAudit(sql, {
      actor, at, entity: 'provider', entityId: Number(id), action: 'save-tax-data', before: audited(before), after: audited(tax),
      details: { source: 'providers CSV', ...(tinChanged ? { tinChanged: true } : {}) },
    });
    changed += 1;
  }
  return changed;
}
