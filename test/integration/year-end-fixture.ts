import fs from 'node:fs';
import path from 'node:path';
import { alwaysPresentFiles } from '../../src/main/core/export/files/plan';
import type { FilingSettingsInput } from '../../src/shared/year-end/filing';
import { openTestCore, type TestCore } from '../helpers/core';
import { testSql, type TestSql } from '../helpers/sql';

// A year of an agency's money on a real database (either engine) with the real migrations: the batches an
// export commits (export_batch with its snapshot: the agency's date and each payee's method,
// export_item, the payments Paid), across service periods, with adjustments (recoveries netted),
// a third-party payor, and providers whose bank details changed from check to direct deposit.
// Written as rows because the year-end reads only what an export leaves behind; the figures
// below are worked by hand in the test.

export const FILING: FilingSettingsInput = {
  tcc: '12AB3',
  payerTin: '37-6000001',
  payerName: 'Prairie County Child Care Assistance',
  payerAddress: '200 Main Street Suite 4',
  payerCity: 'Springfield',
  payerState: 'IL',
  payerZip: '62701',
  payerPhone: '217-555-0100',
  contactName: 'Pat Finance',
  contactPhone: '217-555-0101',
  contactEmail: 'finance@prairie.example',
};

export interface Item {
  provider: number;
  cents: number;
  /** Default: payment when positive, adjustment when negative. */
  kind?: 'payment' | 'adjustment';
}

export class YearWorld {
  private periodSeq = 0;
  constructor(
    readonly t: TestCore,
    readonly sql: TestSql,
  ) {}

  /** A provider (id as given) with a full mailing address; `payor` 1 = the agency, 2 = a third-party payor. */
  async provider(id: number, name: string, o: { payor?: number; method?: 'ach' | 'check'; address?: boolean } = {}): Promise<void> {
    const full = o.address !== false;
    await this.sql.tx(async (db) => {
      await db.run(
        `INSERT INTO provider (id, name, license_number, type, address_line1, city, state, postal_code, payor_id, payment_method, routing_number, account_number, account_type, account_holder, created_at, updated_at)
         VALUES (?, ?, ?, 'family_home', ?, ?, 'IL', ?, ?, ?, ?, ?, ?, ?, 't', 't')`,
        [
          id, name, `LIC-${id}`, full ? `${id} Elm Street` : '', full ? 'Springfield' : '', full ? '62704' : '', o.payor ?? 1, o.method ?? 'check',
          o.method === 'ach' ? '071000013' : null, o.method === 'ach' ? '12345678' : null, o.method === 'ach' ? 'checking' : null, o.method === 'ach' ? 'personal' : null,
        ],
      );
      await db.syncIds('provider');
    });
  }

  /**
   * A committed export batch dated `date` (the agency's local date) for one payor, each provider
   * paid by the method given (what the batch's snapshot froze). Returns the batch id.
   */
  async batch(date: string, payor: number, methods: Record<number, 'ach' | 'check'>, items: Item[], createdAt = `${date}T18:00:00.000Z`): Promise<number> {
    this.periodSeq += 1;
    const code = `P${String(this.periodSeq).padStart(3, '0')}`;
    return this.sql.tx(async (db) => {
    const periodId = await db.insert(`INSERT INTO service_period (code, label, start_date, end_date) VALUES (?, ?, ?, ?)`, [code, code, date, date]);
    const payees = [...new Set(items.map((i) => i.provider))].map((id) => ({ id, method: methods[id] ?? 'check' }));
    const total = items.reduce((s, i) => s + i.cents, 0);
    const batchId = await db.insert(
      `INSERT INTO export_batch (period_id, payor_id, created_at, created_by, item_count, total_cents, folder, files_written_at, snapshot) VALUES (?, ?, ?, 1, ?, ?, '', ?, ?)`,
      [periodId, payor, createdAt, items.length, total, createdAt, JSON.stringify({ version: 1, date, payees, leftOut: [] })],
    );
    // The batch's files stand in its folder (the start-up repair of a CLI run finds them there).
    const folder = path.join(this.t.dir, 'batches', String(batchId));
    fs.mkdirSync(folder, { recursive: true });
    for (const f of alwaysPresentFiles(batchId)) fs.writeFileSync(path.join(folder, f), '');
    await db.run(`UPDATE export_batch SET folder = ? WHERE id = ?`, [folder, batchId]);
    for (const i of items) {
      const kind = i.kind ?? (i.cents < 0 ? 'adjustment' : 'payment');
      const paymentId = await db.insert(
        `INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status, amount_cents, export_batch_id, status_changed_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'Submitted', 'Invoice History', 'Paid', 'Paid', ?, ?, ?, ?, ?)`,
        [kind, i.provider, periodId, payor, i.cents, batchId, createdAt, createdAt, createdAt],
      );
      await db.run(`INSERT INTO export_item (batch_id, payment_id, provider_id, amount_cents) VALUES (?, ?, ?, ?)`, [batchId, paymentId, i.provider, i.cents]);
    }
    return batchId;
    });
  }
}

/** An empty PayDesk (real migrations) with an Administrator, a Payor (finance) and an Approver, and the agency's two payors. */
export async function openYearWorld(now = '2027-01-20T15:00:00.000Z'): Promise<YearWorld> {
  const t = await openTestCore({ now: () => new Date(now), skipStartupTasks: true });
  const sql = testSql(t);
  await sql.tx(async (db) => {
    for (const [id, name, group] of [[1, 'admin', 'Administrator'], [2, 'payor', 'Payor'], [3, 'approver', 'Approver']] as const) {
      await db.run(`INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?, 'x', 't')`, [id, name, name]);
      await db.run(`INSERT INTO user_group (user_id, group_name) VALUES (?, ?)`, [id, group]);
    }
    await db.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'AGENCY', 'The agency', 'direct'), (2, 'TPP', 'Statewide Payor', 'third_party')`);
    // Rows with ids of their own: PostgreSQL's next ids follow them.
    await db.syncIds('app_user');
    await db.syncIds('payor');
  });
  return new YearWorld(t, sql);
}
