import { test, expect } from './fixtures';
import { userOf } from './exports-helpers';

// Seed 000: exported payments are in the Paid tab. From there (and from Invoice Details) a user
// reaches the payment's export batch and prints that provider's remittance.
test('Paid-tab rows and Invoice Details link to their export batch and remittance', async ({ page, app }) => {
  const payor = await userOf(app, 'payor');
  const core = app.core.connect(payor);
  const period = (await core.call('periods-list', {})).find((p) => p.code === '2026-10')!;
  const batch = await core.call('export-run', { periodId: period.id, payorId: 1 });
  const paymentId = batch.providers[0].items[0].paymentId;

  await app.signIn(page, 'payor');
  await page.getByRole('combobox', { name: 'Service period' }).click();
  await page.getByRole('option', { name: /October 2026/ }).click();
  await page.getByRole('tab', { name: /^Paid/ }).click();
  const grid = page.getByRole('grid');
  await expect(grid.getByRole('link', { name: String(batch.batch.id) }).first()).toBeVisible();
  await app.shot(page, 'payments-tab-paid-batch-links');
  await grid.getByRole('link', { name: String(batch.batch.id) }).first().click();
  await expect(page).toHaveURL(new RegExp(`#/exports/${batch.batch.id}$`));

  await page.goto(`${app.url}#/payments/${paymentId}`);
  const field = page.getByTestId('detail-export-batch');
  await expect(field.getByRole('button', { name: `Batch ${batch.batch.id}` })).toBeVisible();
  await expect(field.getByRole('button', { name: 'Print remittance' })).toBeEnabled();
  await app.shot(page, 'invoice-details-exported');
  const popup = page.waitForEvent('popup');
  await field.getByRole('button', { name: 'Print remittance' }).click();
  const pdf = await popup;
  // Named by batch and kind: the page gets a short-lived link to that provider's remittance, never a path.
  await pdf.waitForURL(new RegExp(`/api/file/[0-9a-f]{48}/provider-${batch.providers[0].providerId}\\.pdf`));
});
