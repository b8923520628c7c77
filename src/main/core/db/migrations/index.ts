import { InitialSchema0001 } from './0001-initial-schema';
import { AuditAppendOnly0002 } from './0002-audit-append-only';
import { DefaultSettings0003 } from './0003-default-settings';
import { AgencySettings0005 } from './0005-agency-settings';
import { MoneyPathSettings0006 } from './0006-money-path-settings';
import { ExportReleaseAnchors0007 } from './0007-export-release-anchors';
import { IdentifiersNocase0008 } from './0008-identifiers-nocase';
import { SessionRules0010 } from './0010-session-rules';
import { ProviderUsersAlone0011 } from './0011-provider-users-alone';
import { BackupSettings0012 } from './0012-backup-settings';
import { SavedViews0013 } from './0013-saved-views';
import { YearEnd0014 } from './0014-year-end';
import { PaymentBasis0015 } from './0015-payment-basis';
import { Recovery0016 } from './0016-recovery';
import { QaSample0017 } from './0017-qa-sample';
import { AttendanceSheets0018 } from './0018-attendance-sheets';

/**
 * Every migration, in order, for both engines (SQLite and PostgreSQL). Append only; a shipped
 * migration's SQLite text is never edited. TypeORM orders migrations by the 13-digit number that
 * ends each name, so a new one takes the next number.
 *
 * Engine-specific SQL: where a statement differs between SQLite and PostgreSQL, write both texts
 * with the helper of ./engine-sql.ts, `?` placeholders in both:
 *
 *   await execute(queryRunner, { sqlite: `INSERT OR IGNORE INTO …`, postgres: `INSERT INTO … ON CONFLICT DO NOTHING` }, [a, b]);
 *   await execute(queryRunner, `UPDATE setting SET value = ? WHERE key = ?`, [v, k]); // the same on both
 *
 * (`engineOf(queryRunner)` picks a whole list of statements, as 0001 and 0002 do.) engine-sql.ts
 * says how SQLite's types and constructs are written for PostgreSQL.
 */
export const MIGRATIONS = [
  InitialSchema0001,
  AuditAppendOnly0002,
  DefaultSettings0003,
  AgencySettings0005,
  MoneyPathSettings0006,
  ExportReleaseAnchors0007,
  IdentifiersNocase0008,
  SessionRules0010,
  ProviderUsersAlone0011,
  BackupSettings0012,
  SavedViews0013,
  YearEnd0014,
  PaymentBasis0015,
  Recovery0016,
  QaSample0017,
  AttendanceSheets0018,
];
