import type { Queryable, Tx, Value } from '../db/engine/port';
import { AppError } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import type { ProviderDetail } from '../../../shared/api/contract/reference';
import { maskAccount } from '../../../shared/domain/routing';
import { AGE_GROUPS, DAY_KINDS } from '../../../shared/domain/words';
import type { ProviderFields } from '../../../shared/reference/provider';
import { appendAudit, AUDIT_CHAIN_LOCK, type Actor } from '../audit/chain';
import { bankDigestFor } from '../audit/digest';
import type { HandlerImpls } from '../registry';
import { CONFIRM_GROUPS, confirmBankDetails, guardBankChange, viewBankDetails } from './bank-guard';
import { adminActor, diff, notFound, nowIso, signedIn } from './db';

// Providers: the form's save (also used row by row by the CSV import), the detail read with the
// account number masked for everyone but Administrators, and the bank-detail confirmation.

/** Form field -> provider column. The order is the audit's and the UPDATE's. */
const COLUMNS = {
  name: 'name',
  licenseNumber: 'license_number',
  type: 'type',
  taxId: 'tax_id',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  city: 'city',
  state: 'state',
  postalCode: 'postal_code',
  contactName: 'contact_name',
  contactEmail: 'contact_email',
  contactPhone: 'contact_phone',
  payorId: 'payor_id',
  paymentMethod: 'payment_method',
  routingNumber: 'routing_number',
  accountNumber: 'account_number',
  accountType: 'account_type',
  accountHolder: 'account_holder',
  active: 'active',
} as const satisfies Record<keyof ProviderFields, string>;
const FIELDS = Object.keys(COLUMNS) as Array<keyof ProviderFields>;

const SELECT_FIELDS = FIELDS.map((f) => `${COLUMNS[f]} AS ${f}`).join(', ');
const INSERT = `INSERT INTO provider (${FIELDS.map((f) => COLUMNS[f]).join(', ')}, created_at, updated_at)
  VALUES (${FIELDS.map((f) => `@${f}`).join(', ')}, @at, @at)`;
const UPDATE = `UPDATE provider SET ${FIELDS.map((f) => `${COLUMNS[f]} = @${f}`).join(', ')}, updated_at = @at, version = version + 1
  WHERE id = @id`;

type Stored = ProviderFields & { version: number };

/** A statement's values by name, only those its text names (PostgreSQL binds exactly them). */
function named(values: Record<string, unknown>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(values)) if (v === null || typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}
type StoredRow = Omit<Stored, 'active'> & { active: number };

export async function loadProviderFields(db: Queryable, id: number): Promise<Stored | null> {
  const row = await db.one<StoredRow>(`SELECT ${SELECT_FIELDS}, version FROM provider WHERE id = ?`, [id]);
  return row ? { ...row, active: row.active === 1 } : null;
}

/** What the audit trail keeps of a provider: everything but the account number, which is masked. */
function forAudit(p: Partial<ProviderFields>): Partial<ProviderFields> {
  return 'accountNumber' in p ? { ...p, accountNumber: maskAccount(p.accountNumber ?? null) } : p;
}

export interface ProviderWrite {
  id: number;
  outcome: 'created' | 'updated' | 'unchanged';
  bankDetailsChanged: boolean;
  heldPaymentIds: number[];
}

/**
 * Creates or updates one provider (validated fields in), with its audit event. An update that
 * changes nothing writes nothing. A changed routing or account number goes through the guard.
 */
export async function writeProvider(
  db: Tx,
  fields: ProviderFields,
  target: { id?: number; expectedVersion?: number },
  actor: Actor,
  at: string,
): Promise<ProviderWrite> {
  if (!(await db.one(`SELECT 1 AS found FROM payor WHERE id = ?`, [fields.payorId]))) {
    throw new AppError({ code: 'REFUSED', field: 'payorId', message: `There is no payor ${fields.payorId}.` });
  }
  const clash = await db.one<{ id: number; name: string }>(`SELECT id, name FROM provider WHERE license_number = ? COLLATE NOCASE AND id <> ?`, [fields.licenseNumber, target.id ?? 0]);
  if (clash) {
    throw new AppError({
      code: 'REFUSED',
      field: 'licenseNumber',
      message: `License number ${fields.licenseNumber} is already used by ${clash.name} (provider ${clash.id}); each provider has its own.`,
    });
  }
  const values = { ...fields, active: fields.active ? 1 : 0, at };
  if (target.id === undefined) {
    const id = await db.insert(INSERT, named(values));
    // The new provider's bank details, as a keyed fingerprint: what the export checks its account against.
    const after = { ...forAudit(fields), bankDigest: bankDigestFor(db, fields.routingNumber, fields.accountNumber) };
    await appendAudit(db, { actor, at, entity: 'provider', entityId: id, action: 'create-provider', after });
    return { id, outcome: 'created', bankDetailsChanged: false, heldPaymentIds: [] };
  }

  const stored = await loadProviderFields(db, target.id);
  if (!stored) throw notFound('provider', target.id);
  if (target.expectedVersion !== undefined && target.expectedVersion !== stored.version) {
    throw new AppError({
      code: 'CONFLICT',
      message: `Provider ${target.id} was changed by someone else meanwhile (version ${stored.version}, you had ${target.expectedVersion}): reload it and try again.`,
    });
  }
  const { version: _v, ...before } = stored;
  const change = diff<ProviderFields>(before, fields);
  if (!change) return { id: target.id, outcome: 'unchanged', bankDetailsChanged: false, heldPaymentIds: [] };
  await db.run(UPDATE, named({ ...values, id: target.id }));
  await appendAudit(db, {
    actor,
    at,
    entity: 'provider',
    entityId: target.id,
    action: 'update-provider',
    before: forAudit(change.before),
    after: forAudit(change.after),
  });
  const bankDetailsChanged = 'routingNumber' in change.after || 'accountNumber' in change.after;
  const heldPaymentIds = bankDetailsChanged
    ? await guardBankChange(
        db,
        {
          providerId: target.id,
          before: { routingNumber: before.routingNumber, accountMasked: maskAccount(before.accountNumber) },
          after: { routingNumber: fields.routingNumber, accountMasked: maskAccount(fields.accountNumber), bankDigest: bankDigestFor(db, fields.routingNumber, fields.accountNumber) },
        },
        actor,
        at,
      )
    : [];
  return { id: target.id, outcome: 'updated', bankDetailsChanged, heldPaymentIds };
}

const SELECT_DETAIL = `SELECT ${SELECT_FIELDS}, version, (SELECT y.name FROM payor y WHERE y.id = provider.payor_id) AS payorName,
    bank_change_pending AS bankChangePending, bank_changed_by AS changedById, bank_changed_at AS bankChangedAt,
    created_at AS createdAt, updated_at AS updatedAt
  FROM provider WHERE id = ?`;
interface DetailRow extends StoredRow {
  payorName: string;
  bankChangePending: number;
  changedById: number | null;
  bankChangedAt: string | null;
  createdAt: string;
  updatedAt: string;
}
const LAST_BANK_CHANGE = `SELECT username FROM audit_event WHERE entity = 'provider' AND entity_id = ? AND action = 'change-bank-details'
  ORDER BY id DESC LIMIT 1`;
const RATES = `SELECT age_group AS ageGroup, day_kind AS dayKind, effective_from AS effectiveFrom, cents FROM provider_rate WHERE provider_id = ?`;

/** The detail screen's provider. Provider-group users see only their own; only Administrators see the account number. */
export async function providerDetail(db: Queryable, id: number, caller: SessionUser): Promise<ProviderDetail> {
  if (caller.groups.includes('Provider') && caller.providerId !== id) throw notFound('provider', id);
  const row = await db.one<DetailRow>(SELECT_DETAIL, [id]);
  if (!row) throw notFound('provider', id);
  const { changedById, bankChangePending, accountNumber, active, ...rest } = row;
  const pending = bankChangePending === 1;
  // The name as the audit trail recorded it (also right for the command line's operator).
  const changedBy = row.bankChangedAt ? ((await db.one<{ username: string }>(LAST_BANK_CHANGE, [id]))?.username ?? null) : null;
  const rates = (await db.rows<ProviderDetail['rates'][number]>(RATES, [id])).sort(
    (a, b) =>
      b.effectiveFrom.localeCompare(a.effectiveFrom) ||
      AGE_GROUPS.indexOf(a.ageGroup) - AGE_GROUPS.indexOf(b.ageGroup) ||
      DAY_KINDS.indexOf(a.dayKind) - DAY_KINDS.indexOf(b.dayKind),
  );
  return {
    ...rest,
    id,
    active: active === 1,
    accountNumber: caller.groups.includes('Administrator') ? accountNumber : null,
    accountMasked: maskAccount(accountNumber),
    bankChangePending: pending,
    bankChangedBy: changedBy,
    canConfirmBankDetails: pending && CONFIRM_GROUPS.some((g) => caller.groups.includes(g)) && changedById !== caller.id,
    rates,
  };
}

export const providerHandlers: HandlerImpls<'providers-get' | 'providers-save' | 'providers-view-bank-details' | 'providers-confirm-bank-details'> = {
  'providers-get': ({ providerId }, ctx) => ctx.store.read(({ db }) => providerDetail(db, providerId, signedIn(ctx))),

  'providers-save': ({ id, expectedVersion, ...fields }, ctx) =>
    ctx.store.run(
      async ({ db }) => {
        const result = await writeProvider(db, fields, { id, expectedVersion }, adminActor(ctx), nowIso(ctx));
        return {
          provider: await providerDetail(db, result.id, signedIn(ctx)),
          bankDetailsChanged: result.bankDetailsChanged,
          heldPaymentIds: result.heldPaymentIds,
        };
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),

  'providers-view-bank-details': ({ providerId }, ctx) =>
    ctx.store.run(({ db }) => viewBankDetails(db, providerId, signedIn(ctx), nowIso(ctx)), { locks: [AUDIT_CHAIN_LOCK] }),

  'providers-confirm-bank-details': ({ providerId }, ctx) =>
    ctx.store.run(
      async ({ db }) => {
        const user = signedIn(ctx);
        const releasedPaymentIds = await confirmBankDetails(db, providerId, user, nowIso(ctx));
        return { provider: await providerDetail(db, providerId, user), releasedPaymentIds };
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),
};
