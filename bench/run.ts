import fs from 'node:fs';
import path from 'node:path';
import { benchFoundation } from './foundation';
import { formatRow, machine, type BenchResult, type Report } from './report';

// npm run bench [-- --only NAME] [-- --record]: every figure beside its baseline, measured in the
// same run. --record appends the table to bench/RESULTS.md with the machine and the date.

type Section = { name: string; file: string; fn: string };
/** Later features' benchmarks; each is run when its file is present. */
const SECTIONS: Section[] = [
  { name: 'workflow', file: './workflow', fn: 'benchWorkflow' },
  { name: 'intake', file: './intake', fn: 'benchIntake' },
  { name: 'reference', file: './reference', fn: 'benchReference' },
  { name: 'export', file: './export', fn: 'benchExport' },
  { name: 'renderer', file: './renderer', fn: 'benchRenderer' },
];

async function main() {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const outDir = path.join(__dirname, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const results: BenchResult[] = [];
  const report: Report = (name, figure) => {
    const r = { name, ...figure };
    results.push(r);
    console.log(formatRow(r));
  };
  console.log(`PayDesk benchmarks — ${machine()}\n`);
  console.log('| what | PayDesk | baseline | ratio | goal | notes |\n|---|---|---|---|---|---|');
  if (!only || only === 'foundation') await benchFoundation(report, outDir);
  for (const s of SECTIONS) {
    if (only && only !== s.name) continue;
    const candidates = ['.ts'].map((ext) => path.join(__dirname, `${s.file}${ext}`));
    if (!candidates.some((c) => fs.existsSync(c))) continue;
    const mod = (await import(s.file)) as Record<string, (report: Report, outDir: string) => Promise<unknown>>;
    await mod[s.fn](report, outDir);
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
