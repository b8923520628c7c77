import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, SCREENSHOT_DIR } from './fixtures';
import { Core } from '../../src/main/core/core';
import { startWebPreview } from '../../src/web-preview/server';
import { flipBytes } from '../helpers/damage';
import { copyDatabase } from '../../src/main/core/audit/key';

// Issue #12 as a user meets it: a database copy with flipped bytes opens read-only with the reason
// in a banner and in every refused call (an export is refused, reports still print); an
// administrator restores yesterday's backup in Settings > Backups and the app works normally again.
// And a wrong password is answered with the wait before the next try.

const RENDERER_DIR = path.resolve(__dirname, '../../out/renderer');

test('a damaged database is read-only until an administrator restores a backup', async ({ page, template }) => {
  test.slow(); // several sign-ins, each a deliberately slow password check (scrypt, N = 2^17)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paydesk-e2e-readonly-'));
  const file = path.join(dir, 'paydesk.sqlite');
  copyDatabase(template, file); // with its audit key
  let core = await Core.start({ databaseFile: file, dataDir: dir, log: () => {} });
  const backup = await core.operator().call('backup-now', {});
  await core.close();
  flipBytes(file, 'attendance', 50);
  core = await Core.start({ databaseFile: file, dataDir: dir, isDemo: true, log: () => {} });
  const preview = await startWebPreview({ core, rendererDir: RENDERER_DIR });
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
  const signIn = async (username: string) => {
    await page.goto(preview.url);
    await page.getByTestId('username').fill(username);
    await page.getByTestId('password').fill('demo1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('signed-in-user')).toBeVisible();
  };
  try {
    await signIn('payor');
    const banner = page.getByTestId('read-only-banner');
    await expect(banner).toContainText('Read-only: nothing can be changed');
    await expect(banner).toContainText('The database file is damaged');
    await expect(banner).toContainText('An administrator restores a backup (Settings > Backups)');

    // An export is refused with the reason.
    await page.getByRole('button', { name: 'Exports' }).click();
    await page.getByRole('combobox', { name: 'Service period' }).click();
    await page.getByRole('option', { name: /October 2026/ }).click();
    await page.getByRole('button', { name: 'Export payments' }).first().click();
    const dialog = page.getByRole('dialog', { name: /Export payments/ });
    await expect(dialog.getByTestId('export-preview-summary')).toBeVisible();
    await dialog.getByRole('button', { name: /^Export \d+ items/ }).click();
    await expect(dialog.getByText(/^The database is read-only: The database file is damaged/)).toBeVisible();
    await shot('read-only-export-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Reports still print: the batch page opens and its summary can be opened.
    await page.goto(`${preview.url}#/exports/1`);
    await expect(page.getByRole('table', { name: 'Batch files' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The administrator restores the backup.
    await signIn('admin');
    await page.goto(`${preview.url}#/settings/backups`);
    const table = page.getByRole('table', { name: 'Backups' });
    await expect(table).toContainText(backup.name);
    await expect(table).toContainText('Sound;');
    await shot('settings-backups-read-only');
    await page.getByRole('button', { name: `Restore ${backup.name}` }).click();
    const confirm = page.getByRole('dialog', { name: `Restore ${backup.name}?` });
    await shot('settings-backups-restore-confirm');
    await confirm.getByRole('button', { name: 'Restore this backup' }).click();
    await expect(page.getByTestId('notifier')).toContainText(`Restored ${backup.name}. The database it replaced is kept as`);
    await expect(page.getByTestId('read-only-banner')).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Backups' })).toBeVisible();
    await shot('settings-backups-restored');
    expect((await core.connect(null).call('app-status', {})).readOnly).toBeNull();
  } finally {
    await preview.close();
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a wrong password is answered with the wait before the next try; a disabled account is told why it was signed out', async ({ page, app }) => {
  test.slow(); // several sign-ins, each a deliberately slow password check (scrypt, N = 2^17)
  await page.goto(app.url);
  await page.getByTestId('username').fill('approver');
  await page.getByTestId('password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toHaveText('Unknown user name or wrong password. Wait 1 second before trying again.');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toContainText(/Wait \d second|Unknown user name/);
  await app.shot(page, 'sign-in-wait');

  await page.waitForTimeout(2100);
  await app.signIn(page, 'payor');
  const admin = app.core.operator();
  const payor = (await admin.call('users-list', {})).find((u) => u.username === 'payor')!;
  await admin.call('users-set-active', { userId: payor.id, active: false });
  // The window's next call ends the session: this click's, or one already on its way (the
  // navigation's "Needs attention" count loads beside the page), which may sign out first.
  await page.getByRole('button', { name: 'Exports' }).click({ timeout: 10_000 }).catch(() => undefined);
  await expect(page.getByTestId('signed-out-because')).toHaveText('Your account was disabled: you were signed out. Ask an administrator if this is a mistake.');
  await app.shot(page, 'signed-out-disabled');
});
