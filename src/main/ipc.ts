import fs from 'node:fs';
import path from 'node:path';
import type { IpcMain, Shell, WebContents } from 'electron';
import { fileRef, type FileRef } from '../shared/api/contract/export';
import type { AppErrorShape } from '../shared/api/errors';
import type { CoreClient } from './core-client';
import { IPC_EVENT, IPC_INVOKE, IPC_OPEN_FILE, IPC_PRINT_FILE, IPC_SAVE_FILE } from './protocol';

export interface IpcDeps {
  ipcMain: Pick<IpcMain, 'handle'>;
  shell: Pick<Shell, 'openPath'>;
  printPdf(path: string): Promise<void>;
  /** Asks where to save (the main process's save dialog); null when the user cancels. */
  chooseSaveFile(suggestedName: string): Promise<string | null>;
}

/** What the system may open from a batch: its documents, never a program or a script. */
const OPENABLE = new Set(['.pdf', '.csv', '.txt']);

type FileAnswer = { ok: true } | { ok: false; error: AppErrorShape };
const refused = (message: string): FileAnswer => ({ ok: false, error: { code: 'REFUSED', message } });

/**
 * The relay: the window's calls go to the core process unchanged (the core validates them with
 * the contract), and the core's progress events go back to the window. Only calls from our own
 * window's frames are answered. Files are asked for by batch and kind: the core (in this window's
 * session, so with its rights) says where the file is; the main process then opens, prints or
 * copies it. No path from the page is ever used.
 */
export function registerIpc(deps: IpcDeps, client: CoreClient, isOurWindow: (sender: WebContents) => boolean): void {
  deps.ipcMain.handle(IPC_INVOKE, (event, name: unknown, args: unknown) => {
    if (!isOurWindow(event.sender)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Unknown window.' } };
    return client.invoke(String(name), args);
  });

  const withFile = (work: (file: string, ref: FileRef) => Promise<FileAnswer>) => async (event: { sender: WebContents }, raw: unknown): Promise<FileAnswer> => {
    if (!isOurWindow(event.sender)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Unknown window.' } };
    const parsed = fileRef.safeParse(raw);
    if (!parsed.success) return { ok: false, error: { code: 'BAD_REQUEST', message: `A file is named by batch and kind: ${parsed.error.issues[0].message}` } };
    const located = await client.invoke('export-file-locate', parsed.data);
    if (!located.ok) return located;
    const where = located.value as { path: string; exists: boolean; kind: string };
    if (!where.exists) return refused('The file is missing: regenerate the batch files.');
    const isFolder = where.kind === 'folder';
    let stat: fs.Stats;
    try {
      stat = fs.statSync(where.path);
    } catch {
      return refused('The file is missing: regenerate the batch files.');
    }
    if (isFolder ? !stat.isDirectory() : !stat.isFile() || !OPENABLE.has(path.extname(where.path).toLowerCase())) {
      return refused('PayDesk opens only the documents of a batch (PDF, CSV, text) and the batch folder.');
    }
    try {
      return await work(where.path, parsed.data);
    } catch (err) {
      return refused(err instanceof Error ? err.message : String(err));
    }
  };

  deps.ipcMain.handle(
    IPC_OPEN_FILE,
    withFile(async (file) => {
      const error = await deps.shell.openPath(file);
      return error ? refused(error) : { ok: true };
    }),
  );
  deps.ipcMain.handle(
    IPC_PRINT_FILE,
    withFile(async (file) => {
      if (path.extname(file).toLowerCase() !== '.pdf') return refused('Only a PDF is printed.');
      await deps.printPdf(file);
      return { ok: true };
    }),
  );
  deps.ipcMain.handle(
    IPC_SAVE_FILE,
    withFile(async (file, ref) => {
      if (ref.kind === 'folder') return refused('A folder is opened, not saved.');
      const target = await deps.chooseSaveFile(path.basename(file));
      if (target) await fs.promises.copyFile(file, target);
      return { ok: true };
    }),
  );
}

export function forwardEvents(client: CoreClient, target: () => WebContents | null): () => void {
  return client.onEvent((event) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT, event);
  });
}
