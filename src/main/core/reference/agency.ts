import type BetterSqlite3 from 'better-sqlite3';
import type { AgencyView } from '../../../shared/api/contract/reference';
import { maskAccount } from '../../../shared/domain/routing';
import { AGENCY_FIELDS, type AgencySettings } from '../../../shared/reference/settings';
import { appendAudit } from '../audit/chain';
import { AGENCY_DEFAULTS } from '../db/migrations/0005-agency-settings';
import { SETTING_DEFAULTS } from '../settings/settings';
import type { HandlerImpls } from '../registry';
import { adminActor, diff, nowIso, stmt } from './db';

// The agency's identity and bank details for the export files. They live in the setting table
// under the keys migration 0005 seeds (agency.*, export.root); the export reads them there.

const ALWAYS = '1900-01-01';

/** Form field -> setting key. */
export function agencyKey(field: keyof AgencySettings): string {
  return field === 'exportRoot' ? 'export.root' : `agency.${field}`;
}

export function readAgency(sql: BetterSqlite3.Database): AgencyView {
  const read = stmt(sql, `SELECT value FROM setting WHERE key = ? ORDER BY effective_from DESC LIMIT 1`);
  const out: Record<string, unknown> = {};
  for (const field of AGENCY_FIELDS) {
    const key = agencyKey(field);
    const row = read.get(key) as { value: string } | undefined;
    const fallback = (AGENCY_DEFAULTS as Record<string, unknown>)[key] ?? SETTING_DEFAULTS[key] ?? (field === 'startingCheckNumber' ? 1 : '');
    out[field] = row ? JSON.parse(row.value) : fallback;
  }
  return out as AgencyView;
}

/** The agency's own account number is masked in the audit trail, like providers' numbers. */
const forAudit = (v: Partial<AgencyView>) => ('checkAccountNumber' in v ? { ...v, checkAccountNumber: maskAccount(v.checkAccountNumber ?? null) } : v);

export const agencyHandlers: HandlerImpls<'agency-get' | 'agency-save'> = {
  'agency-get': (_args, ctx) => ctx.store.read(({ sql }) => readAgency(sql)),

  'agency-save': (input, ctx) =>
    ctx.store.run(({ sql }) => {
      const before = readAgency(sql);
      const change = diff<AgencyView>(before, input);
      if (!change) return before;
      const write = stmt(
        sql,
        `INSERT INTO setting (key, effective_from, value) VALUES (?, ?, ?) ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value`,
      );
      for (const field of Object.keys(change.after) as Array<keyof AgencySettings>) write.run(agencyKey(field), ALWAYS, JSON.stringify(input[field]));
      appendAudit(sql, {
        actor: adminActor(ctx),
        at: nowIso(ctx),
        entity: 'agency',
        entityId: 1,
        action: 'save-agency',
        before: forAudit(change.before),
        after: forAudit(change.after),
      });
      return readAgency(sql);
    }),
};
