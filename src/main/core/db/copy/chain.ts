import { AUDIT_ROW_COLUMNS, eventHash, GENESIS_HASH, isSeal, type AuditRow } from '../../audit/chain';
import type { AuditKey } from '../../audit/key';
import type { Queryable } from '../engine/port';

// The audit chain verified through the data port, on either engine, in keyset pages (a trail of
// millions of events is never held whole): the same checks as audit/chain.ts verifyChain (each
// event's previous-hash is the hash before it; events before the seal are plain SHA-256, the
// seal and every later one HMAC under the key; every export batch's anchor matches), with the
// key given. `paydesk copy` verifies the source before copying and the target before committing.

const PAGE = 5000;

export interface PortChainReport {
  ok: boolean;
  events: number;
  sealId: number | null;
  /** The last event: the chain's head. */
  head: { id: number; hash: string } | null;
  anchors: number;
  /** Why the chain does not verify, in words for the user. */
  problem?: string;
}

export async function verifyChainOnPort(db: Queryable, key: AuditKey | null): Promise<PortChainReport> {
  const anchors = new Map<number, Array<{ batchId: number; hash: string }>>();
  const anchorRows = await db.rows<{ batchId: number; eventId: number; hash: string }>(
    `SELECT id AS batchId, anchor_event_id AS eventId, anchor_hash AS hash FROM export_batch WHERE anchor_event_id IS NOT NULL ORDER BY id`,
  );
  for (const a of anchorRows) anchors.set(a.eventId, [...(anchors.get(a.eventId) ?? []), { batchId: a.batchId, hash: a.hash }]);

  let expectedPrev = GENESIS_HASH;
  let events = 0;
  let sealId: number | null = null;
  let head: PortChainReport['head'] = null;
  const bad = (id: number, problem: string): PortChainReport => ({ ok: false, events, sealId, head, anchors: anchorRows.length, problem: `event ${id} ${problem}` });
  for (let after = 0; ; ) {
    const page = await db.rows<AuditRow>(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_event WHERE id > ? ORDER BY id LIMIT ${PAGE}`, [after]);
    for (const row of page) {
      events += 1;
      if (row.prevHash !== expectedPrev) return bad(row.id, 'does not follow the event before it (its previous-hash differs: an event was removed, inserted or rewritten)');
      const keyed = sealId !== null || isSeal(row);
      if (keyed && !key) return bad(row.id, 'is keyed and no audit key was given');
      const { id: _id, prevHash, hash, ...content } = row;
      if (eventHash(prevHash, content, keyed ? key : null) !== hash) {
        return bad(row.id, isSeal(row) ? "is the trail's seal and does not verify with this audit key (the wrong key)" : 'does not match its hash (changed after it was written)');
      }
      if (sealId === null && isSeal(row)) sealId = row.id;
      for (const a of anchors.get(row.id) ?? []) {
        if (a.hash !== hash) return bad(row.id, `is recorded by export batch ${a.batchId} with another hash`);
      }
      anchors.delete(row.id);
      expectedPrev = hash;
      head = { id: row.id, hash };
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].id;
  }
  const [missing] = anchors.keys();
  if (missing !== undefined) return { ok: false, events, sealId, head, anchors: anchorRows.length, problem: `event ${missing}, recorded by export batch ${anchors.get(missing)![0].batchId}, is missing` };
  if (key && sealId === null && events > 0) return { ok: false, events, sealId, head, anchors: anchorRows.length, problem: 'the trail was never sealed with the audit key' };
  return { ok: true, events, sealId, head, anchors: anchorRows.length };
}
