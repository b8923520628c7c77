import { z } from 'zod';
import { date, requiredText, optionalText, routingNumber } from './fields';
import { BATCH_MAX_CENTS, CHECK_MAX_CENTS, ITEM_MAX_CENTS } from '../domain/limits';
import { formatCents } from '../domain/money';
import { isTimeZone } from '../domain/dates';

// Settings an Administrator edits. Each has a value schema; calculation settings are
// effective-dated (a new value starts on a date, the old one stays for earlier periods).

export const EDITABLE_SETTINGS = {
  'calculation.fullDayThresholdHours': {
    label: 'Full-day threshold (hours)',
    effectiveDated: true,
    value: z.number().gt(0, 'must be more than 0 hours').max(24, 'at most 24 hours'),
  },
  'calculation.paidAbsenceAllowance': {
    label: 'Paid absences per period',
    effectiveDated: true,
    value: z.number().int('must be a whole number').min(0).max(31),
  },
  'workflow.autoDenyDays': {
    label: 'Auto-deny after days in Corrections Required (0 = off)',
    effectiveDated: false,
    value: z.number().int('must be a whole number').min(0).max(365),
  },
  'workflow.separationOfDuties': {
    label: 'Separation of duties (the authorizer may not export)',
    effectiveDated: false,
    value: z.boolean(),
  },
  'session.idleLockMinutes': {
    label: 'Lock the screen after idle minutes (0 = never)',
    effectiveDated: false,
    value: z.number().int('must be a whole number').min(0).max(480),
  },
  // The agency's money limits (DESIGN.md section 5), in cents, effective from a date; 0 = none of
  // the agency's own (the file formats' limits always apply).
  'export.entryLimitCents': {
    label: "Per-entry limit in cents: a provider's net above it is left out of the export (0 = none)",
    effectiveDated: true,
    value: z.number().int('must be whole cents').min(0).max(ITEM_MAX_CENTS, `at most ${formatCents(ITEM_MAX_CENTS)} (one ACH entry)`),
  },
  'export.batchLimitCents': {
    label: "Batch limit in cents: a batch above it waits for a second Payor's release (0 = none)",
    effectiveDated: true,
    value: z.number().int('must be whole cents').min(0).max(BATCH_MAX_CENTS, `at most ${formatCents(BATCH_MAX_CENTS)} (the file's total field)`),
  },
  'export.checkLimitCents': {
    label: 'Check limit in cents: a check above it is left out of the export (0 = none)',
    effectiveDated: true,
    value: z.number().int('must be whole cents').min(0).max(CHECK_MAX_CENTS, `at most ${formatCents(CHECK_MAX_CENTS)} (one check)`),
  },
  'session.lockoutAfterFailures': {
    label: 'Lock a user name after failed sign-ins in a row',
    effectiveDated: false,
    value: z.number().int('must be a whole number').min(3, 'at least 3').max(20),
  },
  'session.lockoutMinutes': {
    label: 'Minutes a locked user name stays locked',
    effectiveDated: false,
    value: z.number().int('must be a whole number').min(1).max(1440),
  },
  'backup.generations': {
    label: 'Backups kept (the oldest beyond this many are removed)',
    effectiveDated: false,
    value: z.number().int('must be a whole number').min(1).max(365),
  },
} as const;
export type EditableSettingKey = keyof typeof EDITABLE_SETTINGS;
export const EDITABLE_SETTING_KEYS = Object.keys(EDITABLE_SETTINGS) as [EditableSettingKey, ...EditableSettingKey[]];

export const settingsSaveInput = z
  .object({
    key: z.enum(EDITABLE_SETTING_KEYS),
    value: z.union([z.number(), z.boolean()]),
    effectiveFrom: date.optional(),
  })
  .superRefine((s, ctx) => {
    const spec = EDITABLE_SETTINGS[s.key];
    const parsed = spec.value.safeParse(s.value);
    if (!parsed.success) ctx.addIssue({ code: 'custom', path: ['value'], message: parsed.error.issues[0].message });
    if (s.effectiveFrom && !spec.effectiveDated) {
      ctx.addIssue({ code: 'custom', path: ['effectiveFrom'], message: `${s.key} is not effective-dated; it applies at once` });
    }
  });
export type SettingsSaveInput = z.input<typeof settingsSaveInput>;

export const REASON_KINDS = ['hold', 'corrections', 'deny', 'return'] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];
/** Reasons the application itself uses (bank-detail hold, auto-deny): never deactivated. */
export const SYSTEM_REASON_CODES: readonly string[] = ['BANK_DETAILS_CHANGED', 'CORRECTIONS_OVERDUE'];

export const reasonInput = z.object({
  id: z.number().int().positive().optional(),
  kind: z.enum(REASON_KINDS),
  code: z
    .string()
    .trim()
    .min(2)
    .max(40)
    .regex(/^[A-Z][A-Z0-9_]*$/, 'capital letters, digits and _ (e.g. LICENSE_CHECK)'),
  label: requiredText(200),
  active: z.boolean().default(true),
});
export type ReasonInput = z.input<typeof reasonInput>;

export const periodInput = z
  .object({
    id: z.number().int().positive().optional(),
    code: z.string().trim().min(1, 'is required').max(20).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ -'),
    label: requiredText(100),
    startDate: date,
    endDate: date,
  })
  .refine((p) => p.startDate <= p.endDate, { path: ['endDate'], message: 'must not be before the start date' });
export type PeriodInput = z.input<typeof periodInput>;

/**
 * The agency's identity and bank details used in the export files (ACH file and batch headers,
 * check register and positive-pay file, remittance PDFs). Stored as the settings agency.* seeded
 * by migration 0005; the export reads them from there.
 */
export const agencySettings = z.object({
  name: requiredText(100),
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  phone: optionalText(40),
  /** The agency's time zone (IANA): its calendar gives "today" for every date check and every batch date. */
  timeZone: z.string().trim().refine(isTimeZone, 'must be a time zone such as America/Chicago').default('America/Chicago'),
  taxId: z.string().trim().regex(/^$|^\d{2}-?\d{7}$/, 'an EIN as 12-3456789').default(''),
  /** The agency's own bank (originating depository financial institution). */
  odfiRouting: routingNumber,
  /** ACH file header: the bank receiving the file (its routing number) and its name. */
  immediateDestination: routingNumber,
  immediateDestinationName: requiredText(23),
  /** ACH file header: the sender, 10 digits ("1" + the EIN) or a 9-digit routing number, and its name. */
  immediateOrigin: z.string().trim().regex(/^\d{9,10}$/, '9 or 10 digits (1 followed by the EIN, or a routing number)'),
  immediateOriginName: requiredText(23),
  /** ACH batch header: exactly 10 characters, assigned by the bank (usually "1" + the EIN). */
  companyId: z.string().trim().regex(/^[A-Za-z0-9]{10}$/, 'exactly 10 letters or digits (assigned by the bank)'),
  companyName: requiredText(16),
  companyEntryDescription: requiredText(10),
  /** The disbursement account checks are drawn on (positive-pay file). */
  checkAccountNumber: z.string().trim().regex(/^\d{4,17}$/, 'an account number is 4 to 17 digits'),
  /** The first check number PayDesk prints; later batches continue after the last one used. */
  startingCheckNumber: z.number().int('must be a whole number').min(1).max(99_999_999),
});

/**
 * Where export batch folders go (setting export.root); empty = "exports" in the app's data folder.
 * A whole folder path (the export writes only batch folders of its own naming inside it), never a
 * relative one. Not part of agencySettings: no caller of the core names a path (DESIGN.md §9); it
 * is chosen in the desktop's folder dialog (main process) or with `paydesk export-folder` on the
 * database's machine.
 */
export const exportFolderPath = optionalText(500)
  .refine((v) => v === '' || /^(\/|[A-Za-z]:[\\/]|\\\\[^\\/]+[\\/])/.test(v), 'a whole folder path (like /Users/finance/PayDesk exports or C:\\PayDesk\\exports), or empty')
  .refine((v) => !/(^|[\\/])\.\.([\\/]|$)/.test(v), 'may not go up a folder with ".."')
  .refine((v) => ![...v].some((c) => c.charCodeAt(0) < 32), 'may not hold control characters');
export type AgencySettings = z.infer<typeof agencySettings>;
/** Why agency-save refuses a folder: where the export folder is chosen instead. */
export const EXPORT_FOLDER_ELSEWHERE =
  'is not saved with the agency\'s details: no call names a folder. Choose it in the desktop app (Settings → Agency and bank → Choose…), or run "paydesk export-folder PATH" on the database\'s machine';
export const AGENCY_FIELDS = Object.keys(agencySettings.shape) as Array<keyof AgencySettings>;
