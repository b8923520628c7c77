import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/core';
import { openWorld, type World } from './workflow-fixture';

// A Provider-group user belongs to no other group (finding 4 of issue #12: `user add --groups
// Provider,Approver --provider 3` was accepted, and that user authorized its own provider's payment).

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../../bin/paydesk.cjs');

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('a Provider-group user', () => {
  it('is refused any other group, by the app and by the command line, and nothing changes', async () => {
    w = await openWorld();
    const admin = w.core.connect(w.users.admin);
    const before = JSON.stringify(await snapshot(w.core));
    for (const groups of [['Provider', 'Approver'], ['Payor', 'Provider'], ['Provider', 'Administrator']] as const) {
      await expect(admin.call('users-create', { username: 'portal3', displayName: 'P3', password: 'long enough', groups: [...groups], providerId: 1 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        field: 'groups',
        rule: 'users.provider-alone',
      });
    }
    await expect(admin.call('users-set-groups', { userId: w.users.provider.id, groups: ['Provider', 'Approver'] })).rejects.toMatchObject({ rule: 'users.provider-alone' });
    await expect(admin.call('users-set-groups', { userId: w.users.approver.id, groups: ['Approver', 'Provider'], providerId: 1 })).rejects.toMatchObject({ rule: 'users.provider-alone' });
    expect(JSON.stringify(await snapshot(w.core))).toBe(before);
    await w.core.close();

    const cli = await run(process.execPath, [BIN, 'user', 'add', '--db', w.file, '--username', 'mixed', '--display-name', 'Mixed', '--groups', 'Provider,Approver', '--provider', '1', '--password', 'long enough']).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('A Provider-group user belongs to no other group (not Approver)');
  }, 60_000);
});
