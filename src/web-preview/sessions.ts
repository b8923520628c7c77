import type { Core, Connection } from '../main/core/core';

// The preview's sessions: one core Connection per browser tab (its session id). The core applies
// the session rules (idle expiry, disabled users, password changes) on every call; this map only
// forgets connections nobody used for a day, and keeps at most MAX of them, so that made-up
// session ids cannot fill the memory.

const MAX = 500;
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export class PreviewSessions {
  private readonly connections = new Map<string, { connection: Connection; lastUsed: number }>();

  constructor(private readonly core: Core) {}

  get(id: string): Connection {
    const now = Date.now();
    let entry = this.connections.get(id);
    if (entry) this.connections.delete(id); // re-inserted below: the map stays in order of use
    else entry = { connection: this.core.connect(null), lastUsed: now };
    entry.lastUsed = now;
    this.connections.set(id, entry);
    for (const [key, e] of this.connections) {
      if (this.connections.size <= MAX && now - e.lastUsed < FORGET_AFTER_MS) break;
      this.connections.delete(key);
    }
    return entry.connection;
  }

  get size(): number {
    return this.connections.size;
  }
}
