import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { tempDir } from '../helpers/core';

// The store's one queue: a long write that pauses for progress keeps the connection to itself,
// and closing waits for it, then refuses new work with a clear message.

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** Lets the event loop go inside a long write (as a file import does for its progress). */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

async function openStore(): Promise<Store> {
  const t = tempDir();
  cleanup = t.cleanup;
  return Store.open(path.join(t.dir, 'store.sqlite'), { create: true });
}

describe('Store', () => {
  it('runs nothing else on the connection while a long write pauses, and commits it whole', async () => {
    const store = await openStore();
    const order: string[] = [];
    const long = store.run(async ({ db }) => {
      await db.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'A', 'direct')`);
      order.push('long: first half');
      await pause();
      await pause();
      await db.run(`INSERT INTO payor (id, code, name, kind) VALUES (2, 'B', 'B', 'direct')`);
      order.push('long: second half');
    });
    // Asked for during the pauses: it waits, then sees both rows.
    const read = store.read(({ sql }) => {
      order.push('read');
      return sql.prepare(`SELECT count(*) FROM payor`).pluck().get();
    });
    expect(await read).toBe(2);
    await long;
    expect(order).toEqual(['long: first half', 'long: second half', 'read']);
    await store.close();
  });

  it('rolls a long write back whole when it throws after a pause', async () => {
    const store = await openStore();
    await expect(
      store.run(async ({ db }) => {
        await db.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'A', 'direct')`);
        await pause();
        throw new Error('refused half-way');
      }),
    ).rejects.toThrow('refused half-way');
    expect(await store.read(({ sql }) => sql.prepare(`SELECT count(*) FROM payor`).pluck().get())).toBe(0);
    await store.close();
  });

  it('closing waits for the work under way and refuses work asked for after it', async () => {
    const store = await openStore();
    const long = store.run(async ({ db }) => {
      await pause();
      await db.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'A', 'A', 'direct')`);
    });
    const closed = store.close();
    await expect(store.read(() => 1)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'The database is being closed: try again once it is open.' });
    await long;
    await closed;
    const again = await Store.open(store.file);
    expect(await again.read(({ sql }) => sql.prepare(`SELECT count(*) FROM payor`).pluck().get())).toBe(1);
    await again.close();
  });
});
