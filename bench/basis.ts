import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { copyDatabase } from '../src/main/core/audit/key';
import { Core } from '../src/main/core/core';
import { buildDemoDatabase } from '../src/main/core/demo/demo';
import { loadSessionUserByName } from '../src/main/core/users/users';
import { eachDay, isWeekday } from '../src/shared/domain/dates';
import { median, time, type Report } from './report';

// Issue #16: calculating a scale-L period (5,000 payments, 40,000 children) on the enrollment basis,
// beside the same period calculated on the attendance basis in the same run (goal: ≤ 1.2 × the
// attendance basis), and with the QA sample at 20% beside it too (the draw's cost). One file is
// built: the demo at scale L, every authorization covering June 2026, June generated and its
// 880,000 paper attendance rows imported through the handler; each figure is then the bulk
// Calculate of June on a fresh copy of that file (nothing calculated yet), the three variants
// alternated over rounds, medians reported. Only the setting differs between the variants (saved on
// the copy before the timing): the enrollment basis from 2026-06-01, or the QA sample's 20%.

const PERIOD = '2026-06';
const ROUNDS = 2;

type Variant = 'attendance' | 'enrollment' | 'attendance + QA 20%';

function fresh(file: string): void {
  for (const s of ['', '-wal', '-shm', '.audit-key']) fs.rmSync(file + s, { force: true });
}

function paperCsv(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const period = db.prepare(`SELECT start_date AS s, end_date AS e FROM service_period WHERE code = ?`).get(PERIOD) as { s: string; e: string };
    const days = eachDay(period.s, period.e).filter(isWeekday);
    const children = db
      .prepare(`SELECT p.license_number AS l, c.case_number AS c FROM authorization a JOIN child c ON c.id = a.child_id JOIN provider p ON p.id = a.provider_id ORDER BY p.id, c.id`)
      .all() as { l: string; c: string }[];
    const lines = ['license_number,period,case_number,date,hours,absence_code'];
    children.forEach(({ l, c }, i) =>
      days.forEach((d, k) => lines.push(`${l},${PERIOD},${c},${d},${(i + k) % 9 === 0 ? '' : (i + k) % 4 === 0 ? '3.5' : '8'},${(i + k) % 9 === 0 ? 'ABSENT' : ''}`)),
    );
    return lines.join('\n');
  } finally {
    db.close();
  }
}

async function connect(core: Core, username: string) {
  return core.connect(await core.store.read(({ db }) => loadSessionUserByName(db, username)));
}

/** The bulk Calculate of June on a fresh copy of `template`, under the variant's setting. */
async function calculateOn(template: string, copy: string, periodId: number, variant: Variant) {
  fresh(copy);
  copyDatabase(template, copy);
  const core = await Core.start({ databaseFile: copy, log: () => {}, skipStartupTasks: true });
  try {
    const admin = await connect(core, 'admin');
    if (variant === 'enrollment') await admin.call('calculation-settings-save', { key: 'calculation.paymentBasis', value: 'enrollment', effectiveFrom: '2026-06-01' });
    if (variant === 'attendance + QA 20%') await admin.call('qa-settings-save', { key: 'qa.samplePercent', value: 20, effectiveFrom: '2026-06-01' });
    const approver = await connect(core, 'approver');
    const run = await time(() => approver.call('payments-calculate-period', { periodId }));
    const facts = core.store.sql
      .prepare(
        `SELECT count(*) AS payments, sum(amount_cents) AS cents, min(basis) AS basis, sum(qa_sample = 'sampled') AS sampled FROM payment WHERE period_id = ? AND kind = 'payment' AND amount_cents IS NOT NULL`,
      )
      .get(periodId) as { payments: number; cents: number; basis: string; sampled: number | null };
    return { seconds: run.seconds, calculated: run.value.calculated, refused: run.value.refused, ...facts };
  } finally {
    await core.close();
    fresh(copy);
  }
}

export async function benchBasis(report: Report, outDir: string = os.tmpdir()): Promise<void> {
  const file = path.join(outDir, 'basis-L.sqlite');
  const copy = path.join(outDir, 'basis-L-copy.sqlite');
  fresh(file);
  await buildDemoDatabase({ file, seed: 1, scale: 'L', now: new Date('2026-11-25T09:00:00Z') });
  const setup = new Database(file);
  setup.prepare(`UPDATE authorization SET start_date = '2026-01-01'`).run();
  const periodId = (setup.prepare(`SELECT id FROM service_period WHERE code = ?`).get(PERIOD) as { id: number }).id;
  setup.close();
  const core = await Core.start({ databaseFile: file, log: () => {}, skipStartupTasks: true });
  try {
    const approver = await connect(core, 'approver');
    await approver.call('payments-generate', { periodId });
    await approver.call('intake-import-paper-csv', { fileName: 'bench.csv', content: paperCsv(file) });
  } finally {
    await core.close();
  }
  const checkpoint = new Database(file);
  checkpoint.pragma('wal_checkpoint(TRUNCATE)');
  checkpoint.close();

  const variants: Variant[] = ['attendance', 'enrollment', 'attendance + QA 20%'];
  const runs = new Map<Variant, Array<Awaited<ReturnType<typeof calculateOn>>>>(variants.map((v) => [v, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order, so that neither variant always runs on a warmer machine.
      for (const v of round % 2 === 0 ? variants : [...variants].reverse()) runs.get(v)!.push(await calculateOn(file, copy, periodId, v));
    }
  } finally {
    fresh(file);
  }
  const seconds = (v: Variant) => median(runs.get(v)!.map((r) => r.seconds));
  const last = (v: Variant) => runs.get(v)!.at(-1)!;
  const att = seconds('attendance');
  const enr = seconds('enrollment');
  const qa = seconds('attendance + QA 20%');
  report(`calculate one period, scale L, on the enrollment basis vs the attendance basis (same file and attendance, median of ${ROUNDS})`, {
    seconds: enr,
    baselineSeconds: att,
    ratio: enr / att,
    goal: 'ratio ≤ 1.2',
    extra: {
      payments: last('enrollment').calculated,
      'enrollment runs s': runs.get('enrollment')!.map((r) => r.seconds.toFixed(2)).join(' / '),
      'attendance runs s': runs.get('attendance')!.map((r) => r.seconds.toFixed(2)).join(' / '),
      'enrollment total $': Math.round(last('enrollment').cents / 100),
      'attendance total $': Math.round(last('attendance').cents / 100),
      bases: `${last('enrollment').basis} / ${last('attendance').basis}`,
    },
  });
  report(`calculate one period, scale L, attendance basis with the QA sample at 20% vs without (the draw's cost, median of ${ROUNDS})`, {
    seconds: qa,
    baselineSeconds: att,
    ratio: qa / att,
    goal: 'ratio ≤ 1.2',
    extra: { payments: last('attendance + QA 20%').calculated, sampled: last('attendance + QA 20%').sampled ?? 0, 'QA runs s': runs.get('attendance + QA 20%')!.map((r) => r.seconds.toFixed(2)).join(' / ') },
  });
}
