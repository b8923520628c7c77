import { runCli } from '../../src/cli/main';

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
