import fs from 'node:fs';
import { Core } from '../src/main/core/core';
import { loadSessionUserByName } from '../src/main/core/users/users';

// Child process of bench/intake.ts: imports one paper attendance CSV through the handler, as the
// app would, and reports the time and this process's peak RSS (the parent's memory is not ours).
// Usage: node --import tsx bench/intake-import.ts DB CSV

async function main() {
  const [db, csv] = process.argv.slice(2);
  const core = await Core.start({ databaseFile: db, log: () => {}, skipStartupTasks: true });
  try {
    const user = await core.store.read(({ db }) => loadSessionUserByName(db, 'approver'));
    const content = fs.readFileSync(csv, 'utf8');
    const before = process.resourceUsage().maxRSS / 1024;
    const start = process.hrtime.bigint();
    const result = await core.connect(user).call('intake-import-paper-csv', { fileName: 'bench.csv', content });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    process.stdout.write(JSON.stringify({ seconds, rows: result.rows, payments: result.items.length, rssMb: Math.round(process.resourceUsage().maxRSS / 1024), rssBeforeMb: Math.round(before) }));
  } finally {
    await core.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
