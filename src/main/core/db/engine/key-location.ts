import path from 'node:path';
import { defaultDataDir } from '../../paths';
import { parsePostgresUrl } from './url';

// Where the audit key of a PostgreSQL database lives. The key is kept outside the database (the
// point of keying the chain: someone who can edit the database cannot recompute the hashes), so
// it cannot sit "beside" a database on a server PayDesk does not own: it sits in the PayDesk
// data folder of the machine that runs PayDesk (PAYDESK_DATA_DIR, else the user's PayDesk folder),
// under postgres/, named after the server, port and database. Every PayDesk server that opens
// the database needs a copy of it there (owner-only). README: "PostgreSQL".

/** What names a PostgreSQL database's own files in the data folder: `postgres/<host>-<port>-<database>`. */
export function postgresDataStem(url: string, dataDir = defaultDataDir()): string {
  const t = parsePostgresUrl(url);
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return path.join(dataDir, 'postgres', `${safe(t.host)}-${t.port}-${safe(t.database)}`);
}

/** The audit key file of the PostgreSQL database a postgres:// URL names. */
export function postgresAuditKeyFile(url: string, dataDir = defaultDataDir()): string {
  return `${postgresDataStem(url, dataDir)}.audit-key`;
}
