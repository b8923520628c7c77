import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createMainWindow, lockDownNavigation, secureWebPreferences, applyContentSecurityPolicy, CONTENT_SECURITY_POLICY } from '../../src/main/window';
import { registerIpc, forwardEvents } from '../../src/main/ipc';
import { CoreClient } from '../../src/main/core-client';
import { serveCore, serveOnStart } from '../../src/main/core-process';
import { desktopAuditVault, type SafeStorageLike } from '../../src/main/audit-vault';
import { auditKeyFile, readKeyFile } from '../../src/main/core/audit/key';
import { IPC_EVENT, IPC_INVOKE, IPC_OPEN_FILE, IPC_PRINT_FILE, IPC_SAVE_FILE, type FromCore, type ToCore } from '../../src/main/protocol';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { tempDir } from '../helpers/core';
import path from 'node:path';

// The Electron glue, tested against a stand-in for the electron module: the real binary is not
// available on every build machine, and the glue is thin enough that its contract is what matters.

class FakeWebContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  sent: Array<[string, unknown]> = [];
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return false;
  }
}

class FakeBrowserWindow extends EventEmitter {
  static last: FakeBrowserWindow;
  webContents = new FakeWebContents();
  loaded: string | null = null;
  constructor(public options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.last = this;
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  show() {}
}

describe('the window', () => {
  it('is created with context isolation, sandbox, no node integration, and loads the app', () => {
    const shell = { openExternal: vi.fn() };
    createMainWindow({ BrowserWindow: FakeBrowserWindow as never, shell }, { preloadPath: '/app/preload.js', url: 'file:///app/renderer/index.html' });
    const prefs = FakeBrowserWindow.last.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: '/app/preload.js' });
    expect(FakeBrowserWindow.last.loaded).toBe('file:///app/renderer/index.html');
    expect(secureWebPreferences('x')).toMatchObject({ nodeIntegrationInWorker: false, allowRunningInsecureContent: false });
  });

  it('denies new windows (web links go to the system browser) and navigation away from the app', () => {
    const contents = new FakeWebContents();
    const shell = { openExternal: vi.fn() };
    lockDownNavigation(contents as never, 'file:///app/renderer/', shell);
    expect(contents.openHandler!({ url: 'https://example.org/help' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.org/help');
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    const away = { preventDefault: vi.fn() };
    contents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    contents.emit('will-navigate', inside, 'file:///app/renderer/index.html#/payments');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('adds a strict Content-Security-Policy header to every response', () => {
    let hook: ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined;
    applyContentSecurityPolicy({ webRequest: { onHeadersReceived: (h: typeof hook) => (hook = h) } } as never);
    let answer: { responseHeaders: Record<string, string[]> } | undefined;
    hook!({ responseHeaders: { a: ['1'] } }, (r) => (answer = r as typeof answer));
    expect(answer!.responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});

/** A pair of in-memory ports standing in for Electron's utility-process channel. */
function portPair() {
  const toCore = new EventEmitter();
  const toMain = new EventEmitter();
  const mainSide = { postMessage: (m: ToCore) => toCore.emit('message', { data: m }), on: (_e: 'message', l: (m: FromCore) => void) => toMain.on('message', l) };
  const coreSide = { postMessage: (m: FromCore) => toMain.emit('message', m), on: (_e: 'message', l: (m: { data: ToCore }) => void) => toCore.on('message', l) };
  return { mainSide, coreSide };
}

describe('the relay between the window and the core process', () => {
  it('carries named calls to the real core and answers with its results and typed errors', async () => {
    const t = tempDir();
    const { mainSide, coreSide } = portPair();
    const client = new CoreClient(mainSide);
    const core = await serveCore(coreSide, { databaseFile: path.join(t.dir, 'p.sqlite'), dataDir: t.dir, create: true });
    expect(await client.whenReady()).toContain('p.sqlite');

    const handlers = new Map<string, (event: { sender: unknown }, ...args: unknown[]) => unknown>();
    const ourWindow = new FakeWebContents();
    registerIpc(
      { ipcMain: { handle: (ch: string, fn: never) => handlers.set(ch, fn) } as never, shell: { openPath: vi.fn() } as never, printPdf: vi.fn(), chooseSaveFile: vi.fn() },
      client,
      (sender) => sender === (ourWindow as never),
    );
    const status = (await handlers.get(IPC_INVOKE)!({ sender: ourWindow }, 'app-status', {})) as { ok: boolean; value: { hasUsers: boolean } };
    expect(status).toMatchObject({ ok: true, value: { hasUsers: false } });

    const bad = (await handlers.get(IPC_INVOKE)!({ sender: ourWindow }, 'session-login', { username: 42 })) as { ok: boolean; error: { code: string; field: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'username' } });

    const stranger = (await handlers.get(IPC_INVOKE)!({ sender: new FakeWebContents() }, 'app-status', {})) as { ok: boolean };
    expect(stranger.ok).toBe(false);

    // Progress events from the core reach the window.
    forwardEvents(client, () => ourWindow as never);
    core!.emit({ kind: 'progress', task: 'test', done: 1, total: 2 });
    expect(ourWindow.sent).toEqual([[IPC_EVENT, { kind: 'progress', task: 'test', done: 1, total: 2 }]]);

    // If the core process dies, waiting calls are answered instead of hanging.
    const never = client.invoke('app-status', {});
    const silent = new CoreClient({ postMessage: () => undefined, on: () => undefined });
    const waiting = silent.invoke('app-status', {});
    silent.coreExited('exit code 9');
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    await never;
    await core!.close();
    t.cleanup();
  });

  it('reports a database it cannot open as fatal instead of starting half-way', async () => {
    const t = tempDir();
    const { mainSide, coreSide } = portPair();
    const client = new CoreClient(mainSide);
    const fs = await import('node:fs');
    const file = path.join(t.dir, 'not-a-db.sqlite');
    fs.writeFileSync(file, 'this is not SQLite, it is a text file '.repeat(200));
    expect(await serveCore(coreSide, { databaseFile: file, dataDir: t.dir })).toBeNull();
    await expect(client.whenReady()).rejects.toThrow(/is not a PayDesk database/);
    t.cleanup();
  });
});

/** A stand-in for safeStorage: "encrypts" by reversing and prefixing, so a test can tell it was used. */
function fakeSafeStorage(available = true): SafeStorageLike & { calls: number } {
  return {
    calls: 0,
    isEncryptionAvailable: () => available,
    encryptString(text: string) {
      this.calls += 1;
      return Buffer.from(`KEYCHAIN:${[...text].reverse().join('')}`);
    },
    decryptString(b: Buffer) {
      const text = b.toString();
      if (!text.startsWith('KEYCHAIN:')) throw new Error('not ours');
      return [...text.slice(9)].reverse().join('');
    },
  };
}

describe('the audit vault (audit keys protected by the OS keychain)', () => {
  it('is made once, kept only encrypted by the keychain, and read back the same; none without a keychain', async () => {
    const t = tempDir();
    const fs = await import('node:fs');
    const file = path.join(t.dir, 'audit-vault.bin');
    const storage = fakeSafeStorage();
    const vault = desktopAuditVault(storage, file)!;
    expect(vault).toHaveLength(32);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^KEYCHAIN:/);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(vault.toString('hex'));
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(desktopAuditVault(storage, file)).toEqual(vault);
    const messages: string[] = [];
    expect(desktopAuditVault(fakeSafeStorage(false), path.join(t.dir, 'other.bin'), (m) => messages.push(m))).toBeNull();
    expect(messages[0]).toMatch(/keychain is not available/);
    t.cleanup();
  });

  it("reaches the core in its start message: the database's key file is encrypted with it, and opens again only with it", async () => {
    const t = tempDir();
    const vault = desktopAuditVault(fakeSafeStorage(), path.join(t.dir, 'audit-vault.bin'))!;
    const databaseFile = path.join(t.dir, 'p.sqlite');
    const { mainSide, coreSide } = portPair();
    const client = new CoreClient(mainSide);
    const serving = serveOnStart(coreSide, { databaseFile, dataDir: t.dir, create: true });
    mainSide.postMessage({ type: 'start', auditVault: vault.toString('base64') });
    const core = (await serving)!;
    expect(await client.whenReady()).toContain('p.sqlite');
    expect(core.auditProblem).toBeNull();
    await core.close();

    expect(() => readKeyFile(auditKeyFile(databaseFile))).toThrow(/protected by the PayDesk desktop app's keychain/);
    expect(readKeyFile(auditKeyFile(databaseFile), vault)).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{16}$/) });

    // Opened again with the vault: the trail verifies; without it: the reason is given.
    const again = portPair();
    const serving2 = serveOnStart(again.coreSide, { databaseFile, dataDir: t.dir });
    again.mainSide.postMessage({ type: 'start', auditVault: vault.toString('base64') });
    const core2 = (await serving2)!;
    expect(core2.auditProblem).toBeNull();
    await core2.close();
    const bare = portPair();
    const serving3 = serveOnStart(bare.coreSide, { databaseFile, dataDir: t.dir });
    bare.mainSide.postMessage({ type: 'start', auditVault: null });
    const core3 = (await serving3)!;
    expect(core3.auditProblem).toMatch(/protected by the PayDesk desktop app's keychain/);
    await core3.close();
    t.cleanup();
  });
});

describe('files from the window', () => {
  it('are named by batch and kind, found by the core in the window\'s session, and only a batch\'s documents are opened, printed or saved', async () => {
    const fs = await import('node:fs');
    const t = tempDir();
    const file = path.join(t.dir, 'demo.sqlite');
    await buildDemoDatabase({ file, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
    const { mainSide, coreSide } = portPair();
    const client = new CoreClient(mainSide);
    const core = await serveCore(coreSide, { databaseFile: file, dataDir: t.dir }); // start-up writes the batches' files
    await client.whenReady();
    const handlers = new Map<string, (event: { sender: unknown }, ...args: unknown[]) => Promise<unknown>>();
    const ourWindow = new FakeWebContents();
    const shell = { openPath: vi.fn(async () => '') };
    const printPdf = vi.fn(async () => undefined);
    const target = path.join(t.dir, 'chosen', 'copy.csv');
    fs.mkdirSync(path.dirname(target));
    const chooseSaveFile = vi.fn(async () => target as string | null);
    registerIpc({ ipcMain: { handle: (ch: string, fn: never) => handlers.set(ch, fn) } as never, shell: shell as never, printPdf, chooseSaveFile }, client, (s) => s === (ourWindow as never));
    const ask = (channel: string, arg: unknown) => handlers.get(channel)!({ sender: ourWindow }, arg) as Promise<{ ok: boolean; error?: { code: string; message: string } }>;

    // Not signed in: the core refuses, nothing is opened.
    expect(await ask(IPC_OPEN_FILE, { batchId: 1, kind: 'summary' })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    await handlers.get(IPC_INVOKE)!({ sender: ourWindow }, 'session-login', { username: 'payor', password: 'demo1234' });

    // A path, in any form, is refused before the core is even asked.
    for (const bad of [file, '/etc/passwd', { path: file }, { batchId: 1, kind: '../../paydesk' }, { batchId: 1, kind: 'summary', path: file }, { batchId: '1/../..', kind: 'summary' }]) {
      expect(await ask(IPC_OPEN_FILE, bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(shell.openPath).not.toHaveBeenCalled();

    const folder = (await client.invoke('export-file-locate', { batchId: 1, kind: 'folder' })) as { ok: true; value: { path: string } };
    expect(await ask(IPC_OPEN_FILE, { batchId: 1, kind: 'summary' })).toEqual({ ok: true });
    expect(shell.openPath).toHaveBeenLastCalledWith(path.join(folder.value.path, 'summary-1.pdf'));
    expect(await ask(IPC_OPEN_FILE, { batchId: 1, kind: 'folder' })).toEqual({ ok: true });
    expect(shell.openPath).toHaveBeenLastCalledWith(folder.value.path);

    expect(await ask(IPC_PRINT_FILE, { batchId: 1, kind: 'payment-register' })).toMatchObject({ ok: false, error: { message: 'Only a PDF is printed.' } });
    expect(await ask(IPC_PRINT_FILE, { batchId: 1, kind: 'remittance-all' })).toEqual({ ok: true });
    expect(printPdf).toHaveBeenCalledTimes(1);
    expect(printPdf).toHaveBeenLastCalledWith(path.join(folder.value.path, 'remittance-all-1.pdf'));

    expect(await ask(IPC_SAVE_FILE, { batchId: 1, kind: 'payment-register' })).toEqual({ ok: true });
    expect(chooseSaveFile).toHaveBeenLastCalledWith('payment-register-1.csv');
    expect(fs.readFileSync(target)).toEqual(fs.readFileSync(path.join(folder.value.path, 'payment-register-1.csv')));

    // A database edited to record another folder for the batch: nothing is opened there.
    core!.store.sql.prepare(`UPDATE export_batch SET folder = ? WHERE id = 1`).run(path.dirname(file));
    expect(await ask(IPC_OPEN_FILE, { batchId: 1, kind: 'folder' })).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    expect(shell.openPath).toHaveBeenCalledTimes(2);
    await core!.close();
    t.cleanup();
  }, 120_000);
});
