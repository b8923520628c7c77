import { z } from 'zod';
import { empty, group, id, ok, name } from '../common';

export const sessionUser = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  groups: z.array(group),
  providerId: id.nullable(),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const sessionContract = {
  /** What the first screen needs: is there anyone to sign in as, which database is open. */
  'app-status': {
    access: 'public',
    args: empty,
    result: z.object({
      databasePath: z.string(),
      hasUsers: z.boolean(),
      isDemo: z.boolean(),
      signedIn: sessionUser.nullable(),
      idleLockMinutes: z.number().int().min(0),
      /** The agency's time zone and locale: every screen formats dates with them (src/shared/format). */
      timeZone: z.string(),
      locale: z.string(),
      /** Why the database is read-only (damaged file, audit trail that does not verify), or null. */
      readOnly: z.string().nullable(),
      /** Why the core ended this window's session (account disabled, password changed, idle), or null. */
      signedOutBecause: z.string().nullable(),
      /** Served by `paydesk serve`: its certificate's SHA-256 fingerprint (to compare, Settings); absent otherwise. */
      server: z.object({ certificateFingerprint: z.string() }).optional(),
    }),
  },
  'session-login': {
    access: 'public', writes: 'sign-in',
    args: z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) }),
    result: sessionUser,
  },
  'session-logout': { access: 'public', writes: 'sign-in', args: empty, result: ok },
  /** First start only: refused once any user exists. */
  'setup-create-administrator': {
    access: 'public', writes: 'data',
    args: z.object({
      username: z.string().trim().min(3).max(100).regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash, underscore'),
      displayName: name,
      password: z.string().min(8, 'at least 8 characters').max(200),
    }),
    result: sessionUser,
  },
  /** First start only: switch to the demo database (created on first use). */
  'setup-open-demo': { access: 'public', args: empty, result: z.object({ databasePath: z.string() }) },
} as const;
