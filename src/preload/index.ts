import { contextBridge, ipcRenderer } from 'electron';
import type { PayDeskWindowApi } from '../shared/api/window-api';

// The page gets exactly one typed object, window.api; never ipcRenderer itself.
// (Channel names are repeated here because a sandboxed preload is one self-contained file.)
const api: PayDeskWindowApi = {
  invoke: (name, args) => ipcRenderer.invoke('paydesk:invoke', name, args),
  onEvent(listener) {
    const handler = (_event: unknown, payload: Parameters<typeof listener>[0]) => listener(payload);
    ipcRenderer.on('paydesk:event', handler);
    return () => ipcRenderer.removeListener('paydesk:event', handler);
  },
  shell: {
    openPath: (path) => ipcRenderer.invoke('paydesk:open-path', path),
    printPdf: (path) => ipcRenderer.invoke('paydesk:print-pdf', path),
  },
};

contextBridge.exposeInMainWorld('api', api);
