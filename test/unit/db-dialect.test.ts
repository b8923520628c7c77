import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { POSTGRES, SQLITE, advisoryKey, rewriteForPostgres } from '../../src/main/core/db/engine/dialect';
import { passwordFromFile } from '../../src/main/core/db/engine/password';
import { parsePostgresUrl } from '../../src/main/core/db/engine/url';

// The dialects turn a feature's SQLite-flavoured text into each engine's, once per text.

describe('the PostgreSQL dialect', () => {
  it('numbers the ? placeholders and makes LIKE ignore case, outside quotes, comments and dollar-quoted bodies', () => {
    expect(POSTGRES.translate(`SELECT a FROM t WHERE b = ? AND c LIKE ? ESCAPE '\\' AND d not like ?`)).toBe(
      `SELECT a FROM t WHERE b = $1 AND c ILIKE $2 ESCAPE '\\' AND d not ilike $3`,
    );
    expect(POSTGRES.translate(`SELECT '?', 'it''s ? LIKE', "we?ird", x -- why ?\nFROM t /* ? LIKE */ WHERE y = ?`)).toBe(
      `SELECT '?', 'it''s ? LIKE', "we?ird", x -- why ?\nFROM t /* ? LIKE */ WHERE y = $1`,
    );
    expect(POSTGRES.translate(`CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'no ?'; END $$ LANGUAGE plpgsql`)).toContain(`'no ?'; END $$`);
    // Names that merely contain LIKE stay as they are.
    expect(POSTGRES.translate(`SELECT likes, unlike FROM t`)).toBe(`SELECT likes, unlike FROM t`);
    expect(() => POSTGRES.translate(`SELECT ?1`)).toThrow(/use plain \?/);
  });

  it('numbers @name parameters once per name, and keeps camelCase names as written by quoting them', () => {
    expect(rewriteForPostgres(`UPDATE t SET a = @startDate, b = @at, c = @at WHERE id = @id`)).toEqual({
      text: `UPDATE t SET a = $1, b = $2, c = $2 WHERE id = $3`,
      names: ['startDate', 'at', 'id'],
    });
    expect(rewriteForPostgres(`SELECT p.provider_id AS providerId, count(*) AS n FROM payment p GROUP BY providerId ORDER BY providerId, 'keepMe'`).text).toBe(
      `SELECT p.provider_id AS "providerId", count(*) AS n FROM payment p GROUP BY "providerId" ORDER BY "providerId", 'keepMe'`,
    );
    expect(() => rewriteForPostgres(`SELECT ? WHERE a = @a`)).toThrow(/\? or @name parameters, not both/);
    expect(() => rewriteForPostgres(`SELECT @a WHERE b = ?`)).toThrow(/\? or @name parameters, not both/);
  });

  it('leaves SQLite text as written, and locks rows only where locks exist', () => {
    expect(SQLITE.translate(`SELECT ? LIKE ?`)).toBe(`SELECT ? LIKE ?`);
    expect(SQLITE.lockClause('update')).toBe('');
    expect(POSTGRES.lockClause('update')).toBe(' FOR UPDATE');
    expect(SQLITE.begin('write')).toBe('BEGIN IMMEDIATE');
    expect(POSTGRES.begin('read')).toMatch(/REPEATABLE READ READ ONLY/);
  });

  it('names a lock by the same 64-bit key on every server', () => {
    expect(advisoryKey('export:7:1')).toBe(advisoryKey('export:7:1'));
    expect(advisoryKey('export:7:1')).not.toBe(advisoryKey('export:7:2'));
    expect(BigInt(advisoryKey('audit-chain'))).toBeGreaterThanOrEqual(-(2n ** 63n));
  });
});

describe('a PostgreSQL URL', () => {
  it('names host, port, user and database; TLS as sslmode asks', () => {
    expect(parsePostgresUrl('postgres://finance@db.agency.example:6543/paydesk?sslmode=verify-full')).toMatchObject({
      host: 'db.agency.example',
      port: 6543,
      user: 'finance',
      database: 'paydesk',
      ssl: { rejectUnauthorized: true },
    });
    expect(parsePostgresUrl('postgresql://finance@db/paydesk').ssl).toBe(false);
    expect(parsePostgresUrl('postgres://finance@db/paydesk?sslmode=require').ssl).toEqual({ rejectUnauthorized: false });
  });

  it('is refused with a clear message when it holds a password, names no database, or has a bad sslmode', () => {
    expect(() => parsePostgresUrl('postgres://finance:hunter2@db/paydesk')).toThrow(/holds a password/);
    expect(() => parsePostgresUrl('postgres://finance@db')).toThrow(/names no database/);
    expect(() => parsePostgresUrl('postgres://finance@db/paydesk?sslmode=maybe')).toThrow(/sslmode=maybe is not one of/);
    expect(() => parsePostgresUrl('postgres://finance@db/paydesk?sslrootcert=/no/such/file')).toThrow(/cannot be read/);
  });
});

describe('the password file', () => {
  const asked = { host: 'db', port: 5432, database: 'paydesk', user: 'finance' };
  const write = (text: string, mode = 0o600) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pgpass-')), 'pgpass');
    fs.writeFileSync(file, text, { mode });
    fs.chmodSync(file, mode);
    return file;
  };

  it('gives the first matching line, with * matching anything and escapes undone', () => {
    const file = write(`# comment\nother:5432:paydesk:finance:no\ndb:*:paydesk:finance:pa\\:ss\\\\word\n*:*:*:*:fallback\n`);
    expect(passwordFromFile(asked, file)).toEqual({ password: 'pa:ss\\word' });
    expect(passwordFromFile({ ...asked, user: 'someone' }, file)).toEqual({ password: 'fallback' });
  });

  it.skipIf(process.platform === 'win32')('is ignored when others may read it, and says so', () => {
    expect(passwordFromFile(asked, write('*:*:*:*:secret\n', 0o644))).toEqual({ ignored: expect.stringMatching(/others may read it/) });
  });
});
