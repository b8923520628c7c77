import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/core/core';
import { batchDetail, loadDetail } from '../../src/main/core/export/batches';
import { repairBatches } from '../../src/main/core/export/repair';
import { verifyChain } from '../../src/main/core/audit/chain';
import { tempDir } from '../helpers/core';
import { copyTestDatabase, type TestTarget } from '../helpers/engine';
import { testSql } from '../helpers/sql';
import { openExportWorld } from './export-world';
import { checkInvariants, runChild } from './export-processes';

// Crash test: the export runs in a child process that is killed (SIGKILL) at a random moment,
// again and again — before, inside or after its transaction, or while it writes files. After
// each kill the database is opened again the way the app starts (start-up tasks: export repair),
// and: integrity_check is ok (SQLite), no payment is in two batches, nothing is half-paid, the audit
// chain verifies, and a committed batch has all its files, byte-identical to an export that was
// never interrupted.

const BUDGET_MS = 35_000;
const MIN_RUNS = 6;
const MAX_RUNS = 25;

let template: string;
let periodId: number;
let dir: string;
let cleanup: () => void;
let reference: Map<string, string | null>;
let referenceMs: number;
let closeWorld: () => Promise<void>;
/** The demo's own batches, and the id the test's export gets. */
let demoBatches: number[];
let batchId: number;

async function hashes(core: Core, batchId: number): Promise<Map<string, string | null>> {
  return new Map((await batchDetail(await loadDetail(core.store.db, batchId))).files.map((f) => [f.name, f.sha256]));
}

beforeAll(async () => {
  const w = await openExportWorld();
  periodId = w.periodId;
  // The demo's own batches keep their folders in the world's folder, so it stays until the end;
  // their files are written there once (as at the world's first start), not again by every copy.
  await repairBatches(w.core.systemContext(), { full: false });
  demoBatches = await testSql(w).values<number>(`SELECT id FROM export_batch ORDER BY id`);
  batchId = Math.max(0, ...demoBatches) + 1;
  ({ dir, cleanup } = tempDir('paydesk-crash-'));
  await w.core.close();
  template = await copyOf(w.file, 'template');
  closeWorld = () => w.close().catch(() => {});

  // An uninterrupted export in a child: how long it takes, and the files it gives.
  const file = await copyOf(template, 'ref');
  const run = runChild(file, periodId, 1, path.join(dir, 'ref-exports'));
  await run.ready;
  const t0 = Date.now();
  const result = await run.result;
  referenceMs = Date.now() - t0;
  expect(result?.done).toBe(batchId);
  const core = await Core.start({ databaseFile: file, log: () => {} });
  reference = await hashes(core, batchId);
  await core.close();
}, 120_000);
afterAll(async () => {
  for (const c of copies) await c.drop().catch(() => {});
  await closeWorld?.();
  cleanup?.();
});

/** Copies of the database (files in the test's folder, or PostgreSQL databases made from it), dropped at the end. */
const copies: TestTarget[] = [];
async function copyOf(from: string, name: string): Promise<string> {
  const copy = await copyTestDatabase(from, path.join(dir, `${name}.sqlite`));
  copies.push(copy);
  return copy.target;
}

describe('export crash test', () => {
  it(
    'after a SIGKILL at any moment, the database is consistent and a committed batch gets all its files at the next start',
    async () => {
      const started = Date.now();
      const outcomes: string[] = [];
      // The next child starts loading while the last one's database is checked.
      const start = async (i: number) => {
        const file = await copyOf(template, `run-${i}`);
        return { file, run: runChild(file, periodId, 1, path.join(dir, `exports-${i}`)) };
      };
      let next = await start(0);
      for (let i = 0; i < MAX_RUNS && (i < MIN_RUNS || Date.now() - started < BUDGET_MS); i++) {
        const { file, run } = next;
        await run.ready;
        // Every fourth kill comes right away (before the transaction commits); the rest anywhere.
        const delay = Math.random() * referenceMs * (i % 4 === 0 ? 0.03 : 1);
        await new Promise((r) => setTimeout(r, delay));
        run.child.kill('SIGKILL');
        const result = await run.result;
        next = await start(i + 1);

        // The next start: the core runs its start-up tasks, the export repair among them.
        const core = await Core.start({ databaseFile: file, log: () => {} });
        try {
          const batches = (await checkInvariants(core.store.db)).filter((id) => !demoBatches.includes(id));
          expect((await verifyChain(core.store.db)).ok).toBe(true);
          if (batches.length === 0) {
            outcomes.push(`${Math.round(delay)}ms: nothing committed`);
            continue;
          }
          expect(batches).toEqual([batchId]);
          const row = await testSql(core).get<{ f: string | null }>(`SELECT files_written_at AS f FROM export_batch WHERE id = ?`, [batchId]);
          expect(row.f).not.toBeNull();
          expect(await hashes(core, batchId)).toEqual(reference);
          const leftovers = fs.readdirSync(path.join(dir, `exports-${i}`), { recursive: true }).map(String).filter((n) => n.includes('.tmp-'));
          expect(leftovers).toEqual([]);
          outcomes.push(`${Math.round(delay)}ms: ${result ? 'finished' : 'committed, files repaired'}`);
        } finally {
          await core.close();
        }
      }
      next.run.child.kill('SIGKILL');
      await next.run.result;
      console.log(`export crash test: ${outcomes.length} kills (reference export ${referenceMs} ms)\n  ${outcomes.join('\n  ')}`);
      expect(outcomes.length).toBeGreaterThanOrEqual(MIN_RUNS);
      expect(outcomes.some((o) => o.includes('nothing committed'))).toBe(true);
      expect(outcomes.some((o) => o.includes('committed'))).toBe(true);
    },
    240_000,
  );
});
