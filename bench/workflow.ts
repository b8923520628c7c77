import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { auditKeyFile, copyDatabase, readKeyFile } from '../src/main/core/audit/key';
import { canonicalJson, eventHash, GENESIS_HASH, verifyChain } from '../src/main/core/audit/chain';
import { Core } from '../src/main/core/core';
import { buildDemoDatabase } from '../src/main/core/demo/demo';
import { loadSessionUserByName } from '../src/main/core/users/users';
import { median, time, type Report } from './report';

// Bulk Authorize of 5,000 received and calculated payments on a copy of the scale-L demo, through
// the registry (payments-apply-bulk: validation, per-row savepoint, the engine's checks, one
// versioned UPDATE and one hash-chained audit event per row), against a raw better-sqlite3
// baseline on an identical copy doing the same reads, UPDATEs and audit INSERTs (same canonical
// JSON and SHA-256 chain) in one transaction with prepared statements. Both sides take their
// reads, UPDATEs, INSERTs, hashing and commit (synchronous = FULL) inside the timing.

const COUNT = 5000;
const ROUNDS = 5;
const NOW = '2027-02-03T10:00:00.000Z';

function fresh(file: string): void {
  for (const s of ['', '-wal', '-shm', '.audit-key']) fs.rmSync(file + s, { force: true });
}

function copyDb(from: string, to: string): void {
  const db = new Database(from);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  fresh(to);
  copyDatabase(from, to);
}

/** 5,000 payments of a new period, received and calculated (raw inserts: set-up, not timed). */
function seedPayments(file: string): void {
  const db = new Database(file);
  db.transaction(() => {
    const period = Number(
      db.prepare(`INSERT INTO service_period (code, label, start_date, end_date) VALUES ('BENCH-WF', 'Workflow bench', '2027-01-01', '2027-01-31')`).run().lastInsertRowid,
    );
    const providers = db.prepare(`SELECT id, payor_id AS payorId FROM provider ORDER BY id LIMIT ?`).all(COUNT) as Array<{ id: number; payorId: number }>;
    if (providers.length < COUNT) throw new Error(`the demo has ${providers.length} providers; the bench needs ${COUNT} (scale L)`);
    const insert = db.prepare(
      `INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status,
         received_at, amount_cents, calculated_at, status_changed_at, created_at, updated_at, version)
       VALUES ('payment', @provider, @period, @payor, 'New', 'Pending Approval', 'Awaiting Action', 'Received', @at, @amount,
         @at, @at, @at, @at, 1)`,
    );
    const at = '2027-02-01T09:00:00.000Z';
    for (const p of providers) insert.run({ provider: p.id, period, payor: p.payorId, amount: 10_000 + (p.id % 97) * 100, at });
  })();
  db.close();
}

interface Row {
  id: number;
  invoiceStatus: string;
  subStatus: string;
  submissionStatus: string;
  paymentStatus: string;
  receivedAt: string | null;
  amountCents: number | null;
  exportBatchId: number | null;
  holdKind: string | null;
  version: number;
}

/** The same work without PayDesk: read the state, UPDATE with the version check, chain and INSERT the event. */
function rawAuthorize(file: string, ids: number[], user: { id: number; username: string }): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const read = db.prepare(
    `SELECT id, invoice_status AS invoiceStatus, sub_status AS subStatus, submission_status AS submissionStatus,
       payment_status AS paymentStatus, received_at AS receivedAt, amount_cents AS amountCents,
       export_batch_id AS exportBatchId, hold_kind AS holdKind, version FROM payment WHERE id = ?`,
  );
  const update = db.prepare(
    `UPDATE payment SET invoice_status = 'Pending Payment', sub_status = 'Awaiting Action', payment_status = 'Authorized',
       authorized_by = ?, status_changed_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
  );
  const last = db.prepare(`SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1`);
  const insert = db.prepare(
    `INSERT INTO audit_event (at, user_id, username, group_name, entity, entity_id, action, state_before, state_after,
       reason_code, comment, details, prev_hash, hash)
     VALUES (@at, @userId, @username, @groupName, @entity, @entityId, @action, @stateBefore, @stateAfter, @reasonCode,
       @comment, @details, @prevHash, @hash)`,
  );
  const key = readKeyFile(auditKeyFile(file));
  if (!key) throw new Error(`${file} has no audit key beside it`);
  db.transaction(() => {
    let prevHash = (last.get() as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
    for (const id of ids) {
      const { id: _id, ...before } = read.get(id) as Row;
      if (update.run(user.id, NOW, NOW, id, before.version).changes !== 1) throw new Error('version moved');
      const after = { ...before, invoiceStatus: 'Pending Payment', subStatus: 'Awaiting Action', paymentStatus: 'Authorized', version: before.version + 1 };
      const content = {
        at: NOW, userId: user.id, username: user.username, groupName: 'Approver', entity: 'payment', entityId: id, action: 'authorize',
        stateBefore: canonicalJson(before), stateAfter: canonicalJson(after), reasonCode: null, comment: null, details: null,
      };
      const hash = eventHash(prevHash, content, key);
      insert.run({ ...content, prevHash, hash });
      prevHash = hash;
    }
  })();
  db.close();
}

/** Outside the timings: both files must hold a verifying chain and 5,000 authorized items. */
function check(file: string): void {
  const db = new Database(file, { readonly: true });
  const authorized = (db.prepare(`SELECT count(*) AS n FROM payment WHERE payment_status = 'Authorized'`).get() as { n: number }).n;
  const chain = verifyChain(db, { key: readKeyFile(auditKeyFile(file)) });
  db.close();
  if (!chain.ok || authorized < COUNT) throw new Error(`${path.basename(file)}: chain ${JSON.stringify(chain)}, ${authorized} authorized`);
}

/** One timed bulk Authorize through the registry on a fresh copy; returns seconds. */
async function oursOnce(file: string): Promise<{ seconds: number; ids: number[]; user: { id: number; username: string } }> {
  const core = await Core.start({ databaseFile: file, now: () => new Date(NOW), skipStartupTasks: true, log: () => {} });
  try {
    const user = (await core.store.read(({ db }) => loadSessionUserByName(db, 'approver')))!;
    const ids = (core.store.sql.prepare(`SELECT p.id FROM payment p JOIN service_period s ON s.id = p.period_id WHERE s.code = 'BENCH-WF' ORDER BY p.id`).all() as { id: number }[]).map((r) => r.id);
    const run = await time(() => core.connect(user).call('payments-apply-bulk', { ids, action: 'authorize' }));
    if (run.value.succeeded !== COUNT) throw new Error(`bulk authorize: ${run.value.refused} refused, e.g. ${JSON.stringify(run.value.results.find((r) => !r.ok))}`);
    return { seconds: run.seconds, ids, user };
  } finally {
    await core.close();
  }
}

export async function benchWorkflow(report: Report, outDir: string = os.tmpdir()): Promise<void> {
  // A fresh copy of the scale-L demo (the foundation bench's, when it ran first), plus the payments.
  const demo = path.join(outDir, 'demo-L.sqlite');
  const seeded = path.join(outDir, 'workflow-L.sqlite');
  if (fs.existsSync(demo)) copyDb(demo, seeded);
  else {
    fresh(seeded);
    await buildDemoDatabase({ file: seeded, seed: 1, scale: 'L', now: new Date('2026-11-25T09:00:00Z') });
  }
  seedPayments(seeded);
  // Opened once (not timed): a database without an audit key yet gets it and its seal here, so
  // every copy below shares them.
  await (await Core.start({ databaseFile: seeded, now: () => new Date(NOW), skipStartupTasks: true, log: () => {} })).close();

  // Five rounds each, alternating, every round on its own fresh copy; the median is reported, so
  // neither side is judged on its cold first run or on a moment the machine was busy.
  const ours: number[] = [];
  const raw: number[] = [];
  const copies: string[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const a = path.join(outDir, `workflow-L-${round}.sqlite`);
      const b = path.join(outDir, `workflow-raw-L-${round}.sqlite`);
      copies.push(a, b);
      copyDb(seeded, a);
      copyDb(seeded, b);
      const run = await oursOnce(a);
      check(a);
      raw.push((await time(() => rawAuthorize(b, run.ids, run.user))).seconds);
      check(b);
      ours.push(run.seconds);
    }
  } finally {
    for (const f of copies) fresh(f);
  }
  const seconds = median(ours);
  const baselineSeconds = median(raw);
  report('bulk Authorize of 5,000 payments (payments-apply-bulk vs raw UPDATE + chained audit INSERT)', {
    seconds,
    baselineSeconds,
    ratio: seconds / baselineSeconds,
    goal: '≤ 3 s, ratio ≤ 2',
    extra: {
      items: COUNT,
      rounds: `median of ${ROUNDS}`,
      'PayDesk s': ours.map((x) => x.toFixed(3)).join('/'),
      'baseline s': raw.map((x) => x.toFixed(3)).join('/'),
    },
  });
}
