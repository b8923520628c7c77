import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { runCli } from '../../src/cli/main';
import { Core } from '../../src/main/core/core';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { tempDir, testDataDir } from './core';
import { createTestDatabase, ENGINE, type TestTarget } from './engine';

/** The built CLI, as a user runs it (its bundle in out/cli/ is made by test/helpers/cli-build-setup.ts). */
export const PAYDESK_BIN = path.resolve(__dirname, '../../bin/paydesk.cjs');
const exec = promisify(execFile);

/** bin/paydesk.cjs in a process of its own: its exit code and output. */
export async function paydeskBin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [PAYDESK_BIN, ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The CLI run in this process on a database, its output captured (what a user would read). */
export async function paydeskOn(db: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
  } as unknown as Parameters<typeof runCli>[1];
  const code = await runCli([...args, '--db', db], io);
  return { code, stdout, stderr };
}

/**
 * A scale-S demo database of the project's engine (a SQLite file, or PostgreSQL by URL) for a file
 * of CLI tests: built before them and opened once as the app would (its start-up work done),
 * removed after them. `cli(...)` runs the CLI on it in-process; `dir` is a folder of the file's own.
 */
export function demoForCli(prefix: string): { readonly dir: string; readonly db: string; cli: (...args: string[]) => ReturnType<typeof paydeskOn> } {
  const t = tempDir(prefix);
  let database: TestTarget | undefined;
  const demo = { dir: t.dir, db: '', cli: (...args: string[]) => paydeskOn(demo.db, ...args) };
  beforeAll(async () => {
    if (ENGINE === 'postgres') testDataDir(); // the audit key's folder
    database = ENGINE === 'postgres' ? await createTestDatabase() : { target: path.join(t.dir, 'demo.sqlite'), drop: async () => {} };
    demo.db = database.target;
    await buildDemoDatabase({ file: demo.db, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
    await (await Core.start({ databaseFile: demo.db, log: () => {} })).close();
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
    t.cleanup();
  });
  return demo;
}
