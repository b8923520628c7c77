import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreClient } from '../../src/main/core-client';
import { serveCore } from '../../src/main/core-process';
import { Desktop, type LocalCore } from '../../src/main/desktop';
import { forwardEvents, registerDesktopIpc, registerIpc } from '../../src/main/ipc';
import { IPC_DESKTOP, IPC_INVOKE, type FromCore, type ToCore } from '../../src/main/protocol';

// The desktop's main process without the Electron binary: the real Desktop switch, the real IPC
// handlers (registered on a stand-in ipcMain), the local core served in-process over a pair of
// in-memory ports (as the utility process would), and a stand-in window that records what the
// main process sends it.

export class FakeWebContents extends EventEmitter {
  sent: Array<[string, unknown]> = [];
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
    this.emit('sent', channel, payload);
  }
  isDestroyed() {
    return false;
  }
  /** What was sent on one channel. */
  received(channel: string): unknown[] {
    return this.sent.filter(([c]) => c === channel).map(([, p]) => p);
  }
}

/** A local core in-process, behind the same relay as the utility process's. */
export function inProcessCore(file: string, options: { create: boolean; dataDir: string }): LocalCore {
  const toCore = new EventEmitter();
  const toMain = new EventEmitter();
  const client = new CoreClient({ postMessage: (m: ToCore) => toCore.emit('message', { data: m }), on: (_e, l: (m: FromCore) => void) => toMain.on('message', l) });
  void serveCore(
    { postMessage: (m: FromCore) => toMain.emit('message', m), on: (_e, l: (m: { data: ToCore }) => void) => toCore.on('message', l) },
    { databaseFile: file, dataDir: options.dataDir, create: options.create },
  );
  return {
    invoke: (name, args) => client.invoke(name, args),
    onEvent: (l) => client.onEvent(l),
    whenReady: () => client.whenReady(),
    setExportFolder: (folder) => client.setExportFolder(folder),
    stop: () => client.shutdown(),
  };
}

export interface DesktopHarness {
  desktop: Desktop;
  window: FakeWebContents;
  handlers: Map<string, (event: { sender: unknown }, ...args: unknown[]) => Promise<unknown>>;
  shell: { openPath: (file: string) => Promise<string>; opened: string[] };
  /** A call from the window, as the preload makes it. */
  invoke(name: string, args?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  /** A request of the window to the switch (File > Open…, Connect). */
  ask(request: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  /** A file request of the window (open, print, save). */
  file(channel: string, ref: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }>;
}

export function desktopHarness(
  dataDir: string,
  options: { chooseDatabaseFile?: () => Promise<string | null>; chooseExportFolder?: (current: string | null) => Promise<string | null> } = {},
): DesktopHarness {
  const desktop = new Desktop({
    dataDir,
    defaultDatabase: path.join(dataDir, 'paydesk.sqlite'),
    startLocal: (file, o) => inProcessCore(file, { ...o, dataDir }),
    chooseDatabaseFile: options.chooseDatabaseFile ?? (async () => null),
    chooseExportFolder: options.chooseExportFolder ?? (async () => null),
  });
  const window = new FakeWebContents();
  const handlers = new Map<string, (event: { sender: unknown }, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain = { handle: (channel: string, fn: never) => handlers.set(channel, fn) };
  const opened: string[] = [];
  const shell = {
    opened,
    openPath: async (file: string) => {
      opened.push(file);
      return '';
    },
  };
  const isOurs = (sender: unknown) => sender === window;
  registerIpc({ ipcMain: ipcMain as never, shell: shell as never, printPdf: async () => undefined, chooseSaveFile: async () => null }, desktop, isOurs as never);
  registerDesktopIpc(ipcMain as never, desktop, isOurs as never);
  forwardEvents(desktop, () => window as never);
  type Answer = { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  return {
    desktop,
    window,
    handlers,
    shell,
    invoke: (name, args = {}) => handlers.get(IPC_INVOKE)!({ sender: window }, name, args) as Promise<Answer>,
    ask: (request) => handlers.get(IPC_DESKTOP)!({ sender: window }, request) as Promise<Answer>,
    file: (channel, ref) => handlers.get(channel)!({ sender: window }, ref) as Promise<Answer>,
  };
}

/** Waits until `check` holds (polling), or fails with `what`. */
export async function eventually<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What a test's desktops leave behind (their data folders), removed after each test: call in afterEach. */
export const desktopCleanups: Array<() => Promise<void> | void> = [];

/** A desktop's own data folder (user data), removed after the test. */
export function desktopFixture(): { dataDir: string } {
  // Not helpers/core.ts's tempDir: this file is loaded by end-to-end specs too, where vitest is not.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paydesk-desktop-'));
  desktopCleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return { dataDir: dir };
}
