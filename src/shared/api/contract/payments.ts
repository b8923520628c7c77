import { z } from 'zod';
import { cents, id, invoiceStatus, isoDate, page, pageQuery, paymentStatus, subStatus, submissionStatus, timestamp } from '../common';
import { HOLD_KINDS, ITEM_KINDS, PAYOR_KINDS, PROVIDER_TYPES, ABSENCE_CODES, AGE_GROUPS, CARE_LEVELS } from '../../domain/words';
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
export const tabCountsArgs = z.object(filters).strict();
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
});
export type PaymentRow = z.infer<typeof paymentRow>;

const person = z.object({ userId: z.number().int().nullable(), username: z.string() });

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
  attendance: z.array(attendanceDto),
  /** The children whose days this payment may carry (empty for an adjustment). */
  authorizedChildren: z.array(authorizedChildDto),
  calculation: z.array(calculationLineDto),
  /** Adjustments that correct this item (corrects_payment_id). */
  adjustments: z.array(relatedItem),
  allowedActions: z.array(actionName),
  version: z.number().int().min(1),
});
export type PaymentDetail = z.infer<typeof paymentDetail>;

const statuses = z.object({ invoiceStatus, subStatus, submissionStatus, paymentStatus });

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

export const paymentsContract = {
  /** One tab of one service period, filtered, searched (provider name, license, payment id), sorted, paged. */
  'payments-list': { access: 'signed-in', args: paymentsListArgs, result: page(paymentRow) },
  /** Every row of a view in one read (one snapshot), in the grid's sort: what Export CSV writes. */
  'payments-view-rows': { access: 'signed-in', args: paymentsViewArgs, result: z.object({ rows: z.array(paymentRow) }) },
  'payments-tab-counts': { access: 'signed-in', args: tabCountsArgs, result: z.record(z.enum(TABS), z.number().int().min(0)) },
  /** The Invoice Details payload. */
  'payments-get': { access: 'signed-in', args: paymentId, result: paymentDetail },
  'payments-history': { access: 'signed-in', args: paymentId, result: z.array(historyEvent) },
} as const;
