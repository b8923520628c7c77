import type { ProgressEvent } from '../shared/api/common';
import type { InvokeResult } from '../shared/api/window-api';

// Messages between the Electron main process and the core's utility process.
export type ToCore =
  /** The first message: what the core needs from main before it opens the database (the audit vault, base64, or null). */
  | { type: 'start'; auditVault: string | null }
  | { type: 'invoke'; id: number; name: string; args: unknown }
  /** The folder the main process's dialog chose (never one from the window): Connection.setExportFolder. */
  | { type: 'set-export-folder'; id: number; folder: string }
  | { type: 'shutdown' };

export type FromCore =
  | { type: 'ready'; databasePath: string }
  | { type: 'result'; id: number; result: InvokeResult<unknown> }
  | { type: 'event'; event: ProgressEvent }
  | { type: 'fatal'; message: string }
  /** The answer to 'shutdown': the database is closed; the process may end. */
  | { type: 'closed' };

/** The one thing the relay needs of a port: Electron's UtilityProcess and MessagePortMain both fit. */
export interface PortLike<In, Out> {
  postMessage(message: Out): void;
  on(event: 'message', listener: (message: In) => void): unknown;
}

export const IPC_INVOKE = 'paydesk:invoke';
export const IPC_EVENT = 'paydesk:event';
export const IPC_OPEN_FILE = 'paydesk:open-file';
export const IPC_PRINT_FILE = 'paydesk:print-file';
export const IPC_SAVE_FILE = 'paydesk:save-file';
export const IPC_CHANGE = 'paydesk:change';
export const IPC_CONNECTION = 'paydesk:connection';
export const IPC_DESKTOP = 'paydesk:desktop';
export const IPC_OPEN_REQUEST = 'paydesk:open-request';
