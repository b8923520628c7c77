import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditKeyFile, copyDatabase } from '../../src/main/core/audit/key';
import { tempDir, testDataDir } from '../helpers/core';

// copyDatabase with a PostgreSQL database on either side: the database is no file here, so only
// its audit key is copied (in the data folder). Taken for a path, the URL once made a folder named
// "postgres:" in the working folder of whoever copied.

const t = tempDir('paydesk-copy-');
afterAll(() => t.cleanup());

describe('copyDatabase', () => {
  it('copies a PostgreSQL database\'s key into the data folder and writes nothing in the working folder', () => {
    const data = testDataDir();
    const from = 'postgres://paydesk@127.0.0.1:1/paydesk_copy_from';
    const to = 'postgres://paydesk@127.0.0.1:1/paydesk_copy_to';
    expect(auditKeyFile(from).startsWith(data)).toBe(true);
    fs.mkdirSync(path.dirname(auditKeyFile(from)), { recursive: true });
    fs.writeFileSync(auditKeyFile(from), 'key of the source');
    fs.rmSync(auditKeyFile(to), { force: true });
    const stray = path.resolve('postgres:', 'paydesk@127.0.0.1:1');
    fs.rmSync(stray, { recursive: true, force: true });

    copyDatabase(from, to);

    expect(fs.readFileSync(auditKeyFile(to), 'utf8')).toBe('key of the source');
    expect(fs.existsSync(stray)).toBe(false);
  });

  it('copies a SQLite file with its key beside it, making the folder', () => {
    const from = path.join(t.dir, 'a.sqlite');
    const to = path.join(t.dir, 'sub', 'b.sqlite');
    fs.writeFileSync(from, 'database bytes');
    fs.writeFileSync(auditKeyFile(from), 'key of a');
    copyDatabase(from, to);
    expect(fs.readFileSync(to, 'utf8')).toBe('database bytes');
    expect(fs.readFileSync(auditKeyFile(to), 'utf8')).toBe('key of a');
  });
});
