import { z } from 'zod';
import { GROUPS, PAYMENT_STATUSES, SUBMISSION_STATUSES, INVOICE_STATUSES, SUB_STATUSES } from '../domain/words';
import { isIsoDate } from '../domain/dates';

// Building blocks of the contract's schemas. Limits are generous but finite, so a huge string
// or array from a bad caller is refused at the boundary instead of reaching the database.

export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/**
 * An amount as the core reports it: whole cents. Wide on purpose (what an entry may carry is
 * checked where it is entered, shared/domain/limits.ts): a result never fails on an old row.
 */
export const cents = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
export const isoDate = z.string().max(10).refine(isIsoDate, { message: 'must be a date as YYYY-MM-DD' });
export const timestamp = z.string().max(40);
export const shortText = z.string().trim().max(200);
export const name = z.string().trim().min(1, 'must not be empty').max(200);
export const comment = z.string().max(2000);
export const group = z.enum(GROUPS);
export const submissionStatus = z.enum(SUBMISSION_STATUSES);
export const paymentStatus = z.enum(PAYMENT_STATUSES);
export const invoiceStatus = z.enum(INVOICE_STATUSES);
export const subStatus = z.enum(SUB_STATUSES);
export const empty = z.object({}).strict();
export const ok = z.object({ ok: z.literal(true) });

/** Server-side paging, sorting and search, shaped after MUI X DataGrid's models. */
export const pageQuery = z.object({
  page: z.number().int().min(0).max(1_000_000).default(0),
  pageSize: z.number().int().min(1).max(1000).default(50),
  sort: z
    .array(z.object({ field: z.string().max(50), sort: z.enum(['asc', 'desc']) }))
    .max(3)
    .default([]),
  search: z.string().max(200).default(''),
});
export type PageQuery = z.input<typeof pageQuery>;

export function page<T extends z.ZodType>(row: T) {
  return z.object({ rows: z.array(row), total: z.number().int().min(0) });
}

export const progressEvent = z.object({
  kind: z.literal('progress'),
  task: z.string(),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  message: z.string().optional(),
});
export type ProgressEvent = z.infer<typeof progressEvent>;
