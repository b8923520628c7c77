import type { Queryable } from '../db/engine/port';
import { readAgency } from '../reference/agency';
import type { SessionUser } from '../../../shared/api/contract/session';
import { payeeOrder, type AgencyIdentity, type BatchSnapshot, type PayeeSnapshot } from './model';
import { payMethodOf, type ProviderRow, type Selection } from './select';

// What a batch paid with, frozen inside the export's transaction (export_batch.snapshot): the
// agency's identity, each provider's name, address and bank details, check and trace numbers,
// and who was left out. Files are rendered from it, so they come out the same later even after
// a provider's bank details or the agency's settings change.

export async function agencyIdentity(db: Queryable): Promise<AgencyIdentity> {
  const a = await readAgency(db);
  return {
    name: a.name, addressLines: [a.addressLine1, a.addressLine2].filter(Boolean), phone: a.phone, taxId: a.taxId,
    odfiRouting: a.odfiRouting, immediateDestination: a.immediateDestination, immediateDestinationName: a.immediateDestinationName,
    immediateOrigin: a.immediateOrigin, immediateOriginName: a.immediateOriginName, companyId: a.companyId, companyName: a.companyName,
    companyEntryDescription: a.companyEntryDescription, checkAccountNumber: a.checkAccountNumber,
  };
}

/** Checks continue after the last number any batch used, or start at the agency's starting number. */
export async function nextCheckNumber(db: Queryable): Promise<number> {
  const start = (await readAgency(db)).startingCheckNumber;
  const row = (await db.one<{ last: number | null }>(`SELECT max(${db.dialect.jsonInteger('snapshot', 'lastCheckNumber')}) AS last FROM export_batch`))!;
  return Math.max(start, (row.last ?? 0) + 1);
}

function addressLines(p: ProviderRow): string[] {
  const cityLine = [p.city, [p.state, p.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [p.addressLine1, p.addressLine2, cityLine].filter(Boolean);
}

const FILE_ID_MODIFIERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** How many batches were made earlier on the same (batch) date decides the ACH file id modifier. */
async function fileIdModifier(db: Queryable, batchId: number, date: string): Promise<string> {
  const row = (await db.one<{ n: number }>(
    `SELECT count(*) AS n FROM export_batch WHERE id < ? AND snapshot IS NOT NULL
         AND coalesce(${db.dialect.jsonText('snapshot', 'date')}, substr(created_at, 1, 10)) = ?`,
    [batchId, date],
  ))!;
  return FILE_ID_MODIFIERS[row.n % FILE_ID_MODIFIERS.length];
}

export async function buildSnapshot(
  db: Queryable,
  selection: Selection,
  createdBy: Pick<SessionUser, 'id' | 'username' | 'displayName'>,
  batch: { id: number; createdAt: string; date: string },
): Promise<BatchSnapshot> {
  const agency = await agencyIdentity(db);
  const payees: PayeeSnapshot[] = selection.groups.map((g) => {
    const p = g.provider;
    const method = payMethodOf(selection, g);
    const ach = method === 'ach';
    return {
      id: p.id, name: p.name, licenseNumber: p.licenseNumber, taxId: p.taxId, type: p.type, addressLines: addressLines(p), method,
      routingNumber: ach ? p.routingNumber : null, accountNumber: ach ? p.accountNumber : null,
      accountType: ach ? p.accountType : null, accountHolder: ach ? p.accountHolder : null, checkNumber: null, traceNumber: null,
    };
  });
  payees.sort(payeeOrder);
  let check = await nextCheckNumber(db);
  let lastCheckNumber: number | null = null;
  let trace = 0;
  for (const p of payees) {
    if (p.method === 'check') lastCheckNumber = p.checkNumber = check++;
    if (p.method === 'ach') p.traceNumber = agency.odfiRouting.slice(0, 8) + String(++trace).padStart(7, '0');
  }
  return {
    version: 1,
    agency,
    createdBy: { id: createdBy.id, username: createdBy.username, displayName: createdBy.displayName },
    payees,
    leftOut: selection.leftOut,
    lastCheckNumber,
    achFileIdModifier: await fileIdModifier(db, batch.id, batch.date),
    date: batch.date,
    releasedBy: null,
  };
}
