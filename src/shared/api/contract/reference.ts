import { z } from 'zod';
import { empty, id, isoDate, ok, page, pageQuery, timestamp } from '../common';
import {
  ACCOUNT_HOLDERS,
  ACCOUNT_TYPES,
  CARE_LEVELS,
  PAYOR_KINDS,
  PROVIDER_TYPES,
  PAYMENT_METHODS,
} from '../../domain/words';
import { providerInput, providerRate, providerRatesInput } from '../../reference/provider';
import { authorizationInput, childInput } from '../../reference/child';
import { rateTable, rateTableInput } from '../../reference/rates';
import { agencySettings, EDITABLE_SETTING_KEYS, EXPORT_FOLDER_ELSEWHERE, periodInput, REASON_KINDS, reasonInput, settingsSaveInput } from '../../reference/settings';

// Reference data: providers, children, authorizations, rates, settings, reasons, service
// periods, the agency's identity, and the CSV imports. Reads are open to finance users; every
// change is for Administrators, except confirming a bank-detail change (a second user).

const ADMIN = ['Administrator'] as const;
const STAFF = ['Administrator', 'Approver', 'Payor'] as const;

export const servicePeriod = z.object({
  id,
  code: z.string(),
  label: z.string(),
  startDate: isoDate,
  endDate: isoDate,
});
export type ServicePeriod = z.infer<typeof servicePeriod>;

export const payor = z.object({ id, code: z.string(), name: z.string(), kind: z.enum(PAYOR_KINDS) });
export type Payor = z.infer<typeof payor>;

export const providerRow = z.object({
  id,
  name: z.string(),
  licenseNumber: z.string(),
  type: z.enum(PROVIDER_TYPES),
  payorId: id,
  payorName: z.string(),
  paymentMethod: z.enum(PAYMENT_METHODS),
  /** Last four digits only; the full number never leaves the core in a list. */
  accountMasked: z.string().nullable(),
  city: z.string(),
  active: z.boolean(),
  /** New bank details wait for a second user's confirmation; the provider is left out of exports. */
  bankChangePending: z.boolean(),
});
export type ProviderRow = z.infer<typeof providerRow>;

export const providerDetail = z.object({
  id,
  name: z.string(),
  licenseNumber: z.string(),
  type: z.enum(PROVIDER_TYPES),
  taxId: z.string(),
  addressLine1: z.string(),
  addressLine2: z.string(),
  city: z.string(),
  state: z.string(),
  postalCode: z.string(),
  contactName: z.string(),
  contactEmail: z.string(),
  contactPhone: z.string(),
  payorId: id,
  payorName: z.string(),
  paymentMethod: z.enum(PAYMENT_METHODS),
  routingNumber: z.string().nullable(),
  /** The full number for Administrators (the edit field); null for everyone else. */
  accountNumber: z.string().nullable(),
  accountMasked: z.string().nullable(),
  accountType: z.enum(ACCOUNT_TYPES).nullable(),
  accountHolder: z.enum(ACCOUNT_HOLDERS).nullable(),
  active: z.boolean(),
  bankChangePending: z.boolean(),
  bankChangedBy: z.string().nullable(),
  bankChangedAt: timestamp.nullable(),
  /** The caller may confirm the pending bank details (a permitted group, and not the one who changed them). */
  canConfirmBankDetails: z.boolean(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** Every own (private-pay) rate with its effective date, newest first. */
  rates: z.array(providerRate),
});
export type ProviderDetail = z.infer<typeof providerDetail>;

export const childRow = z.object({
  id,
  caseNumber: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  birthDate: isoDate,
  guardianName: z.string(),
  authorizationCount: z.number().int().min(0),
});
export type ChildRow = z.infer<typeof childRow>;

export const authorizationRow = z.object({
  id,
  childId: id,
  childName: z.string(),
  caseNumber: z.string(),
  providerId: id,
  providerName: z.string(),
  licenseNumber: z.string(),
  startDate: isoDate,
  endDate: isoDate,
  careLevel: z.enum(CARE_LEVELS),
  daysPerWeek: z.number().int(),
  copayCents: z.number().int(),
});
export type AuthorizationRow = z.infer<typeof authorizationRow>;

export const childDetail = childRow.extend({ createdAt: timestamp, updatedAt: timestamp, authorizations: z.array(authorizationRow) });
export type ChildDetail = z.infer<typeof childDetail>;

export const settingEntry = z.object({
  key: z.enum(EDITABLE_SETTING_KEYS),
  label: z.string(),
  effectiveDated: z.boolean(),
  /** In force today, and since when. */
  value: z.union([z.number(), z.boolean()]),
  effectiveFrom: isoDate,
  /** Every value with its start date, oldest first (including any that start later). */
  history: z.array(z.object({ effectiveFrom: isoDate, value: z.union([z.number(), z.boolean()]) })),
});
export type SettingEntry = z.infer<typeof settingEntry>;

export const reason = z.object({ id, kind: z.enum(REASON_KINDS), code: z.string(), label: z.string(), active: z.boolean(), system: z.boolean() });
export type Reason = z.infer<typeof reason>;

/** As stored: a value missing from the database reads as empty so the form can show it. */
export const agencyView = z.object({
  name: z.string(),
  addressLine1: z.string(),
  addressLine2: z.string(),
  phone: z.string(),
  timeZone: z.string(),
  taxId: z.string(),
  odfiRouting: z.string(),
  immediateDestination: z.string(),
  immediateDestinationName: z.string(),
  immediateOrigin: z.string(),
  immediateOriginName: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  companyEntryDescription: z.string(),
  checkAccountNumber: z.string(),
  startingCheckNumber: z.number().int(),
});
export type AgencyView = z.infer<typeof agencyView>;

/** Where this database's export batches go (setting export.root, else the default of the data folder). */
export const exportFolderView = z.object({ folder: z.string(), isDefault: z.boolean() });
export type ExportFolderView = z.infer<typeof exportFolderView>;

const importArgs = z.object({ fileName: z.string().trim().min(1).max(260), content: z.string().max(64 * 1024 * 1024) });
export const importResult = z.object({
  kind: z.enum(['providers', 'children', 'authorizations']),
  fileName: z.string(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Providers whose bank details the file changed: now pending a second user's confirmation. */
  bankChanges: z.array(z.object({ providerId: id, licenseNumber: z.string(), heldPaymentIds: z.array(id) })),
});
export type ImportResult = z.infer<typeof importResult>;

const providerSaveResult = z.object({ provider: providerDetail, bankDetailsChanged: z.boolean(), heldPaymentIds: z.array(id) });

export const referenceContract = {
  'periods-list': { access: 'signed-in', args: z.object({}).strict(), result: z.array(servicePeriod) },
  /** The period the workspace opens on, by the core's clock (see periods.ts). */
  'periods-default': { access: 'signed-in', args: z.object({}).strict(), result: z.object({ periodId: id.nullable() }) },
  'payors-list': { access: 'signed-in', args: z.object({}).strict(), result: z.array(payor) },
  'providers-list': { access: 'signed-in', args: pageQuery, result: page(providerRow) },
  'providers-get': { access: 'signed-in', args: z.object({ providerId: id }), result: providerDetail },
  'providers-save': { access: ADMIN, writes: 'data', args: providerInput, result: providerSaveResult },
  'providers-rates-save': { access: ADMIN, writes: 'data', args: providerRatesInput, result: z.object({ rates: z.array(providerRate) }) },
  /**
   * The pending new bank details in full, for the second user who confirms them: reading them is
   * recorded in the audit trail (view-bank-details), and confirming requires it.
   */
  'providers-view-bank-details': {
    access: STAFF, writes: 'data',
    args: z.object({ providerId: id }).strict(),
    result: z.object({
      providerId: id,
      routingNumber: z.string().nullable(),
      accountNumber: z.string().nullable(),
      accountType: z.enum(ACCOUNT_TYPES).nullable(),
      accountHolder: z.enum(ACCOUNT_HOLDERS).nullable(),
      changedBy: z.string().nullable(),
      changedAt: timestamp.nullable(),
      /** The audit event that records this viewing. */
      viewEventId: id,
    }),
  },
  'providers-confirm-bank-details': {
    access: STAFF, writes: 'data',
    args: z.object({ providerId: id }),
    result: z.object({ provider: providerDetail, releasedPaymentIds: z.array(id) }),
  },
  /** A Provider user: the children authorized at their provider only. */
  'children-list': { access: [...STAFF, 'Provider'], args: pageQuery, result: page(childRow) },
  'children-get': { access: STAFF, args: z.object({ childId: id }), result: childDetail },
  'children-save': { access: ADMIN, writes: 'data', args: childInput, result: childDetail },
  'authorizations-list': {
    access: STAFF,
    args: pageQuery.extend({ childId: id.optional(), providerId: id.optional() }),
    result: page(authorizationRow),
  },
  'authorizations-save': { access: ADMIN, writes: 'data', args: authorizationInput, result: authorizationRow },
  'authorizations-delete': { access: ADMIN, writes: 'data', args: z.object({ authorizationId: id }), result: ok },
  'rates-list': { access: 'signed-in', args: empty, result: z.object({ tables: z.array(rateTable) }) },
  'rates-save-table': { access: ADMIN, writes: 'data', args: rateTableInput, result: rateTable },
  'settings-get': { access: 'signed-in', args: empty, result: z.object({ settings: z.array(settingEntry) }) },
  'settings-save': { access: ADMIN, writes: 'data', args: settingsSaveInput, result: settingEntry },
  'reasons-list': {
    access: 'signed-in',
    args: z.object({ kind: z.enum(REASON_KINDS).optional(), includeInactive: z.boolean().default(false) }),
    result: z.array(reason),
  },
  'reasons-save': { access: ADMIN, writes: 'data', args: reasonInput, result: reason },
  'periods-create-year': {
    access: ADMIN, writes: 'data',
    args: z.object({ year: z.number().int().min(2000).max(2100) }),
    result: z.object({ created: z.array(servicePeriod), skipped: z.array(z.object({ code: z.string(), reason: z.string() })) }),
  },
  'periods-save': { access: ADMIN, writes: 'data', args: periodInput, result: servicePeriod },
  'agency-get': { access: ['Administrator', 'Payor'], args: empty, result: agencyView },
  /** The details only: a folder given here is refused with where it is chosen (DESIGN.md §9). */
  'agency-save': {
    access: ADMIN, writes: 'data',
    args: agencySettings.extend({ exportRoot: z.never(EXPORT_FOLDER_ELSEWHERE).optional() }).strict(),
    result: agencyView,
  },
  /** Shown, never set, through a call: see exportFolderPath. */
  'export-folder-get': { access: ['Administrator', 'Payor'], args: empty, result: exportFolderView },
  'reference-import-providers': { access: ADMIN, writes: 'data', args: importArgs, result: importResult },
  'reference-import-children': { access: ADMIN, writes: 'data', args: importArgs, result: importResult },
  'reference-import-authorizations': { access: ADMIN, writes: 'data', args: importArgs, result: importResult },
} as const;
