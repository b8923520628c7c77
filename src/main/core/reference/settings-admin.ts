import { AppError } from '../../../shared/api/errors';
import type { Reason, SettingEntry } from '../../../shared/api/contract/reference';
import { EDITABLE_SETTINGS, EDITABLE_SETTING_KEYS, SYSTEM_REASON_CODES, type EditableSettingKey } from '../../../shared/reference/settings';
import { AUDIT_CHAIN_LOCK, appendAudit } from '../audit/chain';
import type { Queryable } from '../db/engine/port';
import { recordSetting } from '../settings/record';
import { SETTING_DEFAULTS } from '../settings/settings';
import type { HandlerImpls } from '../registry';
import { adminActor, notFound, nowIso, today } from './db';

// Settings an Administrator edits (effective-dated where the calculation reads them) and the
// lists of reasons for holds, corrections, denials and returns.

/** Settings that are not effective-dated keep one value, stored from this date. */
const ALWAYS = '1900-01-01';

type Value = number | boolean;

async function settingEntry(db: Queryable, key: EditableSettingKey, onDate: string): Promise<SettingEntry> {
  const spec = EDITABLE_SETTINGS[key];
  const history = (
    await db.rows<{ effectiveFrom: string; value: string }>(`SELECT effective_from AS effectiveFrom, value FROM setting WHERE key = ? ORDER BY effective_from`, [key])
  ).map((r) => ({ effectiveFrom: r.effectiveFrom, value: JSON.parse(r.value) as Value }));
  const current = [...history].reverse().find((h) => h.effectiveFrom <= onDate) ?? {
    effectiveFrom: ALWAYS,
    value: SETTING_DEFAULTS[key] as Value,
  };
  return { key, label: spec.label, effectiveDated: spec.effectiveDated, value: current.value, effectiveFrom: current.effectiveFrom, history };
}

const toReason = (r: Omit<Reason, 'active' | 'system'> & { active: number }): Reason => ({
  ...r,
  active: r.active === 1,
  system: SYSTEM_REASON_CODES.includes(r.code),
});

export const settingsHandlers: HandlerImpls<'settings-get' | 'settings-save' | 'reasons-list' | 'reasons-save'> = {
  'settings-get': (_args, ctx) =>
    ctx.store.read(async ({ db }) => {
      const onDate = await today(ctx, db);
      const settings: SettingEntry[] = [];
      for (const key of EDITABLE_SETTING_KEYS) settings.push(await settingEntry(db, key, onDate));
      return { settings };
    }),

  'settings-save': ({ key, value, effectiveFrom }, ctx) =>
    ctx.store.run(async ({ db }) => {
      // A new calculation value starts today unless given a date; others apply at once.
      const from = EDITABLE_SETTINGS[key].effectiveDated ? (effectiveFrom ?? (await today(ctx, db))) : ALWAYS;
      const inForce = (await settingEntry(db, key, from)).value;
      await recordSetting(db, key, from, value, inForce, adminActor(ctx), nowIso(ctx));
      return settingEntry(db, key, await today(ctx, db));
    }, { locks: [AUDIT_CHAIN_LOCK] }),

  'reasons-list': ({ kind, includeInactive }, ctx) =>
    ctx.store.read(async ({ db }) => {
      // The filters in the text: PostgreSQL cannot type a parameter compared only with NULL.
      const where = [...(kind ? ['kind = ?'] : []), ...(includeInactive ? [] : ['active = 1'])];
      const rows = await db.rows<Parameters<typeof toReason>[0]>(
        `SELECT id, kind, code, label, active FROM reason ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY kind, id`,
        kind ? [kind] : [],
      );
      return rows.map(toReason);
    }),

  'reasons-save': ({ id, kind, code, label, active }, ctx) =>
    ctx.store.run(async ({ db }) => {
      const actor = adminActor(ctx);
      const at = nowIso(ctx);
      if (id === undefined) {
        if (await db.one(`SELECT 1 FROM reason WHERE kind = ? AND code = ?`, [kind, code])) {
          throw new AppError({ code: 'REFUSED', field: 'code', message: `The ${kind} list already has a reason ${code}.` });
        }
        const newId = await db.insert(`INSERT INTO reason (kind, code, label, active) VALUES (?, ?, ?, ?)`, [kind, code, label, active ? 1 : 0]);
        await appendAudit(db, { actor, at, entity: 'reason', entityId: newId, action: 'create-reason', after: { kind, code, label, active } });
        return toReason({ id: newId, kind, code, label, active: active ? 1 : 0 });
      }
      const before = await db.one<Parameters<typeof toReason>[0]>(`SELECT id, kind, code, label, active FROM reason WHERE id = ?`, [id]);
      if (!before) throw notFound('reason', id);
      // The audit trail and the items' history refer to reasons by kind and code: those stay.
      if (before.kind !== kind || before.code !== code) {
        throw new AppError({ code: 'REFUSED', field: 'code', message: `A reason's list and code do not change (${before.kind} ${before.code}); add a new reason instead.` });
      }
      if (!active && SYSTEM_REASON_CODES.includes(code)) {
        throw new AppError({ code: 'REFUSED', field: 'active', message: `${code} is used by PayDesk itself and stays active.` });
      }
      if (before.label === label && (before.active === 1) === active) return toReason(before);
      await db.run(`UPDATE reason SET label = ?, active = ? WHERE id = ?`, [label, active ? 1 : 0, id]);
      await appendAudit(db, {
        actor,
        at,
        entity: 'reason',
        entityId: id,
        action: 'update-reason',
        before: { label: before.label, active: before.active === 1 },
        after: { label, active },
      });
      return toReason({ id, kind, code, label, active: active ? 1 : 0 });
    }, { locks: [AUDIT_CHAIN_LOCK] }),
};
