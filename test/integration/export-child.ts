import { Core } from '../../src/main/core/core';
import { AppError } from '../../src/shared/api/errors';
import { loadSessionUserByName } from '../../src/main/core/users/users';

// A child process for the crash and concurrency tests: opens the database as its own Core (as a
// second desktop on a shared file would), says "ready", then runs one export as "payor".
// argv: DB PERIOD_ID PAYOR_ID DATA_DIR (its batch folders go to DATA_DIR/exports)

export const FIXED_NOW = '2026-02-03T10:00:00.000Z';

async function main(): Promise<void> {
  const [db, periodId, payorId, dataDir] = process.argv.slice(2);
  const core = await Core.start({ databaseFile: db, dataDir, now: () => new Date(FIXED_NOW), skipStartupTasks: true, log: () => {} });
  const user = await core.store.read(({ db }) => loadSessionUserByName(db, 'payor'));
  const send = (m: unknown) => new Promise<void>((resolve) => (process.send ? process.send(m, () => resolve()) : resolve()));
  core.onEvent((e) => void send({ progress: e }));
  await send({ ready: true });
  try {
    const detail = await core.connect(user).call('export-run', { periodId: Number(periodId), payorId: Number(payorId) });
    await send({ done: detail.batch.id, items: detail.providers.flatMap((p) => p.items.map((i) => i.paymentId)) });
  } catch (err) {
    await send({ refused: AppError.from(err).toJSON() });
  }
  await core.close();
  process.exit(0);
}

void main();
