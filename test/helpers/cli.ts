import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../src/cli/main';

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
