import { z } from 'zod';
import type { ErrorIssue } from '../api/errors';
import { isIsoDate } from '../domain/dates';
import { ABSENCE_CODES, type AbsenceCode } from '../domain/words';

// The digital submission file, version 1 (docs/formats/submission-v1.md): one provider's
// attendance for one service period, with the provider's and the parent's signature times.
// The checks that need no database live here, so the app can show the same errors as the import.

export const SUBMISSION_FORMAT = 'paydesk-submission';
export const SUBMISSION_VERSION = 1;
/** Files larger than this are refused before they are read (characters of JSON text). */
export const SUBMISSION_MAX_CHARS = 20 * 1024 * 1024;
export const SUBMISSION_MAX_ROWS = 100_000;

const missingOr = (otherwise: string) => (iss: { input?: unknown }) => (iss.input === undefined ? 'is missing' : otherwise);
const signature = z.iso.datetime({ offset: true, error: missingOr('must be a timestamp such as 2026-04-02T15:04:05Z') });

export const submissionHeaderSchema = z
  .object({
    format: z.literal(SUBMISSION_FORMAT, { error: missingOr(`must be "${SUBMISSION_FORMAT}"`) }),
    version: z.literal(SUBMISSION_VERSION, { error: missingOr(`must be ${SUBMISSION_VERSION}`) }),
    licenseNumber: z.string({ error: missingOr('must be text') }).trim().min(1, 'must not be empty').max(40, 'is too long'),
    period: z.string({ error: missingOr('must be a period code such as 2026-03') }).trim().min(1, 'must not be empty').max(20, 'is too long'),
    providerSignedAt: signature,
    parentSignedAt: signature.nullable().optional(),
    attendance: z
      .array(z.unknown(), { error: missingOr('must be a list of days') })
      .min(1, 'must have at least one day')
      .max(SUBMISSION_MAX_ROWS, `must have at most ${SUBMISSION_MAX_ROWS} days`),
  })
  .strict();

const hoursText = 'must be a number of hours from 0 to 24';
export const submissionRowSchema = z
  .object({
    caseNumber: z.string({ error: missingOr('must be text') }).trim().min(1, 'must not be empty').max(40, 'is too long'),
    date: z.string({ error: missingOr('must be a date as YYYY-MM-DD') }).refine(isIsoDate, 'must be a date as YYYY-MM-DD'),
    hours: z.number({ error: hoursText }).min(0, hoursText).max(24, hoursText).nullable().optional(),
    absence: z.enum(ABSENCE_CODES, { error: 'must be ABSENT or CLOSED' }).nullable().optional(),
  })
  .strict();

export type SubmissionHeader = z.infer<typeof submissionHeaderSchema>;

export interface SubmissionDay {
  /** 1-based position in the attendance list: what error messages call the row. */
  row: number;
  caseNumber: string;
  date: string;
  hours: number | null;
  absenceCode: AbsenceCode | null;
}

export interface SubmissionCheck {
  /** Header fields that passed their own checks (null when missing or wrong). */
  licenseNumber: string | null;
  period: string | null;
  providerSignedAt: string | null;
  parentSignedAt: string | null;
  /** Days that passed their own checks, in file order. */
  days: SubmissionDay[];
  issues: ErrorIssue[];
}

export function rowIssue(row: number, field: string, message: string): ErrorIssue {
  return { path: `row ${row}, ${field}`, row, field, message };
}

export function headerIssue(field: string, message: string): ErrorIssue {
  return { path: field, field, message };
}

function zodIssues(error: z.ZodError, at: (field: string, message: string) => ErrorIssue): ErrorIssue[] {
  return error.issues.flatMap((i) => {
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => at(k, 'is not a field of this format'));
    return [at(String(i.path[0] ?? 'file'), i.message)];
  });
}

/** Every problem of the file that needs no database: shape, hours, signatures, duplicate days. */
export function checkSubmission(raw: unknown): SubmissionCheck {
  const out: SubmissionCheck = { licenseNumber: null, period: null, providerSignedAt: null, parentSignedAt: null, days: [], issues: [] };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    out.issues.push(headerIssue('file', 'must be a JSON object with the fields of docs/formats/submission-v1.md'));
    return out;
  }
  const obj = raw as Record<string, unknown>;
  const header = submissionHeaderSchema.safeParse(obj);
  const bad = new Set<string>();
  if (!header.success) {
    for (const issue of zodIssues(header.error, headerIssue)) {
      bad.add(issue.field!);
      out.issues.push(issue);
    }
  }
  const take = (key: 'licenseNumber' | 'period' | 'providerSignedAt' | 'parentSignedAt') =>
    !bad.has(key) && typeof obj[key] === 'string' ? (obj[key] as string).trim() : null;
  out.licenseNumber = take('licenseNumber');
  out.period = take('period');
  out.providerSignedAt = take('providerSignedAt');
  out.parentSignedAt = take('parentSignedAt');
  if (out.providerSignedAt && out.parentSignedAt && Date.parse(out.parentSignedAt) < Date.parse(out.providerSignedAt)) {
    out.issues.push(headerIssue('parentSignedAt', `the parent signed (${out.parentSignedAt}) before the provider (${out.providerSignedAt}); the provider signs first`));
  }

  const rows = Array.isArray(obj.attendance) ? obj.attendance.slice(0, SUBMISSION_MAX_ROWS) : [];
  const seen = new Map<string, number>();
  const dates = new Map<string, boolean>();
  rows.forEach((value, i) => {
    const row = i + 1;
    // A well-formed day is checked by hand (fast: files hold thousands); zod only words the problems.
    const parsed = quickRow(value, dates) ?? submissionRowSchema.safeParse(value);
    if (!parsed.success) {
      const issues = value !== null && typeof value === 'object' && !Array.isArray(value)
        ? zodIssues(parsed.error, (f, m) => rowIssue(row, f, m))
        : [rowIssue(row, 'row', 'must be an object with caseNumber, date and hours or absence')];
      out.issues.push(...issues);
      return;
    }
    const d = parsed.data;
    const hours = d.hours ?? null;
    const absenceCode = d.absence ?? null;
    if (hours !== null && absenceCode !== null) {
      out.issues.push(rowIssue(row, 'absence', 'give hours or an absence code, not both'));
      return;
    }
    if (hours === null && absenceCode === null) {
      out.issues.push(rowIssue(row, 'hours', 'give the hours attended, or an absence code (ABSENT or CLOSED)'));
      return;
    }
    const key = `${d.caseNumber}|${d.date}`;
    const first = seen.get(key);
    if (first !== undefined) {
      out.issues.push(rowIssue(row, 'date', `${d.caseNumber} on ${d.date} is already on row ${first}: one row per child per day`));
      return;
    }
    seen.set(key, row);
    out.days.push({ row, caseNumber: d.caseNumber, date: d.date, hours, absenceCode });
  });
  return out;
}

const ROW_KEYS = new Set(['caseNumber', 'date', 'hours', 'absence']);

/** The same verdict as submissionRowSchema for a well-formed day, or null to let zod say what is wrong. */
function quickRow(value: unknown, dates: Map<string, boolean>): { success: true; data: z.infer<typeof submissionRowSchema> } | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  for (const key in v) if (!ROW_KEYS.has(key)) return null;
  const { caseNumber, date, hours, absence } = v;
  if (typeof caseNumber !== 'string' || typeof date !== 'string') return null;
  const trimmed = caseNumber.trim();
  if (trimmed.length === 0 || trimmed.length > 40) return null;
  let ok = dates.get(date);
  if (ok === undefined) dates.set(date, (ok = isIsoDate(date)));
  if (!ok) return null;
  if (hours !== undefined && hours !== null && !(typeof hours === 'number' && hours >= 0 && hours <= 24)) return null;
  if (absence !== undefined && absence !== null && absence !== 'ABSENT' && absence !== 'CLOSED') return null;
  return { success: true, data: { caseNumber: trimmed, date, hours: hours as number | null | undefined, absence: absence as AbsenceCode | null | undefined } };
}

/** Where in the text a JSON.parse error points, as "line L, column C" (V8 reports a position). */
export function jsonErrorWhere(text: string, message: string): string | null {
  const m = /position (\d+)/.exec(message);
  if (!m) return null;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return `line ${line}, column ${pos - before.lastIndexOf('\n')}`;
}
