import type { HandlerArgs, HandlerName, HandlerResult } from '../../../shared/api/contract';
import { AppError } from '../../../shared/api/errors';
import type { ProgressEvent } from '../../../shared/api/common';
import type { FileRef } from '../../../shared/api/contract/export';
import type { ChangeEvent } from '../../../shared/api/changes';

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

/** The PayDesk server this page talks to, or null on a local database. */
export function serverOrigin(): string | null {
  return window.api?.server?.origin ?? null;
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
