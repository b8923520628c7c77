import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Core } from '../src/main/core/core';
import { buildDemoDatabase } from '../src/main/core/demo/demo';
import { loadSessionUserByName } from '../src/main/core/users/users';
import { type Report } from './report';

// Year-end at scale L (issue #17): 5,000 providers, each paid in 12 monthly export batches of
// 2026 (60,000 exported items, a recovery netted every fourth month for one provider in ten), all
// by the agency (the worst case: every provider is due a return, 5,000 recipient copies), a third
// of them by check and the rest by direct deposit, every provider with a W-9. Timed: the whole
// `year-end-generate` (reading the year on the data port, the sums, 5,000 recipient copies each
// as its own PDF and in the combined one, the IRS 1220 file, the CSV, the audit event), beside a
// raw SQL sum of the same year's items per provider as the baseline. Set-up is not timed.

const YEAR = 2026;

async function setUp(file: string): Promise<void> {
  for (const s of ['', '-wal', '-shm', '.audit-key']) fs.rmSync(file + s, { force: true });
  await buildDemoDatabase({ file, seed: 1, scale: 'L', now: new Date('2026-11-25T09:00:00Z') });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const providers = (db.prepare(`SELECT id, payor_id AS payorId FROM provider ORDER BY id`).all() as Array<{ id: number; payorId: number }>).map((p, i) => ({
    id: p.id,
    payor: 1,
    method: i % 3 === 0 ? 'check' : 'ach',
  }));
  const payorKinds = new Map((db.prepare(`SELECT id, kind FROM payor`).all() as Array<{ id: number; kind: string }>).map((p) => [p.id, p.kind]));
  const thirdParty = [...payorKinds].find(([, k]) => k === 'third_party')?.[0];
  const direct = [...payorKinds].find(([, k]) => k === 'direct')![0];
  const user = (db.prepare(`SELECT id FROM app_user WHERE username = 'payor'`).get() as { id: number }).id;
  db.transaction(() => {
    db.prepare(`UPDATE provider SET address_line1 = coalesce(nullif(address_line1, ''), id || ' Main Street'), city = coalesce(nullif(city, ''), 'Springfield'), state = 'IL', postal_code = '62704'`).run();
    const tax = db.prepare(`INSERT OR REPLACE INTO provider_tax (provider_id, tin_type, tin, legal_name, w9_received_on, exempt_reason, updated_at) VALUES (?, 'SSN', ?, ?, '2026-01-05', NULL, 't')`);
    providers.forEach((p, i) => {
      const tin = `${200 + Math.floor(i / 90)}${10 + (i % 90)}${String(1000 + i).slice(-4)}`;
      tax.run(p.id, tin, `Provider Owner ${p.id}`);
    });
    const period = db.prepare(`INSERT INTO service_period (code, label, start_date, end_date) VALUES (?, ?, ?, ?)`);
    const batch = db.prepare(`INSERT INTO export_batch (period_id, payor_id, created_at, created_by, item_count, total_cents, folder, files_written_at, snapshot) VALUES (?, ?, ?, ?, 0, 0, '', ?, ?)`);
    const payment = db.prepare(
      `INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status, amount_cents, export_batch_id, status_changed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'Submitted', 'Invoice History', 'Paid', 'Paid', ?, ?, ?, ?, ?)`,
    );
    const item = db.prepare(`INSERT INTO export_item (batch_id, payment_id, provider_id, amount_cents) VALUES (?, ?, ?, ?)`);
    for (let m = 1; m <= 12; m++) {
      const date = `${YEAR}-${String(m).padStart(2, '0')}-15`;
      const periodId = Number(period.run(`YE-${m}`, `Year-end bench ${m}`, date, date).lastInsertRowid);
      for (const payor of [direct, thirdParty].filter((x): x is number => x !== undefined)) {
        const mine = providers.filter((p) => (p.payor === 2 ? thirdParty : direct) === payor);
        const at = `${date}T18:00:00.000Z`;
        const snapshot = JSON.stringify({ version: 1, date, payees: mine.map((p) => ({ id: p.id, method: p.method })), leftOut: [] });
        const batchId = Number(batch.run(periodId, payor, at, user, at, snapshot).lastInsertRowid);
        for (const p of mine) {
          const cents = 150_00 + ((p.id * 37 + m * 11) % 400) * 100;
          const pay = Number(payment.run('payment', p.id, periodId, payor, cents, batchId, at, at, at).lastInsertRowid);
          item.run(batchId, pay, p.id, cents);
          if (p.id % 10 === 0 && m % 4 === 0) {
            const adj = Number(payment.run('adjustment', p.id, periodId, payor, -2_500, batchId, at, at, at).lastInsertRowid);
            item.run(batchId, adj, p.id, -2_500);
          }
        }
      }
    }
    db.prepare(`INSERT INTO setting (key, effective_from, value) VALUES ('yearEnd.filing', '1900-01-01', ?)`).run(
      JSON.stringify({
        tcc: '12AB3', payerTin: '37-6000001', payerName: 'Prairie County Child Care Assistance', payerAddress: '200 Main Street Suite 4',
        payerCity: 'Springfield', payerState: 'IL', payerZip: '62701', payerPhone: '217-555-0100', contactName: 'Pat Finance',
        contactPhone: '217-555-0101', contactEmail: 'finance@prairie.example',
      }),
    );
    db.prepare(`UPDATE setting SET value = '""' WHERE key = 'export.root'`).run();
  })();
  db.close();
}

export async function benchYearEnd(report: Report, outDir: string): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'paydesk-bench-year-end-'));
  const file = path.join(outDir, 'year-end-L.sqlite');
  try {
    await setUp(file);
    // The baseline: the year's items summed per provider by one SQL statement (what a spreadsheet export would start from).
    const raw = new Database(file, { readonly: true });
    const b0 = performance.now();
    const sums = raw
      .prepare(
        `SELECT ei.provider_id, sum(ei.amount_cents) FROM export_item ei JOIN export_batch b ON b.id = ei.batch_id JOIN payor y ON y.id = b.payor_id
         WHERE y.kind = 'direct' AND b.created_at >= ? AND b.created_at < ? GROUP BY ei.provider_id`,
      )
      .all(`${YEAR}-01-01`, `${YEAR + 1}-01-01`);
    const baselineSeconds = (performance.now() - b0) / 1000;
    raw.close();

    const core = await Core.start({ databaseFile: file, dataDir: root, log: () => {}, skipStartupTasks: true });
    try {
      const u = await core.store.read(({ db }) => loadSessionUserByName(db, 'payor'));
      const payor = core.connect(u);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const out = await payor.call('year-end-generate', { taxYear: YEAR });
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const bytes = out.files.reduce((s, f) => s + f.bytes, 0) + fs.readdirSync(path.join(out.folder, 'recipients')).reduce((s, f) => s + fs.statSync(path.join(out.folder, 'recipients', f)).size, 0);
      report('year-end, scale L (5,000 providers × 12 batches: sums, 1220 file, CSV, every recipient PDF + combined PDF) vs raw SQL sum per provider', {
        seconds,
        baselineSeconds,
        ratio: seconds / baselineSeconds,
        goal: '≤ 5 s including every PDF',
        extra: {
          providers: sums.length,
          returns: out.returnCount,
          'recipient PDFs': out.recipientCopies,
          MB: (bytes / 2 ** 20).toFixed(1),
          'CPU s': ((cpu.user + cpu.system) / 1e6).toFixed(2),
          'peak RSS MB': Math.round(process.resourceUsage().maxRSS / 1024),
        },
      });
    } finally {
      await core.close();
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    for (const s of ['', '-wal', '-shm', '.audit-key']) fs.rmSync(file + s, { force: true });
  }
}
