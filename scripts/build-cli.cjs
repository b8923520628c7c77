#!/usr/bin/env node
// Builds the command line ahead of time, with esbuild, into two CommonJS files that
// bin/paydesk.cjs loads with no TypeScript at run time:
//   out/cli/paydesk.cjs       src/cli/main.ts and the command catalog: all that --help needs (small)
//   out/cli/paydesk-core.cjs  the commands (src/cli/commands/*.ts, src/cli/open.ts) and the core,
//                             required by the small file only when a command runs
// Native and data-carrying packages stay outside the bundles (better-sqlite3, pg, pdfkit); pdfkit
// is loaded on its first use only, so that commands that write no PDF never pay for it.
//
//   node scripts/build-cli.cjs            build
//   node scripts/build-cli.cjs --if-stale build only when a source file is newer than the bundle
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const OUT = path.join(root, 'out', 'cli', 'paydesk.cjs');
const CORE_OUT = path.join(root, 'out', 'cli', 'paydesk-core.cjs');
const CLI = path.join(root, 'src', 'cli');
/** Where the bundle's sources live: a change in any of these makes the bundle stale. */
const SOURCES = ['src/cli', 'src/server', 'src/main/core', 'src/shared', 'package.json', 'scripts/build-cli.cjs'];
const EXTERNAL = ['better-sqlite3', 'pg', 'pg-native', 'pdfkit'];

function newestSourceMtime() {
  let newest = 0;
  const walk = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    else if (!p.endsWith('.test.ts')) newest = Math.max(newest, st.mtimeMs);
  };
  for (const s of SOURCES) if (fs.existsSync(path.join(root, s))) walk(path.join(root, s));
  return newest;
}

function isStale() {
  const newest = newestSourceMtime();
  return [OUT, CORE_OUT].some((f) => !fs.existsSync(f) || fs.statSync(f).mtimeMs < newest);
}

/** The modules main.ts loads lazily, keyed by their path under src/cli without extension. */
function lazyModules() {
  const commands = fs
    .readdirSync(path.join(CLI, 'commands'))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'))
    .map((f) => `commands/${f.slice(0, -3)}`);
  return [...commands, 'open', 'remote'];
}

/** In the small bundle, every lazily loaded module is the big bundle's, required when first used. */
const fromCoreBundle = {
  name: 'from-core-bundle',
  setup(build) {
    const keys = new Set(lazyModules());
    build.onResolve({ filter: /^\.\.?\/[\w-]+\.js$/ }, (args) => {
      const key = path.relative(CLI, path.resolve(args.resolveDir, args.path)).replace(/\\/g, '/').replace(/\.js$/, '');
      return keys.has(key) ? { path: key, namespace: 'core-bundle' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'core-bundle' }, (args) => ({
      loader: 'js',
      contents: `module.exports = require('./paydesk-core.cjs').modules[${JSON.stringify(args.path)}];`,
    }));
    build.onResolve({ filter: /^\.\/paydesk-core\.cjs$/ }, () => ({ path: './paydesk-core.cjs', external: true }));
  },
};

/** `import PDFDocument from 'pdfkit'` becomes a stand-in that requires pdfkit when first used. */
const lazyPdfkit = {
  name: 'lazy-pdfkit',
  setup(build) {
    build.onResolve({ filter: /^pdfkit$/ }, (args) =>
      args.namespace === 'lazy-pdfkit' ? { path: 'pdfkit', external: true } : { path: 'pdfkit', namespace: 'lazy-pdfkit' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-pdfkit' }, () => ({
      loader: 'js',
      contents: [
        'let real;',
        "const load = () => real || (real = require('pdfkit'));",
        'module.exports = new Proxy(function PDFDocument() {}, {',
        '  construct: (_t, args) => Reflect.construct(load(), args),',
        '  apply: (_t, self, args) => Reflect.apply(load(), self, args),',
        "  get: (_t, key) => (key === '__esModule' ? undefined : load()[key]),",
        '});',
      ].join('\n'),
    }));
  },
};

async function buildCli({ ifStale = false, quiet = false } = {}) {
  if (ifStale && !isStale()) return { built: false, file: OUT };
  const esbuild = require('esbuild');
  const started = Date.now();
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: EXTERNAL,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    // Whitespace and syntax only: names stay readable in a stack trace (PAYDESK_DEBUG=1).
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    absWorkingDir: root,
  };
  const keys = lazyModules();
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [path.join(CLI, 'main.ts')], outfile: OUT, plugins: [fromCoreBundle] }),
    esbuild.build({
      ...common,
      stdin: {
        contents: [
          ...keys.map((k, i) => `import * as m${i} from './${k}';`),
          `export const modules = { ${keys.map((k, i) => `${JSON.stringify(k)}: m${i}`).join(', ')} };`,
        ].join('\n'),
        resolveDir: CLI,
        sourcefile: 'paydesk-core-entry.ts',
        loader: 'ts',
      },
      outfile: CORE_OUT,
      plugins: [lazyPdfkit],
    }),
  ]);
  if (!quiet) console.error(`paydesk CLI built: ${path.relative(root, OUT)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { built: true, file: OUT };
}

module.exports = { buildCli, isStale, OUT, CORE_OUT };

if (require.main === module) {
  buildCli({ ifStale: process.argv.includes('--if-stale') }).catch((err) => {
    console.error(err && err.message ? err.message : err);
    process.exit(1);
  });
}
