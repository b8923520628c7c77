import type { TestProject } from 'vitest/node';
import { findPostgresBin, startCluster, type ClusterInfo } from './pg-cluster';

// The `postgres` Vitest project's global setup: one throwaway cluster for the whole run (each
// test file makes its own database in it), stopped at the end. Without PostgreSQL's binaries the
// project's tests are skipped and this says so loudly, at the start and again at the end; in CI
// (CI=true) a missing PostgreSQL fails the run instead, so a green CI always ran them.

declare module 'vitest' {
  export interface ProvidedContext {
    engine: 'sqlite' | 'postgres';
    /** The throwaway cluster of this run; null when PostgreSQL is not installed here. */
    postgres: ClusterInfo | null;
  }
}

const BANNER_LINES = [
  "PostgreSQL is NOT installed here: the `postgres` project's tests are SKIPPED.",
  'Install it (apt-get install postgresql) or set PAYDESK_PG_BIN to its bin folder.',
  'CI installs it and always runs them.',
];
const WIDTH = Math.max(...BANNER_LINES.map((l) => l.length)) + 6;
const BANNER = ['', '#'.repeat(WIDTH), ...BANNER_LINES.map((l) => `#  ${l.padEnd(WIDTH - 6)}  #`), '#'.repeat(WIDTH), ''].join('\n');

export default async function setup(project: TestProject): Promise<() => void> {
  const bin = findPostgresBin();
  if (!bin) {
    if (process.env.CI) throw new Error('CI must run the PostgreSQL tests, but PostgreSQL is not installed (no initdb found).');
    console.warn(BANNER);
    project.provide('postgres', null);
    return () => console.warn(BANNER);
  }
  const cluster = await startCluster(bin);
  const { stop, ...info } = cluster;
  project.provide('postgres', info);
  return stop;
}
