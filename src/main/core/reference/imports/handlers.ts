import type { Tx as StoreTx } from '../../db/store';
import type { ImportResult } from '../../../../shared/api/contract/reference';
import type { ImportKind } from '../../../../shared/reference/csv';
import { AUDIT_CHAIN_LOCK, type Actor } from '../../audit/chain';
import type { HandlerContext } from '../../context';
import type { HandlerImpls } from '../../registry';
import { adminActor, nowIso } from '../db';
import { importAuthorizations } from './authorizations';
import { importChildren } from './children';
import { invalidFile, parseCsv, type ParsedCsv } from './csv';
import { importProviders } from './providers';
import type { Progress } from './apply';
import { importProviderTax } from '../../year-end/import-tax';

// The three CSV imports: parse and check every row, then write them all in one transaction, or
// refuse the whole file (INVALID_FILE with every issue) and change nothing.

type Importer = (
  tx: StoreTx,
  file: ParsedCsv<never>,
  actor: Actor,
  at: string,
  progress: Progress,
) => Promise<Omit<ImportResult, 'kind' | 'fileName'>>;

const IMPORTERS: Record<ImportKind, Importer> = {
  providers: (tx, ...rest) => importProviders(tx.db, ...rest),
  children: (tx, ...rest) => importChildren(tx.db, ...rest),
  authorizations: (tx, ...rest) => importAuthorizations(tx.db, ...rest),
};

export async function runImport(kind: ImportKind, fileName: string, content: string, ctx: HandlerContext): Promise<ImportResult> {
  const actor = adminActor(ctx);
  const task = `import-${kind}`;
  ctx.emit({ kind: 'progress', task, done: 0, total: 0, message: `Reading ${fileName}` });
  // Parsing needs no database: it runs before the queue, so other work is not held up by it.
  const file = parseCsv<never>(kind, content);
  const progress: Progress = (done, total) => ctx.emit({ kind: 'progress', task, done, total, message: `Importing the ${kind} rows` });
  return ctx.store.run(
    async (tx) => {
      const counts = await IMPORTERS[kind](tx, file, actor, nowIso(ctx), progress);
      if (file.issues.length > 0) throw invalidFile(fileName, file.issues);
      // The providers' optional W-9 columns, into the year-end's own table (issue #17).
      if (kind === 'providers') await importProviderTax(tx.db, file.rows, actor, nowIso(ctx));
      return { kind, fileName, ...counts };
    },
    { locks: [`import:${kind}`, AUDIT_CHAIN_LOCK] },
  );
}

export const importHandlers: HandlerImpls<'reference-import-providers' | 'reference-import-children' | 'reference-import-authorizations'> = {
  'reference-import-providers': ({ fileName, content }, ctx) => runImport('providers', fileName, content, ctx),
  'reference-import-children': ({ fileName, content }, ctx) => runImport('children', fileName, content, ctx),
  'reference-import-authorizations': ({ fileName, content }, ctx) => runImport('authorizations', fileName, content, ctx),
};
