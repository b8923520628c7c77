import fs from 'node:fs';
import { Store } from '../../main/core/db/store';
import { type Command, usageError } from '../command';

// The database file itself from the command line: a new empty database (issue #12: PayDesk
// creates a database only when asked for one).

export const newDatabaseCommand: Command = {
  name: 'new-database',
  summary: 'create a new, empty PayDesk database (the app then offers to create its administrator)',
  usage: 'paydesk new-database [--db FILE] [--json]',
  async run(ctx) {
    if (fs.existsSync(ctx.db)) throw usageError(`${ctx.db} already exists; PayDesk never replaces a database with a new one`);
    const store = await Store.open(ctx.db, { create: true });
    await store.close();
    ctx.out({ file: ctx.db }, `New PayDesk database at ${ctx.db}. Open it in the app (or "npm run preview:web -- --db ${ctx.db}") to create its administrator.`);
  },
};

export const DATABASE_COMMANDS: Command[] = [newDatabaseCommand];
