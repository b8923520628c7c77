import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ChangeEvent } from '../shared/api/changes';
import type { ProgressEvent } from '../shared/api/common';
import type { FileRef } from '../shared/api/contract/export';
import type { ServerProbe, Where } from '../shared/api/desktop';
import { AppError } from '../shared/api/errors';
import type { InvokeResult } from '../shared/api/window-api';
import { normalizeFingerprint } from '../server/certificate';
import { CertificateError, pinStore, probeCertificate, serverOrigin, ServerTransport, type PinStore } from '../server/client';
import { RemoteBackend, type ConnectionState } from './remote';

// Where the desktop's calls go: the core of a local database file (in the utility process), or a
// PayDesk server. The window always has the same typed api; this switch carries each call to the
// one in use. The choice is remembered in the user-data folder (connection.json), the servers'
// pinned certificates in server-pins.json beside it (the file the command line pins in too).

export const CHOICE_FILE = 'connection.json';
export const PINS_FILE = 'server-pins.json';
/** Batch files fetched from a server, to be opened, printed or saved by the system. */
export const SERVER_FILES_DIR = 'server-files';

const NEW_CERTIFICATE_ADVICE =
  'Ask the server\'s administrator for its fingerprint. If the certificate really changed, choose File > Open…, connect to the server again and replace the pinned certificate.';

/** A local core as the switch needs it (the utility process's CoreClient, or the core in-process in tests). */
export interface LocalCore {
  invoke(name: string, args: unknown): Promise<InvokeResult<unknown>>;
  onEvent(listener: (event: ProgressEvent) => void): () => void;
  /** Resolves with the database's path once open; rejects with why it cannot be opened. */
  whenReady(): Promise<string>;
  /** Sets the export folder (chosen in the main process's dialog) as the window's signed-in user. */
  setExportFolder(folder: string): Promise<InvokeResult<unknown>>;
  stop(): Promise<void> | void;
}

export interface DesktopDeps {
  /** The app's user-data folder. */
  dataDir: string;
  /** This computer's own database (paydesk.sqlite in the user-data folder, created on first start). */
  defaultDatabase: string;
  startLocal(file: string, options: { create: boolean }): LocalCore;
  /** The main process's open dialog; null when the user cancels. */
  chooseDatabaseFile(): Promise<string | null>;
  /** The main process's folder dialog, opened at `current`; null when the user cancels. */
  chooseExportFolder(current: string | null): Promise<string | null>;
}

type Choice = { kind: 'file'; file: string } | { kind: 'server'; origin: string };

const address = z.string().trim().min(1, 'must not be empty').max(300);
/** What the window may ask of the switch (one IPC channel); anything else is refused. */
export const desktopRequest = z.discriminatedUnion('op', [
  z.object({ op: z.literal('where') }).strict(),
  z.object({ op: z.literal('probe'), address }).strict(),
  z.object({ op: z.literal('connect'), address, fingerprint: z.string().max(200).nullable(), replace: z.boolean().optional() }).strict(),
  z.object({ op: z.literal('open-default') }).strict(),
  z.object({ op: z.literal('open-file') }).strict(),
  z.object({ op: z.literal('choose-export-folder') }).strict(),
]);

const failed = (err: unknown): { ok: false; error: ReturnType<AppError['toJSON']> } => ({ ok: false, error: AppError.from(err).toJSON() });

export function certificateWarning(origin: string, seen: string, pinned: string): string {
  return (
    `WARNING: the server at ${origin} shows a certificate with the SHA-256 fingerprint ${seen}, not the one pinned at the first contact, ${pinned}. ` +
    'Someone may be intercepting the connection, or the server has a new certificate. Nothing was sent to it. ' +
    NEW_CERTIFICATE_ADVICE
  );
}

export class Desktop {
  readonly pins: PinStore;
  private local: { file: string; core: LocalCore; off: () => void } | null = null;
  private remote: RemoteBackend | null = null;
  private readonly progress = new Set<(event: ProgressEvent) => void>();
  private readonly changes = new Set<(event: ChangeEvent) => void>();
  private readonly connection = new Set<(state: ConnectionState) => void>();

  constructor(private readonly deps: DesktopDeps) {
    this.pins = pinStore(path.join(deps.dataDir, PINS_FILE));
  }

  /**
   * Opens what was in use when the app last closed (or `file`, a database named when the app was
   * started): a server is reached with its pinned certificate; the local core starts only when a
   * local file is in use.
   */
  async start(file?: string): Promise<Where> {
    const choice = file ? ({ kind: 'file', file } as const) : this.readChoice();
    if (choice?.kind === 'server') {
      this.useRemote(this.backendFor(choice.origin, undefined));
      return this.where();
    }
    const chosen = choice?.kind === 'file' && fs.existsSync(choice.file) ? choice.file : this.deps.defaultDatabase;
    // A file named for this run only is not remembered as the one to open next time.
    await this.openLocal(chosen, { remember: !file });
    return this.where();
  }

  where(): Where {
    if (this.remote) return { kind: 'server', origin: this.remote.origin };
    const file = this.local?.file ?? this.deps.defaultDatabase;
    return { kind: 'file', file, name: path.basename(file) };
  }

  /** Connected to a server and hearing its events (signed in, the stream open). */
  listening(): boolean {
    return this.remote?.listening ?? false;
  }

  invoke(name: string, args: unknown): Promise<InvokeResult<unknown>> {
    if (this.remote) return this.remote.invoke(name, args);
    if (!this.local) return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'PayDesk has no database open: choose File > Open….' } });
    return this.invokeLocal(this.local, name, args);
  }

  private async invokeLocal(local: NonNullable<Desktop['local']>, name: string, args: unknown): Promise<InvokeResult<unknown>> {
    const result = await local.core.invoke(name, args);
    // The first start's demo: the same core now works on the demo database (for this run).
    if (name === 'setup-open-demo' && result.ok) local.file = (result.value as { databasePath: string }).databasePath;
    return result;
  }

  /** Where a batch's file is on this machine: found by the local core, or fetched from the server. */
  async locateFile(ref: FileRef): Promise<InvokeResult<{ path: string; exists: boolean; kind: string }>> {
    if (this.remote) {
      const fetched = await this.remote.fetchFile(ref);
      return fetched.ok ? { ok: true, value: { ...fetched.value, exists: true } } : fetched;
    }
    return (await this.invoke('export-file-locate', ref)) as InvokeResult<{ path: string; exists: boolean; kind: string }>;
  }

  onEvent(listener: (event: ProgressEvent) => void): () => void {
    this.progress.add(listener);
    return () => this.progress.delete(listener);
  }

  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.changes.add(listener);
    return () => this.changes.delete(listener);
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connection.add(listener);
    return () => this.connection.delete(listener);
  }

  /** The window's requests of the switch (validated here: the page is not trusted with more). */
  async handle(raw: unknown): Promise<InvokeResult<unknown>> {
    const parsed = desktopRequest.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, error: { code: 'BAD_REQUEST', field: issue.path.join('.') || undefined, message: `${issue.path.join('.') || 'The request'}: ${issue.message}` } };
    }
    const request = parsed.data;
    switch (request.op) {
      case 'where':
        return { ok: true, value: this.where() };
      case 'probe':
        return this.probe(request.address);
      case 'connect':
        return this.connect(request.address, request.fingerprint, request.replace ?? false);
      case 'open-default':
        return this.openLocalResult(this.deps.defaultDatabase);
      case 'open-file': {
        const file = await this.deps.chooseDatabaseFile();
        return file ? this.openLocalResult(file) : { ok: true, value: null };
      }
      case 'choose-export-folder':
        return this.chooseExportFolder();
    }
  }

  /**
   * Settings → Agency and bank → Choose…: the folder dialog of this computer, for its own database.
   * A server's export folder is on the server's machine, so it is set there.
   */
  private async chooseExportFolder(): Promise<InvokeResult<unknown>> {
    if (this.remote) {
      return {
        ok: false,
        error: { code: 'REFUSED', message: `The export folder of the PayDesk server at ${this.remote.origin} is on the server's machine: its administrator sets it there with "paydesk export-folder PATH --db …".` },
      };
    }
    const local = this.local;
    if (!local) return { ok: false, error: { code: 'UNAVAILABLE', message: 'PayDesk has no database open: choose File > Open….' } };
    const current = await local.core.invoke('export-folder-get', {});
    const folder = await this.deps.chooseExportFolder(current.ok ? (current.value as { folder: string }).folder : null);
    return folder === null ? { ok: true, value: null } : local.core.setExportFolder(folder);
  }

  /** The certificate a server shows, and what it is to this desktop (nothing is sent). */
  async probe(raw: string): Promise<InvokeResult<ServerProbe>> {
    try {
      const origin = serverOrigin(raw);
      const seen = await probeCertificate(origin);
      const pinned = this.pins.get(origin);
      const status: ServerProbe['status'] = pinned ? (pinned === seen.fingerprint ? 'pinned' : 'changed') : seen.trustedByAuthority ? 'trusted' : 'new';
      return { ok: true, value: { origin, fingerprint: seen.fingerprint, status, pinned } };
    } catch (err) {
      return failed(err);
    }
  }

  /**
   * Connects to a server whose certificate has the fingerprint the user compared (pinned at this
   * first contact), signs nothing in yet: the window's sign-in then goes to the server.
   */
  async connect(raw: string, fingerprint: string | null, replace = false): Promise<InvokeResult<Where>> {
    let backend: RemoteBackend | null = null;
    try {
      const origin = serverOrigin(raw);
      const given = fingerprint === null ? null : normalizeFingerprint(fingerprint);
      if (fingerprint !== null && !given) {
        throw new AppError({ code: 'BAD_REQUEST', field: 'fingerprint', message: 'A fingerprint is the 64 hex digits of the certificate\'s SHA-256 (with or without colons).' });
      }
      const seen = await probeCertificate(origin);
      const pinned = this.pins.get(origin);
      if (pinned && pinned !== seen.fingerprint && !replace) throw new CertificateError(certificateWarning(origin, seen.fingerprint, pinned));
      if (given && given !== seen.fingerprint) {
        throw new CertificateError(`The server at ${origin} now shows a certificate with the SHA-256 fingerprint ${seen.fingerprint}, not the ${given} you compared. Nothing was sent to it.`);
      }
      if (!given && !seen.trustedByAuthority && pinned !== seen.fingerprint) {
        throw new CertificateError(`The server at ${origin} has its own (self-signed) certificate: compare its fingerprint with the one "paydesk serve" printed before connecting.`);
      }
      if (replace && !given) throw new AppError({ code: 'BAD_REQUEST', field: 'fingerprint', message: 'A pinned certificate is replaced only by a fingerprint the administrator confirmed.' });
      // Trusted by an authority and never pinned: the authorities decide on every connection.
      backend = this.backendFor(origin, given ?? (pinned === seen.fingerprint ? pinned : undefined));
      // The first contact: the certificate is checked (and pinned) before the request is written.
      const status = await backend.invoke('app-status', {});
      if (!status.ok) throw new AppError(status.error);
      this.useRemote(backend);
      backend = null;
      await this.stopLocal();
      return { ok: true, value: this.where() };
    } catch (err) {
      await backend?.close();
      return failed(err);
    }
  }

  private backendFor(origin: string, fingerprint: string | undefined): RemoteBackend {
    const transport = new ServerTransport({ url: origin, fingerprint, pins: this.pins, newCertificateAdvice: NEW_CERTIFICATE_ADVICE });
    return new RemoteBackend(
      transport,
      {
        change: (event) => this.changes.forEach((l) => l(event)),
        progress: (event) => this.progress.forEach((l) => l(event)),
        connection: (state) => this.connection.forEach((l) => l(state)),
      },
      path.join(this.deps.dataDir, SERVER_FILES_DIR),
    );
  }

  private useRemote(backend: RemoteBackend): void {
    const old = this.remote;
    this.remote = backend;
    void old?.close();
    this.saveChoice({ kind: 'server', origin: backend.origin });
  }

  private async openLocalResult(file: string): Promise<InvokeResult<Where>> {
    try {
      await this.openLocal(file);
      return { ok: true, value: this.where() };
    } catch (err) {
      return failed(err);
    }
  }

  /** Opens a database file in a new local core; the one in use stays until the new one is ready. */
  async openLocal(file: string, options: { remember?: boolean } = {}): Promise<void> {
    const resolved = path.resolve(file);
    if (!this.local || this.local.file !== resolved) {
      const core = this.deps.startLocal(resolved, { create: resolved === path.resolve(this.deps.defaultDatabase) });
      try {
        await core.whenReady();
      } catch (err) {
        await core.stop();
        throw err;
      }
      await this.stopLocal();
      this.local = { file: resolved, core, off: core.onEvent((event) => this.progress.forEach((l) => l(event))) };
    }
    const remote = this.remote;
    this.remote = null;
    await remote?.close();
    if (options.remember !== false) this.saveChoice({ kind: 'file', file: resolved });
  }

  private async stopLocal(): Promise<void> {
    const local = this.local;
    this.local = null;
    if (local) {
      local.off();
      await local.core.stop();
    }
  }

  private readChoice(): Choice | null {
    try {
      const value = JSON.parse(fs.readFileSync(path.join(this.deps.dataDir, CHOICE_FILE), 'utf8')) as Choice;
      if (value?.kind === 'server' && typeof value.origin === 'string') return { kind: 'server', origin: serverOrigin(value.origin) };
      if (value?.kind === 'file' && typeof value.file === 'string' && path.isAbsolute(value.file)) return { kind: 'file', file: value.file };
    } catch {
      // None yet, or unreadable: this computer's own database.
    }
    return null;
  }

  private saveChoice(choice: Choice): void {
    fs.mkdirSync(this.deps.dataDir, { recursive: true });
    fs.writeFileSync(path.join(this.deps.dataDir, CHOICE_FILE), `${JSON.stringify(choice, null, 2)}\n`, { mode: 0o600 });
  }

  async close(): Promise<void> {
    const remote = this.remote;
    this.remote = null;
    await remote?.close();
    await this.stopLocal();
  }
}
