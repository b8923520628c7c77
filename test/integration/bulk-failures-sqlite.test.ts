import { afterEach, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/core';
import { openWorld, type World } from './workflow-fixture';

// SQLite only (vitest.config.mts POSTGRES_SQLITE_ONLY): the store's work without a transaction
// (`transaction: false`) exists on SQLite alone; on PostgreSQL every store.run is a transaction.

let w: World;
afterEach(async () => w?.close());

describe('bulk runs on SQLite', () => {
  it('a row savepoint outside a transaction is refused before anything is written', async () => {
    w = await openWorld();
    const before = await snapshot(w.core);
    await expect(
      w.core.store.run(({ db }) => db.savepoint(() => db.run(`UPDATE payment SET version = version + 1`)), { transaction: false }),
    ).rejects.toThrow(/a savepoint needs a transaction/);
    expect(await snapshot(w.core)).toEqual(before);
  });
});
