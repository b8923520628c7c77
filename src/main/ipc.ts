import type { IpcMain, Shell, WebContents } from 'electron';
import type { CoreClient } from './core-client';
import { IPC_EVENT, IPC_INVOKE, IPC_OPEN_PATH, IPC_PRINT_PDF } from './protocol';

export interface IpcDeps {
  ipcMain: Pick<IpcMain, 'handle'>;
  shell: Pick<Shell, 'openPath'>;
  printPdf(path: string): Promise<void>;
}

/**
 * The relay: the window's calls go to the core process unchanged (the core validates them with
 * the contract), and the core's progress events go back to the window. Only calls from our own
 * window's frames are answered.
 */
export function registerIpc(deps: IpcDeps, client: CoreClient, isOurWindow: (sender: WebContents) => boolean): void {
  deps.ipcMain.handle(IPC_INVOKE, (event, name: unknown, args: unknown) => {
    if (!isOurWindow(event.sender)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Unknown window.' } };
    return client.invoke(String(name), args);
  });
  deps.ipcMain.handle(IPC_OPEN_PATH, async (event, path: unknown) => {
    if (!isOurWindow(event.sender) || typeof path !== 'string') return;
    const error = await deps.shell.openPath(path);
    if (error) throw new Error(error);
  });
  deps.ipcMain.handle(IPC_PRINT_PDF, async (event, path: unknown) => {
    if (!isOurWindow(event.sender) || typeof path !== 'string' || !path.toLowerCase().endsWith('.pdf')) return;
    await deps.printPdf(path);
  });
}

export function forwardEvents(client: CoreClient, target: () => WebContents | null): () => void {
  return client.onEvent((event) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT, event);
  });
}
