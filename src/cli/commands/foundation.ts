import fs from 'node:fs';
import { Core } from '../../main/core/core';
import { refuseNonEmptyPostgres } from '../../main/core/db/copy/copy';
import { isPostgresUrl } from '../../main/core/db/engine/url';
import { buildDemoDatabase, DEMO_SCALES, type DemoScale } from '../../main/core/demo/demo';
import { demoExportRoot } from '../../main/core/demo/exports';
import { PROVIDER_TYPE_LABELS } from '../../shared/domain/words';
import { type Command, intOption, table, usageError } from '../command';
import { PAYMENT_METHOD_LABELS } from '../labels';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'create a realistic, deterministic demo database',
  usage: 'paydesk demo [--db FILE] [--seed N] [--scale S|M|L] [--force] [--json]',
  options: { seed: { type: 'string' }, scale: { type: 'string' }, force: { type: 'boolean' } },
  async run(ctx) {
    const seed = intOption(ctx.values, 'seed', false) ?? 1;
    const scale = (ctx.values.scale ?? 'S') as string;
    if (!Object.prototype.hasOwnProperty.call(DEMO_SCALES, scale)) {
      throw usageError(`--scale must be S, M or L, not "${scale}"`);
    }
    if (isPostgresUrl(ctx.db)) {
      if (ctx.values.force) throw usageError('--force does not apply to a PostgreSQL database: PayDesk never empties one (the DBA drops and creates it again)');
      await refuseNonEmptyPostgres(ctx.db);
    } else if (fs.existsSync(ctx.db)) {
      if (!ctx.values.force) throw usageError(`${ctx.db} already exists; add --force to replace it`);
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(ctx.db + suffix, { force: true });
    }
    const started = Date.now();
    const summary = await buildDemoDatabase({
      file: ctx.db,
      seed,
      scale: scale as DemoScale,
      now: new Date(),
      onProgress: (done, total, what) => ctx.progress(`${what}: ${done}/${total}`),
    });
    // Opened once, as the app would: its start-up work writes the demo's export batches' files
    // (the build commits the batches and leaves their files to the export repair).
    ctx.progress('writing the export batches’ files');
    const core = await Core.start({ databaseFile: ctx.db, log: (level, message, detail) => level === 'error' && console.error(`[paydesk error] ${message}`, detail ?? '') });
    const exportBatches = Number((await core.store.db.one<{ n: number }>(`SELECT count(*) AS n FROM export_batch`))!.n);
    await core.close();
    const exportFolder = demoExportRoot(ctx.db);
    ctx.out(
      { ...summary, exportBatches, exportFolder, seconds: (Date.now() - started) / 1000 },
      `Demo database created at ${summary.file}\n` +
        `${summary.providers} providers, ${summary.children} children, ${summary.periods} service periods, ` +
        `${exportBatches} export batches (files in ${exportFolder}).\n` +
        `Sign in as ${summary.users.join(', ')} with the password "${summary.password}".`,
    );
  },
};

export const periodsCommand: Command = {
  name: 'periods',
  summary: 'list the service periods',
  usage: 'paydesk periods [--db FILE] [--json]',
  async run(ctx) {
    const { core, connection } = await ctx.open({ system: true, reading: true });
    try {
      const periods = await connection.call('periods-list', {});
      ctx.out(periods, table(periods, ['id', 'code', { key: 'label', label: 'Period' }, 'startDate', 'endDate']));
    } finally {
      await core.close();
    }
  },
};

export const providersCommand: Command = {
  name: 'providers',
  summary: 'list providers (search by name or license)',
  usage: 'paydesk providers [--db FILE] [--search TEXT] [--page N] [--page-size N] [--json]',
  options: { search: { type: 'string' }, page: { type: 'string' }, 'page-size': { type: 'string' } },
  async run(ctx) {
    const { core, connection } = await ctx.open({ system: true, reading: true });
    try {
      const result = await connection.call('providers-list', {
        search: (ctx.values.search as string | undefined) ?? '',
        page: intOption(ctx.values, 'page', false) ?? 0,
        pageSize: intOption(ctx.values, 'page-size', false) ?? 50,
      });
      ctx.out(
        result,
        `${table(
          result.rows.map((r) => ({ ...r, type: PROVIDER_TYPE_LABELS[r.type], paymentMethod: PAYMENT_METHOD_LABELS[r.paymentMethod] })),
          ['id', 'licenseNumber', 'name', 'type', { key: 'payorName', label: 'Payor' }, { key: 'paymentMethod', label: 'Paid by' }, { key: 'accountMasked', label: 'Account' }],
        )}\n` +
          `${result.rows.length} of ${result.total}`,
      );
    } finally {
      await core.close();
    }
  },
};
