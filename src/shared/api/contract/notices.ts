import { z } from 'zod';
import { id, ok, timestamp } from '../common';

// Notices for the administrators: what PayDesk changed on its own and they should know about
// (e.g. an update took staff groups away from a Provider-group user). Shown until dismissed.

export const adminNotice = z.object({ id, createdAt: timestamp, topic: z.string(), message: z.string() });
export type AdminNotice = z.infer<typeof adminNotice>;

export const noticesContract = {
  'notices-list': { access: ['Administrator'], args: z.object({}).strict(), result: z.array(adminNotice) },
  'notices-dismiss': { access: ['Administrator'], writes: 'data', args: z.object({ noticeId: id }).strict(), result: ok },
} as const;
