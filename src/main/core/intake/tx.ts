import type { Store, Tx as StoreTx } from '../db/store';

/**
 * One write transaction in the store's queue (SQLite: BEGIN IMMEDIATE; PostgreSQL: the locks
 * named, taken at its start). Two PayDesk processes on the same file then wait for each other's
 * write lock (the busy timeout) instead of one failing half-way, and two cores in one process
 * cannot interleave inside it. Rolls back on throw.
 */
export function writeTx<T>(store: Store, work: (tx: StoreTx) => Promise<T> | T, options: { locks?: readonly string[] } = {}): Promise<T> {
  return store.run(work, options);
}
