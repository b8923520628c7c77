#!/usr/bin/env node
// The headless command line. better-sqlite3 13 needs Node 22+ (it crashes on 20), so say so
// plainly instead of crashing; `npx paydesk` uses the project's pinned Node 22.
'use strict';
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `paydesk needs Node 22 or newer; this is Node ${process.version}.\n` +
      'Run it as "npx paydesk ..." inside the project: npm puts the pinned Node 22 first on the PATH.',
  );
  process.exit(1);
}
const fs = require('node:fs');
const path = require('node:path');

// A reader that goes away (`paydesk payments | head -1`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

// The prebuilt bundle (npm run build, or node scripts/build-cli.cjs); V8's compile cache keeps
// its parsed code between runs.
const bundle = path.join(__dirname, '..', 'out', 'cli', 'paydesk.cjs');
let cli;
if (fs.existsSync(bundle)) {
  require('node:module').enableCompileCache?.();
  cli = require(bundle);
} else {
  console.error('paydesk: no prebuilt CLI (out/cli/paydesk.cjs); running from the TypeScript sources (slow). Build it with "npm run build:cli".');
  // tsx for require() and for import() (the commands are loaded with import()).
  require('tsx/cjs');
  require('tsx/esm/api').register();
  cli = require('../src/cli/main.ts');
}
cli.runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
