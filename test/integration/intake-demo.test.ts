import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/main/core/audit/chain';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { tempDir } from '../helpers/core';

// The demo's intake stage: payments generated for the last periods and spread over every state,
// every move made by the workflow engine (so the audit trail tells each item's story).

const t = tempDir('paydesk-demo-');
const NOW = new Date('2026-11-25T09:00:00Z');
let db: Database.Database;

beforeAll(async () => {
  for (const name of ['a', 'b']) await buildDemoDatabase({ file: path.join(t.dir, `${name}.sqlite`), seed: 1, scale: 'S', now: NOW });
  db = new Database(path.join(t.dir, 'a.sqlite'), { readonly: true });
}, 120_000);
afterAll(() => {
  db.close();
  t.cleanup();
});

const values = (column: string, where = '1 = 1') =>
  (db.prepare(`SELECT DISTINCT ${column} AS v FROM payment p JOIN service_period s ON s.id = p.period_id WHERE ${where} ORDER BY 1`).all() as { v: string }[]).map((r) => r.v);

describe('demo: payments spread over every state', () => {
  it('generates the last three periods up to the demo month, one payment per authorized provider', () => {
    expect(values('s.code')).toEqual(['2026-09', '2026-10', '2026-11']);
    const perPeriod = db.prepare(`SELECT period_id, count(*) AS n FROM payment WHERE kind = 'payment' GROUP BY period_id`).all() as { n: number }[];
    for (const p of perPeriod) expect(p.n).toBe(40);
  });

  it('covers every submission status, invoice status, sub-status (but Paid, Processed, In Process) and payment status (but Paid)', () => {
    expect(values('p.submission_status')).toEqual(['New', 'Ready for Parent', 'Submitted']);
    expect(values('p.invoice_status')).toEqual(['Corrections Required', 'Invoice History', 'Pending Approval', 'Pending Payment']);
    expect(values('p.sub_status')).toEqual(['Administrative Hold', 'Awaiting Action', 'Denied', 'In Review']);
    expect(values('p.payment_status')).toEqual(['Authorized', 'Denied', 'Hold', 'New', 'Received']);
    expect(values('p.kind')).toEqual(['adjustment', 'payment']);
  });

  it('the current period has rows in the Pending Parent, Submitted and Authorized tabs; older periods are mostly authorized', () => {
    const count = (where: string) => (db.prepare(`SELECT count(*) AS n FROM payment p JOIN service_period s ON s.id = p.period_id WHERE ${where}`).get() as { n: number }).n;
    expect(count(`s.code = '2026-11' AND p.submission_status = 'Ready for Parent'`)).toBeGreaterThan(0);
    expect(count(`s.code = '2026-11' AND (p.payment_status = 'Received' OR p.submission_status = 'Submitted')`)).toBeGreaterThan(0);
    expect(count(`s.code = '2026-11' AND p.payment_status = 'Authorized'`)).toBeGreaterThan(0);
    expect(count(`s.code = '2026-11' AND p.received_at IS NOT NULL AND p.submission_status = 'New'`)).toBeGreaterThan(0); // paper
    for (const code of ['2026-09', '2026-10']) {
      expect(count(`s.code = '${code}' AND p.kind = 'payment' AND p.payment_status = 'Authorized'`)).toBeGreaterThanOrEqual(20);
    }
    // The demo's Provider user (provider 1) finds its current payment waiting to be submitted.
    expect(db.prepare(`SELECT payment_status AS s FROM payment WHERE provider_id = 1 AND period_id = (SELECT id FROM service_period WHERE code = '2026-11')`).get()).toEqual({ s: 'New' });
  });

  it('every move went through the engine: the chain verifies and each item is where its last audit event left it', () => {
    expect(verifyChain(db)).toMatchObject({ ok: true });
    const items = db.prepare(`SELECT id, invoice_status, sub_status, submission_status, payment_status, amount_cents FROM payment`).all() as Array<Record<string, unknown>>;
    const last = db.prepare(`SELECT state_after AS s, at FROM audit_event WHERE entity = 'payment' AND entity_id = ? ORDER BY id DESC LIMIT 1`);
    for (const item of items) {
      const event = last.get(item.id) as { s: string; at: string };
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
    const uncalculated = db.prepare(`SELECT count(*) AS n FROM payment WHERE kind = 'payment' AND payment_status = 'Authorized' AND id NOT IN (SELECT payment_id FROM calculation_line)`).get();
    expect(uncalculated).toEqual({ n: 0 });
  });

  it('the same seed builds the same payments, attendance, lines and audit trail', () => {
    const other = new Database(path.join(t.dir, 'b.sqlite'), { readonly: true });
    try {
      for (const table of ['payment', 'attendance', 'calculation_line', 'submission_import', 'audit_event']) {
        const q = `SELECT * FROM ${table} ORDER BY id`;
        expect(other.prepare(q).all(), table).toEqual(db.prepare(q).all());
      }
    } finally {
      other.close();
    }
  });
});
