import type { ProviderTaxData } from '../../../shared/year-end/provider-tax';
import { appendAudit, type Actor } from '../audit/chain';
import type { Tx } from '../db/engine/port';
import { maskedTaxData } from './audit';
import { loadProvider, saveProviderTax } from './db';

// The providers CSV's tax columns (docs/formats/providers-csv.md): after the import wrote the
// providers, in its transaction, each row's W-9 data goes into provider_tax (data port), with an
// audit event per provider whose data changed. The TIN is masked in the audit trail.

type Rows = ReadonlyArray<{ data: unknown; extra?: unknown }>;

/** `db`: the import's transaction on the data port; the caller holds the `audit-chain` lock or the append takes it. */
export async function importProviderTax(db: Tx, rows: Rows, actor: Actor, at: string): Promise<number>;
/** @deprecated the better-sqlite3 connection is not used any more: drop the second argument (reference/imports converts its call). */
export async function importProviderTax(db: Tx, sql: unknown, rows: Rows, actor: Actor, at: string): Promise<number>;
export async function importProviderTax(db: Tx, ...args: [Rows, Actor, string] | [unknown, Rows, Actor, string]): Promise<number> {
  const [rows, actor, at] = (args.length === 4 ? args.slice(1) : args) as [Rows, Actor, string];
  let changed = 0;
  for (const row of rows) {
    if (!row.extra) continue;
    const tax = row.extra as ProviderTaxData;
    const license = (row.data as { licenseNumber: string }).licenseNumber;
    const id = (await db.one<{ id: number }>(`SELECT id FROM provider WHERE lower(license_number) = lower(?)`, [license]))?.id;
    if (id === undefined) continue; // written by the import just before: cannot happen
    const before = (await loadProvider(db, Number(id)))!;
    const tinChanged = before.tin !== tax.tin || (before.tin !== null && before.tinType !== tax.tinType);
    if (!tinChanged && JSON.stringify(maskedTaxData(before)) === JSON.stringify(maskedTaxData(tax))) continue;
    await saveProviderTax(db, Number(id), tax, at);
    await appendAudit(db, {
      actor, at, entity: 'provider', entityId: Number(id), action: 'save-tax-data', before: maskedTaxData(before), after: maskedTaxData(tax),
      details: { source: 'providers CSV', ...(tinChanged ? { tinChanged: true } : {}) },
    });
    changed += 1;
  }
  return changed;
}
