import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, GENESIS_HASH, verifyChain } from '../../src/main/core/audit/chain';
import { auditKeyFile, newAuditKey, pendingKeyFile, readKeyFile, writeKeyFile } from '../../src/main/core/audit/key';
import { Core } from '../../src/main/core/core';
import type { Tx } from '../../src/main/core/db/engine/port';
import { Store } from '../../src/main/core/db/store';
import { paydeskOn } from '../helpers/cli';
import { testDataDir } from '../helpers/core';
import { copyTestDatabase, createTestDatabase, ENGINE } from '../helpers/engine';
import { onDatabase, testSql } from '../helpers/sql';
import { pdfPagesText } from '../unit/export-pdf-text';
import { actorOfUser, calculation, openWorld, PERIOD_START, WORLD, type World } from './workflow-fixture';

// Finding 2 of issue 11 and DESIGN.md section 9: the audit trail is keyed (HMAC-SHA-256, the key in
// a file beside the database, never in it) and anchored (each export batch records the chain's
// head in the database, its manifest and its summary PDF). verify-audit finds an edited event, a
// tail cut off after an export, a chain recomputed without the key, and an amount or an account
// changed behind the app; the export leaves such an item out and says why.

let w: World | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await w?.close();
  w = undefined;
  while (cleanups.length) await cleanups.pop()!();
});

const paydesk = (db: string, ...args: string[]) => paydeskOn(db, ...args);

/** A world with one authorized direct payment (and an adjustment), exported by "payor": one batch with an anchor. */
async function exportedWorld(): Promise<{ w: World; batchId: number; folder: string; paymentId: number }> {
  w = await openWorld();
  const paymentId = await w.create('payment', 'direct');
  const approver = actorOfUser(w.users.approver, 'Approver');
  await w.apply({ paymentId, action: 'record-paper-attendance', actor: approver, user: w.users.approver, attendance: { rows: [{ childId: WORLD.direct.childId, date: PERIOD_START, hours: 8, absenceCode: null }], source: 'paper' } });
  await w.apply({ paymentId, action: 'calculate', actor: approver, calculation: calculation(25_000) });
  await w.apply({ paymentId, action: 'authorize', actor: approver, user: w.users.approver });
  const batch = await w.core.connect(w.users.payor).call('export-run', { periodId: WORLD.periodId, payorId: WORLD.direct.payorId });
  return { w, batchId: batch.batch.id, folder: batch.batch.folder, paymentId };
}

/**
 * Edits a closed copy of the database with raw SQL, the append-only triggers set aside as an
 * attacker would (dropped in the SQLite file; disabled by a DBA's session on PostgreSQL). The copy
 * is a file beside the original, or a new PostgreSQL database, with the original's key.
 */
async function tamper(file: string, name: string, edit: (tx: Tx) => Promise<void>): Promise<string> {
  const copy = await copyTestDatabase(file, path.join(path.dirname(file), name)); // (a file name only on SQLite)
  cleanups.push(copy.drop);
  await onDatabase(copy.target, (sql) =>
    sql.tx(async (tx) => {
      if (sql.engine === 'sqlite') {
        await tx.run(`DROP TRIGGER audit_event_no_update`);
        await tx.run(`DROP TRIGGER audit_event_no_delete`);
      } else {
        await tx.run(`ALTER TABLE audit_event DISABLE TRIGGER USER`);
      }
      await edit(tx);
    }),
  );
  return copy.target;
}

interface Row {
  id: number; at: string; userId: number | null; username: string; groupName: string; entity: string; entityId: number; action: string;
  stateBefore: string | null; stateAfter: string | null; reasonCode: string | null; comment: string | null; details: string | null; prevHash: string; hash: string;
}
const ROWS = `SELECT id, at, user_id AS userId, username, group_name AS groupName, entity, entity_id AS entityId, action, state_before AS stateBefore,
  state_after AS stateAfter, reason_code AS reasonCode, comment, details, prev_hash AS prevHash, hash FROM audit_event WHERE id >= ? ORDER BY id`;

/** Rewrites every event from `fromId` on, recomputing the chain with `hash(prev, content)`. */
async function recompute(tx: Tx, fromId: number, hash: (prev: string, content: Omit<Row, 'id' | 'prevHash' | 'hash'>) => string): Promise<void> {
  const rows = await tx.rows<Row>(ROWS, [fromId]);
  let prev = (await tx.values<string>(`SELECT hash FROM audit_event WHERE id < ? ORDER BY id DESC LIMIT 1`, [fromId]))[0] ?? GENESIS_HASH;
  await tx.run(`UPDATE audit_event SET hash = 'x' || CAST(id AS TEXT) WHERE id >= ?`, [fromId]); // hash is UNIQUE: clear the way first
  for (const { id, prevHash: _p, hash: _h, ...content } of rows) {
    const h = hash(prev, content);
    await tx.run(`UPDATE audit_event SET prev_hash = ?, hash = ? WHERE id = ?`, [prev, h, id]);
    prev = h;
  }
}

describe('a keyed trail', () => {
  it('is sealed with a new key the first time a database opens: the key file is beside it, owner-only, and never in it', async () => {
    w = await openWorld();
    const keyFile = auditKeyFile(w.file);
    expect(fs.existsSync(keyFile)).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readKeyFile(keyFile)!;
    const sql = testSql(w);
    const first = await sql.get<{ id: number; entity: string; action: string; prevHash: string; after: string }>(
      `SELECT id, entity, action, prev_hash AS prevHash, state_after AS after FROM audit_event ORDER BY id LIMIT 1`,
    );
    expect(first).toMatchObject({ entity: 'audit-trail', action: 'seal', prevHash: GENESIS_HASH });
    expect(JSON.parse(first.after)).toMatchObject({ keyId: key.id, sealedEvents: 0 });
    const everything = JSON.stringify(await sql.rows(`SELECT * FROM audit_event`));
    expect(everything).not.toContain(key.bytes.toString('hex'));
    expect(await verifyChain(sql.db)).toMatchObject({ ok: true, sealId: first.id });
  });

  it('seals the plain chain of a database made before keys with its first keyed event, which carries on from it', async () => {
    if (ENGINE === 'postgres') testDataDir(); // where a PostgreSQL database's key file goes
    const database = await createTestDatabase();
    cleanups.push(database.drop);
    const file = database.target;
    // A database of an earlier PayDesk: its events chained with plain SHA-256, no key file.
    const store = await Store.open(file, { create: true });
    let prev = GENESIS_HASH;
    await testSql(store).tx(async (tx) => {
      for (let i = 1; i <= 3; i++) {
        const content = { at: '2026-01-01T00:00:00.000Z', userId: null, username: 'system', groupName: 'System', entity: 'user', entityId: i, action: 'create-user', stateBefore: null, stateAfter: canonicalJson({ n: i }), reasonCode: null, comment: null, details: null };
        const hash = eventHash(prev, content);
        await tx.run(
          `INSERT INTO audit_event (at, user_id, username, group_name, entity, entity_id, action, state_before, state_after, reason_code, comment, details, prev_hash, hash)
           VALUES (?, NULL, 'system', 'System', 'user', ?, 'create-user', NULL, ?, NULL, NULL, NULL, ?, ?)`,
          [content.at, i, content.stateAfter, prev, hash],
        );
        prev = hash;
      }
    });
    await store.close();
    expect(fs.existsSync(auditKeyFile(file))).toBe(false);

    const core = await Core.start({ databaseFile: file, skipStartupTasks: true, log: () => {} });
    try {
      expect(core.auditProblem).toBeNull();
      const seal = await testSql(core).get<{ id: number; prevHash: string; after: string }>(`SELECT id, prev_hash AS prevHash, state_after AS after FROM audit_event WHERE action = 'seal'`);
      expect(seal).toMatchObject({ id: 4, prevHash: prev });
      expect(JSON.parse(seal.after)).toMatchObject({ sealedEvents: 3, sealedHeadId: 3, sealedHeadHash: prev });
      expect(fs.existsSync(auditKeyFile(file))).toBe(true);
      expect(fs.existsSync(pendingKeyFile(auditKeyFile(file)))).toBe(false);
      expect(await verifyChain(core.store.db)).toMatchObject({ ok: true, events: 4, sealId: 4 });
    } finally {
      await core.close();
    }
    // Opened again: the same key, no second seal.
    const again = await Core.start({ databaseFile: file, skipStartupTasks: true, log: () => {} });
    expect(again.auditProblem).toBeNull();
    expect(await testSql(again).value(`SELECT count(*) AS n FROM audit_event WHERE action = 'seal'`)).toBe(1);
    await again.close();
  });

  it('finishes a key whose file was not yet in place when the process stopped after its seal committed', async () => {
    w = await openWorld();
    await w.core.close();
    const keyFile = auditKeyFile(w.file);
    fs.renameSync(keyFile, pendingKeyFile(keyFile));
    const core = await Core.start({ databaseFile: w.file, skipStartupTasks: true, log: () => {} });
    expect(core.auditProblem).toBeNull();
    expect(fs.existsSync(keyFile)).toBe(true);
    await core.close();
    w.core = await Core.start({ databaseFile: w.file, skipStartupTasks: true, log: () => {} }); // for afterEach's close
  });

  it('without its key: says so, records nothing, and verify-audit fails', async () => {
    w = await openWorld();
    const id = await w.create('payment', 'direct');
    await w.core.close();
    const keyFile = auditKeyFile(w.file);
    const saved = fs.readFileSync(keyFile);
    fs.rmSync(keyFile);
    const core = await Core.start({ databaseFile: w.file, skipStartupTasks: true, log: () => {} });
    try {
      expect(core.auditProblem).toMatch(/audit key of this database is missing \(it belongs at .*\.audit-key\)/);
      const sql = testSql(core);
      const before = await sql.value(`SELECT count(*) AS n FROM audit_event`);
      await expect(core.connect(w.users.approver).call('payments-act', { paymentId: id, action: 'start-review' })).rejects.toMatchObject({
        // The database opens read-only, saying why and what to do.
        code: 'REFUSED',
        rule: 'database.read-only',
        message: expect.stringMatching(/audit key of this database is missing.*Put the key file back/),
      });
      expect(await sql.value(`SELECT count(*) AS n FROM audit_event`)).toBe(before);
      expect(await sql.one(`SELECT sub_status AS s FROM payment WHERE id = ?`, [id])).toEqual({ s: 'Awaiting Action' });
    } finally {
      await core.close();
    }
    const r = await paydesk(w.file, 'verify-audit', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, problem: expect.stringMatching(/audit key of this database is missing/) });
    // A key from another database does not open it either.
    writeKeyFile(keyFile, newAuditKey(), null);
    expect((await paydesk(w.file, 'verify-audit', '--json')).code).toBe(1);
    fs.writeFileSync(keyFile, saved);
    w.core = await Core.start({ databaseFile: w.file, skipStartupTasks: true, log: () => {} });
    expect(w.core.auditProblem).toBeNull();
  });
});

describe('verify-audit (finding 2)', () => {
  it('detects an edited event, a chain recomputed without the key, and one recomputed with a guessed key, naming the event', async () => {
    const { w, paymentId } = await exportedWorld();
    const file = w.file;
    const authorize = await testSql(w).value<number>(`SELECT id FROM audit_event WHERE entity = 'payment' AND entity_id = ? AND action = 'authorize'`, [paymentId]);
    await w.core.close();

    const editAuthorize = (tx: Tx) => tx.run(`UPDATE audit_event SET username = 'somebody else' WHERE id = ?`, [authorize]);
    const edited = await tamper(file, 'edited.sqlite', async (tx) => void (await editAuthorize(tx)));
    // Rewritten with the product's own hash function, from the edited event to the end: without the key it is plain SHA-256.
    const forged = await tamper(file, 'forged.sqlite', async (tx) => {
      await editAuthorize(tx);
      await recompute(tx, authorize, (prev, content) => eventHash(prev, content));
    });
    const guessed = newAuditKey();
    const guessedKey = await tamper(file, 'guessed.sqlite', async (tx) => {
      await editAuthorize(tx);
      await recompute(tx, authorize, (prev, content) => eventHash(prev, content, guessed));
    });
    for (const copy of [edited, forged, guessedKey]) {
      const r = await paydesk(copy, 'verify-audit', '--json');
      expect(r.code, copy).toBe(1);
      expect(JSON.parse(r.stdout), copy).toMatchObject({ ok: false, firstBad: { id: authorize, problem: expect.stringMatching(/does not match its keyed hash/) } });
    }
    const text = await paydesk(forged, 'verify-audit');
    expect(text.stdout).toMatch(new RegExp(`BROKEN at event ${authorize}: its content does not match its keyed hash \\(changed after it was written, or its hash recomputed without the key\\)`));
    const intact = await paydesk(file, 'verify-audit', '--json');
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, anchors: { checked: 1, problems: [] }, money: [] });
    w.core = await Core.start({ databaseFile: file, skipStartupTasks: true, log: () => {} });
  });

  it('detects a tail cut off after an export (the anchored event is gone), and a whole trail rewritten under a new key', async () => {
    const { w, batchId, folder } = await exportedWorld();
    const file = w.file;
    const sql = testSql(w);
    const anchor = await sql.get<{ id: number; hash: string }>(`SELECT anchor_event_id AS id, anchor_hash AS hash FROM export_batch WHERE id = ?`, [batchId]);
    expect(anchor.id).toBe(await sql.value(`SELECT max(id) AS id FROM audit_event`));
    // The manifest and the summary PDF carry the same anchor, outside the database.
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, `manifest-${batchId}.json`), 'utf8')) as { auditAnchor: { eventId: number; hash: string }; files: Array<{ name: string }> };
    expect(manifest.auditAnchor).toEqual({ eventId: anchor.id, hash: anchor.hash });
    expect(manifest.files.map((f) => f.name)).toContain(`summary-${batchId}.pdf`);
    const summary = (await pdfPagesText(path.join(folder, `summary-${batchId}.pdf`))).join('\n');
    expect(summary).toContain(`Audit anchor`);
    expect(summary.replace(/\s+/g, '')).toContain(`event${anchor.id},${anchor.hash}`);
    await w.core.close();

    const cut = await tamper(file, 'cut.sqlite', async (tx) => void (await tx.run(`DELETE FROM audit_event WHERE id > ?`, [anchor.id - 3])));
    const r = await paydesk(cut, 'verify-audit', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      firstBad: { id: anchor.id, problem: `event ${anchor.id}, recorded by export batch ${batchId}, is missing: the trail was cut off or events were removed` },
    });

    // Everything rewritten under a new key (the old key file replaced), the batch's anchor in the
    // database changed to match: only the manifest, outside the database, still knows.
    const other = newAuditKey();
    const rewritten = await tamper(file, 'rewritten.sqlite', async (tx) => {
      await recompute(tx, 1, (prev, content) => eventHash(prev, content, other));
      const [last] = await tx.values<string>(`SELECT hash FROM audit_event WHERE id = ?`, [anchor.id]);
      await tx.run(`UPDATE export_batch SET anchor_hash = ? WHERE id = ?`, [last, batchId]);
    });
    writeKeyFile(auditKeyFile(rewritten), other, null);
    const r2 = await paydesk(rewritten, 'verify-audit', '--json');
    expect(r2.code).toBe(1);
    expect(JSON.parse(r2.stdout)).toMatchObject({ ok: false, anchors: { problems: [{ batchId, problem: expect.stringMatching(/manifest recorded event .* the trail or the batch was rewritten/) }] } });
    w.core = await Core.start({ databaseFile: file, skipStartupTasks: true, log: () => {} });
  });
});

describe('the money checked against the trail (finding 2)', () => {
  it('an amount changed in the database: verify-audit names it, the export leaves the item out and an administrator is told', async () => {
    w = await openWorld();
    const approver = actorOfUser(w.users.approver, 'Approver');
    const ids: number[] = [];
    for (const which of ['direct', 'direct'] as const) {
      const id = await w.create(which === 'direct' && ids.length ? 'adjustment' : 'payment', which, ids.length ? 5_000 : undefined);
      if (!ids.length) {
        await w.apply({ paymentId: id, action: 'record-paper-attendance', actor: approver, user: w.users.approver, attendance: { rows: [{ childId: WORLD.direct.childId, date: PERIOD_START, hours: 8, absenceCode: null }], source: 'paper' } });
        await w.apply({ paymentId: id, action: 'calculate', actor: approver, calculation: calculation(25_000) });
      }
      await w.apply({ paymentId: id, action: 'authorize', actor: approver, user: w.users.approver });
      ids.push(id);
    }
    // Behind the app: the payment's amount raised.
    await testSql(w).run(`UPDATE payment SET amount_cents = 2500000 WHERE id = ?`, [ids[0]]);

    const payor = w.core.connect(w.users.payor);
    const preview = await payor.call('export-preview', { periodId: WORLD.periodId, payorId: WORLD.direct.payorId });
    expect(preview.itemCount).toBe(0);
    expect(preview.leftOut).toMatchObject([
      { reason: 'amount-differs', paymentIds: ids, message: expect.stringMatching(new RegExp(`Payment ${ids[0]}: amount \\$25,000\\.00 differs from the \\$250\\.00 its calculation recorded \\(audit event \\d+\\)`)) },
    ]);
    await expect(payor.call('export-run', { periodId: WORLD.periodId, payorId: WORLD.direct.payorId })).rejects.toMatchObject({ rule: 'export.nothing' });
    const attention = await w.core.connect(w.users.admin).call('export-attention', {});
    expect(attention.alerts).toMatchObject([{ reason: 'amount-differs', paymentIds: ids }]);

    const audit = await w.core.connect(w.users.admin).call('audit-verify', {});
    expect(audit).toMatchObject({ ok: false, money: [{ entity: 'payment', id: ids[0], problem: expect.stringMatching(/differs from the \$250\.00 its calculation recorded/) }] });

    // Returning it to approval does not launder it: the next Authorize records the database's
    // amount, but the calculation did not.
    await payor.call('payments-act', { paymentId: ids[0], action: 'return-to-approval', reason: { code: 'AMOUNT_QUESTION', comment: 'look' } });
    await w.apply({ paymentId: ids[0], action: 'authorize', actor: approver, user: w.users.approver });
    expect((await payor.call('export-preview', { periodId: WORLD.periodId, payorId: WORLD.direct.payorId })).leftOut[0].reason).toBe('amount-differs');
  });

  it('an account number changed in the database: the ACH export leaves the provider out, verify-audit names it', async () => {
    const { w } = await exportedWorld();
    const admin = w.core.connect(w.users.admin);
    // The provider moves to ACH through the app; a second user confirms the new details.
    const p = await admin.call('providers-get', { providerId: WORLD.direct.providerId });
    const { id: _id, version, payorName: _pn, accountMasked: _am, bankChangePending: _bp, bankChangedBy: _bb, bankChangedAt: _ba, canConfirmBankDetails: _c, rates: _r, createdAt: _ca, updatedAt: _ua, ...fields } = p;
    await admin.call('providers-save', { ...fields, id: p.id, expectedVersion: version, paymentMethod: 'ach', routingNumber: '071000013', accountNumber: '12345678', accountType: 'checking', accountHolder: 'business' });
    // Changed behind the app before the confirmation: the confirmation is refused.
    const sql = testSql(w);
    await sql.run(`UPDATE provider SET account_number = '99999999' WHERE id = ?`, [WORLD.direct.providerId]);
    await expect(w.core.connect(w.users.approver).call('providers-confirm-bank-details', { providerId: WORLD.direct.providerId })).rejects.toMatchObject({ rule: 'bank-details.differ' });
    await sql.run(`UPDATE provider SET account_number = '12345678' WHERE id = ?`, [WORLD.direct.providerId]);
    await w.core.connect(w.users.approver).call('providers-view-bank-details', { providerId: WORLD.direct.providerId });
    await w.core.connect(w.users.approver).call('providers-confirm-bank-details', { providerId: WORLD.direct.providerId });

    const approver = actorOfUser(w.users.approver, 'Approver');
    const id = await w.create('adjustment', 'direct', 7_500);
    await w.apply({ paymentId: id, action: 'authorize', actor: approver, user: w.users.approver });
    const payor = w.core.connect(w.users.payor);
    expect((await payor.call('export-preview', { periodId: WORLD.periodId, payorId: 1 })).providers).toMatchObject([{ method: 'ach', paymentIds: [id] }]);

    await sql.run(`UPDATE provider SET account_number = '55555555' WHERE id = ?`, [WORLD.direct.providerId]);
    const preview = await payor.call('export-preview', { periodId: WORLD.periodId, payorId: 1 });
    expect(preview.leftOut).toMatchObject([{ reason: 'bank-differs', message: expect.stringMatching(/differ from the ones last confirmed \(audit event \d+\)/) }]);
    const audit = await w.core.connect(w.users.admin).call('audit-verify', {});
    expect(audit).toMatchObject({ ok: false, money: [{ entity: 'provider', id: WORLD.direct.providerId }] });
    const cli = await paydesk(w.file, 'export-attention');
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/ALERT: March 2026, Agency \(direct pay\): Sunny Learning Center .*Bank details differ .*Tell an administrator/);
  });
});
