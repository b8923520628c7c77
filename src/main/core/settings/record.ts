import { appendAudit, type Actor } from '../audit/chain';
import type { Tx } from '../db/engine/port';

/**
 * Records `value` for `key` from the date `from` (a row of that date is replaced) with its
 * save-setting audit event, unless it is already `inForce` (the value the caller found in force
 * then): nothing is written for a value that changes nothing. Inside a write transaction that holds
 * the audit chain's lock (the settings screens of Settings, Calculation and QA sample).
 */
export async function recordSetting(db: Tx, key: string, from: string, value: unknown, inForce: unknown, actor: Actor, at: string): Promise<void> {
  if (JSON.stringify(inForce) === JSON.stringify(value)) return;
  const old = await db.one<{ id: number }>(`SELECT id FROM setting WHERE key = ? AND effective_from = ?`, [key, from]);
  const [{ id }] = await db.rows<{ id: number }>(
    `INSERT INTO setting (key, effective_from, value) VALUES (?, ?, ?)
     ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value RETURNING id`,
    [key, from, JSON.stringify(value)],
  );
  await appendAudit(db, {
    actor,
    at,
    entity: 'setting',
    entityId: id,
    action: 'save-setting',
    before: { key, effectiveFrom: from, value: inForce, replaced: old !== undefined },
    after: { key, effectiveFrom: from, value },
  });
}
