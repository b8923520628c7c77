import { copyToPostgres } from '../../main/core/db/copy/copy';
import { type Command, stringOption } from '../command';

// `paydesk copy`: an agency's SQLite database moved to its PostgreSQL server (README: "PostgreSQL").

export const copyCommand: Command = {
  name: 'copy',
  summary: 'copy a SQLite database, audit trail and key included, into an empty PostgreSQL database (one transaction, verified before it commits)',
  usage: 'paydesk copy --from FILE --to postgres://USER@HOST[:PORT]/DATABASE[?sslmode=require] [--key FILE] [--json]   (the password from PGPASSWORD or ~/.pgpass)',
  options: { from: { type: 'string' }, to: { type: 'string' }, key: { type: 'string' } },
  async run(ctx) {
    const result = await copyToPostgres({
      from: stringOption(ctx.values, 'from')!,
      to: stringOption(ctx.values, 'to')!,
      keyFile: stringOption(ctx.values, 'key', false),
      progress: (message) => ctx.progress(message),
    });
    ctx.out(
      result,
      `Copied ${result.from} into ${result.to}: ${result.rows} rows in ${result.tables.filter((t) => t.rows > 0).length} tables, ` +
        `${result.auditEvents} audit events; every table's row count matches and the audit trail verifies with its key (${result.seconds.toFixed(1)} s).\n` +
        `The audit key is at ${result.keyFile}: back it up with the database, and put a copy there on every PayDesk server that opens it.`,
    );
  },
};
