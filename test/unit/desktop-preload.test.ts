import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANGE, IPC_CONNECTION, IPC_DESKTOP, IPC_EVENT, IPC_INVOKE, IPC_OPEN_REQUEST } from '../../src/main/protocol';
import { applicationMenuTemplate } from '../../src/main/menu';
import type { PayDeskWindowApi } from '../../src/shared/api/window-api';
import { inProcessCore } from '../helpers/desktop';
import { tempDir } from '../helpers/core';
// The preload itself, run against the stand-in below (vi.mock is hoisted above the imports).
import '../../src/preload/index';

// The preload and the menu with a stand-in for the electron module: the page's window.api carries
// the desktop's requests on the channels the main process answers (the sandboxed preload repeats
// their names: this keeps them the same), and File > Open… asks the window for its Open dialog.

const bridge = vi.hoisted(() => ({ exposed: {} as Record<string, unknown>, invoked: [] as unknown[][], renderer: null as unknown }));
vi.mock('electron', () => {
  const renderer = new (require('node:events').EventEmitter)() as EventEmitter & { invoke: (...args: unknown[]) => Promise<unknown> };
  renderer.invoke = async (...args: unknown[]) => {
    bridge.invoked.push(args);
    return { ok: true, value: { kind: 'server', origin: 'https://paydesk.example:8443' } };
  };
  bridge.renderer = renderer;
  return { contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (bridge.exposed[key] = value) }, ipcRenderer: renderer };
});

describe('the preload', () => {
  it('exposes one typed api whose desktop calls and events use the main process\'s channels', async () => {
    const api = bridge.exposed.api as PayDeskWindowApi;
    const renderer = bridge.renderer as EventEmitter;
    expect(Object.keys(bridge.exposed)).toEqual(['api']);

    await api.invoke('app-status', {});
    expect(bridge.invoked.at(-1)).toEqual([IPC_INVOKE, 'app-status', {}]);
    expect(await api.desktop!.where()).toEqual({ kind: 'server', origin: 'https://paydesk.example:8443' });
    expect(bridge.invoked.at(-1)).toEqual([IPC_DESKTOP, { op: 'where' }]);
    await api.desktop!.probeServer('paydesk.example:8443');
    expect(bridge.invoked.at(-1)).toEqual([IPC_DESKTOP, { op: 'probe', address: 'paydesk.example:8443' }]);
    await api.desktop!.connectServer('paydesk.example:8443', 'AB:CD', true);
    expect(bridge.invoked.at(-1)).toEqual([IPC_DESKTOP, { op: 'connect', address: 'paydesk.example:8443', fingerprint: 'AB:CD', replace: true }]);
    await api.desktop!.openDefaultDatabase();
    expect(bridge.invoked.at(-1)).toEqual([IPC_DESKTOP, { op: 'open-default' }]);
    await api.desktop!.openDatabaseFile();
    expect(bridge.invoked.at(-1)).toEqual([IPC_DESKTOP, { op: 'open-file' }]);

    const heard: unknown[] = [];
    const offs = [
      api.onEvent((e) => heard.push(['progress', e])),
      api.onChange!((e) => heard.push(['change', e])),
      api.onConnection!((s) => heard.push(['connection', s])),
      api.desktop!.onOpenRequest(() => heard.push(['open'])),
    ];
    renderer.emit(IPC_EVENT, {}, { kind: 'progress', task: 'export', done: 1, total: 2 });
    renderer.emit(IPC_CHANGE, {}, { kind: 'changed', handler: 'payments-act' });
    renderer.emit(IPC_CONNECTION, {}, 'offline');
    renderer.emit(IPC_OPEN_REQUEST, {});
    expect(heard).toEqual([
      ['progress', { kind: 'progress', task: 'export', done: 1, total: 2 }],
      ['change', { kind: 'changed', handler: 'payments-act' }],
      ['connection', 'offline'],
      ['open'],
    ]);
    offs.forEach((off) => off());
    renderer.emit(IPC_CONNECTION, {}, 'online');
    expect(heard).toHaveLength(4);
    expect(renderer.eventNames()).toEqual([]);
  });
});

describe('the menu', () => {
  it('has File > Open… (Ctrl+O), which asks the window for its Open dialog', () => {
    const onOpen = vi.fn();
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const file = applicationMenuTemplate({ isPackaged: true, platform, onOpen }).find((m) => m.label === 'File')!;
      const open = (file.submenu as Array<{ label?: string; accelerator?: string; click?: () => void }>).find((i) => i.label === 'Open…')!;
      expect(open.accelerator).toBe('CmdOrCtrl+O');
      open.click!();
    }
    expect(onOpen).toHaveBeenCalledTimes(3);
  });
});

describe('a local core', () => {
  it('closes its database when asked, and says so (before the main process ends its process)', async () => {
    const t = tempDir();
    const core = inProcessCore(path.join(t.dir, 'p.sqlite'), { create: true, dataDir: t.dir });
    await core.whenReady();
    const started = Date.now();
    await core.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    // Closed: the file can be opened again by another core at once.
    const again = inProcessCore(path.join(t.dir, 'p.sqlite'), { create: false, dataDir: t.dir });
    await again.whenReady();
    expect(await again.invoke('app-status', {})).toMatchObject({ ok: true, value: { hasUsers: false } });
    await again.stop();
    t.cleanup();
  });
});
