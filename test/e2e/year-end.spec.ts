import fs from 'node:fs';
import { test, expect } from './fixtures';

// The Year-end screen on the demo database, as an Administrator then a Payor: the review list of
// 2026, the settings the agency must fill in, a provider's W-9 entered from the keyboard, the
// forms generated, the year marked filed, a change after filing shown as "needs a correction" and
// corrected; the TIN masked to the Payor. Screenshots at 1280×800 and 1920×1080.

const FILING: Array<[string, string]> = [
  ['Transmitter Control Code (TCC)', '12AB3'],
  ["Payer's EIN", '37-6000001'],
  ["Payer's name", 'Prairie County Child Care Assistance'],
  ['Street address', '200 Main Street Suite 4'],
  ['City', 'Springfield'],
  ['State', 'IL'],
  ['ZIP code', '62701'],
  ["Payer's telephone", '217-555-0100'],
  ['Contact for the IRS', 'Pat Finance'],
  ["Contact's telephone", '217-555-0101'],
  ["Contact's e-mail", 'finance@prairie.example'],
];

test('year-end: review, settings, W-9 by keyboard, generate, file, correction; TIN masked to a Payor', async ({ page, app }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await app.signIn(page, 'admin');
  await page.getByTestId('nav-year-end').click();
  await expect(page).toHaveURL(/#\/year-end$/);
  await page.getByTestId('year-end-year').getByRole('combobox').click();
  await page.getByRole('option', { name: '2026' }).click();
  await expect(page.getByRole('listbox')).toHaveCount(0);
  const summary = page.getByTestId('year-end-summary');
  await expect(summary).toContainText('33 returns');
  await expect(summary).toContainText('5 third-party payor only');
  await expect(page.getByTestId('year-end-missing')).toContainText('filing details are not filled in');
  const grid = page.getByRole('grid', { name: 'Year-end 2026' });
  await app.shot(page, 'year-end-review-1280');

  // Generate refuses, naming what to fill in.
  await page.getByRole('button', { name: 'Generate' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('notifier')).toContainText('filing details first');

  // The Administrator fills in the settings.
  await page.getByRole('button', { name: 'Year-end settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Year-end settings' });
  for (const [label, value] of FILING) await settings.getByLabel(label).fill(value);
  await app.shot(page, 'year-end-settings-1280');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('notifier')).toContainText('Year-end settings of 2026 saved');
  await expect(page.getByTestId('year-end-missing')).toHaveCount(0);

  // A provider's W-9, from the keyboard: the first row's cell, Enter, the form, Enter.
  const first = grid.getByRole('row').nth(1);
  const provider = (await first.getByRole('gridcell').first().textContent())!;
  await first.getByRole('gridcell').first().click();
  await page.keyboard.press('Enter');
  const tax = page.getByRole('dialog', { name: /Tax data \(W-9\)/ });
  await expect(tax).toBeVisible();
  await expect(tax.getByLabel('TIN', { exact: true })).toBeVisible();
  await tax.getByLabel('TIN type').click();
  await page.getByRole('option', { name: /^SSN/ }).click();
  await expect(page.getByRole('listbox')).toHaveCount(0);
  await tax.getByLabel('TIN', { exact: true }).fill('666-12-3456');
  await tax.getByLabel('Legal name (line 1 of the W-9)').fill('Ava Allen');
  await tax.getByLabel('Legal name (line 1 of the W-9)').press('Enter');
  await expect(page.getByTestId('tax-data-error')).toContainText('no SSN begins with 666');
  await tax.getByLabel('TIN', { exact: true }).fill('123-45-6780');
  await tax.getByLabel('W-9 received').fill('2026-02-01');
  await app.shot(page, 'year-end-tax-dialog-1280');
  await tax.getByLabel('Legal name (line 1 of the W-9)').press('Enter');
  await expect(page.getByTestId('notifier')).toContainText('Tax data of');
  await expect(grid.getByRole('row', { name: new RegExp(provider.replace(/[()]/g, '.')) })).toContainText('123-45-6780');

  // Generate, then mark filed.
  await page.getByRole('button', { name: 'Generate' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('notifier')).toContainText('33 returns');
  const written = page.getByTestId('year-end-written');
  await expect(written).toContainText('1099-2026-irs-1220.txt');
  const folder = /Written to (.+?): /.exec((await written.textContent())!)![1];
  expect(fs.readdirSync(`${folder}/recipients`)).toHaveLength(33);
  await page.getByRole('button', { name: 'Mark as filed' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Mark as filed' }).click();
  await expect(page.getByTestId('year-end-filed')).toContainText('2026 was filed by admin');
  await expect(page.getByRole('button', { name: 'Generate' })).toBeDisabled();

  // After filing the TIN is corrected: the row needs a correction, and Corrections makes the file.
  await grid.getByRole('row', { name: new RegExp(provider.replace(/[()]/g, '.')) }).dblclick();
  await tax.getByLabel('TIN', { exact: true }).fill('123-45-6781');
  await tax.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('year-end-filed')).toContainText('1 payee(s) changed since');
  await expect(grid.getByRole('row', { name: new RegExp(provider.replace(/[()]/g, '.')) })).toContainText('Yes: TIN');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.shot(page, 'year-end-needs-correction-1920');
  await page.getByRole('button', { name: /Corrections \(1\)/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Make corrections' }).click();
  await expect(page.getByTestId('notifier')).toContainText('Corrections of 2026: 2 corrected returns');
  await expect(page.getByTestId('year-end-filed')).toContainText('1 correction file(s) since');
  await expect(page.getByRole('button', { name: 'Corrections' })).toBeDisabled();
  await app.shot(page, 'year-end-corrected-1920');

  // A Payor sees the TIN masked and no Settings button.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await app.signIn(page, 'payor');
  await page.getByTestId('nav-year-end').click();
  await page.getByTestId('year-end-year').getByRole('combobox').click();
  await page.getByRole('option', { name: '2026' }).click();
  await expect(grid.getByRole('row', { name: new RegExp(provider.replace(/[()]/g, '.')) })).toContainText('***-**-6781');
  await expect(page.getByRole('button', { name: 'Year-end settings' })).toHaveCount(0);
  await app.shot(page, 'year-end-payor-1920');

  // The same W-9 from the provider's own page: the legal name kept, the TIN masked to a Payor.
  const providerId = /\((\d+)\)\s*$/.exec(provider)![1];
  await page.goto(`${app.url}#/providers/${providerId}`);
  await page.getByRole('button', { name: 'Tax data (W-9)' }).click();
  const fromPage = page.getByRole('dialog', { name: /Tax data \(W-9\)/ });
  await expect(fromPage.getByLabel('Legal name (line 1 of the W-9)')).toHaveValue('Ava Allen');
  await expect(fromPage).toContainText('6781');
  await app.shot(page, 'provider-tax-dialog-1280');
  await fromPage.getByRole('button', { name: 'Cancel' }).click();
  await expect(fromPage).toHaveCount(0);
});
