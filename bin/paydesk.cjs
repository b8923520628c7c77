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
require('tsx/cjs');
const { runCli } = require('../src/cli/main.ts');
runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
