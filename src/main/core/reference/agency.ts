import type { AgencyView } from '../../../shared/api/contract/reference';
import { maskAccount } from '../../../shared/domain/routing';
import { AGENCY_FIELDS, type AgencySettings } from '../../../shared/reference/settings';
import { appendAudit } from '../audit/chain';
import { AGENCY_DEFAULTS } from '../db/migrations/0005-agency-settings';
import { SETTING_DEFAULTS } from '../settings/settings';
import type { HandlerImpls } from '../registry';
import { adminActor, diff, nowIso } from './db';
import type { Queryable } from '../db/engine/port';
import { AUDIT_CHAIN_LOCK } from '../audit/chain';

// The agency's identity and bank details for the export files. They live in the setting table
// under the keys migration 0005 seeds (agency.*, export.root); the export reads them there.

const ALWAYS = '1900-01-01';

/** Form field -> setting key. */
export function agencyKey(field: keyof AgencySettings): string {
  return field === 'exportRoot' ? 'export.root' : `agency.${field}`;
}

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

export const agencyHandlers: HandlerImpls<'agency-get' | 'agency-save'> = {
  'agency-get': (_args, ctx) => ctx.store.read(({ db }) => readAgency(db)),

  'agency-save': (input, ctx) =>
    ctx.store.run(async ({ db }) => {
      const before = await readAgency(db);
      const change = diff<AgencyView>(before, input);
      if (!change) return before;
      const write = `INSERT INTO setting (key, effective_from, value) VALUES (?, ?, ?) ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value`;
      for (const field of Object.keys(change.after) as Array<keyof AgencySettings>) await db.run(write, [agencyKey(field), ALWAYS, JSON.stringify(input[field])]);
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
