import { execFile } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/main/core/audit/chain';
import { auditKeyFile, copyDatabase, readKeyFile } from '../../src/main/core/audit/key';
import { Core } from '../../src/main/core/core';
import { openWorld, calculation, actorOfUser, WORLD, PERIOD_START, type World } from './workflow-fixture';

// The audit trail of a SQLite file: a tampered copy of the file (its trigger dropped with a SQLite
// tool) is found by `paydesk verify-audit` (a real child process) with a non-zero exit and the
// first bad event, and by the app at its start. SQLite-only: copies of the database file (the
// PostgreSQL twin tampers with its database through a DBA's client: workflow-audit.test.ts).

const REPO = path.resolve(__dirname, '../..');
let w: World;
afterEach(async () => w?.close());

function paydesk(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['paydesk', ...args], { cwd: REPO, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A database with a few workflow events, closed (WAL folded in) and ready to copy. */
async function databaseWithHistory(): Promise<string> {
  w = await openWorld();
  const id = await w.create('payment', 'direct');
  const approver = actorOfUser(w.users.approver, 'Approver');
  await w.apply({ paymentId: id, action: 'record-paper-attendance', actor: approver, user: w.users.approver, attendance: { rows: [{ childId: WORLD.direct.childId, date: PERIOD_START, hours: 8, absenceCode: null }], source: 'paper' } });
  await w.apply({ paymentId: id, action: 'calculate', actor: approver, calculation: calculation() });
  await w.apply({ paymentId: id, action: 'place-hold', actor: approver, reason: { code: 'OUTSIDE_REVIEW', comment: 'call the licensing office' } });
  await w.core.close();
  return w.file;
}

function tamperedCopy(file: string, name: string, edit: (db: Database.Database) => void): string {
  const copy = path.join(path.dirname(file), name);
  copyDatabase(file, copy);
  const db = new Database(copy);
  edit(db);
  db.close();
  return copy;
}

describe('the audit trail of a file', () => {
  it('paydesk verify-audit passes an intact file and fails a corrupted copy with the first bad event', async () => {
    const file = await databaseWithHistory();
    const events = new Database(file, { readonly: true });
    const count = (events.prepare(`SELECT count(*) AS n FROM audit_event`).get() as { n: number }).n;
    const holdEvent = (events.prepare(`SELECT id FROM audit_event WHERE action = 'place-hold'`).get() as { id: number }).id;
    events.close();

    // Someone with a SQLite tool drops the trigger on a copy and softens the hold's comment.
    const edited = tamperedCopy(file, 'edited.sqlite', (db) => {
      db.exec(`DROP TRIGGER audit_event_no_update`);
      db.prepare(`UPDATE audit_event SET comment = 'nothing to see' WHERE id = ?`).run(holdEvent);
    });
    // Someone removes an event from the middle of the chain.
    const removed = tamperedCopy(file, 'removed.sqlite', (db) => {
      db.exec(`DROP TRIGGER audit_event_no_delete`);
      db.prepare(`DELETE FROM audit_event WHERE id = ?`).run(holdEvent - 1);
    });

    const [intact, bad, text] = await Promise.all([
      paydesk(['verify-audit', '--db', file, '--json']),
      paydesk(['verify-audit', '--db', edited, '--json']),
      paydesk(['verify-audit', '--db', removed]),
    ]);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, events: count, money: [], warnings: [] });

    expect(bad.code).not.toBe(0);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, firstBad: { id: holdEvent, problem: expect.stringMatching(/content does not match its keyed hash/) } });

    expect(text.code).not.toBe(0);
    expect(text.stdout).toMatch(new RegExp(`BROKEN at event ${holdEvent}: its previous-hash does not match`));

    // verify-audit only reads: the tampered file is reported, never repaired.
    const after = new Database(edited, { readonly: true });
    expect(verifyChain(after, { key: readKeyFile(auditKeyFile(edited)) })).toMatchObject({ ok: false, firstBad: { id: holdEvent } });
    after.close();

    // The app says so at start as well.
    const core = await Core.start({ databaseFile: edited, skipStartupTasks: true, log: () => {} });
    expect(core.auditProblem).toMatch(new RegExp(`event ${holdEvent}`));
    await core.close();
  });
});
