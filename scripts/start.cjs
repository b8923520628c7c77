#!/usr/bin/env node
// npm start: build, then launch Electron on the build. Electron fetches its binary on first
// launch; where that cannot happen (no network, a locked-down build server) say so plainly and
// point to what works without it.
'use strict';
const { spawnSync, spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);

let electronPath;
try {
  electronPath = require('electron'); // downloads the binary on first use
} catch (err) {
  console.error(
    [
      '',
      'PayDesk could not start Electron: its binary is not installed and could not be downloaded.',
      `  (${err && err.message ? err.message.split('\n')[0] : err})`,
      '',
      'Without Electron you can still:',
      '  npm run preview:web         the app in your browser, on the demo database (or --db FILE)',
      '  npx paydesk --help          the command line, on the same database',
      '',
      'With internet access, "npm start" downloads Electron once and then works offline.',
    ].join('\n'),
  );
  process.exit(1);
}

const child = spawn(electronPath, [root], { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
child.on('exit', (code) => process.exit(code ?? 0));
