import path from 'node:path';
import type { ProgressEvent } from '../../shared/api/common';
import type { HandlerArgs, HandlerName, HandlerResult } from '../../shared/api/contract';
import type { SessionUser } from '../../shared/api/contract/session';
import type { InvokeResult } from '../../shared/api/window-api';
import { auditTrailProblem } from './integrity/checks';
import type { CoreHostOperations, HandlerContext } from './context';
import { Store } from './db/store';
import { registerAllHandlers, runStartupTasks } from './features';
import { Registry } from './registry';

export interface CoreOptions {
  databaseFile: string;
  /** Where the demo database and export folders live by default (the app's user-data folder). */
  dataDir?: string;
  isDemo?: boolean;
  now?: () => Date;
  log?: HandlerContext['log'];
  /** Skip start-up housekeeping (auto-deny, export repair): for tests that set the stage first. */
  skipStartupTasks?: boolean;
  /** Create the database file if it does not exist: only when the user asked for a new database. */
  create?: boolean;
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
  store!: Store;
  isDemo = false;
  readonly dataDir: string;
  readonly now: () => Date;
  readonly log: HandlerContext['log'];
  /** Set when the audit chain failed verification at start: the database is then read-only. */
  auditProblem: string | null = null;

  private constructor(private readonly options: CoreOptions) {
    this.dataDir = options.dataDir ?? path.dirname(path.resolve(options.databaseFile));
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? defaultLog;
    registerAllHandlers(this.registry);
    const missing = this.registry.missing();
    if (missing.length > 0) throw new Error(`handlers without an implementation: ${missing.join(', ')}`);
  }

  static async start(options: CoreOptions): Promise<Core> {
    const core = new Core(options);
    await core.openDatabase(options.databaseFile, { demo: options.isDemo, create: options.create });
    return core;
  }

  async openDatabase(file: string, options: { demo?: boolean; create?: boolean } = {}): Promise<void> {
    const next = await Store.open(file, { create: options.create, busyTimeoutMs: this.options.busyTimeoutMs });
    let auditProblem: string | null;
    try {
      auditProblem = await next.read(({ sql }) => auditTrailProblem(sql));
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

  onEvent(listener: (event: ProgressEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ProgressEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** A session: one per window, per web preview, per CLI run, per test user. */
  connect(user: SessionUser | null = null): Connection {
    return new Connection(this, user);
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
  constructor(
    private readonly core: Core,
    public user: SessionUser | null,
  ) {}

  context(): HandlerContext {
    return {
      store: this.core.store,
      caller: this.user,
      signIn: (user) => {
        this.user = user;
      },
      signOut: () => {
        this.user = null;
      },
      emit: (event) => this.core.emit(event),
      now: this.core.now,
      log: this.core.log,
      host: this.core,
    };
  }

  /** For the IPC relay and the web preview: never throws, returns a tagged result. */
  invoke(name: string, args: unknown): Promise<InvokeResult<unknown>> {
    return this.core.registry.invoke(name, args, this.context());
  }

  /** Typed, throwing: for the CLI and the tests. */
  call<K extends HandlerName>(name: K, args: HandlerArgs<K>): Promise<HandlerResult<K>> {
    return this.core.registry.call(name, args, this.context());
  }
}
