import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Core } from '../src/main/core/core';
import { Store } from '../src/main/core/db/store';
import { insertUser, loadSessionUser } from '../src/main/core/users/users';
import { routingCheckDigit } from '../src/shared/domain/routing';
import { median, peakRssMb, time, type Report } from './report';

// Reference-data CSV imports at agency scale: 5,000 providers, 40,000 children and 40,000
// authorizations, each file through its handler (parse, validate, check references and overlaps,
// write with an audit event per row) on an empty database, beside a raw better-sqlite3 baseline
// that inserts the same rows (entities and audit events, read back from PayDesk's file) with
// prepared statements in one transaction, on a copy of the same starting file.

const PROVIDERS = 5_000;
const CHILDREN_PER_PROVIDER = 8;
const NOW = new Date('2026-11-25T09:00:00Z');

function fresh(file: string): void {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const routing = (n: number) => {
  const first8 = `0${(n % 9) + 1}${pad(n % 1_000_000, 6)}`;
  return first8 + String(routingCheckDigit(first8));
};

/** The three files an eligibility system would hand over, deterministic. */
export function referenceCsvs(): { providers: string; children: string; authorizations: string } {
  const p = ['license_number,name,type,payor_code,payment_method,routing_number,account_number,account_type,account_holder,tax_id,address_line1,city,state,postal_code,contact_name,contact_email,contact_phone,active'];
  const c = ['case_number,first_name,last_name,birth_date,guardian_name'];
  const a = ['case_number,provider_license,start_date,end_date,care_level,days_per_week,copay'];
  const types = ['center', 'family_home', 'group_home'];
  for (let i = 1; i <= PROVIDERS; i++) {
    const lic = `LIC-${pad(200000 + i, 6)}`;
    const ach = i % 7 !== 0;
    const type = types[i % 3];
    p.push(
      [lic, `Provider ${i} "Little Stars"`.replace(/"/g, ''), type, i % 5 === 0 ? 'FALLING_COLORS' : 'AGENCY', ach ? 'ach' : 'check',
        ach ? routing(i) : '', ach ? pad(i * 7919, 10) : '', ach ? (i % 6 === 0 ? 'savings' : 'checking') : '', ach ? (type === 'family_home' ? 'personal' : 'business') : '',
        `${pad(i % 100, 2)}-${pad(i, 7)}`, `${i} Main Street`, 'Springfield', 'IL', '62701', `Owner ${i}`, `p${i}@example.org`, `217-555-${pad(i % 10000, 4)}`, 'yes'].join(','),
    );
    for (let k = 0; k < CHILDREN_PER_PROVIDER; k++) {
      const n = (i - 1) * CHILDREN_PER_PROVIDER + k + 1;
      const cs = `CASE-${pad(n, 7)}`;
      const birth = `20${pad(16 + (n % 9), 2)}-${pad((n % 12) + 1, 2)}-${pad((n % 28) + 1, 2)}`;
      c.push(`${cs},Child${n},Family${i},${birth},Guardian ${n}`);
      const full = n % 3 !== 0;
      a.push(`${cs},${lic},2026-${pad((n % 6) + 1, 2)}-01,2026-12-31,${full ? 'full_time' : 'part_time'},${full ? 5 : (n % 4) + 1},${(n % 5) * 12.5}`);
    }
  }
  return { providers: p.join('\n') + '\n', children: c.join('\n') + '\n', authorizations: a.join('\n') + '\n' };
}

async function emptyDatabase(file: string): Promise<void> {
  fresh(file);
  const store = await Store.open(file, { create: true });
  await store.run(async ({ db }) => {
    await db.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'AGENCY', 'Agency (direct pay)', 'direct'), (2, 'FALLING_COLORS', 'Falling Colors', 'third_party')`);
    await insertUser(db, { username: 'admin', displayName: 'Admin', passwordHash: 'x', groups: ['Administrator'] }, NOW.toISOString());
  });
  await store.close();
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

function rowsOf(db: Database.Database, select: string): { columns: string[]; rows: unknown[][] } {
  const statement = db.prepare(select);
  return { columns: statement.columns().map((c) => c.name), rows: statement.raw().all() as unknown[][] };
}

interface Run {
  seconds: Record<'providers' | 'children' | 'authorizations', number>;
  total: number;
  baseline: number;
  again: number;
  auditEvents: number;
}

/** One measurement on fresh files: the three imports through their handlers, then the raw baseline. */
async function runOnce(outDir: string, csv: ReturnType<typeof referenceCsvs>, sample: () => void): Promise<Run> {
  const file = path.join(outDir, 'reference-import.sqlite');
  const rawFile = path.join(outDir, 'reference-import-raw.sqlite');
  await emptyDatabase(file);
  fresh(rawFile);
  fs.copyFileSync(file, rawFile);
  const core = await Core.start({ databaseFile: file, now: () => NOW, log: () => {} });
  const off = core.onEvent(sample);
  try {
    const admin = core.connect(await core.store.read(({ db }) => loadSessionUser(db, 1)));
    const seconds = { providers: 0, children: 0, authorizations: 0 };
    for (const kind of ['providers', 'children', 'authorizations'] as const) {
      const r = await time(() => admin.call(`reference-import-${kind}`, { fileName: `${kind}.csv`, content: csv[kind] }));
      seconds[kind] = r.seconds;
      if (r.value.created !== r.value.rows) throw new Error(`${kind}: ${r.value.created} of ${r.value.rows} rows created`);
    }
    sample();
    const again = await time(() => admin.call('reference-import-children', { fileName: 'children.csv', content: csv.children }));

    const tables = ['provider', 'child', 'authorization', 'audit_event'].map((t) => ({ t, ...rowsOf(core.store.sql, `SELECT * FROM "${t}" ORDER BY id`) }));
    const raw = new Database(rawFile);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    const base = await time(() =>
      raw.transaction(() => {
        for (const { t, columns, rows } of tables) {
          const insert = raw.prepare(`INSERT INTO "${t}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES (${columns.map(() => '?').join(',')})`);
          for (const row of rows) insert.run(row);
        }
      })(),
    );
    raw.close();
    const total = seconds.providers + seconds.children + seconds.authorizations;
    return { seconds, total, baseline: base.seconds, again: again.seconds, auditEvents: tables[3].rows.length };
  } finally {
    off();
    await core.close();
    fresh(rawFile);
    fresh(file);
  }
}

const RUNS = 3;

export async function benchReference(report: Report, outDir: string = os.tmpdir()): Promise<void> {
  const rssAtStart = Math.round(process.memoryUsage().rss / 2 ** 20);
  const csv = referenceCsvs();
  // Peak resident memory while importing, sampled at every progress event (the process-wide
  // high-water mark also counts whatever ran before in the same bench process).
  let sampled = process.memoryUsage().rss;
  const sample = () => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
  };
  const rssBefore = peakRssMb();
  // The machine is shared and its disk's fsync time varies: the median of a few runs of each side.
  const runs: Run[] = [];
  // Memory is sampled in the first run only: later runs start with the earlier runs' garbage.
  for (let i = 0; i < RUNS; i++) runs.push(await runOnce(outDir, csv, i === 0 ? sample : () => {}));
  const mid = (pick: (r: Run) => number) => median(runs.map(pick));
  const total = mid((r) => r.total);
  const baseline = mid((r) => r.baseline);
  report('import 5,000 providers + 40,000 children + 40,000 authorizations from CSV (handlers vs raw insert of the same rows and audit events; median of 3)', {
    seconds: total,
    baselineSeconds: baseline,
    ratio: total / baseline,
    goal: 'ratio ≤ 2, peak RSS ≤ 300 MB',
    extra: {
      'providers s': mid((r) => r.seconds.providers).toFixed(2),
      'children s': mid((r) => r.seconds.children).toFixed(2),
      'authorizations s': mid((r) => r.seconds.authorizations).toFixed(2),
      'ratios of the runs': runs.map((r) => (r.total / r.baseline).toFixed(2)).join(' / '),
      'rows/s': Math.round((PROVIDERS * (1 + 2 * CHILDREN_PER_PROVIDER)) / total),
      'CSV MB': ((csv.providers.length + csv.children.length + csv.authorizations.length) / 1e6).toFixed(1),
      'audit events': runs[0].auditEvents,
      'peak RSS during the first import MB': Math.round(sampled / 2 ** 20),
      'RSS at start MB': rssAtStart,
      'process peak RSS before MB': rssBefore,
      're-import children (no change) s': mid((r) => r.again).toFixed(2),
    },
  });
}
