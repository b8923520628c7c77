import type { z } from 'zod';
import { AppError } from '../../../shared/api/errors';

// Form errors by field: from the shared zod schema before saving, and from the core's refusal
// after it (a BAD_REQUEST names each field; a REFUSED names the first field at fault).

export type FieldErrors = Record<string, string>;

/** The first message per field of a failed zod parse ("rates.3" for nested paths). */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_form';
    out[key] ??= issue.message;
  }
  return out;
}

/** Field errors of a refusal from the core; the message alone when no field is named. */
export function coreFieldErrors(err: unknown): { fields: FieldErrors; message: string } {
  const e = AppError.from(err);
  const fields: FieldErrors = {};
  for (const issue of e.issues ?? []) if (issue.field && issue.row === undefined) fields[issue.field] ??= issue.message;
  if (e.field && !fields[e.field]) fields[e.field] = e.message;
  return { fields, message: e.message };
}

/** For a short form: the refusal under its field when it names one, else above the form (_form). */
export function formErrorsOf(err: unknown): FieldErrors {
  const { fields, message } = coreFieldErrors(err);
  return Object.keys(fields).length > 0 ? fields : { _form: message };
}
