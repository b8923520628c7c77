import { z } from 'zod';
import { group, id, name, ok, timestamp } from '../common';

// User management (Administrator only). Passwords go in, never out.

export const username = z
  .string()
  .trim()
  .min(3)
  .max(100)
  .regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash, underscore');
export const password = z.string().min(8, 'at least 8 characters').max(200);
const groups = z.array(group).min(1).max(4);

export const userRow = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  groups: z.array(group),
  providerId: id.nullable(),
  providerName: z.string().nullable(),
  active: z.boolean(),
  createdAt: timestamp,
});
export type UserRow = z.infer<typeof userRow>;

export const usersContract = {
  'users-list': { access: ['Administrator'], args: z.object({}).strict(), result: z.array(userRow) },
  'users-create': {
    access: ['Administrator'], writes: 'data',
    args: z.object({ username, displayName: name, password, groups, providerId: id.nullable().optional() }).strict(),
    result: userRow,
  },
  /** A Provider-group user must be tied to one provider; other users are tied to none. */
  'users-set-groups': {
    access: ['Administrator'], writes: 'data',
    args: z.object({ userId: id, groups, providerId: id.nullable().optional() }).strict(),
    result: userRow,
  },
  'users-set-active': { access: ['Administrator'], writes: 'data', args: z.object({ userId: id, active: z.boolean() }).strict(), result: userRow },
  'users-reset-password': { access: ['Administrator'], writes: 'data', args: z.object({ userId: id, password }).strict(), result: ok },
} as const;
