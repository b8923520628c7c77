import { InitialSchema0001 } from './0001-initial-schema';
import { AuditAppendOnly0002 } from './0002-audit-append-only';
import { DefaultSettings0003 } from './0003-default-settings';
import { AgencySettings0005 } from './0005-agency-settings';
import { SessionRules0010 } from './0010-session-rules';
import { ProviderUsersAlone0011 } from './0011-provider-users-alone';
import { BackupSettings0012 } from './0012-backup-settings';

/**
 * Every migration, in order. Append only; a shipped migration is never edited. TypeORM orders
 * migrations by the 13-digit number that ends each name, so a new one takes the next number.
 */
export const MIGRATIONS = [InitialSchema0001, AuditAppendOnly0002, DefaultSettings0003, AgencySettings0005, SessionRules0010, ProviderUsersAlone0011, BackupSettings0012];
