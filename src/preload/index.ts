import { contextBridge, ipcRenderer } from 'electron';
import type { PayDeskWindowApi } from '../shared/api/window-api';
import type { DesktopApi, Where } from '../shared/api/desktop';

// The page gets exactly one typed object, window.api; never ipcRenderer itself.
// (Channel names are repeated here because a sandboxed preload is one self-contained file.)

/** The main process answers file requests like core calls: a refusal becomes a rejected promise with its message. */
async function fileRequest(channel: string, file: unknown): Promise<void> {
  const result = (await ipcRenderer.invoke(channel, file)) as { ok: boolean; error?: { message: string } } | undefined;
  if (result && !result.ok) throw new Error(result.error?.message ?? 'The file could not be opened.');
}

/** A subscription to one channel the main process sends on. */
function listen<T>(channel: string, listener: (payload: T) => void): () => void {
  const handler = (_event: unknown, payload: T) => listener(payload);
  ipcRenderer.on(channel, handler);
  return () => ipcRenderer.removeListener(channel, handler);
}

/** Where the calls go and switching it: one channel, each request checked by the main process. */
const desktop: DesktopApi = {
  async where() {
    const result = (await ipcRenderer.invoke('paydesk:desktop', { op: 'where' })) as { ok: true; value: Where };
    return result.value;
  },
  probeServer: (address) => ipcRenderer.invoke('paydesk:desktop', { op: 'probe', address }),
  connectServer: (address, fingerprint, replace) => ipcRenderer.invoke('paydesk:desktop', { op: 'connect', address, fingerprint, replace: !!replace }),
  openDefaultDatabase: () => ipcRenderer.invoke('paydesk:desktop', { op: 'open-default' }),
  openDatabaseFile: () => ipcRenderer.invoke('paydesk:desktop', { op: 'open-file' }),
  chooseExportFolder: () => ipcRenderer.invoke('paydesk:desktop', { op: 'choose-export-folder' }),
  onOpenRequest: (listener) => listen('paydesk:open-request', () => listener()),
};

const api: PayDeskWindowApi = {
  invoke: (name, args) => ipcRenderer.invoke('paydesk:invoke', name, args),
  onEvent: (listener) => listen('paydesk:event', listener),
  // Connected to a PayDesk server: what others commit, and whether the server is reachable.
  onChange: (listener) => listen('paydesk:change', listener),
  onConnection: (listener) => listen('paydesk:connection', listener),
  desktop,
  shell: {
    openFile: (file) => fileRequest('paydesk:open-file', file),
    printFile: (file) => fileRequest('paydesk:print-file', file),
    saveFileAs: (file) => fileRequest('paydesk:save-file', file),
  },
};

contextBridge.exposeInMainWorld('api', api);
