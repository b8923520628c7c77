import type { HandlerArgs, HandlerName, HandlerResult } from '../../../shared/api/contract';
import { AppError } from '../../../shared/api/errors';
import type { ProgressEvent } from '../../../shared/api/common';
import type { FileRef } from '../../../shared/api/contract/export';
import type { ChangeEvent } from '../../../shared/api/changes';
import type { DesktopApi, Where } from '../../../shared/api/desktop';

// The renderer's one door to the core. Everything else in the renderer calls these functions
// (through each feature's queries.ts and mutations.ts), never window.api directly.

export async function call<K extends HandlerName>(name: K, args: HandlerArgs<K>): Promise<HandlerResult<K>> {
  if (!window.api) {
    throw new AppError({ code: 'INTERNAL', message: 'PayDesk is not connected to its core (window.api is missing).' });
  }
  const result = await window.api.invoke(name, args);
  if (!result.ok) throw AppError.from(result.error);
  return result.value;
}

export function onCoreEvent(listener: (event: ProgressEvent) => void): () => void {
  return window.api?.onEvent(listener) ?? (() => undefined);
}

/** What other users committed (when connected to a PayDesk server). */
export function onDataChange(listener: (event: ChangeEvent) => void): () => void {
  return window.api?.onChange?.(listener) ?? (() => undefined);
}

/** The server connection lost and back (when connected to a PayDesk server). */
export function onConnectionChange(listener: (state: 'online' | 'offline') => void): () => void {
  return window.api?.onConnection?.(listener) ?? (() => undefined);
}

/** The desktop app's switch (local file or server), or null in a browser. */
export function desktopApi(): DesktopApi | null {
  return window.api?.desktop ?? null;
}

let desktopWhere: Where | null = null;

/** The desktop app: where its calls go, read once before the app is drawn (a switch reloads the page). */
export async function loadWhere(): Promise<void> {
  const desktop = desktopApi();
  if (!desktop) return;
  try {
    desktopWhere = await desktop.where();
  } catch {
    desktopWhere = null;
  }
}

/** The desktop app's local database file (its name and path), or null (a server, or a browser). */
export function localDatabase(): { name: string; file: string } | null {
  return desktopWhere?.kind === 'file' ? { name: desktopWhere.name, file: desktopWhere.file } : null;
}

/** The PayDesk server this page talks to, or null on a local database. */
export function serverOrigin(): string | null {
  return window.api?.server?.origin ?? (desktopWhere?.kind === 'server' ? desktopWhere.origin : null);
}

/** After switching where the calls go: the page starts again, with nothing of the old place kept. */
export function startOver(): void {
  window.location.hash = '';
  window.location.reload();
}

/** A batch's file (or folder), named by batch and kind: the core finds where it is. */
export function openFile(file: FileRef): Promise<void> {
  return window.api.shell.openFile(file);
}

export function printFile(file: FileRef): Promise<void> {
  return window.api.shell.printFile(file);
}

export function saveFileAs(file: FileRef): Promise<void> {
  return window.api.shell.saveFileAs(file);
}

/** The message to show a user for any failure. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
