import { z } from 'zod';
import { sheetPrinted } from './sheets';
import { cents, id, invoiceStatus, isoDate, page, pageQuery, paymentStatus, subStatus, submissionStatus, timestamp } from '../common';
import { HOLD_KINDS, ITEM_KINDS, PAYOR_KINDS, PROVIDER_TYPES, ABSENCE_CODES, AGE_GROUPS, CARE_LEVELS, PAYMENT_BASES, QA_SAMPLE_STATES } from '../../domain/words';
import { ACTION_NAMES } from '../../workflow/actions';
import { TABS } from '../../workflow/tabs';

// Payments and adjustments for the tabs, the Invoice Details screen and its history.

export const actionName = z.enum(ACTION_NAMES);

/** The workflow state recorded before and after every action. */
export const itemState = z.object({
  invoiceStatus,
  subStatus,
  submissionStatus,
  paymentStatus,
  receivedAt: timestamp.nullable(),
  amountCents: cents.nullable(),
  exportBatchId: id.nullable(),
  holdKind: z.enum(HOLD_KINDS).nullable(),
  version: z.number().int().min(1),
});
export type ItemStateDto = z.infer<typeof itemState>;

/** The status filters shared by the list and the tab counts. */
const filters = {
  periodId: id,
  paymentStatus: z.array(paymentStatus).max(6).default([]),
  invoiceStatus: z.array(invoiceStatus).max(4).default([]),
  subStatus: z.array(subStatus).max(7).default([]),
  kind: z.enum(ITEM_KINDS).optional(),
  providerId: id.optional(),
};

export const paymentsListArgs = pageQuery.extend({ ...filters, tab: z.enum(TABS).default('All') }).strict();
/** The counts follow the search box as they follow the filters. */
export const tabCountsArgs = z.object({ ...filters, search: z.string().max(200).default('') }).strict();
/** The most rows one export of a view takes (an agency's period holds some 5,000). */
export const VIEW_ROWS_MAX = 50_000;
export const paymentsViewArgs = paymentsListArgs.omit({ page: true, pageSize: true });

export const paymentRow = z.object({
  id,
  kind: z.enum(ITEM_KINDS),
  providerId: id,
  providerName: z.string(),
  providerType: z.enum(PROVIDER_TYPES),
  licenseNumber: z.string(),
  periodId: id,
  payorId: id,
  payorName: z.string(),
  payorKind: z.enum(PAYOR_KINDS),
  submissionStatus,
  paymentStatus,
  invoiceStatus,
  subStatus,
  amountCents: cents.nullable(),
  receivedAt: timestamp.nullable(),
  exportBatchId: id.nullable(),
  /** When the item last changed. */
  updatedAt: timestamp,
  version: z.number().int().min(1),
  /** Its place in its period's QA sample (null: in no draw). */
  qaSample: z.enum(QA_SAMPLE_STATES).nullable(),
});
export type PaymentRow = z.infer<typeof paymentRow>;

const person = z.object({ userId: z.number().int().nullable(), username: z.string() });

/** A payment in its period's QA sample (docs/qa-sample.md): why it was drawn, who calculated it, who checked it. */
export const qaInfo = z.object({
  state: z.enum(['sampled', 'checked']),
  reason: z.enum(['random draw', 'first payment of a new provider']),
  drawId: id,
  seed: z.string(),
  percent: z.number().int(),
  drawnAt: timestamp,
  /** The user of the last calculation (null: PayDesk itself, at Generate). */
  calculatedBy: person.nullable(),
  /** The last QA check, when it is the current calculation's. */
  checkedBy: person.nullable(),
  checkedAt: timestamp.nullable(),
});

export const holdInfo = z.object({
  active: z.boolean(),
  kind: z.enum(HOLD_KINDS).nullable(),
  placedBy: person,
  placedAt: timestamp,
  reasonCode: z.string().nullable(),
  reasonLabel: z.string().nullable(),
  comment: z.string().nullable(),
  releasedBy: person.nullable(),
  releasedAt: timestamp.nullable(),
  releaseComment: z.string().nullable(),
});

export const attendanceDto = z.object({
  childId: id,
  childName: z.string(),
  caseNumber: z.string(),
  date: isoDate,
  hours: z.number().nullable(),
  absenceCode: z.enum(ABSENCE_CODES).nullable(),
  source: z.enum(['digital', 'paper']),
});

/**
 * A child's authorization at the payment's provider that overlaps its service period: one line of
 * the attendance sheet, with the days it covers. No co-payment or days per week: the sheet needs
 * only who and when, and a Provider user reads this too.
 */
export const authorizedChildDto = z.object({
  authorizationId: id,
  childId: id,
  childName: z.string(),
  caseNumber: z.string(),
  startDate: isoDate,
  endDate: isoDate,
  careLevel: z.enum(CARE_LEVELS),
});
export type AuthorizedChild = z.infer<typeof authorizedChildDto>;

export const calculationLineDto = z.object({
  lineNo: z.number().int(),
  childId: id.nullable(),
  authorizationId: id.nullable(),
  label: z.string(),
  ageGroup: z.enum(AGE_GROUPS).nullable(),
  fullDays: z.number().int(),
  partDays: z.number().int(),
  paidAbsences: z.number().int(),
  unpaidDays: z.number().int(),
  daysCut: z.number().int(),
  fullRateCents: cents,
  partRateCents: cents,
  copayCents: cents,
  subtotalCents: cents,
  /** The payment basis that produced the line (attendance, enrollment, prospective). */
  basis: z.enum(PAYMENT_BASES),
  details: z.unknown(),
});

export const relatedItem = z.object({
  id,
  kind: z.enum(ITEM_KINDS),
  periodId: id,
  amountCents: cents.nullable(),
  paymentStatus,
  invoiceStatus,
  subStatus,
  adjustmentReason: z.string().nullable(),
  createdAt: timestamp,
});

export const paymentDetail = z.object({
  id,
  kind: z.enum(ITEM_KINDS),
  provider: z.object({ id, name: z.string(), licenseNumber: z.string(), type: z.enum(PROVIDER_TYPES) }),
  period: z.object({ id, code: z.string(), label: z.string(), startDate: isoDate, endDate: isoDate }),
  payor: z.object({ id, name: z.string(), kind: z.enum(PAYOR_KINDS) }),
  state: itemState,
  calculatedAt: timestamp.nullable(),
  providerSignedAt: timestamp.nullable(),
  parentSignedAt: timestamp.nullable(),
  authorizedBy: person.nullable(),
  correctsPaymentId: id.nullable(),
  adjustmentReason: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** The latest hold: who placed it, when and why; who released it. Null if never held. */
  hold: holdInfo.nullable(),
  /** In its period's QA sample: shown as "QA sample" until checked. Null when not sampled. */
  qa: qaInfo.nullable(),
  attendance: z.array(attendanceDto),
  /** The children whose days this payment may carry (empty for an adjustment). */
  authorizedChildren: z.array(authorizedChildDto),
  calculation: z.array(calculationLineDto),
  /** Adjustments that correct this item (corrects_payment_id). */
  adjustments: z.array(relatedItem),
  allowedActions: z.array(actionName),
  version: z.number().int().min(1),
  /** When the payment's attendance sheet was printed (not a status); null if never. */
  sheetPrinted: sheetPrinted.nullable(),
});
export type PaymentDetail = z.infer<typeof paymentDetail>;

/** A recorded state: the statuses and the amount at that moment (null before a calculation). */
const statuses = z.object({ invoiceStatus, subStatus, submissionStatus, paymentStatus, amountCents: cents.nullable() });

export const historyEvent = z.object({
  id,
  at: timestamp,
  username: z.string(),
  group: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  before: statuses.nullable(),
  after: statuses.nullable(),
  reasonCode: z.string().nullable(),
  reasonLabel: z.string().nullable(),
  comment: z.string().nullable(),
});
export type HistoryEvent = z.infer<typeof historyEvent>;

const paymentId = z.object({ paymentId: id }).strict();

/** A tab's count and amount (integer cents; an item not yet calculated adds 0). */
export const tabTotal = z.object({ count: z.number().int().min(0), amountCents: cents });
export type TabTotal = z.infer<typeof tabTotal>;
export const tabTotalsResult = z.record(z.enum(TABS), tabTotal);

/** An item's place in a view: Invoice Details' previous and next. */
export const viewNeighboursArgs = paymentsViewArgs.extend({ paymentId: id }).strict();
export const viewNeighbours = z.object({
  /** 1-based; null when the item is no longer in the view (its tab changed). */
  position: z.number().int().min(1).nullable(),
  total: z.number().int().min(0),
  previousId: id.nullable(),
  nextId: id.nullable(),
});
export type ViewNeighbours = z.infer<typeof viewNeighbours>;

export const paymentsContract = {
  /** One tab of one service period, filtered, searched (provider name, license, payment id), sorted, paged. */
  'payments-list': { access: 'signed-in', args: paymentsListArgs, result: page(paymentRow) },
  /** Every row of a view in one read (one snapshot), in the grid's sort: what Export CSV writes. */
  'payments-view-rows': { access: 'signed-in', args: paymentsViewArgs, result: z.object({ rows: z.array(paymentRow) }) },
  'payments-tab-counts': { access: 'signed-in', args: tabCountsArgs, result: z.record(z.enum(TABS), z.number().int().min(0)) },
  /** Every tab's count and amount as filtered and searched (sums in integer cents, by the core). */
  'payments-tab-totals': { access: 'signed-in', args: tabCountsArgs, result: tabTotalsResult },
  /** The items before and after one item in a view (Invoice Details' previous and next). */
  'payments-neighbours': { access: 'signed-in', args: viewNeighboursArgs, result: viewNeighbours },
  /** The Invoice Details payload. */
  'payments-get': { access: 'signed-in', args: paymentId, result: paymentDetail },
  'payments-history': { access: 'signed-in', args: paymentId, result: z.array(historyEvent) },
  /** One provider's items across all periods, remittances and totals per year (a Provider user: their own only). */
  'provider-payments': { access: 'signed-in', args: z.object({ providerId: id }).strict(), result: z.lazy(() => providerPayments) },
} as const;

// The provider's page: every item of one provider across all periods, its remittances and its
// totals per year (DESIGN.md section 4: a recovery is a negative adjustment).

export const providerItem = z.object({
  id,
  kind: z.enum(ITEM_KINDS),
  period: z.object({ id, code: z.string(), label: z.string(), startDate: isoDate }),
  payorName: z.string(),
  amountCents: cents.nullable(),
  paymentStatus,
  invoiceStatus,
  subStatus,
  /** An adjustment that takes money back (amount below zero). */
  recovery: z.boolean(),
  adjustmentReason: z.string().nullable(),
  correctsPaymentId: id.nullable(),
  exportBatchId: id.nullable(),
  /** What the export paid for it (after recoveries taken from it); null until exported. */
  paidCents: cents.nullable(),
});
export type ProviderItem = z.infer<typeof providerItem>;

export const providerRemittance = z.object({
  batchId: id,
  period: z.object({ id, label: z.string() }),
  createdAt: timestamp,
  itemCount: z.number().int().min(0),
  amountCents: cents,
  filesWritten: z.boolean(),
});

export const providerYear = z.object({
  /** The calendar year of the service periods. */
  year: z.number().int(),
  payments: z.object({ count: z.number().int().min(0), cents }),
  adjustments: z.object({ count: z.number().int().min(0), cents }),
  recoveries: z.object({ count: z.number().int().min(0), cents }),
  /** payments + adjustments + recoveries (items not yet calculated add 0). */
  netCents: cents,
  /** What the exports paid for this year's periods. */
  paidCents: cents,
});
export type ProviderYear = z.infer<typeof providerYear>;

export const providerPayments = z.object({
  provider: z.object({ id, name: z.string(), licenseNumber: z.string(), type: z.enum(PROVIDER_TYPES), payorName: z.string() }),
  items: z.array(providerItem),
  remittances: z.array(providerRemittance),
  years: z.array(providerYear),
});
export type ProviderPayments = z.infer<typeof providerPayments>;
