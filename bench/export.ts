import { fork } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import PDFDocument from 'pdfkit';
import { Core } from '../src/main/core/core';
import { buildDemoDatabase } from '../src/main/core/demo/demo';
import { loadBatchModel } from '../src/main/core/export/load';
import { Pen, type DrawOp } from '../src/main/core/export/pdf/doc';
import { drawRemittance } from '../src/main/core/export/pdf/remittance';
import { loadSessionUserByName } from '../src/main/core/users/users';
import { eachDay, isWeekday } from '../src/shared/domain/dates';
import { type Report } from './report';

// Export at scale L: 5,000 payments of one period, every provider paid directly by the agency
// (NACHA file, check register, positive pay, payment register, 5,000 remittance PDFs, the
// 5,000-page combined PDF and the batch summary), beside a raw pdfkit loop that writes the same
// 5,000 pages (the same text at the same places, through pdfkit's own text(), lines and
// rectangles) to one file, in the same run.
// Set-up, outside the timings: the demo database at scale L, every provider on the direct payor,
// one month generated, its attendance imported, calculated and authorized by "approver".
// The export runs in a fresh child process, so its peak RSS is the export's own.

const PERIOD = '2026-06';

interface ChildReport {
  seconds: number;
  commitSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  items: number;
  providers: number;
  files: number;
  megabytes: number;
  baselineSeconds: number;
  baselinePages: number;
}

function fresh(file: string): void {
  for (const s of ['', '-wal', '-shm', '.audit-key']) fs.rmSync(file + s, { force: true });
}

async function user(core: Core, name: string) {
  return core.connect(
    await core.store.read(({ db }) => loadSessionUserByName(db, name)),
  );
}

export async function setUp(file: string): Promise<number> {
  fresh(file);
  await buildDemoDatabase({ file, seed: 1, scale: 'L', now: new Date('2026-11-25T09:00:00Z') });
  const db = new Database(file);
  db.prepare(`UPDATE authorization SET start_date = '2026-01-01'`).run();
  db.prepare(`UPDATE provider SET payor_id = 1`).run();
  // The batch folder in the data folder the child is given (not the demo's own export folder).
  db.prepare(`UPDATE setting SET value = '""' WHERE key = 'export.root'`).run();
  const periodId = (db.prepare(`SELECT id FROM service_period WHERE code = ?`).get(PERIOD) as { id: number }).id;
  const period = db.prepare(`SELECT start_date AS s, end_date AS e FROM service_period WHERE id = ?`).get(periodId) as { s: string; e: string };
  const days = eachDay(period.s, period.e).filter(isWeekday);
  const kids = db
    .prepare(`SELECT p.license_number AS l, c.case_number AS c FROM authorization a JOIN child c ON c.id = a.child_id JOIN provider p ON p.id = a.provider_id ORDER BY p.id, c.id`)
    .all() as { l: string; c: string }[];
  db.close();
  const lines = ['license_number,period,case_number,date,hours,absence_code'];
  kids.forEach(({ l, c }, i) => days.forEach((d, k) => lines.push(`${l},${PERIOD},${c},${d},${(i + k) % 9 === 0 ? '' : (i + k) % 4 === 0 ? '3.5' : '8'},${(i + k) % 9 === 0 ? 'ABSENT' : ''}`)));

  const core = await Core.start({ databaseFile: file, log: () => {} });
  try {
    const approver = await user(core, 'approver');
    await approver.call('payments-generate', { periodId });
    await approver.call('intake-import-paper-csv', { fileName: 'june.csv', content: lines.join('\n') });
    await approver.call('payments-calculate-period', { periodId });
    const ids = (core.store.sql.prepare(`SELECT id FROM payment WHERE period_id = ? ORDER BY id`).all(periodId) as { id: number }[]).map((r) => r.id);
    const r = await approver.call('payments-apply-bulk', { ids, action: 'authorize' });
    if (r.refused) throw new Error(`set-up: ${r.refused} items not authorized`);
  } finally {
    await core.close();
  }
  return periodId;
}

/**
 * The raw pdfkit loop: the same pages, drawn with pdfkit's API (text(), lines, rectangles) and
 * streamed to one file. Like any careful caller it sets the font and colour only when they change.
 */
async function rawPdfkit(pages: DrawOp[][], file: string): Promise<void> {
  const doc = new PDFDocument({ size: 'LETTER', autoFirstPage: false, compress: true });
  const out = fs.createWriteStream(file);
  doc.pipe(out);
  const faces = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;
  for (const [n, ops] of pages.entries()) {
    doc.addPage();
    let font = '';
    let color = '';
    for (const op of ops) {
      if (op.op === 'text') {
        if (font !== `${op.font} ${op.size}`) doc.font(faces[op.font], op.size);
        if (color !== op.color) doc.fillColor(op.color);
        font = `${op.font} ${op.size}`;
        color = op.color;
        doc.text(op.text, op.x, op.y, { lineBreak: false });
      } else if (op.op === 'rule') doc.save().lineWidth(op.width).strokeColor(op.color).moveTo(op.x1, op.y).lineTo(op.x2, op.y).stroke().restore();
      else if (op.op === 'box') {
        doc.save().rect(op.x, op.y, op.w, op.h).fill(op.color).restore();
        color = '';
      }
    }
    if (n % 50 === 49) await new Promise((r) => setImmediate(r));
  }
  doc.end();
  await once(out, 'finish');
}

/** In the child: the export, then (after its peak RSS is read) the baseline. */
async function child(file: string, periodId: number, root: string): Promise<ChildReport> {
  // Its batch folder goes to ROOT/exports (the data folder's export folder).
  const core = await Core.start({ databaseFile: file, dataDir: root, log: () => {}, skipStartupTasks: true });
  try {
    const payor = await user(core, 'payor');
    let committedAt = 0;
    core.onEvent((e) => {
      if (e.message === 'Marking items exported' && e.total > 0 && e.done === e.total) committedAt = performance.now();
    });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const detail = await payor.call('export-run', { periodId, payorId: 1 });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);

    const model = await core.store.read(({ db }) => loadBatchModel(db, detail.batch.id));
    const pages: DrawOp[][] = [[]];
    const pen = new Pen((op) => (op.op === 'page' ? pages.push([]) : pages[pages.length - 1].push(op)));
    for (const p of model.payees) drawRemittance(pen, model, p);
    pages.pop();
    const b0 = performance.now();
    await rawPdfkit(pages, path.join(root, 'raw-pdfkit.pdf'));
    const baselineSeconds = (performance.now() - b0) / 1000;
    return {
      seconds,
      commitSeconds: (committedAt - t0) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMb,
      items: detail.batch.itemCount,
      providers: detail.providers.length,
      files: detail.files.length,
      megabytes: Math.round(detail.files.reduce((s, f) => s + (f.bytes ?? 0), 0) / 1e6),
      baselineSeconds,
      baselinePages: pages.length,
    };
  } finally {
    await core.close();
  }
}

export async function benchExport(report: Report, outDir: string = os.tmpdir()): Promise<void> {
  const file = path.join(outDir, 'export-L.sqlite');
  const root = path.join(outDir, 'export-L');
  const periodId = await setUp(file);
  fs.rmSync(root, { recursive: true, force: true });
  const r = await new Promise<ChildReport>((resolve, reject) => {
    const c = fork(__filename, ['--export-bench-child', file, String(periodId), root], { execArgv: ['--import', 'tsx'] });
    c.on('message', (m) => resolve(m as ChildReport));
    c.on('exit', (code) => (code ? reject(new Error(`export bench child exited ${code}`)) : undefined));
  });
  report('export 5,000 payments, scale L (NACHA + CSVs + 5,000 remittance PDFs + 5,000-page combined PDF + summary) vs raw pdfkit loop writing the same 5,000 pages', {
    seconds: r.seconds,
    baselineSeconds: r.baselineSeconds,
    ratio: r.seconds / r.baselineSeconds,
    goal: '≤ 20 s, ratio ≤ 1.5, peak RSS ≤ 500 MB',
    extra: {
      items: r.items,
      providers: r.providers,
      'pages (baseline)': r.baselinePages,
      files: r.files,
      MB: r.megabytes,
      'transaction s': r.commitSeconds.toFixed(2),
      'CPU s': r.cpuSeconds.toFixed(1),
      'peak RSS MB': r.peakRssMb,
    },
  });
  fresh(file);
  fs.rmSync(root, { recursive: true, force: true });
}

if (process.argv[2] === '--export-bench-child') {
  const [file, periodId, root] = process.argv.slice(3);
  child(file, Number(periodId), root).then(
    (r) => process.send!(r, () => process.exit(0)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
