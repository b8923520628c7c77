import type { HandlerArgs, HandlerName, HandlerResult } from './contract';
import type { AppErrorShape } from './errors';
import type { ProgressEvent } from './common';
import type { FileRef } from './contract/export';
import type { ChangeEvent } from './changes';
import type { DesktopApi } from './desktop';

/**
 * What the preload (Electron) or the web preview's shim puts on window.api. A call resolves to
 * a tagged result instead of throwing, because Electron's IPC loses error classes on the way.
 * Imported files travel as their text (read by the page), so imports work the same everywhere.
 */
export type InvokeResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export interface PayDeskWindowApi {
  invoke<K extends HandlerName>(name: K, args: HandlerArgs<K>): Promise<InvokeResult<HandlerResult<K>>>;
  /** Subscribe to core events (progress of long work). Returns the unsubscribe function. */
  onEvent(listener: (event: ProgressEvent) => void): () => void;
  /**
   * What other users committed (a PayDesk server's change events), so the screens refresh. Only
   * where there are other users: a window on a local file has none.
   */
  onChange?(listener: (event: ChangeEvent) => void): () => void;
  /** The server connection lost ('offline') and back ('online'); the page refreshes everything then. */
  onConnection?(listener: (state: 'online' | 'offline') => void): () => void;
  /** Set when the page talks to a PayDesk server: where. */
  server?: { origin: string };
  /** The desktop app only: where its calls go (a local file or a server), and switching (File > Open…). */
  desktop?: DesktopApi;
  /**
   * Native helpers of the Electron shell; the web preview does what a browser can. A file is named
   * by batch and kind, never by a path: the core finds it (and refuses what the caller may not see).
   */
  shell: {
    /** Opens a batch's file with the system's application, or its folder in the file manager. */
    openFile(file: FileRef): Promise<void>;
    printFile(file: FileRef): Promise<void>;
    /** Saves a copy where the user chooses (a save dialog of the main process). */
    saveFileAs(file: FileRef): Promise<void>;
  };
}
