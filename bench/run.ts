import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { benchFoundation } from './foundation';
import { formatRow, machine, type BenchResult, type Report } from './report';

// npm run bench [-- --only NAME | --engine postgres] [-- --record]: every figure beside its baseline, measured in the
// same run. --record appends the table to bench/RESULTS.md with the machine and the date.
// Without --only, each section runs in a process of its own (one after the other), so that no
// section's heap, garbage or peak memory is counted in another's figures.

type Section = { name: string; file: string; fn: string };
/** Later features' benchmarks; each is run when its file is present. */
const SECTIONS: Section[] = [
  { name: 'workflow', file: './workflow', fn: 'benchWorkflow' },
  { name: 'intake', file: './intake', fn: 'benchIntake' },
  // Issue #16: a scale-L period calculated on the enrollment basis beside the attendance basis (and the QA sample's draw).
  { name: 'basis', file: './basis', fn: 'benchBasis' },
  { name: 'reference', file: './reference', fn: 'benchReference' },
  { name: 'export', file: './export', fn: 'benchExport' },
  { name: 'renderer', file: './renderer', fn: 'benchRenderer' },
  { name: 'port', file: './port', fn: 'benchPort' },
  { name: 'cli', file: './cli', fn: 'benchCli' },
  { name: 'year-end', file: './year-end', fn: 'benchYearEnd' },
  // 50 clients against `paydesk serve` (scale L, 60 s), beside the same calls in-process.
  { name: 'server-load', file: './server-load', fn: 'benchServerLoad' },
  // Demo build, generation, bulk Authorize and the tab page on PostgreSQL, beside raw `pg`.
  { name: 'postgres', file: './postgres', fn: 'benchPostgres' },
];

const ALL = ['foundation', ...SECTIONS.map((s) => s.name)];

/** Runs one section here, reporting each figure as it comes. */
async function runSection(name: string, report: Report, outDir: string): Promise<void> {
  if (name === 'foundation') {
    await benchFoundation(report, outDir);
    return;
  }
  const s = SECTIONS.find((x) => x.name === name);
  if (!s) throw new Error(`no bench section ${name}; the sections are ${ALL.join(', ')}`);
  if (!fs.existsSync(path.join(__dirname, `${s.file}.ts`))) return;
  const mod = (await import(s.file)) as Record<string, (report: Report, outDir: string) => Promise<unknown>>;
  await mod[s.fn](report, outDir);
}

async function main() {
  const args = process.argv.slice(2);
  // --engine postgres: the PostgreSQL sections only (the same as --only postgres).
  const engine = args.includes('--engine') ? args[args.indexOf('--engine') + 1] : 'sqlite';
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`--engine is sqlite or postgres, not ${engine}`);
  const only = engine === 'postgres' ? 'postgres' : args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const outDir = path.join(__dirname, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  // --as-child: one section for the parent, its figures as JSON lines on stdout.
  if (args.includes('--as-child') && only) {
    await runSection(only, (name, figure) => process.stdout.write(`${JSON.stringify({ name, ...figure })}\n`), outDir);
    return;
  }
  const results: BenchResult[] = [];
  const report: Report = (name, figure) => {
    const r = { name, ...figure };
    results.push(r);
    console.log(formatRow(r));
  };
  console.log(`PayDesk benchmarks — ${machine()}\n`);
  console.log('| what | PayDesk | baseline | ratio | goal | notes |\n|---|---|---|---|---|---|');
  if (only) await runSection(only, report, outDir);
  else {
    for (const name of ALL) {
      let out: Buffer;
      try {
        out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--only', name, '--as-child'], { maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
      } catch (err) {
        // A section that failed (PostgreSQL's, while PayDesk cannot run a figure there) still shows what it measured.
        out = (err as { stdout?: Buffer }).stdout ?? Buffer.from('');
        process.exitCode = 1;
      }
      for (const line of out.toString().split('\n')) {
        if (!line.startsWith('{"name"')) {
          if (line.trim()) console.log(line);
          continue;
        }
        const { name: what, ...figure } = JSON.parse(line) as BenchResult;
        report(what, figure);
      }
    }
  }
  if (args.includes('--record')) {
    const date = new Date().toISOString().slice(0, 10);
    const table = ['| what | PayDesk | baseline | ratio | goal | notes |', '|---|---|---|---|---|---|', ...results.map(formatRow)].join('\n');
    fs.appendFileSync(path.join(__dirname, 'RESULTS.md'), `\n## ${date} — ${machine()}\n\n${table}\n`);
    console.log('\nRecorded in bench/RESULTS.md');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
