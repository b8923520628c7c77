import path from 'node:path';
import { defaultDataDir } from '../../paths';
import { parsePostgresUrl } from './url';

// Where the files of a PostgreSQL database live on the machine that runs PayDesk. A SQLite
// database keeps its audit key, its server certificate and its export batches beside its file; a
// PostgreSQL database has no folder of its own here, so they go in the PayDesk data folder
// (PAYDESK_DATA_DIR, else the user's PayDesk folder), under postgres/, named after the server,
// port and database of the URL as written: HOST-PORT-DATABASE.audit-key, .server-cert.pem,
// .server-key.pem and HOST-PORT-DATABASE-exports/. The key is kept outside the database (the point
// of keying the chain: someone who can edit the database cannot recompute the hashes). Every
// PayDesk server that opens the database needs a copy of the key there (owner-only). README:
// "PostgreSQL".

/** postgres/HOST-PORT-DATABASE in the data folder: the stem of a PostgreSQL database's files here. */
export function postgresLocalStem(url: string, dataDir = defaultDataDir()): string {
  const t = parsePostgresUrl(url);
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return path.join(dataDir, 'postgres', `${safe(t.host)}-${t.port}-${safe(t.database)}`);
}

/** The audit key file of the PostgreSQL database a postgres:// URL names. */
export function postgresAuditKeyFile(url: string, dataDir = defaultDataDir()): string {
  return `${postgresLocalStem(url, dataDir)}.audit-key`;
}

/** The default export folder of a PostgreSQL database (until the agency sets its Export folder). */
export function postgresExportsDir(url: string, dataDir = defaultDataDir()): string {
  return `${postgresLocalStem(url, dataDir)}-exports`;
}
