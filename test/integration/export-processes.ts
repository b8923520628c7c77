import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Queryable } from '../../src/main/core/db/engine/port';

// Helpers for tests that run exports in child processes (export-child.ts).

export const CHILD = path.join(__dirname, 'export-child.ts');

export interface ChildRun {
  child: ChildProcess;
  ready: Promise<void>;
  /** The child's last message (done / refused), or null when it was killed. */
  result: Promise<{ done?: number; items?: number[]; refused?: { code: string; rule?: string } } | null>;
  /** Resolves at the first progress event whose message matches. */
  reached(message: string): Promise<void>;
}

export function runChild(db: string, periodId: number, payorId: number, dataDir: string): ChildRun {
  const child = fork(CHILD, [db, String(periodId), String(payorId), dataDir], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  type Last = { done?: number; items?: number[]; refused?: { code: string; rule?: string } } | null;
  let last = null as Last;
  const waiters: Array<{ message: string; resolve: () => void }> = [];
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  child.on('message', (m: { ready?: boolean; progress?: { message?: string }; done?: number; refused?: { code: string } }) => {
    if (m.ready) readyResolve();
    if (m.progress) for (const w of waiters.filter((x) => x.message === m.progress!.message)) w.resolve();
    if (m.done !== undefined || m.refused) last = m;
  });
  const result = new Promise<Last>((resolve, reject) =>
    child.on('exit', (code, signal) => {
      readyResolve();
      if (signal === 'SIGKILL') resolve(null);
      else if (code === 0) resolve(last);
      else reject(new Error(`export child exited ${code}: ${stderr}`));
    }),
  );
  return {
    child,
    ready,
    result,
    reached: (message) => new Promise<void>((resolve) => waiters.push({ message, resolve })),
  };
}


/** The invariants that must hold after any crash, on either engine. Returns the batch ids. */
export async function checkInvariants(db: Queryable): Promise<number[]> {
  const problems: string[] = [];
  if (db.dialect.name === 'sqlite') {
    // The file itself (PostgreSQL's server keeps its own files whole).
    const integrity = await db.values(`PRAGMA integrity_check`);
    if (integrity.join() !== 'ok') problems.push(`integrity_check: ${integrity.join('; ')}`);
  }
  const twice = await db.rows(`SELECT payment_id FROM export_item GROUP BY payment_id HAVING count(*) > 1`);
  if (twice.length) problems.push(`payments in two batches: ${JSON.stringify(twice)}`);
  // Half-paid: an item in a batch whose state did not move, or moved without being in the batch.
  const halfPaid = await db.rows(
    `SELECT p.id FROM payment p LEFT JOIN export_item ei ON ei.payment_id = p.id
     WHERE (ei.id IS NULL) <> (p.export_batch_id IS NULL)
        OR (ei.id IS NOT NULL AND (p.export_batch_id <> ei.batch_id OR p.payment_status <> 'Paid'
            OR p.sub_status NOT IN ('Paid', 'In Process', 'Processed')))`,
  );
  if (halfPaid.length) problems.push(`half-paid items: ${JSON.stringify(halfPaid)}`);
  const batches = await db.rows<{ id: number; n: number; t: number; items: number; cents: number; snap: number | boolean }>(
    `SELECT b.id, b.item_count AS n, b.total_cents AS t, count(ei.id) AS items, coalesce(sum(ei.amount_cents), 0) AS cents, CASE WHEN b.snapshot IS NOT NULL THEN 1 ELSE 0 END AS snap
      FROM export_batch b LEFT JOIN export_item ei ON ei.batch_id = b.id GROUP BY b.id ORDER BY b.id`,
  );
  for (const b of batches) {
    if (b.n !== b.items || b.t !== b.cents || !b.snap) problems.push(`batch ${b.id} is incomplete: ${JSON.stringify(b)}`);
  }
  const [events] = await db.values(`SELECT count(*) AS n FROM audit_event WHERE action = 'export'`);
  const [items] = await db.values(`SELECT count(*) AS n FROM export_item`);
  if (events !== items) problems.push(`${String(events)} export audit events for ${String(items)} exported items`);
  if (problems.length) throw new Error(problems.join('\n'));
  return batches.map((b) => b.id);
}
