import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core, type Connection } from '../../src/main/core/core';
import { loadSessionUserByName } from '../../src/main/core/users/users';
import { AppError } from '../../src/shared/api/errors';
import { ACH_ENTRY_MAX_CENTS } from '../../src/shared/domain/limits';
import { tempDir } from '../helpers/core';
import { copyTestDatabase, type TestTarget } from '../helpers/engine';
import { testSql } from '../helpers/sql';
import { readNacha } from '../unit/export-nacha-reader';
import { routing } from './reference-fixture';
import { openExportWorld } from './export-world';

// The money path as a property (issue 11, "Done when"): from the authorized January of the demo,
// random adjustments (up to what one entry can carry, and above it), bank-detail changes (confirmed
// or not) and direct edits of a copy of the database (an amount, an account number, changed
// behind the app), then the export. Whatever the mix: every amount and account written to the ACH
// file and the check register equals what the app authorized and confirmed, or the item is left
// out with a reason; and a committed batch has all its files.

const T = '2026-02-03T10:00:00.000Z';
const PAYOR = 1;
let template: string;
let dir: string;
let cleanup: () => void;
let closeWorld: () => Promise<void>;
let periodId: number;

beforeAll(async () => {
  const w = await openExportWorld({ leftOut: false });
  periodId = w.periodId;
  await w.core.close();
  ({ dir, cleanup } = tempDir('paydesk-export-property-'));
  template = await copyOf(w.file, 'template');
  closeWorld = () => w.close().catch(() => {});
}, 180_000);
afterAll(async () => {
  for (const c of copies) await c.drop().catch(() => {});
  await closeWorld?.();
  cleanup?.();
});

/** Copies of the database (files, or PostgreSQL databases made from it), dropped at the end. */
const copies: TestTarget[] = [];
async function copyOf(from: string, name: string): Promise<string> {
  const copy = await copyTestDatabase(from, path.join(dir, `${name}.sqlite`));
  copies.push(copy);
  return copy.target;
}

type Op =
  | { kind: 'adjust'; provider: number; cents: number }
  | { kind: 'bank'; provider: number; account: string; confirm: boolean }
  | { kind: 'edit-amount'; item: number; delta: number }
  | { kind: 'edit-account'; provider: number; account: string };

const account = fc.stringMatching(/^[1-9]\d{5,11}$/);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('adjust' as const),
    provider: fc.nat(40),
    cents: fc.oneof(fc.integer({ min: -50_000, max: 500_000 }), fc.integer({ min: ACH_ENTRY_MAX_CENTS - 100_000, max: ACH_ENTRY_MAX_CENTS + 100_000 })),
  }),
  fc.record({ kind: fc.constant('bank' as const), provider: fc.nat(40), account, confirm: fc.boolean() }),
  fc.record({ kind: fc.constant('edit-amount' as const), item: fc.nat(200), delta: fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: -5_000, max: -1 })) }),
  fc.record({ kind: fc.constant('edit-account' as const), provider: fc.nat(40), account }),
);

interface Truth {
  /** What the app authorized: item -> amount. */
  amounts: Map<number, number>;
  /** What the app confirmed: provider -> routing and account. */
  banks: Map<number, { routing: string | null; account: string | null }>;
}

async function as(core: Core, username: string): Promise<Connection> {
  const user = await core.store.read(({ db }) => loadSessionUserByName(db, username));
  return core.connect(user);
}

async function readTruth(core: Core, truth: Truth): Promise<void> {
  const sql = testSql(core);
  for (const r of await sql.rows<{ id: number; a: number }>(`SELECT id, amount_cents AS a FROM payment WHERE period_id = ? AND invoice_status = 'Pending Payment'`, [periodId])) {
    truth.amounts.set(r.id, r.a);
  }
  for (const p of await sql.rows<{ id: number; r: string | null; a: string | null; pending: number }>(`SELECT id, routing_number AS r, account_number AS a, bank_change_pending AS pending FROM provider`)) {
    if (!p.pending) truth.banks.set(p.id, { routing: p.r, account: p.a });
  }
}

async function apply(core: Core, ops: readonly Op[], truth: Truth): Promise<void> {
  const sql = testSql(core);
  const providers = await sql.values<number>(`SELECT DISTINCT provider_id AS id FROM payment WHERE period_id = ? AND payor_id = ? ORDER BY provider_id`, [periodId, PAYOR]);
  const approver = await as(core, 'approver');
  const admin = await as(core, 'admin');
  for (const o of ops) {
    if (o.kind === 'adjust') {
      const providerId = providers[o.provider % providers.length];
      try {
        const { id } = await approver.call('adjustments-create', { providerId, periodId, amountCents: o.cents === 0 ? 1 : o.cents, reasonText: 'property' });
        await approver.call('payments-act', { paymentId: id, action: 'authorize' });
      } catch (err) {
        // Refused at entry (above what one entry can carry): nothing was created.
        expect(err, JSON.stringify(o)).toBeInstanceOf(AppError);
        expect((err as AppError).field, JSON.stringify(o)).toBe('amountCents');
      }
      await readTruth(core, truth);
    } else if (o.kind === 'bank') {
      const providerId = providers[o.provider % providers.length];
      const p = await admin.call('providers-get', { providerId });
      if (p.bankChangePending) continue;
      const { id: _i, version, payorName: _n, accountMasked: _m, bankChangePending: _p, bankChangedBy: _b, bankChangedAt: _c, canConfirmBankDetails: _d, rates: _r, createdAt: _x, updatedAt: _u, ...fields } = p;
      await admin.call('providers-save', { ...fields, id: providerId, expectedVersion: version, paymentMethod: 'ach', routingNumber: routing('07100001'), accountNumber: o.account, accountType: 'checking', accountHolder: 'business' });
      if (o.confirm) {
        await approver.call('providers-view-bank-details', { providerId });
        await approver.call('providers-confirm-bank-details', { providerId });
      }
      await readTruth(core, truth);
    } else if (o.kind === 'edit-amount') {
      const items = [...truth.amounts.keys()].sort((a, b) => a - b);
      const id = items[o.item % items.length];
      await sql.run(`UPDATE payment SET amount_cents = amount_cents + ? WHERE id = ?`, [o.delta, id]);
    } else {
      await sql.run(`UPDATE provider SET account_number = ? WHERE id = ?`, [o.account, providers[o.provider % providers.length]]);
    }
  }
}

describe('the money path, as a property', () => {
  it('writes only authorized amounts to confirmed accounts, or leaves the item out with a reason; a committed batch has all its files', async () => {
    let run = 0;
    const seen = { batches: 0, achEntries: 0, checks: 0, moneyLeftOut: 0, limitLeftOut: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        run += 1;
        const file = await copyOf(template, `run-${run}`);
        const core = await Core.start({ databaseFile: file, dataDir: path.join(dir, `data-${run}`), now: () => new Date(T), skipStartupTasks: true, log: () => {} });
        try {
          const truth: Truth = { amounts: new Map(), banks: new Map() };
          await readTruth(core, truth);
          await apply(core, ops, truth);
          const sql = testSql(core);
          const pending = await sql.rows<{ id: number; providerId: number }>(`SELECT id, provider_id AS providerId FROM payment WHERE period_id = ? AND payor_id = ? AND invoice_status = 'Pending Payment' AND export_batch_id IS NULL`, [periodId, PAYOR]);
          const payor = await as(core, 'payor');
          let batch;
          try {
            batch = await payor.call('export-run', { periodId, payorId: PAYOR });
          } catch (err) {
            // Refused as a whole (nothing ready): nothing committed.
            expect((err as AppError).rule, `${JSON.stringify(ops)}: ${String(err)}`).toBe('export.nothing');
            expect(await sql.one(`SELECT count(*) AS n FROM payment WHERE export_batch_id IS NOT NULL AND period_id = ? AND payor_id = ?`, [periodId, PAYOR])).toEqual({ n: 0 });
            return;
          }
          seen.batches += 1;
          seen.moneyLeftOut += batch.leftOut.filter((l) => l.reason === 'amount-differs' || l.reason === 'bank-differs').length;
          seen.limitLeftOut += batch.leftOut.filter((l) => l.reason === 'over-entry-limit').length;
          // Committed and written: every file in place.
          expect(batch.batch.filesWrittenAt, JSON.stringify(ops)).not.toBeNull();
          expect(batch.batch.filesError).toBeNull();
          expect(batch.files.every((f) => f.sha256 !== null)).toBe(true);

          // Every authorized item is in the batch or left out with a reason.
          const exported = new Set(batch.providers.flatMap((p) => p.items.map((i) => i.paymentId)));
          const left = new Map(batch.leftOut.flatMap((l) => l.paymentIds.map((id) => [id, l] as const)));
          for (const item of pending) {
            expect(exported.has(item.id) || left.has(item.id), `item ${item.id} neither exported nor left out (${JSON.stringify(ops)})`).toBe(true);
            if (left.has(item.id)) expect(left.get(item.id)!.message.length).toBeGreaterThan(5);
          }

          // What the files pay: the authorized amounts, to the confirmed accounts.
          const expectedNet = (providerId: number) =>
            batch.providers.find((p) => p.providerId === providerId)!.items.reduce((s, i) => s + truth.amounts.get(i.paymentId)!, 0);
          for (const p of batch.providers) for (const i of p.items) expect(i.amountCents, `item ${i.paymentId} (${JSON.stringify(ops)})`).toBe(truth.amounts.get(i.paymentId));
          const achFile = batch.files.find((f) => f.kind === 'nacha');
          if (achFile) {
            const ach = readNacha(fs.readFileSync(path.join(batch.batch.folder, achFile.name), 'utf8'));
            seen.achEntries += ach.entries.length;
            for (const e of ach.entries) {
              const providerId = Number(await sql.value(`SELECT id FROM provider WHERE license_number = ?`, [e.individualId]));
              const bank = truth.banks.get(providerId)!;
              expect({ routing: e.routing, account: e.account }, `provider ${providerId} (${JSON.stringify(ops)})`).toEqual({ routing: bank.routing, account: bank.account });
              expect(e.amountCents, `provider ${providerId} (${JSON.stringify(ops)})`).toBe(expectedNet(providerId));
              expect(e.amountCents).toBeLessThanOrEqual(ACH_ENTRY_MAX_CENTS);
            }
          }
          const checkFile = batch.files.find((f) => f.kind === 'check-register');
          if (checkFile) {
            const rows = Papa.parse<Record<string, string>>(fs.readFileSync(path.join(batch.batch.folder, checkFile.name), 'utf8'), { header: true, skipEmptyLines: true }).data;
            seen.checks += rows.length;
            for (const r of rows) expect(Math.round(Number(r.amount) * 100), `check to provider ${r.provider_id}`).toBe(expectedNet(Number(r.provider_id)));
          }
        } finally {
          await core.close();
        }
      }),
      {
        numRuns: 8,
        endOnFailure: true,
        // Besides the random runs, one that surely mixes everything: a tampered amount and account,
        // an adjustment above one entry, a confirmed and an unconfirmed bank change.
        examples: [
          [
            [
              { kind: 'edit-amount', item: 3, delta: 250_000 },
              { kind: 'edit-account', provider: 5, account: '999999999' },
              { kind: 'adjust', provider: 7, cents: ACH_ENTRY_MAX_CENTS - 10 },
              { kind: 'bank', provider: 9, account: '55550000', confirm: true },
              { kind: 'bank', provider: 11, account: '55551111', confirm: false },
            ],
          ],
        ],
      },
    );
    console.info(`export property: ${JSON.stringify(seen)}`);
    expect(seen.batches).toBeGreaterThan(0);
    expect(seen.achEntries).toBeGreaterThan(0);
    expect(seen.checks).toBeGreaterThan(0);
    expect(seen.moneyLeftOut).toBeGreaterThan(0);
    expect(seen.limitLeftOut).toBeGreaterThan(0);
  }, 600_000);
});
