import fs from 'node:fs';
import path from 'node:path';
import type { ImportKind } from '../../shared/reference/csv';
import { type Command, intOption, stringOption, usageError } from '../command';

// CSV imports of reference data (docs/formats/{providers,children,authorizations}-csv.md). All or
// nothing: a file with any bad row changes nothing and every problem is listed with its row.

const HANDLER = {
  providers: 'reference-import-providers',
  children: 'reference-import-children',
  authorizations: 'reference-import-authorizations',
} as const satisfies Record<ImportKind, string>;

function importCommand(kind: ImportKind): Command {
  return {
    name: `import-${kind}`,
    summary: `import ${kind} from a CSV file (docs/formats/${kind}-csv.md); all or nothing`,
    usage: `paydesk import-${kind} FILE [--db FILE] [--as ADMIN_USER] [--json]`,
    options: { as: { type: 'string' } },
    async run(ctx) {
      const file = ctx.positionals[0];
      if (!file || ctx.positionals.length > 1) throw usageError(`give one CSV file: paydesk import-${kind} FILE`);
      if (!fs.existsSync(file)) throw usageError(`no file at ${file}`);
      const content = fs.readFileSync(file, 'utf8');
      const { core, connection } = await ctx.open();
      const off = core.onEvent((e) => {
        if (e.total > 0 && e.done < e.total) ctx.progress(e.message ?? `${e.done}/${e.total}`);
      });
      try {
        const r = await connection.call(HANDLER[kind], { fileName: path.basename(file), content });
        const held = r.bankChanges.map(
          (b) => `\n  ${b.licenseNumber}: bank details changed, ${b.heldPaymentIds.length} item(s) on hold until a second user confirms`,
        );
        ctx.out(r, `${r.fileName}: ${r.rows} rows, ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged.${held.join('')}`);
      } finally {
        off();
        await core.close();
      }
    },
  };
}

/**
 * The second user's confirmation of changed bank details (the user who changed them cannot). The
 * confirmer sees the new numbers in full (an audit event records the viewing) and confirms by
 * typing them back: what the provider sent on paper must be what PayDesk will pay to.
 */
export const confirmBankDetailsCommand: Command = {
  name: 'confirm-bank-details',
  summary: "show a provider's changed bank details to a second user, who confirms them by typing them back; releases the bank-detail holds",
  usage: 'paydesk confirm-bank-details --provider ID --as USER [--routing R --account A] [--db FILE] [--json]',
  options: { as: { type: 'string' }, provider: { type: 'string' }, routing: { type: 'string' }, account: { type: 'string' } },
  async run(ctx) {
    const providerId = intOption(ctx.values, 'provider')!;
    const routing = stringOption(ctx.values, 'routing', false);
    const account = stringOption(ctx.values, 'account', false);
    if ((routing === undefined) !== (account === undefined)) throw new Error('give both --routing and --account (the new numbers as the provider sent them), or neither to see them');
    const { core, connection } = await ctx.open({ as: stringOption(ctx.values, 'as')! });
    try {
      const shown = await connection.call('providers-view-bank-details', { providerId });
      if (routing === undefined) {
        ctx.out(
          shown,
          [
            `New bank details of provider ${providerId} (changed by ${shown.changedBy ?? 'unknown'}):`,
            `  routing number  ${shown.routingNumber ?? '(none)'}`,
            `  account number  ${shown.accountNumber ?? '(none)'}`,
            'Compare them with what the provider sent, then confirm by typing them back:',
            `  paydesk confirm-bank-details --provider ${providerId} --routing NUMBER --account NUMBER --as USER`,
          ].join('\n'),
        );
        return;
      }
      const differs = [routing.trim() !== (shown.routingNumber ?? '') && 'routing number', account!.trim() !== (shown.accountNumber ?? '') && 'account number'].filter(Boolean);
      if (differs.length > 0) throw new Error(`the ${differs.join(' and ')} you typed differ from the new details; nothing was confirmed (run without --routing and --account to see them)`);
      const r = await connection.call('providers-confirm-bank-details', { providerId });
      ctx.out(r, `${r.provider.name}: bank details confirmed; ${r.releasedPaymentIds.length} item(s) released from hold.`);
    } finally {
      await core.close();
    }
  },
};

export const referenceCommands: Command[] = [
  importCommand('providers'),
  importCommand('children'),
  importCommand('authorizations'),
  confirmBankDetailsCommand,
];
