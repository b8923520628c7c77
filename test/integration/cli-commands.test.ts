import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { COMMANDS } from '../../src/cli/commands';
import { Core } from '../../src/main/core/core';
import { auditKeyFile } from '../../src/main/core/audit/key';
import type { Tx } from '../../src/main/core/db/engine/port';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { ACTION_LABELS } from '../../src/shared/workflow/actions';
import { PAYDESK_BIN, paydeskBin } from '../helpers/cli';
import { tempDir, testDataDir } from '../helpers/core';
import { copyTestDatabase, createTestDatabase, ENGINE, type TestTarget } from '../helpers/engine';
import { onDatabase, testSql, type TestSql } from '../helpers/sql';

// The commands of issue #15 (a fast, complete CLI): the real bin for --help, a read command and a
// closed pipe; runCli in-process, on real demo databases, for the rest. The databases are of the
// project's engine (SQLite files, or PostgreSQL databases by URL); the read-only open of a SQLite
// file (query_only, its bytes unchanged): cli-commands-sqlite.test.ts.

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const BIN = PAYDESK_BIN;
const t = tempDir('paydesk-cli-commands-');
const databases: TestTarget[] = [];
let db: string;
let writable: string;

beforeAll(async () => {
  if (ENGINE === 'postgres') testDataDir(); // the audit keys' and export folders, inherited by the bin
  for (const name of ['read', 'write']) {
    const database = ENGINE === 'postgres' ? await createTestDatabase() : { target: path.join(t.dir, `${name}.sqlite`), drop: async () => {} };
    databases.push(database);
    await buildDemoDatabase({ file: database.target, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
  }
  [db, writable] = databases.map((d) => d.target);
  // Opened once as the app would: the start-up repair writes the demo's export batches' files, so
  // that later commands have nothing to say on stderr about them.
  for (const file of [db, writable]) await (await Core.start({ databaseFile: file, log: () => {} })).close();
}, 240_000);
afterAll(async () => {
  for (const d of databases) await d.drop();
  t.cleanup();
});

const bin = paydeskBin;

/** runCli in this process, its output captured. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

/** Raw reads of a database beside the CLI (opened for the work, then closed). */
const readOf = <T>(file: string, work: (sql: TestSql) => Promise<T>) => onDatabase(file, work);

describe('the built CLI (the real bin)', () => {
  it('runs from the prebuilt bundle: --help lists the new commands, with no TypeScript at run time', async () => {
    expect(fs.existsSync(path.join(ROOT, 'out/cli/paydesk.cjs'))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, 'out/cli/paydesk-core.cjs'))).toBe(true);
    const help = await bin('--help');
    expect(help.code).toBe(0);
    expect(help.stderr).toBe(''); // no "no prebuilt CLI" note: the bundle ran
    for (const name of ['payments', 'payment', 'reasons', 'act', 'generate', 'calculate', 'adjust']) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(help.stdout).toMatch(/Amounts are in dollars/);
  });

  it('without a bundle, says so in one line on stderr and runs the sources (never silently)', async () => {
    // A copy of the package without out/: bin beside links to the real sources and node_modules.
    const pkg = path.join(t.dir, 'no-bundle');
    fs.mkdirSync(path.join(pkg, 'bin'), { recursive: true });
    fs.copyFileSync(BIN, path.join(pkg, 'bin/paydesk.cjs'));
    fs.symlinkSync(path.join(ROOT, 'src'), path.join(pkg, 'src'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
    const r = await exec(process.execPath, [path.join(pkg, 'bin/paydesk.cjs'), 'reasons', '--kind', 'deny', '--db', db, '--json']);
    expect(r.stderr).toBe('paydesk: no prebuilt CLI (out/cli/paydesk.cjs); running from the TypeScript sources (slow). Build it with "npm run build:cli".\n');
    expect((JSON.parse(r.stdout) as Array<{ kind: string }>).every((x) => x.kind === 'deny')).toBe(true);
  });

  it('lists a tab of a period as JSON, the rows and counts the database holds', async () => {
    const r = await bin('payments', '--db', db, '--period', '2026-10', '--tab', 'submitted', '--page-size', '1000', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { period: { code: string }; tab: string; total: number; tabCounts: Record<string, number>; rows: Array<{ id: number; paymentStatus: string; submissionStatus: string }> };
    const { expected, all } = await readOf(db, async (sql) => ({
      expected: await sql.rows<{ id: number }>(`SELECT p.id FROM payment p JOIN service_period s ON s.id = p.period_id WHERE s.code = '2026-10'
        AND (p.payment_status = 'Received' OR p.submission_status = 'Submitted') ORDER BY p.id`),
      all: await sql.get<{ n: number }>(`SELECT count(*) AS n FROM payment p JOIN service_period s ON s.id = p.period_id WHERE s.code = '2026-10'`),
    }));
    expect(expected.length).toBeGreaterThan(0);
    expect(out.period.code).toBe('2026-10');
    expect(out.tab).toBe('Submitted');
    expect(out.total).toBe(expected.length);
    expect(out.rows.map((x) => x.id).sort((a, b) => a - b)).toEqual(expected.map((x) => x.id));
    expect(out.tabCounts.All).toBe(all.n);
    expect(out.tabCounts.Submitted).toBe(expected.length);
  });

  it('writes a PDF from the bundle (pdfkit is loaded on first use), the same bytes as the sources do', async () => {
    const built = path.join(t.dir, 'summary-bin.pdf');
    const sources = path.join(t.dir, 'summary-src.pdf');
    const r = await bin('report', 'summary', '--batch', '1', '--out', built, '--db', db);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await cli('report', 'summary', '--batch', '1', '--out', sources, '--db', db)).code).toBe(0);
    const bytes = fs.readFileSync(built);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.equals(fs.readFileSync(sources))).toBe(true);
  });

  it('stops quietly when the reader of its output goes away (| head -1)', async () => {
    const child = spawn(process.execPath, [BIN, 'payments', '--db', db, '--all'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The reading end closes before the command writes anything: every write meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error:|\n\s+at /);
    expect(code).toBe(0);
  });
});

describe('the command catalog', () => {
  it("gives each command's own summary, and loads each command by its name", async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary).toBe(entry.summary);
    }
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });
});

describe('reading payments (in-process)', () => {
  it('payment show: state, tabs, calculation lines and history of one payment', async () => {
    const { p, lines, events } = await readOf(db, async (sql) => {
      const p = await sql.get<{ id: number; amountCents: number; invoiceStatus: string; subStatus: string; paymentStatus: string }>(
        `SELECT id, amount_cents AS amountCents, invoice_status AS invoiceStatus, sub_status AS subStatus, payment_status AS paymentStatus
         FROM payment WHERE kind = 'payment' AND payment_status = 'Authorized' AND amount_cents IS NOT NULL ORDER BY id LIMIT 1`,
      );
      const lines = await sql.value<number>(`SELECT count(*) AS n FROM calculation_line WHERE payment_id = ?`, [p.id]);
      const events = await sql.value<number>(`SELECT count(*) AS n FROM audit_event WHERE entity = 'payment' AND entity_id = ?`, [p.id]);
      return { p, lines, events };
    });

    const json = await cli('payment', 'show', String(p.id), '--db', db, '--json');
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.payment.state).toMatchObject({ invoiceStatus: p.invoiceStatus, subStatus: p.subStatus, paymentStatus: p.paymentStatus, amountCents: p.amountCents });
    expect(out.tabs).toEqual(['All', 'Authorized']);
    expect(out.payment.calculation).toHaveLength(lines);
    expect(lines).toBeGreaterThan(0);
    expect(out.history).toHaveLength(events);

    const text = await cli('payment', 'show', String(p.id), '--db', db);
    expect(text.stdout).toMatch(new RegExp(`Invoice status: +${p.invoiceStatus} / ${p.subStatus}`));
    expect(text.stdout).toMatch(/Tabs: +All, Authorized/);
    expect(text.stdout).toMatch(/Calculation lines \(\d+\):\n# +Line +Full days/);
    expect(text.stdout).toContain(`$${(p.amountCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    expect(text.stdout).toMatch(/History:\nWhen +User +Action/);
    expect(text.stdout).toMatch(/Calculate/);

    const bad = await cli('payment', 'show', 'x1', '--db', db);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/the payment id must be a whole number, not "x1"/);
    const missing = await cli('payment', 'show', '999999', '--db', db);
    expect(missing.code).toBe(1);
  });

  it('export-folder: shows the folder, sets a whole path as the operator (made, with an audit event), refuses a bad one and a non-Administrator, goes back to the default', async () => {
    const shown = await cli('export-folder', '--db', writable, '--json');
    expect(shown.code).toBe(0);
    const demoFolder = JSON.parse(shown.stdout) as { folder: string; isDefault: boolean };
    expect(demoFolder.isDefault).toBe(false); // the demo's own, beside it
    const target = path.join(t.dir, 'agency share', 'exports');
    const set = await cli('export-folder', target, '--db', writable);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toBe(`Export batches now go into ${target}.\n`);
    expect(fs.statSync(target).isDirectory()).toBe(true);
    expect((await cli('export-folder', '--db', writable)).stdout).toBe(`${target}\n`);
    expect(await readOf(writable, (sql) => sql.value<number>(`SELECT count(*) FROM audit_event WHERE action = 'set-export-folder'`))).toBe(1);
    // A relative path is made whole from where the command runs; one through ".." or a file is refused.
    const aFile = path.join(t.dir, 'not-a-folder.txt');
    fs.writeFileSync(aFile, 'x');
    const onFile = await cli('export-folder', aFile, '--db', writable);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toContain(`The export folder ${aFile} cannot be used`);
    const approver = await cli('export-folder', path.join(t.dir, 'other'), '--as', 'approver', '--db', writable);
    expect(approver.code).toBe(1);
    expect(approver.stderr).toContain('Choosing the export folder is for Administrator users');
    expect(await cli('export-folder', target, '--default', '--db', writable)).toMatchObject({ code: 2, stderr: expect.stringContaining('not both') });
    expect((await cli('export-folder', '--db', writable)).stdout).toBe(`${target}\n`); // nothing changed
    const back = await cli('export-folder', '--default', '--db', writable, '--json');
    expect(JSON.parse(back.stdout)).toMatchObject({ isDefault: true });
    expect((await cli('export-folder', demoFolder.folder, '--db', writable)).code).toBe(0); // as the other tests found it
  });

  it('payments: labels, not codes, in the table; a bad tab is refused naming the tabs', async () => {
    const r = await cli('payments', '--db', db, '--period', '2026-10', '--page-size', '100');
    expect(r.code).toBe(0);
    const header = r.stdout.split('\n')[2];
    expect(header).toMatch(/^ID +Kind +Provider +License +Type +Payor/);
    expect(r.stdout).not.toMatch(/family_home|group_home|licenseNumber|providerName/);
    expect(r.stdout).toMatch(/Family home|Group home|Center/);
    expect(r.stdout).toMatch(/^Tabs: All \d+ · Pending Parent \d+ · Submitted \d+ · Authorized \d+ · Paid \d+$/m);
    const bad = await cli('payments', '--db', db, '--tab', 'Unpaid');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--tab must be one of "All", "Pending Parent", "Submitted", "Authorized", "Paid"; not "Unpaid"');
    const providers = await cli('providers', '--db', db, '--page-size', '40');
    expect(providers.stdout.split('\n')[0]).toMatch(/^ID +License number +Name +Type +Payor +Paid by +Account/);
    expect(providers.stdout).not.toMatch(/family_home|group_home|\bach\b/);
  });

  it('payments: the status filters and the sort of the view, as the app; a bad status is refused naming the flag', async () => {
    const paid = await readOf(db, (sql) =>
      sql.value<number>(`SELECT count(*) AS n FROM payment p JOIN service_period s ON s.id = p.period_id WHERE s.code = '2026-10' AND p.payment_status IN ('Paid', 'Authorized')`),
    );
    const r = await cli('payments', '--db', db, '--period', '2026-10', '--payment-status', 'Paid,Authorized', '--sort', 'amountCents:desc', '--all', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { total: number; amountCents: number; rows: Array<{ paymentStatus: string; amountCents: number | null }> };
    expect(paid).toBeGreaterThan(1);
    expect(out.total).toBe(paid);
    expect(new Set(out.rows.map((x) => x.paymentStatus))).toEqual(new Set(['Paid', 'Authorized']));
    const amounts = out.rows.map((x) => x.amountCents ?? 0);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(out.amountCents).toBe(amounts.reduce((a, b) => a + b, 0));
    const bad = await cli('payments', '--db', db, '--invoice-status', 'Pending');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--invoice-status takes a comma-separated list of "Pending Approval", .*; not "Pending"/);
    const badSort = await cli('payments', '--db', db, '--sort', 'amount');
    expect(badSort.stderr).toMatch(/--sort takes FIELD or FIELD:desc, FIELD one of id, kind, .*amountCents.*; not "amount"/);
  });

  it('reasons: the reason codes by kind, as the database holds them', async () => {
    const deny = await readOf(db, (sql) => sql.rows<{ code: string; label: string }>(`SELECT code, label FROM reason WHERE kind = 'deny' AND active = 1 ORDER BY id`));
    const json = JSON.parse((await cli('reasons', '--db', db, '--kind', 'deny', '--json')).stdout) as Array<{ code: string; kind: string }>;
    expect(json.map((r) => r.code)).toEqual(deny.map((r) => r.code));
    const text = (await cli('reasons', '--db', db)).stdout;
    for (const k of ['hold', 'corrections', 'deny', 'return']) expect(text).toContain(`${k} reasons:`);
    for (const r of deny) expect(text).toMatch(new RegExp(`^${r.code} +${r.label}`, 'm'));
    const bad = await cli('reasons', '--db', db, '--kind', 'refund');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--kind must be one of hold, corrections, deny, return; not "refund"/);
  });

  it('act --help names the actions, who takes them, and the reason codes', async () => {
    const r = await cli('act', '--help', '--db', db);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}authorize +Authorize \(Approver\)$/m);
    expect(r.stdout).toMatch(/^ {2}deny +Deny \(Approver, Payor\); needs --reason \(a deny reason\)$/m);
    expect(r.stdout).not.toMatch(/^ {2}auto-deny /m); // the System's, not a person's
    expect(r.stdout).toContain(ACTION_LABELS['request-corrections']);
    expect(r.stdout).toMatch(/Reason codes \(--reason CODE\):[\s\S]*NOT_ELIGIBLE +Child not eligible/);
    const none = await cli('act', '--help', '--db', path.join(t.dir, 'nothing.sqlite'));
    expect(none.stdout).toMatch(/no database at .*nothing\.sqlite: "paydesk reasons --db FILE" lists/);
  });
});

describe('changing things (in-process, as the app)', () => {
  it('generate returns the ids it created', async () => {
    const r = await cli('generate', '--as', 'approver', '--period', '2026-02', '--db', writable, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { created: number; createdIds: number[] };
    const ids = await readOf(writable, (sql) => sql.values<number>(`SELECT p.id FROM payment p JOIN service_period s ON s.id = p.period_id WHERE s.code = '2026-02' ORDER BY p.provider_id`));
    expect(out.created).toBe(ids.length);
    expect(out.createdIds).toEqual(ids);
    const again = await cli('generate', '--as', 'approver', '--period', '2026-02', '--db', writable);
    expect(again.stdout).toMatch(/^Generated 0 payments; \d+ already existed\.$/m);
    expect(again.stdout).not.toMatch(/New payment ids/);
  });

  it('calculate --payment works without --period, in the payment’s own period', async () => {
    const received = await readOf(writable, (sql) =>
      sql.one<{ id: number }>(`SELECT id FROM payment WHERE kind = 'payment' AND payment_status = 'Received' AND amount_cents IS NULL ORDER BY id LIMIT 1`),
    );
    expect(received).toBeDefined();
    const r = await cli('calculate', '--as', 'approver', '--payment', String(received!.id), '--db', writable, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { calculated: number; totalCents: number };
    const cents = await readOf(writable, (sql) => sql.value<number>(`SELECT amount_cents AS c FROM payment WHERE id = ?`, [received!.id]));
    expect(out.calculated).toBe(1);
    expect(out.totalCents).toBe(cents);
    const neither = await cli('calculate', '--as', 'approver', '--db', writable);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/give --period CODE\|ID, or --payment ID/);
  });

  it('adjust --amount takes dollars as the app does, and refuses what is not an amount naming --amount', async () => {
    const ok = await cli('adjust', '--as', 'approver', '--provider', '1', '--period', '2026-02', '--amount', '1,234.5', '--reason', 'Rate change', '--db', writable, '--json');
    expect(ok.code).toBe(0);
    const id = JSON.parse(ok.stdout).id as number;
    const neg = await cli('adjust', '--as', 'approver', '--provider', '1', '--period', '2026-02', '--amount=-12.34', '--reason', 'Overpaid', '--db', writable);
    expect(neg.stdout).toMatch(/Adjustment \d+ of -\$12\.34 created/);
    const adjustments = () => readOf(writable, (sql) => sql.value<number>(`SELECT count(*) AS n FROM payment WHERE kind = 'adjustment'`));
    expect(await readOf(writable, (sql) => sql.value(`SELECT amount_cents AS c FROM payment WHERE id = ?`, [id]))).toBe(123_450);
    const before = await adjustments();
    for (const [amount, message] of [
      ['12.345', /--amount takes dollars with at most 2 decimals \(such as 12\.34\); not "12\.345"/],
      ['12,34', /--amount must be an amount in dollars, such as 12\.34/],
      ['1e3', /--amount must be an amount in dollars/],
      ['', /--amount is required/],
    ] as const) {
      const r = await cli('adjust', '--as', 'approver', '--provider', '1', '--period', '2026-02', `--amount=${amount}`, '--reason', 'x', '--db', writable);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(await adjustments()).toBe(before);
  });
});

describe('a read command on a damaged or older database (core.ts, readingOnly)', () => {
  let n = 0;
  /**
   * A copy of the writable demo, with its audit key (a file beside it, or a new PostgreSQL
   * database), changed by `damage` behind the app's back.
   */
  async function copy(damage: (tx: Tx) => Promise<void> = async () => {}): Promise<string> {
    const made = await copyTestDatabase(writable, path.join(t.dir, `reading-${++n}.sqlite`));
    databases.push(made);
    await onDatabase(made.target, (sql) => sql.tx(damage));
    return made.target;
  }
  /** Rewrites one audit event's comment (its hash no longer matches): `which` picks its id. The append-only trigger set aside as an attacker would. */
  const rewrite = (which: string) => async (tx: Tx) => {
    await tx.run(tx.dialect.name === 'sqlite' ? `DROP TRIGGER audit_event_no_update` : `ALTER TABLE audit_event DISABLE TRIGGER USER`);
    await tx.run(`UPDATE audit_event SET comment = 'nothing to see' WHERE id = (${which})`);
  };
  const approverItem = (file: string) =>
    readOf(file, (sql) => sql.value<number>(`SELECT id FROM payment WHERE kind = 'payment' AND invoice_status = 'Pending Approval' AND sub_status = 'Awaiting Action' ORDER BY id LIMIT 1`));

  it('on a trail whose last event was rewritten: a read command still reads and says the database is read-only; act is refused read-only, as before', async () => {
    const file = await copy(rewrite(`SELECT max(id) FROM audit_event`));
    const read = await bin('payments', '--period', '2026-11', '--db', file, '--json');
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout).rows.length).toBeGreaterThan(0);
    expect(read.stderr).toMatch(/The database is read-only: The audit trail does not verify: event \d+/);
    const act = await cli('act', '--db', file, '--as', 'approver', '--payment', String(await approverItem(file)), '--action', 'place-hold', '--reason', 'LICENSE_CHECK', '--json');
    expect(act.code).toBe(1);
    expect(JSON.parse(act.stdout).error).toMatchObject({ code: 'REFUSED', rule: 'database.read-only' });
  });

  it('on a trail rewritten in the middle: a read command reads; act and verify-audit find it', async () => {
    const file = await copy(rewrite(`SELECT max(id) FROM audit_event WHERE action = 'place-hold'`));
    const item = await approverItem(file);
    const read = await bin('payment', 'show', String(item), '--db', file);
    expect(read.code).toBe(0);
    expect(read.stdout).toMatch(/Invoice status: +Pending Approval \/ Awaiting Action/);
    if (ENGINE === 'sqlite') {
      // A SQLite file opened to read only: the seal and the last event are checked, not the whole
      // chain, so there is nothing to say (the usual open would say read-only).
      expect(read.stderr).toBe('');
    } else {
      // PostgreSQL has no read-only open (core.ts): the usual open walks the chain and says so, and still reads.
      expect(read.stderr).toMatch(/The database is read-only: The audit trail does not verify: event \d+/);
    }
    const act = await cli('act', '--db', file, '--as', 'approver', '--payment', String(item), '--action', 'place-hold', '--reason', 'LICENSE_CHECK', '--json');
    expect(JSON.parse(act.stdout).error).toMatchObject({ code: 'REFUSED', rule: 'database.read-only' });
    expect(act.stderr).toMatch(/The audit trail does not verify: event \d+ its content does not match its keyed hash/);
    const verify = await cli('verify-audit', '--db', file);
    expect(verify.code).toBe(1);
  });

  it('without its audit key: a read command reads and says why the database is read-only', async () => {
    const file = await copy();
    fs.rmSync(auditKeyFile(file));
    const read = await bin('reasons', '--db', file);
    expect(read.code).toBe(0);
    expect(read.stdout).toMatch(/reasons:/);
    expect(read.stderr).toMatch(/The database is read-only: The audit key of this database is missing/);
  });

  it('a database that needs its migrations is opened as usual (migrated), then read', async () => {
    // Migration 0012 undone (its row and its setting): the open must run it again.
    const file = await copy(async (tx) => {
      await tx.run(`DELETE FROM migrations WHERE name = 'BackupSettings1764028800012'`);
      await tx.run(`DELETE FROM setting WHERE key = 'backup.generations'`);
    });
    const core = await Core.start({ databaseFile: file, readingOnly: true, log: () => {} });
    try {
      expect(core.store.isReadingOnly).toBe(false);
      expect(core.store.readOnlyReason).toBeNull();
      expect(await core.store.migrationsMatch()).toBe(true);
      expect(await testSql(core).value(`SELECT value FROM setting WHERE key = 'backup.generations'`)).toBe('14');
    } finally {
      await core.close();
    }
  });

  it('a database written by a newer PayDesk is refused, as by the usual open', async () => {
    const file = await copy(async (tx) => void (await tx.run(`INSERT INTO migrations (timestamp, name) VALUES (1999999999999, 'FromTheFuture1999999999999')`)));
    const r = await bin('payments', '--db', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/written by a newer PayDesk \(unknown migrations: FromTheFuture1999999999999\)/);
  });
});
