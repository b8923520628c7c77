import { createHmac } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import { auditTrailOf } from './chain';
import type { Queryable } from '../db/engine/port';
import type { AuditKey } from './key';

// A provider's bank details as the audit trail records them: a keyed fingerprint of the routing
// and account numbers, never the account number itself (the trail masks it). Keyed, because an
// account number has few digits: a plain hash of it could be reversed by trying them all. The
// export compares the details it is about to pay with the fingerprint of the last confirmed change.

export function bankDigest(key: AuditKey, routingNumber: string | null, accountNumber: string | null): string {
  return createHmac('sha256', key.bytes)
    .update(`bank-details\n${routingNumber ?? ''}\n${accountNumber ?? ''}`)
    .digest('hex');
}

/** The fingerprint under the key of this connection's trail (refused, saying why, when the trail has no key). */
export function bankDigestFor(on: Queryable | BetterSqlite3.Database, routingNumber: string | null, accountNumber: string | null): string {
  const trail = auditTrailOf(on);
  if (!trail?.key) {
    throw new AppError({ code: 'REFUSED', rule: 'audit.no-key', message: trail?.problem ?? 'The audit trail of this database was not opened with its audit key: nothing can be recorded.' });
  }
  return bankDigest(trail.key, routingNumber, accountNumber);
}
