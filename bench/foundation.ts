import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildDemoDatabase } from '../src/main/core/demo/demo';
import { median, peakRssMb, time, type Report } from './report';

/**
 * Scale-L demo build (5,000 providers, 40,000 children, 12 periods, plus every later demo stage)
 * against a raw better-sqlite3 baseline inserting exactly the same rows into the same schema in
 * one transaction with prepared statements: the price of our own code over the bare driver.
 * The machine is shared and a single build of about a second varies by a third from run to run:
 * the median of ROUNDS, each build followed by its baseline, with every round's ratio shown (the
 * first is the cold one, as `paydesk demo` runs).
 */
const ROUNDS = 3;

export async function benchFoundation(report: Report, outDir: string): Promise<string> {
  const rounds: Array<Awaited<ReturnType<typeof oneRound>>> = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await oneRound(outDir));
  const mid = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick));
  const last = rounds[rounds.length - 1];
  report('demo database, scale L (build vs raw insert of the same rows; median of 3)', {
    seconds: mid((r) => r.built),
    baselineSeconds: mid((r) => r.baseline),
    ratio: mid((r) => r.built) / mid((r) => r.baseline),
    goal: 'build ≤ 60 s, ratio ≤ 1.5',
    extra: {
      'ratios of the runs': rounds.map((r) => (r.built / r.baseline).toFixed(2)).join(' / '),
      rows: last.rows,
      providers: last.providers,
      children: last.children,
      'peak RSS MB': peakRssMb(),
    },
  });
  return last.file;
}

async function oneRound(outDir: string) {
  const file = path.join(outDir, 'demo-L.sqlite');
  for (const s of ['', '-wal', '-shm', '.audit-key']) fs.rmSync(file + s, { force: true });
  const built = await time(() => buildDemoDatabase({ file, seed: 1, scale: 'L', now: new Date('2026-11-25T09:00:00Z') }));

  // The baseline's input: every row the demo wrote, read back outside the timing.
  const source = new Database(file, { readonly: true });
  const tables = (source.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations'`).all() as { name: string }[]).map((t) => t.name);
  const data = tables.map((t) => ({ table: t, rows: source.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][], columns: (source.prepare(`SELECT * FROM "${t}" LIMIT 0`).columns()).map((c) => c.name) }));
  source.close();
  const rowCount = data.reduce((n, d) => n + d.rows.length, 0);

  const rawFile = path.join(outDir, 'raw-L.sqlite');
  for (const s of ['', '-wal', '-shm']) fs.rmSync(rawFile + s, { force: true });
  // The baseline creates the same schema with raw DDL (tables, indexes, triggers), then inserts.
  const ddl = (new Database(file, { readonly: true }).prepare(`SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT IN ('migrations', 'sqlite_sequence') ORDER BY rowid`).all() as { sql: string }[]).map((r) => r.sql);
  const raw = new Database(rawFile);
  const baseline = await time(() => {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    raw.transaction(() => {
      for (const statement of ddl) raw.exec(statement);
      // Parents before children, in the order the schema was created.
      const order = ['payor', 'provider', 'provider_rate', 'max_rate', 'setting', 'reason', 'child', 'authorization', 'service_period', 'app_user', 'user_group', 'export_batch', 'payment', 'attendance', 'calculation_line', 'export_item', 'submission_import', 'audit_event'];
      const sorted = [...data].sort((a, b) => (order.indexOf(a.table) + 1 || 99) - (order.indexOf(b.table) + 1 || 99));
      for (const { table, rows, columns } of sorted) {
        if (rows.length === 0) continue;
        const insert = raw.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES (${columns.map(() => '?').join(',')})`);
        for (const row of rows) insert.run(row);
      }
    })();
  });
  raw.close();
  return { file, built: built.seconds, baseline: baseline.seconds, rows: rowCount, providers: built.value.providers, children: built.value.children };
}
