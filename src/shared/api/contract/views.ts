import { z } from 'zod';
import { id, ok, pageQuery, paymentStatus, subStatus, timestamp } from '../common';
import { ITEM_KINDS } from '../../domain/words';
import { TABS } from '../../workflow/tabs';

// Named views of Provider Payments, saved per user (table saved_view, migration 0013): a tab with
// its search, status filters, kind and sort. The address holds the same state (renderer router).

export const viewState = z
  .object({
    tab: z.enum(TABS).default('All'),
    search: z.string().max(200).default(''),
    paymentStatus: z.array(paymentStatus).max(6).default([]),
    subStatus: z.array(subStatus).max(7).default([]),
    kind: z.enum(ITEM_KINDS).optional(),
    sort: pageQuery.shape.sort,
    pageSize: z.number().int().min(1).max(1000).default(50),
  })
  .strict();
export type ViewState = z.infer<typeof viewState>;

export const viewName = z.string().trim().min(1, 'must not be empty').max(80, 'at most 80 characters');

export const savedView = z.object({ id, name: z.string(), state: viewState, updatedAt: timestamp });
export type SavedView = z.infer<typeof savedView>;

export const viewsContract = {
  /** The caller's own saved views, by name. */
  'views-list': { access: 'signed-in', args: z.object({}).strict(), result: z.array(savedView) },
  /** Saves a view under a name (a view of the same name is replaced). */
  'views-save': { access: 'signed-in', writes: 'data', args: z.object({ name: viewName, state: viewState }).strict(), result: savedView },
  'views-delete': { access: 'signed-in', writes: 'data', args: z.object({ viewId: id }).strict(), result: ok },
} as const;
