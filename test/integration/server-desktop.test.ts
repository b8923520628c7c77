import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { certificateFilesOf } from '../../src/server/certificate';
import { startServe, type Serving } from '../../src/server/serve';
import { Desktop, CHOICE_FILE, PINS_FILE } from '../../src/main/desktop';
import { IPC_CHANGE, IPC_CONNECTION, IPC_EVENT, IPC_OPEN_FILE, IPC_SAVE_FILE } from '../../src/main/protocol';
import { desktopCleanups, desktopFixture, inProcessCore, desktopHarness, eventually } from '../helpers/desktop';
import { testSql } from '../helpers/sql';
import { authorizable, bearer, call, startTestServer, type TestServer } from '../helpers/server';

// The desktop connected to a PayDesk server (DESIGN.md section 7): the Electron glue (the real
// Desktop switch and IPC handlers, a stand-in window) against a real `paydesk serve` on 127.0.0.1
// with its self-signed certificate. First contact: the fingerprint is compared and pinned; a
// changed certificate is refused before anything is sent; calls, sign-in, change events, progress,
// batch files and the connection state go through the server; File > Open… goes back to a file.
// The server's database is of the project's engine (a SQLite file, or PostgreSQL by URL); the
// desktop's own database is always a SQLite file (opening one: desktop-file.test.ts).

const cleanups = desktopCleanups;
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
const fixture = desktopFixture;

async function server(): Promise<TestServer> {
  const t = await startTestServer();
  cleanups.push(() => t.stop());
  return t;
}

const pinsOf = (dataDir: string) => JSON.parse(fs.readFileSync(path.join(dataDir, PINS_FILE), 'utf8')) as Record<string, string>;
const choiceOf = (dataDir: string) => JSON.parse(fs.readFileSync(path.join(dataDir, CHOICE_FILE), 'utf8')) as { kind: string };
const requestLines = (t: { lines: string[] }) => t.lines.filter((l) => / user=/.test(l));

/** Authorizes items as the approver (through the server) until a period × payor has some for the payor to export. */
async function exportableScope(t: TestServer): Promise<{ periodId: number; payorId: number; paymentId: number }> {
  const approver = await bearer(t.url, 'approver');
  const payor = await bearer(t.url, 'payor');
  const sql = testSql(t.serving.core);
  const candidates = await sql.values<number>(`SELECT id FROM payment WHERE invoice_status = 'Pending Approval' AND amount_cents > 0 ORDER BY id`);
  for (const id of candidates) {
    const allowed = (await call(t.url, approver.auth, 'payments-allowed-actions', { paymentId: id })).json.value as string[];
    if (!allowed.includes('authorize')) continue;
    if ((await call(t.url, approver.auth, 'payments-act', { paymentId: id, action: 'authorize' })).status !== 200) continue;
    const { period_id: periodId, payor_id: payorId } = await sql.get<{ period_id: number; payor_id: number }>(`SELECT period_id, payor_id FROM payment WHERE id = ?`, [id]);
    const preview = (await call(t.url, payor.auth, 'export-preview', { periodId, payorId })).json.value as { itemCount: number; refusal: string | null; release: unknown };
    if (preview.itemCount >= 1 && preview.refusal === null && preview.release === null) return { periodId, payorId, paymentId: id };
  }
  throw new Error('no period × payor to export in the demo database');
}

describe('a desktop connected to a PayDesk server', () => {
  it('pins the certificate at the first contact, signs in with a bearer token, carries calls, change events, progress and files, and goes back to a local file', async () => {
    const t = await server();
    const { dataDir } = fixture();
    const h = desktopHarness(dataDir);
    cleanups.push(() => h.desktop.close());

    // First start: this computer's own new database.
    expect(await h.desktop.start()).toMatchObject({ kind: 'file', name: 'paydesk.sqlite' });
    expect(await h.invoke('app-status')).toMatchObject({ ok: true, value: { hasUsers: false } });

    // The address is checked: only a TLS handshake, nothing sent (the server logs no request), nothing pinned yet.
    const before = requestLines(t).length;
    const probe = await h.ask({ op: 'probe', address: t.url.replace('https://', '') });
    expect(probe).toEqual({ ok: true, value: { origin: t.url, fingerprint: t.fingerprint, status: 'new', pinned: null } });
    expect(requestLines(t)).toHaveLength(before);
    expect(fs.existsSync(path.join(dataDir, PINS_FILE))).toBe(false);

    // Bad input changes nothing: not HTTPS, not a fingerprint, another fingerprint than the server's.
    expect(await h.ask({ op: 'probe', address: 'http://127.0.0.1:1' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/HTTPS only/) } });
    expect(await h.ask({ op: 'connect', address: t.url, fingerprint: 'abc' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'fingerprint' } });
    expect(await h.ask({ op: 'connect', address: t.url, path: '/etc/passwd', fingerprint: null })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const other = `${t.fingerprint.slice(0, -2)}${t.fingerprint.endsWith('00') ? '01' : '00'}`;
    const wrong = await h.ask({ op: 'connect', address: t.url, fingerprint: other });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringContaining(t.fingerprint) } });
    expect(wrong.error!.message).toContain(other);
    // A self-signed certificate is not taken without a compared fingerprint.
    expect(await h.ask({ op: 'connect', address: t.url, fingerprint: null })).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringMatching(/compare its fingerprint/) } });
    expect(fs.existsSync(path.join(dataDir, PINS_FILE))).toBe(false);
    expect(requestLines(t)).toHaveLength(before);
    expect(h.desktop.where()).toMatchObject({ kind: 'file' });

    // The user compared it (typed in lower case without colons, as people do): connected and pinned.
    const connected = await h.ask({ op: 'connect', address: t.url, fingerprint: t.fingerprint.replace(/:/g, '').toLowerCase() });
    expect(connected).toEqual({ ok: true, value: { kind: 'server', origin: t.url } });
    expect(pinsOf(dataDir)).toEqual({ [t.url]: t.fingerprint });
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dataDir, PINS_FILE)).mode & 0o777).toBe(0o600);
    expect(choiceOf(dataDir)).toEqual({ kind: 'server', origin: t.url });
    expect(await h.ask({ op: 'probe', address: t.url })).toMatchObject({ ok: true, value: { status: 'pinned', pinned: t.fingerprint } });

    // Calls go to the server: its database has users; sign-in goes to /api/sign-in (a bearer token, held by the main process).
    expect(await h.invoke('app-status')).toMatchObject({ ok: true, value: { hasUsers: true, signedIn: null } });
    expect(await h.invoke('session-login', { username: 'payor', password: 'wrong-password' })).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the core's throttle after a failed sign-in
    const login = await h.invoke('session-login', { username: 'payor', password: 'demo1234' });
    expect(login, JSON.stringify(login)).toMatchObject({ ok: true, value: { username: 'payor', groups: ['Payor'] } });
    expect(JSON.stringify(login)).not.toMatch(/token/i);
    expect(await h.invoke('app-status')).toMatchObject({ ok: true, value: { signedIn: { username: 'payor' } } });
    // The server's export folder is on its machine: the desktop's folder dialog does not set it.
    expect(await h.ask({ op: 'choose-export-folder' })).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringContaining('paydesk export-folder') } });
    expect(t.lines.some((l) => / POST sign-in [\d.]+ms ok$/.test(l))).toBe(true);
    // The server's rules apply: a Payor may not authorize.
    const scope = await exportableScope(t);
    const forbidden = await h.invoke('payments-act', { paymentId: scope.paymentId, action: 'authorize' });
    expect(forbidden.ok).toBe(false);
    expect(['FORBIDDEN', 'REFUSED']).toContain(forbidden.error!.code);

    // Another user's commit reaches the window as a change event, within a second.
    await eventually(() => h.desktop.listening(), 'the event stream');
    const approver = await bearer(t.url, 'approver');
    const [next] = await authorizable(t, approver.auth, 1);
    const acted = Date.now();
    expect((await call(t.url, approver.auth, 'payments-act', { paymentId: next, action: 'authorize' })).status).toBe(200);
    const change = (await eventually(
      () => h.window.received(IPC_CHANGE).find((e) => (e as { paymentIds: number[] }).paymentIds.includes(next)),
      'the change event',
      5_000,
    )) as { handler: string; by: number };
    expect(Date.now() - acted).toBeLessThan(1000);
    expect(change).toMatchObject({ kind: 'changed', handler: 'payments-act', by: approver.userId });

    // Another desktop, an Approver's, signed in and listening too.
    const second = fixture();
    const h2 = desktopHarness(second.dataDir);
    cleanups.push(() => h2.desktop.close());
    await h2.desktop.start();
    expect(await h2.ask({ op: 'connect', address: t.url, fingerprint: t.fingerprint })).toMatchObject({ ok: true });
    expect(await h2.invoke('session-login', { username: 'approver', password: 'demo1234' })).toMatchObject({ ok: true });
    await eventually(() => h2.desktop.listening(), 'the second desktop\'s event stream');

    // The Payor's export through the server: its progress reaches its window (and not the other desktop's), its files open from a copy fetched over HTTPS.
    const run = await h.invoke('export-run', { periodId: scope.periodId, payorId: scope.payorId });
    expect(run).toMatchObject({ ok: true });
    const batchId = (run.value as { batch: { id: number } }).batch.id;
    const progress = h.window.received(IPC_EVENT) as Array<{ kind: string; task: string; done: number; total: number }>;
    expect(progress.filter((e) => e.task === 'export').length).toBeGreaterThan(1);
    expect(progress.every((e) => e.kind === 'progress' && e.done <= e.total)).toBe(true);
    await eventually(() => h2.window.received(IPC_CHANGE).some((e) => (e as { handler: string }).handler === 'export-run'), 'the export\'s change event on the other desktop');
    expect(h2.window.received(IPC_EVENT)).toEqual([]);
    expect(await h.file(IPC_OPEN_FILE, { batchId, kind: 'summary' })).toEqual({ ok: true });
    const opened = h.shell.opened.at(-1)!;
    expect(opened.startsWith(path.join(dataDir, 'server-files'))).toBe(true);
    expect(path.basename(opened)).toBe(`summary-${batchId}.pdf`);
    const payor = await bearer(t.url, 'payor');
    const onServer = (await call(t.url, payor.auth, 'export-file-locate', { batchId, kind: 'summary' })).json.value as { path: string };
    expect(fs.readFileSync(opened)).toEqual(fs.readFileSync(onServer.path));
    expect(fs.readFileSync(opened).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await h.file(IPC_OPEN_FILE, { batchId, kind: 'folder' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/server's machine/) } });
    expect(await h.file(IPC_OPEN_FILE, { batchId, kind: '../../x' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await h.file(IPC_SAVE_FILE, { batchId, kind: 'payment-register' })).toEqual({ ok: true }); // the save dialog was cancelled

    // Sign-out ends the session on the server.
    const sessions = t.serving.server.sessions.size;
    expect(await h.invoke('session-logout')).toMatchObject({ ok: true });
    expect(t.serving.server.sessions.size).toBe(sessions - 1);
    expect(await h.invoke('app-status')).toMatchObject({ ok: true, value: { signedIn: null } });

    // The choice is remembered: the next start goes to the server, with its pinned certificate, and starts no local core.
    const again = new Desktop({ dataDir, defaultDatabase: path.join(dataDir, 'paydesk.sqlite'), startLocal: () => { throw new Error('no local core expected'); }, chooseDatabaseFile: async () => null, chooseExportFolder: async () => null });
    expect(await again.start()).toEqual({ kind: 'server', origin: t.url });
    expect(await again.invoke('app-status', {})).toMatchObject({ ok: true, value: { hasUsers: true } });
    await again.close();

    // File > Open…: a chosen file cancelled changes nothing; this computer's own database is back.
    expect(await h.ask({ op: 'open-file' })).toEqual({ ok: true, value: null });
    expect(h.desktop.where()).toMatchObject({ kind: 'server' });
    expect(await h.ask({ op: 'open-default' })).toEqual({ ok: true, value: { kind: 'file', file: path.join(dataDir, 'paydesk.sqlite'), name: 'paydesk.sqlite' } });
    expect(await h.invoke('app-status')).toMatchObject({ ok: true, value: { hasUsers: false } });
    expect(choiceOf(dataDir)).toMatchObject({ kind: 'file' });
  }, 120_000);

  it('shows a lost connection, and refuses a changed certificate with a warning naming both fingerprints, sending nothing', async () => {
    const t = await server();
    const { dataDir } = fixture();
    const h = desktopHarness(dataDir);
    cleanups.push(() => h.desktop.close());
    await h.desktop.start();
    expect(await h.ask({ op: 'connect', address: t.url, fingerprint: t.fingerprint })).toMatchObject({ ok: true });
    expect(await h.invoke('session-login', { username: 'approver', password: 'demo1234' })).toMatchObject({ ok: true });
    await eventually(() => h.desktop.listening(), 'the event stream');

    // The server stops: the window hears that the connection is lost.
    const port = t.serving.server.port;
    await t.serving.stop();
    await eventually(() => h.window.received(IPC_CONNECTION).includes('offline'), 'offline');
    expect(await h.invoke('app-status')).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

    // It comes back on the same address with another certificate (a new self-signed one).
    const files = certificateFilesOf(t.db);
    fs.rmSync(files.cert);
    fs.rmSync(files.key);
    const lines: string[] = [];
    let again: Serving | null = await startServe({ db: t.db, listen: `127.0.0.1:${port}`, log: (l) => lines.push(l), rendererDir: path.join(t.dir, 'none') });
    cleanups.push(() => again?.stop());
    const changed = again.certificate.fingerprint;
    expect(changed).not.toBe(t.fingerprint);

    const refused = await h.invoke('app-status');
    expect(refused).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    expect(refused.error!.message).toMatch(/^WARNING: the server at https:\/\/127\.0\.0\.1:\d+ shows a certificate/);
    expect(refused.error!.message).toContain(changed);
    expect(refused.error!.message).toContain(t.fingerprint);
    expect(refused.error!.message).toContain('Nothing was sent');
    expect(refused.error!.message).toContain('File > Open…');
    expect(await h.invoke('session-login', { username: 'approver', password: 'demo1234' })).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    // The event stream's retries are refused the same way: still offline, and the server heard nothing, not even the password.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(h.window.received(IPC_CONNECTION).at(-1)).toBe('offline');
    expect(lines.filter((l) => / user=/.test(l))).toEqual([]);

    // Checked again (File > Open…): the warning names both; connecting without replacing is refused.
    expect(await h.ask({ op: 'probe', address: t.url })).toEqual({ ok: true, value: { origin: t.url, fingerprint: changed, status: 'changed', pinned: t.fingerprint } });
    const plain = await h.ask({ op: 'connect', address: t.url, fingerprint: changed });
    expect(plain).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    expect(plain.error!.message).toContain(changed);
    expect(plain.error!.message).toContain(t.fingerprint);
    expect(pinsOf(dataDir)[t.url]).toBe(t.fingerprint);
    // A new start with the old pin is refused too.
    const restarted = new Desktop({ dataDir, defaultDatabase: path.join(dataDir, 'paydesk.sqlite'), startLocal: (file, o) => inProcessCore(file, { ...o, dataDir }), chooseDatabaseFile: async () => null, chooseExportFolder: async () => null });
    await restarted.start();
    expect(await restarted.invoke('app-status', {})).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringContaining(changed) } });
    await restarted.close();
    expect(lines.filter((l) => / user=/.test(l))).toEqual([]);

    // The administrator confirms the new certificate: replaced deliberately, then pinned.
    expect(await h.ask({ op: 'connect', address: t.url, fingerprint: changed, replace: true })).toEqual({ ok: true, value: { kind: 'server', origin: t.url } });
    expect(pinsOf(dataDir)[t.url]).toBe(changed);
    expect(await h.invoke('session-login', { username: 'approver', password: 'demo1234' })).toMatchObject({ ok: true });
    await again.stop();
    again = null;
  }, 120_000);
});
