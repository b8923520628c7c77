import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { ChangeEvent } from '../shared/api/changes';
import type { ProgressEvent } from '../shared/api/common';
import type { FileRef } from '../shared/api/contract/export';
import { AppError } from '../shared/api/errors';
import type { InvokeResult } from '../shared/api/window-api';
import { RemoteConnection, type ServerTransport } from '../server/client';

// The desktop's calls carried to a PayDesk server (DESIGN.md section 7): the window's named calls
// go to POST /api/call with the session's bearer token (held here, in the main process, never by
// the page); signing in and out go to /api/sign-in and /api/sign-out. While signed in, the
// server's event stream (GET /api/events) brings other users' changes and the progress of this
// session's long work; a lost stream is reported ('offline') and retried until it is back.

const RETRY_MS = [500, 1000, 2000, 4000, 5000];

export type ConnectionState = 'online' | 'offline';

export interface RemoteListeners {
  change(event: ChangeEvent): void;
  progress(event: ProgressEvent): void;
  connection(state: ConnectionState): void;
}

/** A change event that tells the screens to read everything again (the session ended on the server). */
function refreshAll(handler: string): ChangeEvent {
  return { kind: 'changed', handler, by: null, at: new Date().toISOString(), paymentIds: [], periodIds: [], batchIds: [], providerIds: [], all: true };
}

export class RemoteBackend {
  readonly connection: RemoteConnection;
  private stream: http.IncomingMessage | null = null;
  private streaming = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private state: ConnectionState = 'online';
  private closed = false;

  constructor(
    readonly transport: ServerTransport,
    private readonly listeners: RemoteListeners,
    /** Where a batch's file fetched from the server is kept to be opened, printed or saved. */
    private readonly filesDir: string,
  ) {
    this.connection = new RemoteConnection(transport);
  }

  /** Whether the server's event stream is open now. */
  get listening(): boolean {
    return this.stream !== null;
  }

  get origin(): string {
    return this.transport.origin;
  }

  async invoke(name: string, args: unknown): Promise<InvokeResult<unknown>> {
    if (name === 'session-login') {
      const a = (args ?? {}) as { username?: unknown; password?: unknown };
      try {
        const user = await this.connection.signIn(a.username as string, a.password as string);
        this.startEvents();
        return { ok: true, value: user };
      } catch (err) {
        return { ok: false, error: AppError.from(err).toJSON() };
      }
    }
    if (name === 'session-logout') {
      this.stopEvents();
      try {
        await this.connection.signOut();
      } catch {
        // The session may have ended on the server already: signed out either way.
      }
      return { ok: true, value: { ok: true } };
    }
    return this.connection.invoke(name, args);
  }

  /**
   * A batch's file from the server (a short-lived link of this session, then the file), kept in
   * this desktop's folder for server files so the system can open, print or copy it.
   */
  async fetchFile(ref: FileRef): Promise<InvokeResult<{ path: string; kind: string }>> {
    if (ref.kind === 'folder') {
      return { ok: false, error: { code: 'REFUSED', message: "A batch's folder is on the server's machine: open its files one by one from the batch." } };
    }
    try {
      const ticket = await this.transport.request('POST', '/api/file-ticket', ref, this.connection.authorization());
      const answer = JSON.parse(ticket.body) as InvokeResult<{ url: string }>;
      if (!answer.ok) return answer;
      const url = answer.value.url;
      if (!/^\/api\/file\/[0-9a-f]{48}\/[^/?#]+$/.test(url)) throw new AppError({ code: 'INTERNAL', message: 'The server answered with a file link PayDesk does not know.' });
      const res = await this.transport.request('GET', url, undefined, this.connection.authorization());
      if (res.status !== 200) {
        const error = (JSON.parse(res.body) as { error?: { message?: string } }).error;
        return { ok: false, error: { code: 'REFUSED', message: error?.message ?? `The server answered HTTP ${res.status}.` } };
      }
      // The name comes from the server: only its last part, in plain characters, is used.
      const name = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
      const folder = path.join(this.filesDir, new URL(this.origin).host.replace(/[^A-Za-z0-9.-]/g, '_'), `batch-${ref.batchId}`);
      fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
      const file = path.join(folder, name);
      fs.writeFileSync(file, res.data, { mode: 0o600 });
      return { ok: true, value: { path: file, kind: ref.kind } };
    } catch (err) {
      return { ok: false, error: AppError.from(err).toJSON() };
    }
  }

  private setState(next: ConnectionState): void {
    if (this.state === next) return;
    this.state = next;
    this.listeners.connection(next);
  }

  /** The event stream of the signed-in session, kept open (and opened again) until sign-out or close. */
  private startEvents(): void {
    this.stopEvents();
    this.streaming = true;
    this.attempts = 0;
    void this.openStream();
  }

  private stopEvents(): void {
    this.streaming = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.stream?.destroy();
    this.stream = null;
  }

  private async openStream(): Promise<void> {
    if (!this.streaming || this.closed) return;
    let res: http.IncomingMessage;
    try {
      res = await this.transport.stream('/api/events', this.connection.authorization());
    } catch {
      return this.lost();
    }
    if (!this.streaming || this.closed) return void res.destroy();
    if (res.statusCode === 401) {
      // The server no longer knows the session (signed out elsewhere, idle, restarted): the screens
      // read everything again and find themselves signed out.
      res.resume();
      this.streaming = false;
      this.setState('online');
      this.listeners.change(refreshAll('session-ended'));
      return;
    }
    if (res.statusCode !== 200) {
      res.resume();
      return this.lost();
    }
    this.stream = res;
    this.attempts = 0;
    const wasOffline = this.state === 'offline';
    this.setState('online');
    if (wasOffline) this.listeners.change(refreshAll('reconnected'));
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    });
    const ended = () => {
      if (this.stream !== res) return;
      this.stream = null;
      this.lost();
    };
    res.on('end', ended);
    res.on('close', ended);
    res.on('error', ended);
  }

  /** One server-sent event: `event: NAME` and `data: JSON` lines. */
  private dispatch(block: string): void {
    let name = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (!data) return;
    try {
      const event = JSON.parse(data) as ChangeEvent | ProgressEvent;
      if (name === 'changed' && event.kind === 'changed') this.listeners.change(event);
      else if (name === 'progress' && event.kind === 'progress') this.listeners.progress(event);
    } catch {
      // Not an event of ours: ignored.
    }
  }

  private lost(): void {
    if (!this.streaming || this.closed) return;
    this.setState('offline');
    const wait = RETRY_MS[Math.min(this.attempts++, RETRY_MS.length - 1)];
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.openStream();
    }, wait);
    this.retry.unref?.();
  }

  /** Leaves the server: the session is ended there (when it still answers), the stream closed. */
  async close(): Promise<void> {
    this.stopEvents();
    this.closed = true;
    try {
      await Promise.race([this.connection.signOut(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    } catch {
      // Gone already.
    } finally {
      this.transport.close();
    }
  }
}
