import type { ExportFolderView } from './contract/reference';
import type { InvokeResult } from './window-api';

// The desktop app's own calls (Electron main process), beside the core's handlers: where the
// window's calls go (a local database file or a PayDesk server), and switching between them.
// The page never names a path: a database file is chosen in the main process's open dialog.

/** Where the desktop's calls go now. */
export type Where = { kind: 'file'; file: string; name: string } | { kind: 'server'; origin: string };

/** What a server's certificate is to this desktop, seen before anything is sent to it. */
export interface ServerProbe {
  origin: string;
  /** The SHA-256 fingerprint of the certificate the server shows now. */
  fingerprint: string;
  /**
   * new: self-signed, never seen: compare the fingerprint, then it is pinned.
   * pinned: the one pinned at the first contact. changed: not the pinned one (`pinned`): refused.
   * trusted: an authority this machine trusts vouches for it (the agency's own certificate).
   */
  status: 'new' | 'pinned' | 'changed' | 'trusted';
  /** The fingerprint pinned before, when there is one. */
  pinned: string | null;
}

export interface DesktopApi {
  where(): Promise<Where>;
  /** Looks at a server's certificate (a TLS handshake only: nothing is sent). */
  probeServer(address: string): Promise<InvokeResult<ServerProbe>>;
  /**
   * Connects to the server whose certificate has this fingerprint (the one the user compared;
   * null for a certificate an authority vouches for), and pins it. A certificate other than the
   * pinned one is refused unless `replace` (the administrator confirmed the new one).
   */
  connectServer(address: string, fingerprint: string | null, replace?: boolean): Promise<InvokeResult<Where>>;
  /** Back to this computer's own database (paydesk.sqlite in the user-data folder). */
  openDefaultDatabase(): Promise<InvokeResult<Where>>;
  /** A database file chosen in the open dialog; null when the user cancels. */
  openDatabaseFile(): Promise<InvokeResult<Where | null>>;
  /**
   * Settings → Agency and bank → Choose…: the export folder, picked in the main process's folder
   * dialog and set as the signed-in user (an Administrator); null when the user cancels. Refused
   * when connected to a server (its folder is set on its machine).
   */
  chooseExportFolder(): Promise<InvokeResult<ExportFolderView | null>>;
  /** File > Open… in the menu: the page shows its Open dialog. */
  onOpenRequest(listener: () => void): () => void;
}
