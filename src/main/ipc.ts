import fs from 'node:fs';
import path from 'node:path';
import type { IpcMain, Shell, WebContents } from 'electron';
import { fileRef, type FileRef } from '../shared/api/contract/export';
import type { AppErrorShape } from '../shared/api/errors';
import type { ChangeEvent } from '../shared/api/changes';
import type { ProgressEvent } from '../shared/api/common';
import type { InvokeResult } from '../shared/api/window-api';
import { IPC_CHANGE, IPC_CONNECTION, IPC_DESKTOP, IPC_EVENT, IPC_INVOKE, IPC_OPEN_FILE, IPC_PRINT_FILE, IPC_SAVE_FILE } from './protocol';

export interface IpcDeps {
  ipcMain: Pick<IpcMain, 'handle'>;
  shell: Pick<Shell, 'openPath'>;
  printPdf(path: string): Promise<void>;
  /** Asks where to save (the main process's save dialog); null when the user cancels. */
  chooseSaveFile(suggestedName: string): Promise<string | null>;
}

/**
 * Where the window's calls go: the local core (CoreClient), or the desktop's switch between a
 * local file and a PayDesk server (Desktop), which also fetches a server's batch files.
 */
export interface CallTarget {
  invoke(name: string, args: unknown): Promise<InvokeResult<unknown>>;
  locateFile?(ref: FileRef): Promise<InvokeResult<{ path: string; exists: boolean; kind: string }>>;
}

/** What the system may open from a batch: its documents, never a program or a script. */
const OPENABLE = new Set(['.pdf', '.csv', '.txt']);

type FileAnswer = { ok: true } | { ok: false; error: AppErrorShape };
const refused = (message: string): FileAnswer => ({ ok: false, error: { code: 'REFUSED', message } });

/**
 * The relay: the window's calls go unchanged to the core process, or to the PayDesk server the
 * desktop is connected to (the core validates them with the contract, there or here), and the
 * core's progress events go back to the window. Only calls from our own
 * window's frames are answered. Files are asked for by batch and kind: the core (in this window's
 * session, so with its rights) says where the file is; the main process then opens, prints or
 * copies it. No path from the page is ever used.
 */
export function registerIpc(deps: IpcDeps, client: CallTarget, isOurWindow: (sender: WebContents) => boolean): void {
  deps.ipcMain.handle(IPC_INVOKE, (event, name: unknown, args: unknown) => {
    if (!isOurWindow(event.sender)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Unknown window.' } };
    return client.invoke(String(name), args);
  });

  const withFile = (work: (file: string, ref: FileRef) => Promise<FileAnswer>) => async (event: { sender: WebContents }, raw: unknown): Promise<FileAnswer> => {
    if (!isOurWindow(event.sender)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Unknown window.' } };
    const parsed = fileRef.safeParse(raw);
    if (!parsed.success) return { ok: false, error: { code: 'BAD_REQUEST', message: `A file is named by batch and kind: ${parsed.error.issues[0].message}` } };
    const located = client.locateFile ? await client.locateFile(parsed.data) : await client.invoke('export-file-locate', parsed.data);
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

/** The window's requests of the desktop's switch (where its calls go; File > Open…). */
export function registerDesktopIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  desktop: { handle(request: unknown): Promise<InvokeResult<unknown>> },
  isOurWindow: (sender: WebContents) => boolean,
): void {
  ipcMain.handle(IPC_DESKTOP, (event, request: unknown) => {
    if (!isOurWindow(event.sender)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Unknown window.' } };
    return desktop.handle(request);
  });
}

/** What reaches the window without being asked: progress of long work, others' changes, the server connection. */
export interface WindowEvents {
  onEvent(listener: (event: ProgressEvent) => void): () => void;
  onChange?(listener: (event: ChangeEvent) => void): () => void;
  onConnection?(listener: (state: 'online' | 'offline') => void): () => void;
}

export function forwardEvents(source: WindowEvents, target: () => WebContents | null): () => void {
  const send = (channel: string) => (payload: unknown) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(channel, payload);
  };
  const offs = [source.onEvent(send(IPC_EVENT)), source.onChange?.(send(IPC_CHANGE)), source.onConnection?.(send(IPC_CONNECTION))];
  return () => offs.forEach((off) => off?.());
}
