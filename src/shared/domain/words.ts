// The words of the finance back office, as the seeds and DESIGN.md name them.
// Values are the exact strings users read, so the database, the API and the UI agree.

export const SUBMISSION_STATUSES = ['New', 'Ready for Parent', 'Submitted'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const INVOICE_STATUSES = [
  'Pending Approval',
  'Pending Payment',
  'Corrections Required',
  'Invoice History',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const SUB_STATUSES = [
  'Awaiting Action',
  'In Review',
  'Administrative Hold',
  'In Process',
  'Processed',
  'Paid',
  'Denied',
] as const;
export type SubStatus = (typeof SUB_STATUSES)[number];

export const PAYMENT_STATUSES = ['New', 'Received', 'Authorized', 'Hold', 'Paid', 'Denied'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Workflow groups. System is the application itself (generation, imports, export). */
export const GROUPS = ['Provider', 'Approver', 'Payor', 'Administrator'] as const;
export type Group = (typeof GROUPS)[number];
export type ActorGroup = Group | 'System';

export const PAYOR_KINDS = ['direct', 'third_party'] as const;
export type PayorKind = (typeof PAYOR_KINDS)[number];

export const PROVIDER_TYPES = ['center', 'family_home', 'group_home'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];
export const PROVIDER_TYPE_LABELS: Record<ProviderType, string> = {
  center: 'Center',
  family_home: 'Family home',
  group_home: 'Group home',
};

export const PAYMENT_METHODS = ['ach', 'check'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const ACCOUNT_TYPES = ['checking', 'savings'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
/** Business accounts get CCD entries in the ACH file, personal accounts PPD. */
export const ACCOUNT_HOLDERS = ['business', 'personal'] as const;
export type AccountHolder = (typeof ACCOUNT_HOLDERS)[number];

export const ITEM_KINDS = ['payment', 'adjustment'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const CARE_LEVELS = ['full_time', 'part_time'] as const;
export type CareLevel = (typeof CARE_LEVELS)[number];

export const AGE_GROUPS = ['infant', 'toddler', 'preschool', 'school_age'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const DAY_KINDS = ['full', 'part'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

export const ABSENCE_CODES = ['ABSENT', 'CLOSED'] as const;
export type AbsenceCode = (typeof ABSENCE_CODES)[number];

export const HOLD_KINDS = ['administrative', 'bank_details'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

/**
 * What a payment is calculated on (DESIGN.md section 4, "Payment basis"): attendance (the days
 * attended), enrollment (every authorized weekday), or prospective (the enrollment amount in
 * advance, reconciled with the attendance amount after the period).
 */
export const PAYMENT_BASES = ['attendance', 'enrollment', 'prospective'] as const;
export type PaymentBasis = (typeof PAYMENT_BASES)[number];
export const PAYMENT_BASIS_LABELS: Record<PaymentBasis, string> = {
  attendance: 'Attendance',
  enrollment: 'Enrollment',
  prospective: 'Prospective (in advance)',
};

/**
 * A payment's place in its period's QA sample (issue #16; docs/qa-sample.md): drawn or not when it
 * was calculated; a sampled payment is authorized only once a second Approver marked it checked.
 */
export const QA_SAMPLE_STATES = ['not sampled', 'sampled', 'checked'] as const;
export type QaSampleState = (typeof QA_SAMPLE_STATES)[number];
