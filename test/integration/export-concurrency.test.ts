import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/core/core';
import { loadSessionUserByName } from '../../src/main/core/users/users';
import { tempDir } from '../helpers/core';
import { copyTestDatabase, type TestTarget } from '../helpers/engine';
import { testSql } from '../helpers/sql';
import { openExportWorld } from './export-world';
import { checkInvariants, runChild } from './export-processes';

// Two exports of the same period started at once export each item once: in one core (the
// store's queue), from two cores on one database in one process, and from two processes. Each
// case on a copy of the world's database (a file, or a PostgreSQL database made from it).

let template: string;
let eligible: number[];
let periodId: number;
let cleanup: () => void;
let dir: string;

beforeAll(async () => {
  const w = await openExportWorld();
  periodId = w.periodId;
  const preview = await (await w.as('payor')).call('export-preview', { periodId, payorId: 1 });
  eligible = preview.providers.flatMap((p) => p.paymentIds).sort((a, b) => a - b);
  await w.core.close();
  ({ dir, cleanup } = tempDir('paydesk-conc-'));
  const copy = await copyTestDatabase(w.file, path.join(dir, 'template.sqlite'));
  copies.push(copy);
  template = copy.target;
  await w.close().catch(() => {});
});
afterAll(async () => {
  for (const c of copies) await c.drop();
  cleanup?.();
});

const copies: TestTarget[] = [];
/** A copy of the template for one case. */
async function copyOf(name: string): Promise<string> {
  const copy = await copyTestDatabase(template, path.join(dir, `${name}.sqlite`));
  copies.push(copy);
  return copy.target;
}

async function openCore(file: string): Promise<Core> {
  return Core.start({ databaseFile: file, skipStartupTasks: true, log: () => {} });
}

async function payorOf(core: Core) {
  const user = await core.store.read(({ db }) => loadSessionUserByName(db, 'payor'));
  return core.connect(user);
}

/** The period's exported items (the demo's own batches are in other periods). */
function exportedIds(core: Core): Promise<number[]> {
  return testSql(core).values<number>(`SELECT ei.payment_id AS id FROM export_item ei JOIN export_batch b ON b.id = ei.batch_id WHERE b.period_id = ? ORDER BY ei.payment_id`, [periodId]);
}

describe('two exports at once', () => {
  it('in one core: one batch takes everything, the other finds nothing', async () => {
    const file = await copyOf('one');
    const core = await openCore(file);
    try {
      const [a, b] = await Promise.allSettled([
        (await payorOf(core)).call('export-run', { periodId, payorId: 1 }),
        (await payorOf(core)).call('export-run', { periodId, payorId: 1 }),
      ]);
      const outcomes = [a, b].map((r) => (r.status === 'fulfilled' ? 'batch' : (r.reason as { rule?: string }).rule));
      expect(outcomes.sort()).toEqual(['batch', 'export.nothing']);
      expect(await exportedIds(core)).toEqual(eligible);
      await checkInvariants(core.store.db);
    } finally {
      await core.close();
    }
  });

  it('from two cores on one database in one process', async () => {
    const file = await copyOf('two');
    const [c1, c2] = [await openCore(file), await openCore(file)];
    try {
      const results = await Promise.allSettled([
        (await payorOf(c1)).call('export-run', { periodId, payorId: 1 }),
        (await payorOf(c2)).call('export-run', { periodId, payorId: 1 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await exportedIds(c1)).toEqual(eligible);
      await checkInvariants(c1.store.db);
    } finally {
      await c1.close();
      await c2.close();
    }
  });

  it('from two processes on one database', async () => {
    const file = await copyOf('procs');
    const runs = [runChild(file, periodId, 1, path.join(dir, 'procs-a')), runChild(file, periodId, 1, path.join(dir, 'procs-b'))];
    const results = await Promise.all(runs.map((r) => r.result));
    const done = results.filter((r) => r?.done !== undefined);
    expect(done).toHaveLength(1);
    expect(results.filter((r) => r?.refused?.rule === 'export.nothing')).toHaveLength(1);
    expect([...done[0]!.items!].sort((a, b) => a - b)).toEqual(eligible);
    const core = await openCore(file);
    try {
      expect(await exportedIds(core)).toEqual(eligible);
      await checkInvariants(core.store.db);
    } finally {
      await core.close();
    }
  });
});
