import type { Queryable } from '../db/engine/port';
import type { PayorKind } from '../../../shared/domain/words';
import { filingSettings, type FilingSettings } from '../../../shared/year-end/filing';
import type { ExemptReason } from '../../../shared/year-end/provider-tax';
import { defaultTaxYearSettings, FORM_BOXES, statutoryThreshold, type FormBox, type TaxYearSettings } from '../../../shared/year-end/tax-year';
import type { TinType } from '../../../shared/year-end/tin';
import type { PayMethod } from '../export/model';
import { moneyLeftOn, type MoneyEvent, type ProviderForYearEnd } from './model';
import type { ReturnRow } from './returns';

// The year-end's reads and writes, on the data port only (`tx.db`): the money of a year, the
// providers with their W-9 data (table provider_tax, migration 0014), the tax year's settings and
// the filings made. Everything computed from them is phase A's pure code (amounts.ts, returns.ts,
// corrections.ts, irs1220/, pdf/).

/** Settings keys: `yearEnd.formBox` and `yearEnd.thresholdCents` are effective from January 1 of a tax year; `yearEnd.filing` always. */
export const YEAR_END_KEYS = { formBox: 'yearEnd.formBox', threshold: 'yearEnd.thresholdCents', filing: 'yearEnd.filing' } as const;
const ALWAYS = '1900-01-01';

async function settingOn(db: Queryable, key: string, onDate: string, exactly = false): Promise<unknown> {
  const row = await db.one<{ value: string }>(
    `SELECT value FROM setting WHERE key = ? AND effective_from ${exactly ? '=' : '<='} ? ORDER BY effective_from DESC LIMIT 1`,
    [key, onDate],
  );
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}

export async function writeSetting(db: Queryable, key: string, value: unknown, effectiveFrom = ALWAYS): Promise<void> {
  await db.run(
    `INSERT INTO setting (key, effective_from, value) VALUES (?, ?, ?) ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value`,
    [key, effectiveFrom, JSON.stringify(value)],
  );
}

export interface TaxYearState {
  settings: TaxYearSettings;
  formBoxSet: boolean;
  thresholdSet: boolean;
  thresholdIndexed: boolean;
}

/**
 * A tax year's form and box (the latest the agency chose on or before the year: an adviser's
 * choice holds until changed) and threshold (set for that year only: the law's changes, $600 to
 * $2,000 in 2026 and indexed after, must never be carried over from another year).
 */
export async function readTaxYear(db: Queryable, year: number): Promise<TaxYearState> {
  const defaults = defaultTaxYearSettings(year);
  const box = await settingOn(db, YEAR_END_KEYS.formBox, `${year}-01-01`);
  const threshold = await settingOn(db, YEAR_END_KEYS.threshold, `${year}-01-01`, true);
  const formBoxSet = typeof box === 'string' && (FORM_BOXES as readonly string[]).includes(box);
  const thresholdSet = typeof threshold === 'number' && Number.isSafeInteger(threshold) && threshold > 0;
  return {
    settings: { taxYear: year, formBox: formBoxSet ? (box as FormBox) : defaults.formBox, thresholdCents: thresholdSet ? threshold : defaults.thresholdCents },
    formBoxSet,
    thresholdSet,
    thresholdIndexed: statutoryThreshold(year).indexed && !thresholdSet,
  };
}

export async function writeTaxYear(db: Queryable, year: number, change: { formBox?: FormBox; thresholdCents?: number }): Promise<void> {
  if (change.formBox !== undefined) await writeSetting(db, YEAR_END_KEYS.formBox, change.formBox, `${year}-01-01`);
  if (change.thresholdCents !== undefined) await writeSetting(db, YEAR_END_KEYS.threshold, change.thresholdCents, `${year}-01-01`);
}

/** The filing details as saved, or null; `problems` names each one that is missing or wrong. */
export async function readFiling(db: Queryable): Promise<{ filing: FilingSettings | null; problems: string[] }> {
  const raw = await settingOn(db, YEAR_END_KEYS.filing, '9999-12-31');
  if (raw === undefined) {
    return { filing: null, problems: ["the filing details are not filled in: the TCC, the payer's EIN, name, address and phone, and the contact's name, phone and e-mail"] };
  }
  const parsed = filingSettings.safeParse(raw);
  if (parsed.success) return { filing: parsed.data, problems: [] };
  return { filing: null, problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'filing'}: ${i.message}`) };
}

/** A setting of the agency's (agency.*, export.root), as saved. */
export async function agencySetting(db: Queryable, key: string): Promise<unknown> {
  return settingOn(db, key, '9999-12-31');
}

interface ProviderDbRow {
  id: number;
  name: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
  tinType: TinType | null;
  tin: string | null;
  legalName: string | null;
  w9ReceivedOn: string | null;
  exemptReason: ExemptReason | null;
}

const PROVIDERS = `SELECT p.id, p.name, p.address_line1 AS "line1", p.address_line2 AS "line2", p.city, p.state, p.postal_code AS "postalCode",
    t.tin_type AS "tinType", t.tin, t.legal_name AS "legalName", t.w9_received_on AS "w9ReceivedOn", t.exempt_reason AS "exemptReason"
  FROM provider p LEFT JOIN provider_tax t ON t.provider_id = p.id`;

function toProvider(r: ProviderDbRow): ProviderForYearEnd {
  return {
    id: Number(r.id),
    name: r.name,
    legalName: r.legalName ?? '',
    tinType: r.tinType,
    tin: r.tin,
    w9ReceivedOn: r.w9ReceivedOn,
    exemptReason: r.exemptReason,
    address: { line1: r.line1, line2: r.line2, city: r.city, state: r.state, postalCode: r.postalCode },
  };
}

export async function loadProviders(db: Queryable, ids?: readonly number[]): Promise<ProviderForYearEnd[]> {
  if (ids && ids.length === 0) return [];
  const rows = ids
    ? await db.rows<ProviderDbRow>(`${PROVIDERS} WHERE p.id IN (${ids.map(() => '?').join(', ')})`, ids)
    : await db.rows<ProviderDbRow>(PROVIDERS);
  return rows.map(toProvider);
}

export async function loadProvider(db: Queryable, providerId: number): Promise<ProviderForYearEnd | undefined> {
  const row = await db.one<ProviderDbRow>(`${PROVIDERS} WHERE p.id = ?`, [providerId]);
  return row ? toProvider(row) : undefined;
}

export async function saveProviderTax(
  db: Queryable,
  providerId: number,
  v: { tinType: TinType | null; tin: string | null; legalName: string; w9ReceivedOn: string | null; exemptReason: ExemptReason | null },
  at: string,
): Promise<void> {
  await db.run(
    `INSERT INTO provider_tax (provider_id, tin_type, tin, legal_name, w9_received_on, exempt_reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (provider_id) DO UPDATE SET tin_type = excluded.tin_type, tin = excluded.tin, legal_name = excluded.legal_name,
       w9_received_on = excluded.w9_received_on, exempt_reason = excluded.exempt_reason, updated_at = excluded.updated_at`,
    [providerId, v.tinType, v.tin, v.legalName, v.w9ReceivedOn, v.exemptReason, at],
  );
}

export async function providerTaxUpdatedAt(db: Queryable, providerId: number): Promise<string | null> {
  return (await db.one<{ at: string }>(`SELECT updated_at AS "at" FROM provider_tax WHERE provider_id = ?`, [providerId]))?.at ?? null;
}

interface BatchDbRow {
  id: number;
  createdAt: string;
  snapshot: string | null;
  payorKind: PayorKind;
}

interface ItemDbRow {
  batchId: number;
  providerId: number;
  paymentId: number;
  amountCents: number;
  kind: 'payment' | 'adjustment';
}

/**
 * The money of a tax year as MoneyEvents: every item of every export batch that may have left in
 * the year, dated by the day it left (the batch's date for checks and hand-overs, the ACH file's
 * effective date for direct deposits: a batch of December 31 settles in January). Each provider's
 * method is the one the batch paid with (its snapshot), so a change of bank details or of method
 * during the year dates each payment as it was made. A batch's date is the agency's local date
 * it committed on (its snapshot), its UTC creation day for batches made before that was kept.
 *
 * Recoveries are negative adjustments netted in an export (PayDesk has no record of a repayment
 * made outside an export), so no `recovery_repaid` events come from the database.
 */
export async function loadMoneyEvents(db: Queryable, year: number): Promise<MoneyEvent[]> {
  // A week either side of the year's UTC days covers the local date and the ACH settlement days.
  const from = `${year - 1}-12-24`;
  const to = `${year + 1}-01-08`;
  const batches = await db.rows<BatchDbRow>(
    `SELECT b.id, b.created_at AS "createdAt", b.snapshot, y.kind AS "payorKind" FROM export_batch b JOIN payor y ON y.id = b.payor_id
     WHERE b.created_at >= ? AND b.created_at < ? ORDER BY b.id`,
    [from, to],
  );
  if (batches.length === 0) return [];
  const byBatch = new Map<number, { date: string; payorKind: PayorKind; methods: Map<number, PayMethod> }>();
  for (const b of batches) {
    const snap = b.snapshot ? (JSON.parse(b.snapshot) as { date?: string; payees?: Array<{ id: number; method: PayMethod }> }) : {};
    byBatch.set(Number(b.id), {
      date: snap.date ?? b.createdAt.slice(0, 10),
      payorKind: b.payorKind,
      methods: new Map((snap.payees ?? []).map((p) => [p.id, p.method])),
    });
  }
  const items = await db.rows<ItemDbRow>(
    `SELECT ei.batch_id AS "batchId", ei.provider_id AS "providerId", ei.payment_id AS "paymentId", ei.amount_cents AS "amountCents", p.kind
     FROM export_item ei JOIN export_batch b ON b.id = ei.batch_id JOIN payment p ON p.id = ei.payment_id
     WHERE b.created_at >= ? AND b.created_at < ?`,
    [from, to],
  );
  const events: MoneyEvent[] = [];
  for (const i of items) {
    const b = byBatch.get(Number(i.batchId));
    if (!b) continue; // a batch committed between the two reads of a read transaction cannot happen; a guard only
    const method = b.methods.get(Number(i.providerId)) ?? 'check';
    events.push({
      kind: 'exported',
      providerId: Number(i.providerId),
      paymentId: Number(i.paymentId),
      itemKind: i.kind,
      amountCents: Number(i.amountCents),
      payorKind: b.payorKind,
      batchId: Number(i.batchId),
      paidOn: moneyLeftOn(b.date, method, b.payorKind),
    });
  }
  return events;
}

export interface FilingDbRow {
  id: number;
  kind: 'original' | 'correction';
  filedAt: string;
  filedBy: string;
  returnCount: number;
  totalCents: number;
  folder: string;
}

export async function listFilings(db: Queryable, year: number): Promise<FilingDbRow[]> {
  const rows = await db.rows<FilingDbRow>(
    `SELECT f.id, f.kind, f.filed_at AS "filedAt", u.username AS "filedBy", f.return_count AS "returnCount", f.total_cents AS "totalCents", f.folder
     FROM year_end_filing f JOIN app_user u ON u.id = f.filed_by WHERE f.tax_year = ? ORDER BY f.id`,
    [year],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), returnCount: Number(r.returnCount), totalCents: Number(r.totalCents) }));
}

/** The returns on file with the IRS after the last filing of the year (original, then each correction); null before filing. */
export async function returnsOnFile(db: Queryable, year: number): Promise<ReturnRow[] | null> {
  const row = await db.one<{ onFile: string }>(`SELECT on_file AS "onFile" FROM year_end_filing WHERE tax_year = ? ORDER BY id DESC LIMIT 1`, [year]);
  return row ? (JSON.parse(row.onFile) as ReturnRow[]) : null;
}

export async function insertFiling(
  db: Queryable,
  f: { year: number; kind: 'original' | 'correction'; at: string; by: number; settings: TaxYearSettings; returns: readonly ReturnRow[]; onFile: readonly ReturnRow[]; folder: string; sha256: string },
): Promise<number> {
  return db.insert(
    `INSERT INTO year_end_filing (tax_year, kind, filed_at, filed_by, settings, returns, on_file, return_count, total_cents, folder, file_sha256)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      f.year, f.kind, f.at, f.by, JSON.stringify(f.settings), JSON.stringify(f.returns), JSON.stringify(f.onFile),
      f.returns.length, f.returns.reduce((s, r) => s + r.amountCents, 0), f.folder, f.sha256,
    ],
  );
}
