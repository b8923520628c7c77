import fs from 'node:fs';
import path from 'node:path';
import type { ProgressEvent } from '../../shared/api/common';
import { changesData, isHandlerName, type HandlerArgs, type HandlerName, type HandlerResult } from '../../shared/api/contract';
import type { ChangeEvent } from '../../shared/api/changes';
import { describeChange } from './changes';
import type { SessionUser } from '../../shared/api/contract/session';
import type { InvokeResult } from '../../shared/api/window-api';
import { auditTrailProblem } from './integrity/checks';
import { auditTrailOf } from './audit/chain';
import { glanceAuditTrail } from './audit/trail';
import { isPostgresUrl } from './db/engine/url';
import { postgresExportsDir } from './db/engine/key-location';
import { defaultDataDir } from './paths';
import { KEY_FILE_SUFFIX } from './audit/key';
import { checkBackupFile } from './backup/check';
import { recordRestore, replaceDatabaseFile } from './backup/backup';
import type { CoreHostOperations, HandlerContext } from './context';
import { Store } from './db/store';
import { registerAllHandlers, runStartupTasks } from './features';
import { Registry } from './registry';
import { AppError } from '../../shared/api/errors';
import { OPERATOR, recheckSession, type SessionState } from './session/caller';
import type { FailureRow } from './session/throttle';
import type { ExportFolderView } from '../../shared/api/contract/reference';
import { setExportFolder } from './reference/agency';

export interface CoreOptions {
  databaseFile: string;
  /** Where the demo database and export folders live by default (the app's user-data folder). */
  dataDir?: string;
  isDemo?: boolean;
  now?: () => Date;
  log?: HandlerContext['log'];
  /** Skip start-up housekeeping (auto-deny, export repair): for tests that set the stage first. */
  skipStartupTasks?: boolean;
  /**
   * The desktop app's secret from the OS keychain (Electron safeStorage), which protects audit
   * key files at rest. Absent on the CLI, the server and in tests: key files are plain, owner-only.
   */
  auditVault?: Buffer | null;
  /** Create the database file if it does not exist: only when the user asked for a new database. */
  create?: boolean;
  /**
   * Open the database to read only (the CLI's read commands): query_only, no quick_check of the
   * file, the audit trail bound with its key after a check of its seal and last event only (not the
   * whole chain), no start-up housekeeping. A database that needs its migrations, or whose trail was
   * never sealed, is opened as usual. SQLite files only.
   */
  readingOnly?: boolean;
  /** How long a write waits for another process's write lock before "busy" (default 10 s). */
  busyTimeoutMs?: number;
}

const defaultLog: HandlerContext['log'] = (level, message, detail) => {
  if (level === 'info') return;
  console.error(`[paydesk ${level}] ${message}`, detail ?? '');
};

/**
 * The application core: the database and the handler registry. It runs in Electron's utility
 * process, in the CLI, in the web preview's server and in-process in tests, always the same way.
 */
export class Core implements CoreHostOperations {
  readonly registry = new Registry();
  private listeners = new Set<(event: ProgressEvent) => void>();
  private changeListeners = new Set<(event: ChangeEvent) => void>();
  store!: Store;
  isDemo = false;
  readonly dataDir: string;
  readonly now: () => Date;
  readonly log: HandlerContext['log'];
  /** Set when the audit chain failed verification at start: the database is then read-only. */
  auditProblem: string | null = null;
  readonly signInFailures = new Map<string, FailureRow>();
  /** Set by `paydesk serve` (src/server): shown by app-status. */
  server?: { certificateFingerprint: string };

  private constructor(private readonly options: CoreOptions) {
    // A PostgreSQL database has no folder of its own here: its exports go to this machine's data folder.
    this.dataDir = options.dataDir ?? (isPostgresUrl(options.databaseFile) ? defaultDataDir() : path.dirname(path.resolve(options.databaseFile)));
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? defaultLog;
    registerAllHandlers(this.registry);
    const missing = this.registry.missing();
    if (missing.length > 0) throw new Error(`handlers without an implementation: ${missing.join(', ')}`);
  }

  get exportsDir(): string {
    const file = (this.store as Store | undefined)?.file ?? this.options.databaseFile;
    return isPostgresUrl(file) ? postgresExportsDir(file, this.dataDir) : path.join(this.dataDir, 'exports');
  }

  static async start(options: CoreOptions): Promise<Core> {
    const core = new Core(options);
    await core.openDatabase(options.databaseFile, { demo: options.isDemo, create: options.create });
    return core;
  }

  async openDatabase(file: string, options: { demo?: boolean; create?: boolean } = {}): Promise<void> {
    if (this.options.readingOnly && !options.create && !isPostgresUrl(file) && (await this.openForReading(file, options))) return;
    const next = await Store.open(file, { create: options.create, busyTimeoutMs: this.options.busyTimeoutMs, migrate: false });
    let auditProblem: string | null = null;
    try {
      // A damaged file is verified as it is, never sealed (nothing is written to it).
      const check = () => ({ databaseFile: file, vault: this.options.auditVault, seal: !next.readOnlyReason, at: this.now().toISOString() });
      // The trail is opened with its key before the migrations run, so a migration that records an
      // audit event (0011) records it keyed; a new database has no trail until its first migration.
      const hasTrail = !!(await next.read(({ db }) => db.one(db.dialect.tableExists, ['audit_event'])));
      if (hasTrail) auditProblem = await auditTrailProblem(next.db, check());
      await next.migrate();
      if (!hasTrail) auditProblem = await auditTrailProblem(next.db, check());
    } catch (err) {
      await next.close();
      throw err;
    }
    if (auditProblem) next.setReadOnly(auditProblem);
    const previous = this.store as Store | undefined;
    this.store = next;
    this.isDemo = options.demo ?? false;
    if (previous) await previous.close();
    this.auditProblem = auditProblem;
    if (next.readOnlyReason) this.log('error', `The database is read-only: ${next.readOnlyReason}`);
    // Housekeeping writes; a read-only database is left exactly as it is.
    if (!this.options.skipStartupTasks && !next.readOnlyReason) await runStartupTasks(this.systemContext());
  }

  /**
   * The open of `readingOnly`: true when the database is open to read, false when it needs an open
   * that may write (migrations pending or unknown, a new database, a trail never sealed). DESIGN.md section 9
   * opens a database that fails its checks read-only; this connection is read-only from the start,
   * so what it leaves unchecked (the file's pages, the chain between its seal and its last event)
   * guards nothing it could do. Every open that may write makes the full checks.
   */
  private async openForReading(file: string, options: { demo?: boolean }): Promise<boolean> {
    const next = await Store.open(file, { busyTimeoutMs: this.options.busyTimeoutMs, reading: true });
    // Migrations to run (or from a newer PayDesk) or a trail to seal ('unsealed'): only the usual
    // open, with its checks, migrates, refuses or seals.
    let problem: string | null | 'unsealed' = 'unsealed';
    try {
      const hasTrail = !!(await next.read(({ db }) => db.one(db.dialect.tableExists, ['audit_event'])));
      if (hasTrail && (await next.migrationsMatch())) problem = await glanceAuditTrail(next.db, file, { vault: this.options.auditVault });
    } catch (err) {
      await next.close();
      throw err;
    }
    if (problem === 'unsealed') {
      await next.close();
      return false;
    }
    if (problem) next.setReadOnly(problem);
    const previous = this.store as Store | undefined;
    this.store = next;
    this.isDemo = options.demo ?? false;
    if (previous) await previous.close();
    this.auditProblem = problem;
    if (next.readOnlyReason) this.log('error', `The database is read-only: ${next.readOnlyReason}`);
    return true;
  }

  /**
   * Restores a backup over the open database: checked first (nothing changes if it fails), the
   * database closed, replaced (the old file kept aside) and opened again; every session's caller
   * is read from the restored database at its next call. If the restored file will not open, the
   * old one is put back.
   */
  async restoreDatabase(backup: string): Promise<{ keptAs: string | null }> {
    const file = this.store.file;
    // A backup of this database is verified under its key (the one in use now).
    const keys = { key: auditTrailOf(this.store.db)?.key ?? null, vault: this.options.auditVault };
    await checkBackupFile(backup, keys); // a missing or foreign file is refused before anything is closed
    await this.store.close();
    let replaced: Awaited<ReturnType<typeof replaceDatabaseFile>>;
    try {
      replaced = await replaceDatabaseFile(file, backup, this.now(), keys);
    } catch (err) {
      await this.openDatabase(file, { demo: this.isDemo });
      throw err;
    }
    try {
      await this.openDatabase(file, { demo: this.isDemo });
    } catch (err) {
      if (replaced.keptAs) for (const suffix of ['', '-wal', '-shm', KEY_FILE_SUFFIX]) if (fs.existsSync(replaced.keptAs + suffix)) fs.renameSync(replaced.keptAs + suffix, file + suffix);
      await this.openDatabase(file, { demo: this.isDemo });
      throw err;
    }
    await recordRestore(this.store, { backup, ...replaced }, this.now());
    return { keptAs: replaced.keptAs };
  }

  onEvent(listener: (event: ProgressEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ProgressEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** After each call of a handler that changes data and succeeded (committed): what it changed. */
  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Called by a Connection after a call succeeded: a change event if the handler writes data. */
  announce(name: string, args: unknown, result: unknown, by: SessionUser | null): void {
    if (this.changeListeners.size === 0 || !isHandlerName(name) || !changesData(name)) return;
    const event = describeChange(name, args, result, by?.id ?? null, this.now().toISOString());
    for (const l of this.changeListeners) l(event);
  }

  /**
   * A session: one per window, per web preview tab, per CLI run, per test user. A user given here
   * acts without a password (the CLI's --as, tests): the session rules still apply on every call.
   */
  connect(user: SessionUser | null = null): Connection {
    return new Connection(this, user);
  }

  /** The command line without --as: the operator of the database file, as an Administrator. */
  operator(): Connection {
    const connection = new Connection(this, null);
    connection.becomeOperator();
    return connection;
  }

  /** Context for the application's own work (start-up and daily housekeeping). */
  systemContext(): HandlerContext {
    return this.connect(null).context();
  }

  async close(): Promise<void> {
    await this.store?.close();
  }
}

export class Connection {
  private session: SessionState | null;
  private isOperator = false;
  /** Why the core ended this session (shown at the next sign-in), or null. */
  signedOutBecause: string | null = null;

  constructor(
    private readonly core: Core,
    user: SessionUser | null,
  ) {
    this.session = user ? { user, passwordVersion: null, withPassword: false, lastCallAt: core.now().getTime() } : null;
  }

  /** The caller as of the last call. */
  get user(): SessionUser | null {
    return this.session?.user ?? null;
  }

  /** The command line's operator: not a user of the database, so nothing to read again. */
  becomeOperator(): void {
    this.session = { user: OPERATOR, passwordVersion: null, withPassword: false, lastCallAt: 0 };
    this.isOperator = true;
  }

  context(): HandlerContext {
    return {
      store: this.core.store,
      caller: this.user,
      signedOutBecause: this.signedOutBecause,
      signIn: (user, passwordVersion) => {
        this.session = { user, passwordVersion, withPassword: true, lastCallAt: this.core.now().getTime() };
        this.isOperator = false;
        this.signedOutBecause = null;
      },
      signOut: () => {
        this.session = null;
        this.isOperator = false;
      },
      emit: (event) => this.core.emit(event),
      now: this.core.now,
      log: this.core.log,
      host: this.core,
    };
  }

  /** The session rules, before every call: who the caller is now, or the end of the session. */
  private async recheck(): Promise<void> {
    const session = this.session;
    if (!session || this.isOperator) return;
    const now = this.core.now().getTime();
    const verdict = await this.core.store.read(({ db }) => recheckSession(db, session, now));
    if (this.session !== session) return; // signed in or out meanwhile
    if ('ended' in verdict) {
      this.session = null;
      this.signedOutBecause = verdict.ended;
    } else {
      this.session = verdict.state;
    }
  }

  /** For the IPC relay and the web preview: never throws, returns a tagged result. */
  async invoke(name: string, args: unknown): Promise<InvokeResult<unknown>> {
    try {
      await this.recheck();
    } catch (err) {
      return { ok: false, error: AppError.from(err).toJSON() };
    }
    const result = await this.core.registry.invoke(name, args, this.context());
    if (result.ok) this.core.announce(name, args, result.value, this.user);
    return result;
  }

  /**
   * Sets the export folder as this session's user (an Administrator). A trusted call, made only
   * by the main process with the folder its dialog chose (and by the command line): the window's
   * calls and a server's clients go through invoke, where no handler takes a folder (DESIGN.md §9).
   */
  async setExportFolder(folder: string): Promise<InvokeResult<ExportFolderView>> {
    try {
      await this.recheck();
      return { ok: true, value: await setExportFolder(this.context(), folder) };
    } catch (err) {
      return { ok: false, error: AppError.from(err).toJSON() };
    }
  }

  /** Typed, throwing: for the CLI and the tests. */
  async call<K extends HandlerName>(name: K, args: HandlerArgs<K>): Promise<HandlerResult<K>> {
    await this.recheck();
    const result = await this.core.registry.call(name, args, this.context());
    this.core.announce(name, args, result, this.user);
    return result;
  }
}
