import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Tests spawn bin/paydesk.cjs, which runs the prebuilt CLI bundle: build it first when any of its
// sources is newer (a fresh clone, an edit), so that no test runs an old build or the slow fallback.
export default function setup(): void {
  const root = path.resolve(__dirname, '../..');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-cli.cjs'), '--if-stale'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the CLI failed:\n${r.stderr}`);
}
