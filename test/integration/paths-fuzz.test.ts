import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT, type HandlerName } from '../../src/shared/api/contract';
import { AppError } from '../../src/shared/api/errors';
import { FILE_KINDS } from '../../src/shared/api/contract/export';
import { Core, type Connection } from '../../src/main/core/core';
import { insertUser } from '../../src/main/core/users/users';
import { auditKeyFile } from '../../src/main/core/audit/key';

import { openTestCore, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';

// No caller names a path (finding 1 of issue #12: export-report wrote its outFile over the live
// database for an Approver, export-run's exportRoot let a Payor write batch folders anywhere).
// Every handler is fuzzed with traversal and absolute paths in every place a path could hide.

let t: TestCore;
let everyone: Connection;
let outside: string;
beforeAll(async () => {
  t = await openTestCore({ demo: true }); // its start-up repair writes the demo batches' files
  await t.core.store.run(({ db }) => insertUser(db, { username: 'everyone', displayName: 'All', passwordHash: 'x', groups: ['Administrator', 'Approver', 'Payor'] }, 'T'));
  everyone = await t.as('everyone');
  outside = path.join(path.dirname(t.dir), `${path.basename(t.dir)}-outside`);
}, 120_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(outside, { recursive: true, force: true });
});

/** The file a stray path would do most harm to: the SQLite database itself, or on PostgreSQL the database's audit key file. */
const liveFile = () => (t.engine === 'postgres' ? auditKeyFile(t.file) : t.file);
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function pathsTo(db: string): string[] {
  return [
    db,
    path.join(outside, 'evil.pdf'),
    `${outside}${path.sep}`,
    `../../${path.basename(outside)}/x.csv`,
    '../../../../../../../../etc/paydesk-test',
    '..\\..\\..\\Windows\\System32\\paydesk.txt',
    'C:\\Windows\\paydesk.txt',
    '\\\\server\\share\\paydesk.txt',
    'file:///etc/passwd',
    `${path.dirname(db)}/exports/../../${path.basename(outside)}`,
  ];
}

describe('paths from callers', () => {
  it('export-report with outFile naming the live database is refused, and the database is untouched', async () => {
    const db = liveFile();
    const before = sha(db);
    const approver = await t.as('approver');
    await expect(approver.call('export-report', { batchId: 1, kind: 'summary', outFile: db } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('outFile') });
    const payor = await t.as('payor');
    await expect(payor.call('export-run', { periodId: 11, payorId: 1, exportRoot: outside } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('exportRoot') });
    expect(sha(db)).toBe(before);
    expect(fs.existsSync(outside)).toBe(false);
  });

  it('every handler, given traversal and absolute paths in any field a path could be in, writes nothing outside and never uses them', async () => {
    const db = liveFile();
    const names = (Object.keys(CONTRACT) as HandlerName[]).filter((n) => n !== 'setup-open-demo' && n !== 'session-logout');
    const keys = ['outFile', 'exportRoot', 'path', 'folder', 'file', 'dir', 'fileName', 'kind', 'name'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.subarray(keys, { minLength: 1 }), fc.constantFrom(...pathsTo(db)), fc.constantFrom({}, { batchId: 1 }, { batchId: 1, kind: 'summary' }), async (name, ks, p, base) => {
        const args = { ...base, ...Object.fromEntries(ks.map((k) => [k, p])) };
        const outcome = await everyone.call(name, args as never).then(() => null, (err: unknown) => err);
        if (outcome !== null) {
          expect(outcome, name).toBeInstanceOf(AppError);
          expect((outcome as AppError).code, `${name}: ${(outcome as AppError).message}`).not.toBe('INTERNAL');
        }
      }),
      { numRuns: 400, seed: 5 },
    );
    expect(fs.existsSync(outside)).toBe(false);
    expect(fs.existsSync('/etc/paydesk-test')).toBe(false);
    expect(t.core.store.check('quick_check')).toEqual([]);
  }, 120_000);

  it('a batch file is found only by batch and kind, always inside that batch\'s folder', async () => {
    const folder = (await everyone.call('export-file-locate', { batchId: 1, kind: 'folder' })).path;
    expect(path.basename(folder)).toMatch(/^batch-1-/);
    for (const kind of FILE_KINDS) {
      const detail = await everyone.call('export-batch-get', { batchId: 1 });
      const providerId = kind === 'remittance' ? detail.providers[0].providerId : undefined;
      const found = await everyone.call('export-file-locate', { batchId: 1, kind, providerId }).catch((e: AppError) => e);
      if (found instanceof AppError) {
        expect(found.code, kind).toBe('NOT_FOUND'); // a kind this batch has no file of
        continue;
      }
      expect(found.path.startsWith(folder + path.sep), `${kind}: ${found.path}`).toBe(true);
      expect(found.exists).toBe(true);
    }
    const junk = fc.oneof(fc.string(), fc.constantFrom('../../x', '/etc/passwd', 'folder/..', 'summary/../../x'), fc.integer(), fc.constant(null));
    await fc.assert(
      fc.asyncProperty(junk, junk, async (kind, providerId) => {
        await expect(everyone.call('export-file-locate', { batchId: 1, kind, providerId } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('a folder recorded for a batch that is not its own is never written to or opened', async () => {
    const payor = await t.as('payor');
    for (const folder of [outside, path.join(outside, 'batch-2-x'), `${t.dir}/exports/../../${path.basename(outside)}/batch-2-2026-09-AGENCY`, 'relative/batch-2']) {
      await testSql(t).run(`UPDATE export_batch SET folder = ? WHERE id = 2`, [folder]);
      await expect(payor.call('export-regenerate', { batchId: 2 })).rejects.toMatchObject({ code: 'REFUSED', rule: 'export.folder' });
      await expect(payor.call('export-file-locate', { batchId: 2, kind: 'summary' })).rejects.toMatchObject({ rule: 'export.folder' });
      await expect(payor.call('export-report', { batchId: 2, kind: 'summary' })).rejects.toMatchObject({ rule: 'export.folder' });
    }
    expect(fs.existsSync(outside)).toBe(false);
  });

  it('no call names the export folder: agency-save refuses one, saying where it is chosen, and changes nothing', async () => {
    const admin = await t.as('admin');
    const agency = await admin.call('agency-get', {});
    const before = await admin.call('export-folder-get', {});
    for (const exportRoot of [path.join(t.dir, 'elsewhere'), outside, '', 'exports']) {
      await expect(admin.call('agency-save', { ...agency, name: 'Renamed', exportRoot } as never)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        field: 'exportRoot',
        message: expect.stringContaining('paydesk export-folder PATH'),
      });
    }
    expect(await admin.call('agency-get', {})).toEqual(agency);
    expect(await admin.call('export-folder-get', {})).toEqual(before);
    // Any other unknown field is refused too (the details are a closed list).
    await expect(admin.call('agency-save', { ...agency, folder: outside } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('the export folder set by the trusted call (dialog or command line) is a whole path without "..", that takes files, set by an Administrator', async () => {
    const admin = await t.as('admin');
    const payor = await t.as('payor');
    const before = await admin.call('export-folder-get', {});
    for (const folder of ['exports', '../exports', '/srv/paydesk/../../etc', 'C:relative', '/srv/a\u0000b']) {
      expect(await admin.setExportFolder(folder)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'folder' } });
    }
    const aFile = path.join(t.dir, 'a-file.txt');
    fs.writeFileSync(aFile, 'x');
    expect(await admin.setExportFolder(aFile)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: `The export folder ${aFile} cannot be used: it is a file, not a folder.` } });
    expect(await payor.setExportFolder(path.join(t.dir, 'elsewhere'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await admin.call('export-folder-get', {})).toEqual(before);
    expect(fs.existsSync(path.join(t.dir, 'elsewhere'))).toBe(false);

    const elsewhere = path.join(t.dir, 'elsewhere');
    expect(await admin.setExportFolder(elsewhere)).toEqual({ ok: true, value: { folder: elsewhere, isDefault: false } });
    expect(fs.statSync(elsewhere).isDirectory()).toBe(true); // made, so the export does not fail after its commit
    expect(await payor.call('export-folder-get', {})).toEqual({ folder: elsewhere, isDefault: false });
    const event = await testSql(t).one<{ action: string; after: string }>(`SELECT action, state_after AS after FROM audit_event WHERE action = 'set-export-folder' ORDER BY id DESC LIMIT 1`);
    expect(event?.action).toBe('set-export-folder');
    expect(JSON.parse(event!.after)).toEqual({ folder: elsewhere, isDefault: false });
    if (t.engine === 'sqlite') {
      // A file opened to read only (as a read command opens it; PostgreSQL has no such open)
      // refuses it before anything is made on the disk.
      const reading = await Core.start({ databaseFile: t.file, dataDir: t.dir, readingOnly: true, log: () => {}, skipStartupTasks: true });
      try {
        const operator = reading.connect(null);
        operator.becomeOperator();
        expect(await operator.setExportFolder(path.join(t.dir, 'never-made'))).toMatchObject({ ok: false, error: { rule: 'database.reading-only' } });
      } finally {
        await reading.close();
      }
      expect(fs.existsSync(path.join(t.dir, 'never-made'))).toBe(false);
      expect(await payor.call('export-folder-get', {})).toEqual({ folder: elsewhere, isDefault: false });
    }
    // Empty: back to the default (the data folder's); then the folder it had, for the tests after.
    expect(await admin.setExportFolder('')).toEqual({ ok: true, value: { folder: path.resolve(t.core.exportsDir), isDefault: true } });
    expect(await admin.setExportFolder(before.folder)).toEqual({ ok: true, value: before });
  });
});
