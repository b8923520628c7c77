import { Core } from '../../src/main/core/core';
import { DEMO_PASSWORD } from '../../src/main/core/demo/demo';
import { AppError } from '../../src/shared/api/errors';
import type { HandlerArgs, HandlerName } from '../../src/shared/api/contract';

// One "PayDesk server" for the two-server race tests (two-servers.pg.test.ts): a child process
// that, for each round, opens the round's database as its own Core (its own Store and pool),
// signs in the named user, says "ready", waits for "go" (sent to both servers at the same moment),
// makes one call through the registry, as the CLI and the app do, reports the result and closes.
// PAYDESK_DATA_DIR: where the PostgreSQL databases' audit keys are (db/engine/key-location.ts).

export const FIXED_NOW = '2026-02-03T10:00:00.000Z';

interface Round {
  db: string;
  /** This round's data folder: its export batches' files. */
  dataDir: string;
  username: string;
  handler: HandlerName;
  args: unknown;
}

const send = (m: unknown) => new Promise<void>((resolve) => (process.send ? process.send(m, () => resolve()) : resolve()));

let go: (() => void) | null = null;
const rounds: Round[] = [];
let wake: (() => void) | null = null;

process.on('message', (m: { round?: Round; go?: true; stop?: true }) => {
  if (m.round) {
    rounds.push(m.round);
    wake?.();
  }
  if (m.go) go?.();
  if (m.stop) process.exit(0);
});

async function runRound(r: Round): Promise<void> {
  let core: Core | undefined;
  try {
    core = await Core.start({ databaseFile: r.db, dataDir: r.dataDir, now: () => new Date(FIXED_NOW), skipStartupTasks: true, log: () => {} });
    // Signed in as a person would (the demo's password): no internal function, only the registry.
    const connection = core.connect();
    await connection.call('session-login', { username: r.username, password: DEMO_PASSWORD });
    const started = new Promise<void>((resolve) => (go = resolve));
    await send({ ready: true });
    await started;
    const result = await connection.call(r.handler, r.args as HandlerArgs<typeof r.handler>);
    await send({ done: result });
  } catch (err) {
    await send({ failed: AppError.from(err).toJSON() });
  } finally {
    go = null;
    await core?.close();
  }
}

async function main(): Promise<void> {
  await send({ started: true });
  for (;;) {
    const r = rounds.shift();
    if (r) await runRound(r);
    else await new Promise<void>((resolve) => (wake = resolve));
  }
}

void main();
