import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Core } from '../src/main/core/core';
import { buildDemoDatabase } from '../src/main/core/demo/demo';
import { median, time, type Report } from './report';

// The command line's start-up (issue #15): `paydesk --help` and read commands on a scale-L demo
// database (5,000 providers), each a new process of the prebuilt CLI (bin/paydesk.cjs on
// out/cli/), beside `node -e ''` as the baseline: what any Node program costs to start here.
// Wall-clock medians of ROUNDS runs after one warm-up run (which fills V8's compile cache, as a
// user's first call does). Where a read command's time goes: loading the command and the core
// (a run refused before the database opens), and opening the database: a read command's open to
// read only (core.ts, readingOnly: no quick_check, the trail's seal and last event checked) beside
// the open that may write (quick_check and the whole audit chain), both in this process, warm.

const ROUNDS = 9;
const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'paydesk.cjs');

function run(args: string[], status = 0): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== status) throw new Error(`${args.join(' ')} exited ${r.status}, not ${status}: ${r.stderr}`);
  return seconds;
}

/** Median of ROUNDS runs of each, alternating, after a warm-up run of each. */
function compare(args: string[], baseline: string[], status = 0): { seconds: number; baselineSeconds: number } {
  run(args, status);
  run(baseline);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    a.push(run(args, status));
    b.push(run(baseline));
  }
  return { seconds: median(a), baselineSeconds: median(b) };
}

export async function benchCli(report: Report, outDir: string): Promise<void> {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.cjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the CLI failed');
  const db = path.join(outDir, 'cli-L.sqlite');
  for (const s of ['', '-wal', '-shm', '.audit-key']) fs.rmSync(db + s, { force: true });
  fs.rmSync(path.join(outDir, 'cli-L-exports'), { recursive: true, force: true });
  await buildDemoDatabase({ file: db, seed: 1, scale: 'L', now: new Date('2026-11-25T09:00:00Z') });
  // Opened once as the app would (its export batches' files written), so the timed runs only read.
  const first = await Core.start({ databaseFile: db, log: () => {} });
  const paymentId = first.store.sql.prepare(`SELECT id FROM payment WHERE amount_cents IS NOT NULL ORDER BY id LIMIT 1`).get() as { id: number };
  await first.close();
  const opens: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { seconds, value } = await time(() => Core.start({ databaseFile: db, skipStartupTasks: true, log: () => {} }));
    opens.push(seconds);
    await value.close();
  }
  const coreOpen = `${median(opens).toFixed(3)} s`;
  const readingOpens: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { seconds, value } = await time(() => Core.start({ databaseFile: db, readingOnly: true, log: () => {} }));
    if (!value.store.isReadingOnly) throw new Error('the bench database did not open to read only');
    readingOpens.push(seconds);
    await value.close();
  }
  const readingOpen = `${median(readingOpens).toFixed(3)} s`;
  const node = ['-e', ''];

  const help = compare([BIN, '--help'], node);
  report("CLI: paydesk --help (a new process, prebuilt bundle) vs node -e ''", {
    ...help,
    ratio: help.seconds / help.baselineSeconds,
    goal: '≤ 0.300 s',
    extra: { runs: ROUNDS },
  });

  // Where a read command's time goes: loading the commands and the core without opening a database
  // (a bad --tab is refused after the command's module is loaded, before the database opens).
  const load = compare([BIN, 'payments', '--db', db, '--tab', 'none'], node, 2);
  report("CLI: loading a command and the core, no database opened (payments --tab none) vs node -e ''", {
    ...load,
    ratio: load.seconds / load.baselineSeconds,
    goal: '(part of the read command)',
    extra: { runs: ROUNDS },
  });

  const list = compare([BIN, 'payments', '--db', db, '--period', '2026-11', '--tab', 'Submitted', '--page-size', '50'], node);
  report("CLI: paydesk payments (a tab of 5,000 providers' period, scale L) vs node -e ''", {
    ...list,
    ratio: list.seconds / list.baselineSeconds,
    goal: '≤ 0.500 s',
    extra: { runs: ROUNDS, 'open to read only, in-process': readingOpen, 'open that may write (quick_check + audit verify), in-process': coreOpen },
  });

  const show = compare([BIN, 'payment', 'show', String(paymentId.id), '--db', db], node);
  report("CLI: paydesk payment show ID (scale L) vs node -e ''", {
    ...show,
    ratio: show.seconds / show.baselineSeconds,
    goal: '≤ 0.500 s',
    extra: { runs: ROUNDS, 'open to read only, in-process': readingOpen },
  });
}
