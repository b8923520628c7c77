import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/main/core/audit/chain';
import { auditKeyFile, readKeyFile } from '../../src/main/core/audit/key';
import { Core } from '../../src/main/core/core';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { demoExportRoot } from '../../src/main/core/demo/exports';
import { Store } from '../../src/main/core/db/store';
import { defaultPeriodId } from '../../src/main/core/reference/periods';
import { loadSessionUserByName } from '../../src/main/core/users/users';
import { PAYMENT_STATUSES, PAYOR_KINDS, SUBMISSION_STATUSES, type InvoiceStatus, type PaymentStatus, type SubmissionStatus } from '../../src/shared/domain/words';
import { ALLOWED_SUB_STATUSES, isAllowedPair } from '../../src/shared/workflow/states';
import { TABS, tabMatches } from '../../src/shared/workflow/tabs';
import { tempDir, testDataDir } from '../helpers/core';
import { createTestDatabase, ENGINE, type TestTarget } from '../helpers/engine';
import { primaryKeyOf, testSql, type TestSql } from '../helpers/sql';

// The demo's payments: generated for the last periods, spread over every state and exported, every
// move made by the workflow and export engines (so the audit trail tells each item's story).
// Two demo databases of the project's engine (SQLite files, or PostgreSQL databases by URL).

const t = tempDir('paydesk-demo-');
const NOW = new Date('2026-11-25T09:00:00Z');
const databases: Record<'a' | 'b', TestTarget> = {} as Record<'a' | 'b', TestTarget>;
const file = (name: 'a' | 'b') => databases[name].target;
let store: Store;
let db: TestSql;
/** The period the app opens on, by the core's own rule, on the demo's day. */
let current: { id: number; code: string };

beforeAll(async () => {
  if (ENGINE === 'postgres') testDataDir(); // the audit keys' and the demo batches' folder
  for (const name of ['a', 'b'] as const) {
    databases[name] = ENGINE === 'postgres' ? await createTestDatabase() : { target: path.join(t.dir, `${name}.sqlite`), drop: async () => {} };
    await buildDemoDatabase({ file: file(name), seed: 1, scale: 'S', now: NOW });
  }
  store = await Store.open(file('a'), { migrate: false });
  db = testSql(store);
  const id = (await defaultPeriodId(db.db, NOW.toISOString().slice(0, 10), null))!;
  current = await db.get(`SELECT id, code FROM service_period WHERE id = ?`, [id]);
}, 240_000);
afterAll(async () => {
  await store?.close();
  for (const d of Object.values(databases)) await d.drop();
  t.cleanup();
});

const values = (column: string, where = '1 = 1') =>
  db.values<string>(`SELECT DISTINCT ${column} AS v FROM payment p JOIN service_period s ON s.id = p.period_id WHERE ${where} ORDER BY 1`);
const count = (where: string) =>
  db.value<number>(`SELECT count(*) AS n FROM payment p JOIN service_period s ON s.id = p.period_id JOIN payor y ON y.id = p.payor_id WHERE ${where}`);
const currentPeriod = () => current;

interface BatchFacts {
  id: number;
  periodCode: string;
  payorKind: 'direct' | 'third_party';
  createdBy: string;
  filesWrittenAt: string | null;
  folder: string;
  snapshot: string;
}
const batches = () =>
  db.rows<BatchFacts>(
    `SELECT b.id, s.code AS periodCode, y.kind AS payorKind, u.username AS createdBy, b.files_written_at AS filesWrittenAt, b.folder, b.snapshot
     FROM export_batch b JOIN service_period s ON s.id = b.period_id JOIN payor y ON y.id = b.payor_id JOIN app_user u ON u.id = b.created_by ORDER BY b.id`,
  );

describe('demo: payments spread over every state', () => {
  it('generates the last three periods up to the demo month, one payment per authorized provider; the app opens on the newest', async () => {
    expect(await values('s.code')).toEqual(['2026-09', '2026-10', '2026-11']);
    const perPeriod = await db.rows<{ n: number }>(`SELECT period_id, count(*) AS n FROM payment WHERE kind = 'payment' GROUP BY period_id`);
    for (const p of perPeriod) expect(p.n).toBe(40);
    expect(currentPeriod().code).toBe('2026-11');
  });

  it('covers every submission status, payment status and, for each payor kind, every invoice status / sub-status pair DESIGN.md allows', async () => {
    expect(await values('p.submission_status')).toEqual([...SUBMISSION_STATUSES].sort());
    expect(await values('p.payment_status')).toEqual([...PAYMENT_STATUSES].sort());
    expect(await values('p.kind')).toEqual(['adjustment', 'payment']);
    const allowed = PAYOR_KINDS.flatMap((kind) =>
      (Object.keys(ALLOWED_SUB_STATUSES) as InvoiceStatus[]).flatMap((status) =>
        ALLOWED_SUB_STATUSES[status].filter((sub) => isAllowedPair(status, sub, kind)).map((sub) => `${kind} | ${status} | ${sub}`),
      ),
    );
    expect(allowed).toHaveLength(9 + 11);
    const present = await db.values<string>(`SELECT DISTINCT y.kind || ' | ' || p.invoice_status || ' | ' || p.sub_status AS v FROM payment p JOIN payor y ON y.id = p.payor_id`);
    expect(present.sort()).toEqual(allowed.sort());
  });

  it('the current period has rows in every tab, Paid and Authorized included, and paper-received items', async () => {
    const { id } = currentPeriod();
    const items = await db.rows<{ paymentStatus: PaymentStatus; submissionStatus: SubmissionStatus }>(
      `SELECT payment_status AS paymentStatus, submission_status AS submissionStatus FROM payment WHERE period_id = ?`,
      [id],
    );
    for (const tab of TABS) expect(items.filter((i) => tabMatches(tab, i)).length, tab).toBeGreaterThan(0);
    expect(await count(`p.period_id = ${id} AND p.received_at IS NOT NULL AND p.submission_status = 'New'`)).toBeGreaterThan(0); // paper
    // The demo's Provider user (provider 1) finds its current payment waiting to be submitted.
    expect(await db.one(`SELECT payment_status AS s FROM payment WHERE provider_id = 1 AND period_id = ?`, [id])).toEqual({ s: 'New' });
  });

  it('in the current period and the one before, the agency paid ACH and check providers, and the third-party payor has items In Process, Processed and Paid', async () => {
    const { code } = currentPeriod();
    const all = await batches();
    for (const period of [code, '2026-10']) {
      const direct = all.filter((b) => b.periodCode === period && b.payorKind === 'direct');
      const third = all.filter((b) => b.periodCode === period && b.payorKind === 'third_party');
      expect(direct, period).toHaveLength(1);
      expect(third, period).toHaveLength(1);
      const methods = (JSON.parse(direct[0].snapshot) as { payees: Array<{ method: string }> }).payees.map((p) => p.method);
      expect(new Set(methods), period).toEqual(new Set(['ach', 'check']));
      expect(await count(`p.export_batch_id = ${direct[0].id} AND NOT (p.invoice_status = 'Invoice History' AND p.sub_status = 'Paid')`), period).toBe(0);
      const subs = await values('p.sub_status', `p.export_batch_id = ${third[0].id}`);
      expect(subs, period).toEqual(['In Process', 'Paid', 'Processed']);
      // Exported adjustments are paid with their provider's payments.
      expect(await count(`s.code = '${period}' AND p.kind = 'payment' AND p.payment_status = 'Authorized'`), `${period} still authorized`).toBeGreaterThan(0);
    }
    expect(await count(`p.kind = 'adjustment' AND p.payment_status = 'Paid'`)).toBeGreaterThan(0);
    // Bounded: a demo exports tens of items a period, not the whole agency.
    for (const b of all) expect(await count(`p.export_batch_id = ${b.id}`)).toBeLessThanOrEqual(200);
  });

  it('each run was started by a Payor who authorized none of its items; left out: held items and a provider whose net is negative, still Authorized', async () => {
    const all = await batches();
    for (const b of all) {
      const groups = await db.values<string>(`SELECT group_name AS g FROM user_group g JOIN app_user u ON u.id = g.user_id WHERE u.username = ?`, [b.createdBy]);
      expect(groups).toContain('Payor');
      expect(await count(`p.export_batch_id = ${b.id} AND p.authorized_by = (SELECT id FROM app_user WHERE username = '${b.createdBy}')`)).toBe(0);
      expect(await count(`p.export_batch_id = ${b.id} AND p.authorized_by IS NULL`)).toBe(0);
    }
    const leftOut = all.flatMap((b) => (JSON.parse(b.snapshot) as { leftOut: Array<{ reason: string; paymentIds: number[]; amountCents: number }> }).leftOut);
    expect(new Set(leftOut.map((l) => l.reason))).toEqual(new Set(['held', 'negative-net']));
    const negative = leftOut.filter((l) => l.reason === 'negative-net');
    for (const l of negative) {
      expect(l.amountCents).toBeLessThan(0);
      // An adjustment bigger than the provider's payment (an earlier period's overpayment).
      const items = await db.rows<{ kind: string; cents: number; ps: string }>(`SELECT kind, amount_cents AS cents, payment_status AS ps FROM payment WHERE id IN (${l.paymentIds.join(',')})`);
      expect(items.map((i) => i.kind).sort()).toEqual(['adjustment', 'payment']);
      expect(-items.find((i) => i.kind === 'adjustment')!.cents).toBeGreaterThan(items.find((i) => i.kind === 'payment')!.cents);
    }
    const stillAuthorized = await Promise.all(negative.map((l) => count(`p.id IN (${l.paymentIds.join(',')}) AND p.payment_status <> 'Authorized'`)));
    expect(stillAuthorized.some((n) => n === 0)).toBe(true);
  });

  it('every move went through the engines: the chain verifies and each item is where its last audit event left it', async () => {
    expect(await verifyChain(db.db, { key: readKeyFile(auditKeyFile(file('a'))) })).toMatchObject({ ok: true });
    const items = await db.rows(`SELECT id, invoice_status, sub_status, submission_status, payment_status, amount_cents, export_batch_id FROM payment`);
    // Each payment's last event, all read at once (one statement, not one per payment).
    const lastOf = new Map(
      (
        await db.rows<{ id: number; s: string; at: string }>(
          `SELECT entity_id AS id, state_after AS s, at FROM audit_event e
           WHERE entity = 'payment' AND id = (SELECT max(id) FROM audit_event l WHERE l.entity = 'payment' AND l.entity_id = e.entity_id)`,
        )
      ).map((e) => [e.id, e]),
    );
    for (const item of items) {
      const event = lastOf.get(item.id as number)!;
      expect(JSON.parse(event.s)).toMatchObject({
        invoiceStatus: item.invoice_status,
        subStatus: item.sub_status,
        submissionStatus: item.submission_status,
        paymentStatus: item.payment_status,
        amountCents: item.amount_cents,
      });
      expect(event.at <= NOW.toISOString()).toBe(true);
    }
    // Authorized payments were calculated from their attendance.
    const uncalculated = await db.value(`SELECT count(*) AS n FROM payment WHERE kind = 'payment' AND payment_status IN ('Authorized', 'Paid') AND id NOT IN (SELECT payment_id FROM calculation_line)`);
    expect(uncalculated).toBe(0);
    // Each batch has its run's event, each exported item its Export event, each confirmation its file.
    // (The events' details are JSON text, read here in TypeScript: the same on both engines.)
    const inputOf = (details: string | null) => (JSON.parse(details ?? '{}') as { input?: { batchId?: number; source?: string } }).input ?? {};
    const exportEvents = (await db.values<string | null>(`SELECT details FROM audit_event WHERE entity = 'payment' AND action = 'export'`)).map(inputOf);
    for (const b of await batches()) {
      expect(await db.value(`SELECT count(*) AS n FROM audit_event WHERE entity = 'export_batch' AND entity_id = ? AND action = 'export-run'`, [b.id])).toBe(1);
      expect(await db.value(`SELECT count(*) AS n FROM export_item WHERE batch_id = ?`, [b.id])).toBe(exportEvents.filter((e) => e.batchId === b.id).length);
    }
    const confirmed = new Set((await db.values<string | null>(`SELECT details FROM audit_event WHERE action IN ('mark-processed', 'confirm-paid')`)).map((d) => inputOf(d).source));
    expect([...confirmed]).toEqual(['confirmation-file']);
    // In time order: after the users' creation (at the demo's now), the events never go back in time.
    const backwards = await db.value(
      `SELECT count(*) AS n FROM audit_event a JOIN audit_event b ON b.id = a.id + 1 WHERE b.at < a.at AND a.id > (SELECT max(id) FROM audit_event WHERE entity = 'user')`,
    );
    expect(backwards).toBe(0);
  });

  it('the same seed builds the same payments, attendance, lines, batches and audit trail (but for where each database keeps its batches)', async () => {
    const otherStore = await Store.open(file('b'), { migrate: false });
    const other = testSql(otherStore);
    // Batch folders are absolute, beside each database; so are the hashes of the events naming them.
    const read = async (d: TestSql, table: string, root: string) => {
      const key = await primaryKeyOf(d.db, table);
      const rows = await d.rows(`SELECT * FROM ${table} ORDER BY ${key.map((c) => `"${c}"`).join(', ')}`);
      return JSON.parse(JSON.stringify(rows).split(JSON.stringify(root).slice(1, -1)).join('<root>')) as Array<Record<string, unknown>>;
    };
    // Each database has its own audit key: what is keyed (hashes, the anchors, the key's fingerprint,
    // bank-detail fingerprints) differs, all else is the same.
    const keyed = (v: unknown) => (typeof v === 'string' ? v.replace(/"(bankDigest|keyId)":"[0-9a-f]+"/g, '"$1":"<keyed>"') : v);
    const unchained = (rows: Array<Record<string, unknown>>) => rows.map(({ hash: _h, prev_hash: _p, ...r }) => ({ ...r, state_before: keyed(r.state_before), state_after: keyed(r.state_after) }));
    const unanchored = (rows: Array<Record<string, unknown>>) => rows.map(({ anchor_hash: _a, ...r }) => r);
    try {
      for (const table of ['payment', 'attendance', 'calculation_line', 'submission_import', 'export_batch', 'export_item', 'setting']) {
        expect(await primaryKeyOf(db.db, table), table).not.toEqual([]);
        expect(unanchored(await read(other, table, demoExportRoot(file('b')))), table).toEqual(unanchored(await read(db, table, demoExportRoot(file('a')))));
      }
      expect(unchained(await read(other, 'audit_event', demoExportRoot(file('b'))))).toEqual(unchained(await read(db, 'audit_event', demoExportRoot(file('a')))));
      expect(await verifyChain(other.db, { key: readKeyFile(auditKeyFile(file('b'))) })).toMatchObject({ ok: true });
    } finally {
      await otherStore.close();
    }
  });

  it('leaves the batches’ files to the export repair at the core’s start; after it the app shows every batch with its files', async () => {
    const root = demoExportRoot(file('b'));
    const otherStore = await Store.open(file('b'), { migrate: false });
    const before = await testSql(otherStore).get<{ n: number; written: number }>(`SELECT count(*) AS n, count(files_written_at) AS written FROM export_batch`);
    await otherStore.close();
    expect(before.n).toBeGreaterThanOrEqual(4);
    expect(before.written).toBe(0);
    expect(fs.existsSync(root)).toBe(false);

    const core = await Core.start({ databaseFile: file('b'), dataDir: t.dir, now: () => new Date(NOW.getTime() + 60_000), log: () => {} });
    try {
      const user = await core.store.read(({ db }) => loadSessionUserByName(db, 'payor'));
      const payor = core.connect(user);
      const list = await payor.call('export-batches-list', { page: 0, pageSize: 50, sort: [], search: '' });
      expect(list.total).toBe(before.n);
      for (const row of list.rows) {
        expect(row.filesWrittenAt).not.toBeNull();
        expect(path.dirname(row.folder)).toBe(root);
        const detail = await payor.call('export-batch-get', { batchId: row.id });
        expect(detail.files.filter((f) => f.sha256 === null).map((f) => f.name)).toEqual([]);
        const paymentId = detail.providers[0].items[0].paymentId;
        expect(await payor.call('export-remittance-for-payment', { paymentId })).toMatchObject({ batchId: row.id, exists: true });
      }
      // The workspace opens on the current period, and each of its tabs has rows.
      const { periodId } = await payor.call('periods-default', {});
      const counts = await payor.call('payments-tab-counts', { periodId: periodId! });
      for (const tab of TABS) expect(counts[tab], tab).toBeGreaterThan(0);
      // Later exports from the demo go beside its batches.
      expect(await payor.call('export-folder-get', {})).toEqual({ folder: root, isDefault: false });
    } finally {
      await core.close();
    }
  });
});
