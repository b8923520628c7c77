import { AppError } from '../shared/api/errors';
import type { SessionUser } from '../shared/api/contract/session';
import { Core, type Connection } from '../main/core/core';
import { loadSessionUserByName } from '../main/core/users/users';
import { databaseExists } from './command';

// Opening the core: loaded by a command when it first needs the database, never by --help.

/** Opens a database for a command (`reading`: to read only). A missing file is an error: only `demo` creates one. */
export async function openCore(db: string, as: string | undefined, options: { reading?: boolean } = {}): Promise<{ core: Core; connection: Connection }> {
  if (!databaseExists(db)) {
    throw new AppError({
      code: 'NOT_FOUND',
      message: `No PayDesk database at ${db}. Create one with "paydesk demo --db ${db}" or start the app once.`,
    });
  }
  // A command that only reads opens the database to read only (core.ts, CoreOptions.readingOnly).
  const core = await Core.start({ databaseFile: db, readingOnly: options.reading === true });
  let user: SessionUser | null = null;
  if (as) {
    // The CLI runs with the database file's own permissions, like a database tool: it acts as a
    // named user without a password, and every step is recorded under that user's name.
    const found = await core.store.read(({ db }) => loadSessionUserByName(db, as));
    if (!found) {
      await core.close();
      throw new AppError({ code: 'NOT_FOUND', field: 'as', message: `No active user named "${as}".` });
    }
    user = found;
  }
  return { core, connection: core.connect(user) };
}
