import { z } from 'zod';
import { cents, id } from '../common';

// "Needs attention": one list per user of what waits for them, by their groups (DESIGN.md, issue
// #15). Each entry says what, why, and where to go; the navigation shows the counts.

export const ATTENTION_KINDS = ['bank-confirm', 'system-hold', 'correction', 'left-out', 'release', 'failed-files'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/** The section titles, in the list's order. */
export const ATTENTION_TITLES: Record<AttentionKind, string> = {
  'bank-confirm': 'Bank details to confirm',
  'system-hold': 'Items held by the system',
  correction: 'Corrections near auto-deny',
  'left-out': 'Left out of the export',
  release: 'Batches waiting for release',
  'failed-files': 'Export files not written',
};

/** Where an entry leads: an address of the renderer's router ("payments/42", "exports/7"). */
export const attentionItem = z.object({
  kind: z.enum(ATTENTION_KINDS),
  /** One line: what is waiting. */
  title: z.string(),
  /** Why, and what to do. */
  detail: z.string(),
  route: z.string(),
  amountCents: cents.nullable(),
  /** Corrections: days left before the System denies the item (0: today). */
  daysLeft: z.number().int().nullable(),
  providerId: id.nullable(),
  paymentIds: z.array(id),
});
export type AttentionItem = z.infer<typeof attentionItem>;

export const attentionList = z.object({
  items: z.array(attentionItem),
  counts: z.record(z.enum(ATTENTION_KINDS), z.number().int().min(0)),
  total: z.number().int().min(0),
});
export type AttentionList = z.infer<typeof attentionList>;

export const attentionContract = {
  /** What waits for the caller, by their groups. Changes nothing. */
  'attention-list': { access: 'signed-in', args: z.object({}).strict(), result: attentionList },
} as const;
