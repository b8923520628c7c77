import fs from 'node:fs';
import { test, expect } from './fixtures';
import { userOf } from './exports-helpers';
import { formatCents as fmt } from '../../src/shared/domain/money';

// The money path on screen (issue 11): an amount changed behind the app is left out of the export
// with an alert for an administrator on the Exports page and in the preview; a batch above the
// agency's batch limit is asked for by one Payor and released by a second; the Administrator
// verifies the audit trail and saves its key in Settings → Audit trail.

test('a changed amount is an alert; a batch above the batch limit waits for a second Payor, who releases it', async ({ page, app }) => {
  const admin = app.core.connect(await userOf(app, 'admin'));
  const core = app.core.connect(await userOf(app, 'payor'));
  const period = (await core.call('periods-list', {})).find((p) => p.code === '2026-10')!;
  const before = await core.call('export-preview', { periodId: period.id, payorId: 1 });
  const victim = before.providers[0];
  // Behind the app: one of its payments' amounts raised in the database file.
  app.core.store.sql.prepare(`UPDATE payment SET amount_cents = amount_cents + 100000 WHERE id = ?`).run(victim.paymentIds[0]);
  await admin.call('settings-save', { key: 'export.batchLimitCents', value: 100 });
  const expected = await core.call('export-preview', { periodId: period.id, payorId: 1 });
  expect(expected.leftOut.find((l) => l.providerId === victim.providerId)?.reason).toBe('amount-differs');
  expect(expected.release).toMatchObject({ limitCents: 100, waiting: null });

  await app.signIn(page, 'payor');
  await page.getByRole('button', { name: 'Exports' }).click();
  const alerts = page.getByTestId('money-alerts');
  await expect(alerts).toContainText('tell an administrator');
  await expect(alerts).toContainText(`${victim.providerName} — Payment ${victim.paymentIds[0]}: amount`);
  await app.shot(page, 'exports-money-alert');

  await page.getByRole('combobox', { name: 'Service period' }).click();
  await page.getByRole('option', { name: /October 2026/ }).click();
  await page.getByRole('button', { name: 'Export payments' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Export payments — October 2026' });
  await expect(dialog.getByTestId('money-alert')).toContainText(victim.providerName);
  await expect(dialog.getByTestId('export-release')).toContainText(`above the agency’s batch limit of ${fmt(100)}`);
  await dialog.getByRole('button', { name: `Ask for release (${fmt(expected.totalCents)})` }).click();
  await expect(dialog.getByTestId('export-release')).toContainText('You asked for its release; it waits for another Payor.');
  await expect(dialog.getByRole('button', { name: 'Waiting for a second Payor' })).toBeDisabled();
  await app.shot(page, 'exports-release-asked');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // A second Payor (who authorized none of the items) releases it from the Exports page.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await app.signIn(page, 'finance');
  await page.getByRole('button', { name: 'Exports' }).click();
  const waiting = page.getByTestId('release-waiting');
  await expect(waiting).toContainText(`October 2026, Agency (direct pay): ${expected.itemCount} items, ${fmt(expected.totalCents)}`);
  await app.shot(page, 'exports-release-waiting');
  await waiting.getByRole('button', { name: 'Release and export' }).click();
  const batch = await app.core.store.read(({ sql }) => sql.prepare(`SELECT id, item_count AS items, released_by AS releasedBy FROM export_batch ORDER BY id DESC LIMIT 1`).get() as { id: number; items: number; releasedBy: number });
  await expect(page.getByRole('heading', { name: `Batch ${batch.id}` })).toBeVisible();
  expect(batch.items).toBe(expected.itemCount);
  expect(batch.releasedBy).toBe((await userOf(app, 'finance')).id);
  await expect(page.getByTestId('release-waiting')).toHaveCount(0);
});

test('Settings → Audit trail: the key, a verification of the whole trail, and a copy of the key for the backup', async ({ page, app }) => {
  await app.signIn(page, 'admin');
  await page.goto(`${app.url}#/settings/audit`);
  const key = page.getByRole('table', { name: 'Audit key' });
  await expect(key).toContainText(/fingerprint [0-9a-f]{16}/);
  await expect(key).toContainText('paydesk.sqlite.audit-key');
  await page.getByRole('button', { name: 'Verify now' }).click();
  await expect(page.getByTestId('audit-report')).toContainText('The audit trail verifies');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save the audit key' }).click();
  const file = await (await download).path();
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ format: 'paydesk-audit-key', key: expect.stringMatching(/^[0-9a-f]{64}$/) });
  await expect(page.getByText(/Keep it with the database’s backups/)).toBeVisible();
  await app.shot(page, 'settings-audit-trail');
});
