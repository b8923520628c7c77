import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import type { Reason, SettingEntry } from '../../../shared/api/contract/reference';
import { EDITABLE_SETTINGS, EDITABLE_SETTING_KEYS, SYSTEM_REASON_CODES, type EditableSettingKey } from '../../../shared/reference/settings';
import { appendAudit } from '../audit/chain';
import { SETTING_DEFAULTS } from '../settings/settings';
import type { HandlerImpls } from '../registry';
import { adminActor, notFound, nowIso, stmt, today } from './db';

// Settings an Administrator edits (effective-dated where the calculation reads them) and the
// lists of reasons for holds, corrections, denials and returns.

/** Settings that are not effective-dated keep one value, stored from this date. */
const ALWAYS = '1900-01-01';

type Value = number | boolean;

function settingEntry(sql: BetterSqlite3.Database, key: EditableSettingKey, onDate: string): SettingEntry {
  const spec = EDITABLE_SETTINGS[key];
  const history = (
    stmt(sql, `SELECT effective_from AS effectiveFrom, value FROM setting WHERE key = ? ORDER BY effective_from`).all(key) as Array<{
      effectiveFrom: string;
      value: string;
    }>
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
    ctx.store.read(({ sql }) => ({ settings: EDITABLE_SETTING_KEYS.map((key) => settingEntry(sql, key, today(ctx))) })),

  'settings-save': ({ key, value, effectiveFrom }, ctx) =>
    ctx.store.run(({ sql }) => {
      // A new calculation value starts today unless given a date; others apply at once.
      const from = EDITABLE_SETTINGS[key].effectiveDated ? (effectiveFrom ?? today(ctx)) : ALWAYS;
      const old = stmt(sql, `SELECT id FROM setting WHERE key = ? AND effective_from = ?`).get(key, from) as { id: number } | undefined;
      // Already the value in force from that date: nothing to record.
      const inForce = settingEntry(sql, key, from).value;
      if (inForce === value) return settingEntry(sql, key, today(ctx));
      stmt(
        sql,
        `INSERT INTO setting (key, effective_from, value) VALUES (?, ?, ?)
         ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value`,
      ).run(key, from, JSON.stringify(value));
      const id = (stmt(sql, `SELECT id FROM setting WHERE key = ? AND effective_from = ?`).get(key, from) as { id: number }).id;
      appendAudit(sql, {
        actor: adminActor(ctx),
        at: nowIso(ctx),
        entity: 'setting',
        entityId: id,
        action: 'save-setting',
        before: { key, effectiveFrom: from, value: inForce, replaced: old !== undefined },
        after: { key, effectiveFrom: from, value },
      });
      return settingEntry(sql, key, today(ctx));
    }),

  'reasons-list': ({ kind, includeInactive }, ctx) =>
    ctx.store.read(({ sql }) => {
      const rows = sql
        .prepare(
          `SELECT id, kind, code, label, active FROM reason WHERE (@kind IS NULL OR kind = @kind) AND (@all = 1 OR active = 1) ORDER BY kind, id`,
        )
        .all({ kind: kind ?? null, all: includeInactive ? 1 : 0 }) as Array<Parameters<typeof toReason>[0]>;
      return rows.map(toReason);
    }),

  'reasons-save': ({ id, kind, code, label, active }, ctx) =>
    ctx.store.run(({ sql }) => {
      const actor = adminActor(ctx);
      const at = nowIso(ctx);
      if (id === undefined) {
        if (stmt(sql, `SELECT 1 FROM reason WHERE kind = ? AND code = ?`).get(kind, code)) {
          throw new AppError({ code: 'REFUSED', field: 'code', message: `The ${kind} list already has a reason ${code}.` });
        }
        const newId = Number(stmt(sql, `INSERT INTO reason (kind, code, label, active) VALUES (?, ?, ?, ?)`).run(kind, code, label, active ? 1 : 0).lastInsertRowid);
        appendAudit(sql, { actor, at, entity: 'reason', entityId: newId, action: 'create-reason', after: { kind, code, label, active } });
        return toReason({ id: newId, kind, code, label, active: active ? 1 : 0 });
      }
      const before = stmt(sql, `SELECT id, kind, code, label, active FROM reason WHERE id = ?`).get(id) as Parameters<typeof toReason>[0] | undefined;
      if (!before) throw notFound('reason', id);
      // The audit trail and the items' history refer to reasons by kind and code: those stay.
      if (before.kind !== kind || before.code !== code) {
        throw new AppError({ code: 'REFUSED', field: 'code', message: `A reason's list and code do not change (${before.kind} ${before.code}); add a new reason instead.` });
      }
      if (!active && SYSTEM_REASON_CODES.includes(code)) {
        throw new AppError({ code: 'REFUSED', field: 'active', message: `${code} is used by PayDesk itself and stays active.` });
      }
      if (before.label === label && (before.active === 1) === active) return toReason(before);
      stmt(sql, `UPDATE reason SET label = ?, active = ? WHERE id = ?`).run(label, active ? 1 : 0, id);
      appendAudit(sql, {
        actor,
        at,
        entity: 'reason',
        entityId: id,
        action: 'update-reason',
        before: { label: before.label, active: before.active === 1 },
        after: { label, active },
      });
      return toReason({ id, kind, code, label, active: active ? 1 : 0 });
    }),
};
