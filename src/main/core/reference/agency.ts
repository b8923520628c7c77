import fs from 'node:fs';
import path from 'node:path';
import type { AgencyView, ExportFolderView } from '../../../shared/api/contract/reference';
import { AppError } from '../../../shared/api/errors';
import { maskAccount } from '../../../shared/domain/routing';
import { AGENCY_FIELDS, exportFolderPath, type AgencySettings } from '../../../shared/reference/settings';
import type { HandlerContext } from '../context';
import { appendAudit } from '../audit/chain';
import { AGENCY_DEFAULTS } from '../db/migrations/0005-agency-settings';
import { SETTING_DEFAULTS } from '../settings/settings';
import type { HandlerImpls } from '../registry';
import { adminActor, diff, nowIso, signedIn } from './db';
import type { Queryable } from '../db/engine/port';
import { AUDIT_CHAIN_LOCK } from '../audit/chain';

// The agency's identity and bank details for the export files, and the database's export folder.
// They live in the setting table under the keys migration 0005 seeds (agency.*, export.root); the
// export reads them there.

const ALWAYS = '1900-01-01';

/** Form field -> setting key. */
export function agencyKey(field: keyof AgencySettings): string {
  return `agency.${field}`;
}

/** A setting of the agency's, in force from always (they are not effective-dated). */
function writeAlways(db: Queryable, key: string, value: unknown): Promise<unknown> {
  return db.run(`INSERT INTO setting (key, effective_from, value) VALUES (?, ?, ?) ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value`, [key, ALWAYS, JSON.stringify(value)]);
}

/** The setting of the export folder (a whole path; empty: the default in the data folder). */
export const EXPORT_FOLDER_KEY = 'export.root';

export async function readAgency(db: Queryable): Promise<AgencyView> {
  // Every field's latest value in one statement.
  const keys = AGENCY_FIELDS.map((field) => agencyKey(field));
  const latest = new Map<string, { value: string }>();
  const rows = await db.rows<{ key: string; value: string; effectiveFrom: string }>(
    `SELECT key, value, effective_from AS effectiveFrom FROM setting WHERE key IN (${keys.map(() => '?').join(', ')}) ORDER BY key, effective_from`,
    keys,
  );
  for (const r of rows) latest.set(r.key, r); // the last of each key is its latest
  const out: Record<string, unknown> = {};
  for (const field of AGENCY_FIELDS) {
    const key = agencyKey(field);
    const row = latest.get(key);
    const fallback = (AGENCY_DEFAULTS as Record<string, unknown>)[key] ?? SETTING_DEFAULTS[key] ?? (field === 'startingCheckNumber' ? 1 : '');
    out[field] = row ? JSON.parse(row.value) : fallback;
  }
  return out as AgencyView;
}

/** The agency's own account number is masked in the audit trail, like providers' numbers. */
const forAudit = (v: Partial<AgencyView>) => ('checkAccountNumber' in v ? { ...v, checkAccountNumber: maskAccount(v.checkAccountNumber ?? null) } : v);

/** Where export batches go: the setting export.root, else the open database's default (host.exportsDir). No caller names it. */
export async function readExportFolder(db: Queryable, ctx: HandlerContext): Promise<ExportFolderView> {
  const configured = await configuredExportFolder(db);
  return configured ? { folder: path.resolve(configured), isDefault: false } : { folder: path.resolve(ctx.host.exportsDir), isDefault: true };
}

/** The export folder the database names ('' when it names none: the default). */
export async function configuredExportFolder(db: Queryable): Promise<string> {
  const row = await db.one<{ value: string }>(`SELECT value FROM setting WHERE key = ? ORDER BY effective_from DESC LIMIT 1`, [EXPORT_FOLDER_KEY]);
  const configured = row ? (JSON.parse(row.value) as unknown) : '';
  return typeof configured === 'string' ? configured : '';
}

/**
 * Sets the export folder (empty: back to the default). Not a handler of the registry: the folder
 * comes from the desktop's folder dialog in the main process or from `paydesk export-folder` on
 * the database's machine, never from the window or a server's client (DESIGN.md §9). The caller
 * must be an Administrator (the command line's operator is one); the folder must be a whole path,
 * and is made if missing and must take files. One transaction, with its audit event.
 */
export async function setExportFolder(ctx: HandlerContext, folder: string): Promise<ExportFolderView> {
  const user = signedIn(ctx);
  if (!user.groups.includes('Administrator')) {
    throw new AppError({ code: 'FORBIDDEN', message: `Choosing the export folder is for Administrator users; ${user.username} is in ${user.groups.join(', ') || 'no group'}.` });
  }
  const parsed = exportFolderPath.safeParse(folder);
  if (!parsed.success) throw new AppError({ code: 'BAD_REQUEST', field: 'folder', message: `The export folder ${parsed.error.issues[0].message}.` });
  // Refused before anything is made on the disk.
  if (ctx.store.readOnlyReason) throw ctx.store.readOnlyError();
  if (ctx.store.isReadingOnly) throw ctx.store.readingOnlyError();
  const chosen = parsed.data === '' ? '' : path.resolve(parsed.data);
  if (chosen) checkWritableFolder(chosen);
  return ctx.store.run(
    async ({ db }) => {
      const before = await readExportFolder(db, ctx);
      await writeAlways(db, EXPORT_FOLDER_KEY, chosen);
      const after = await readExportFolder(db, ctx);
      if (after.folder !== before.folder || after.isDefault !== before.isDefault) {
        await appendAudit(db, { actor: adminActor(ctx), at: nowIso(ctx), entity: 'agency', entityId: 1, action: 'set-export-folder', before, after });
      }
      return after;
    },
    { locks: [AUDIT_CHAIN_LOCK] },
  );
}

/** The folder exists (made if missing) and takes files: the export would otherwise fail after its commit. */
function checkWritableFolder(folder: string): void {
  const refuse = (why: string) => new AppError({ code: 'BAD_REQUEST', field: 'folder', message: `The export folder ${folder} cannot be used: ${why}.` });
  if (fs.existsSync(folder) && !fs.statSync(folder).isDirectory()) throw refuse('it is a file, not a folder');
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.accessSync(folder, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw refuse(code === 'EACCES' || code === 'EPERM' ? 'PayDesk may not write there' : (err as Error).message);
  }
}

export const agencyHandlers: HandlerImpls<'agency-get' | 'agency-save' | 'export-folder-get'> = {
  'agency-get': (_args, ctx) => ctx.store.read(({ db }) => readAgency(db)),
  'export-folder-get': (_args, ctx) => ctx.store.read(({ db }) => readExportFolder(db, ctx)),

  'agency-save': (input, ctx) =>
    ctx.store.run(async ({ db }) => {
      const before = await readAgency(db);
      const change = diff<AgencyView>(before, input);
      if (!change) return before;
      for (const field of Object.keys(change.after) as Array<keyof AgencySettings>) await writeAlways(db, agencyKey(field), input[field]);
      await appendAudit(db, {
        actor: adminActor(ctx),
        at: nowIso(ctx),
        entity: 'agency',
        entityId: 1,
        action: 'save-agency',
        before: forAudit(change.before),
        after: forAudit(change.after),
      });
      return readAgency(db);
    }, { locks: [AUDIT_CHAIN_LOCK] }),
};
