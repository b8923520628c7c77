import { z } from 'zod';

// The audit trail's key (DESIGN.md section 9): where it is kept, and a plain copy for the
// Administrator's backup. Verifying the trail is audit-verify (workflow contract).

export const auditKeyStatus = z.object({
  /** A fingerprint naming the key (never the key); null when the key is missing. */
  keyId: z.string().nullable(),
  /** The key file beside the database (null for an in-memory database). */
  keyFile: z.string().nullable(),
  /** Whether the key file is encrypted by this computer's keychain (the desktop app). */
  protectedAtRest: z.boolean(),
  /** The event that sealed the trail with the key. */
  sealId: z.number().int().nullable(),
  /** Why the trail cannot be written or verified, if so. */
  problem: z.string().nullable(),
});
export type AuditKeyStatus = z.infer<typeof auditKeyStatus>;

export const auditContract = {
  'audit-key-status': { access: ['Administrator'], args: z.object({}).strict(), result: auditKeyStatus },
  /**
   * The key file's content in plain form, to keep with the database's backups (or to move the
   * database to another computer). Recorded in the audit trail. Anyone holding it and the
   * database could rewrite the trail: keep it as carefully as the database itself.
   */
  'audit-key-export': {
    access: ['Administrator'], writes: 'data',
    args: z.object({}).strict(),
    result: z.object({ fileName: z.string(), content: z.string(), keyId: z.string() }),
  },
} as const;
