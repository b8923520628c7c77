import type { ProgressEvent } from '../shared/api/common';
import type { InvokeResult } from '../shared/api/window-api';
import type { FromCore, PortLike, ToCore } from './protocol';

/**
 * Main's side of the relay: forwards named calls to the core process and matches the answers.
 * If the core process dies, every pending call is answered with a clear error instead of hanging.
 */
export class CoreClient {
  private nextId = 1;
  private pending = new Map<number, (result: InvokeResult<unknown>) => void>();
  private listeners = new Set<(event: ProgressEvent) => void>();
  private ready: Promise<string>;
  private markReady!: (path: string) => void;
  private fail!: (err: Error) => void;
  private closedListeners = new Set<() => void>();

  constructor(private readonly port: PortLike<FromCore, ToCore>) {
    this.ready = new Promise((resolve, reject) => {
      this.markReady = resolve;
      this.fail = reject;
    });
    this.ready.catch(() => undefined);
    port.on('message', (message) => this.receive(message));
  }

  whenReady(): Promise<string> {
    return this.ready;
  }

  private receive(message: FromCore): void {
    switch (message.type) {
      case 'ready':
        this.markReady(message.databasePath);
        break;
      case 'result': {
        const resolve = this.pending.get(message.id);
        this.pending.delete(message.id);
        resolve?.(message.result);
        break;
      }
      case 'event':
        for (const l of this.listeners) l(message.event);
        break;
      case 'closed':
        for (const l of this.closedListeners) l();
        break;
      case 'fatal':
        this.fail(new Error(message.message));
        this.coreExited(message.message);
        break;
    }
  }

  /** Called when the core process exits: answer everything still waiting. */
  coreExited(reason: string): void {
    for (const [id, resolve] of this.pending) {
      resolve({ ok: false, error: { code: 'INTERNAL', message: `The PayDesk core stopped (${reason}). Restart the app; nothing was lost that was committed.` } });
      this.pending.delete(id);
    }
  }

  invoke(name: string, args: unknown): Promise<InvokeResult<unknown>> {
    if (typeof name !== 'string' || name.length > 100) {
      return Promise.resolve({ ok: false, error: { code: 'BAD_REQUEST', message: 'A handler name is a short string.' } });
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.port.postMessage({ type: 'invoke', id, name, args });
    });
  }

  /** The export folder the main process's dialog chose, set as the window's signed-in user. */
  setExportFolder(folder: string): Promise<InvokeResult<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.port.postMessage({ type: 'set-export-folder', id, folder });
    });
  }

  /** Asks the core to close its database; resolves when it has (or after `timeoutMs`). */
  shutdown(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      timer.unref?.();
      const closedListeners = this.closedListeners;
      function done() {
        clearTimeout(timer);
        closedListeners.delete(done);
        resolve();
      }
      this.closedListeners.add(done);
      this.port.postMessage({ type: 'shutdown' });
    });
  }

  onEvent(listener: (event: ProgressEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
