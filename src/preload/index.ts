import { contextBridge, ipcRenderer } from 'electron';
import type { PayDeskWindowApi } from '../shared/api/window-api';

// The page gets exactly one typed object, window.api; never ipcRenderer itself.
// (Channel names are repeated here because a sandboxed preload is one self-contained file.)

/** The main process answers file requests like core calls: a refusal becomes a rejected promise with its message. */
async function fileRequest(channel: string, file: unknown): Promise<void> {
  const result = (await ipcRenderer.invoke(channel, file)) as { ok: boolean; error?: { message: string } } | undefined;
  if (result && !result.ok) throw new Error(result.error?.message ?? 'The file could not be opened.');
}

const api: PayDeskWindowApi = {
  invoke: (name, args) => ipcRenderer.invoke('paydesk:invoke', name, args),
  onEvent(listener) {
    const handler = (_event: unknown, payload: Parameters<typeof listener>[0]) => listener(payload);
    ipcRenderer.on('paydesk:event', handler);
    return () => ipcRenderer.removeListener('paydesk:event', handler);
  },
  shell: {
    openFile: (file) => fileRequest('paydesk:open-file', file),
    printFile: (file) => fileRequest('paydesk:print-file', file),
    saveFileAs: (file) => fileRequest('paydesk:save-file', file),
  },
};

contextBridge.exposeInMainWorld('api', api);
