import { test, expect } from './fixtures';

// The Administrator's reference settings: a new maximum rate table from a date, an effective-dated
// calculation setting, a reason, a year of service periods, and the agency's bank details with
// the routing number checked on the field.

test('reference settings: rate table, calculation setting, reason, periods and agency', async ({ page, app }) => {
  await app.signIn(page, 'admin');
  await page.goto(`${app.url}#/settings/rates`);
  const nav = page.getByRole('navigation', { name: 'Settings sections' });
  for (const label of ['Maximum rates', 'Calculation and workflow', 'Reasons', 'Service periods', 'Agency and bank']) {
    await expect(nav.getByRole('button', { name: label })).toBeVisible();
  }

  // Rates: the demo has tables from January and July; a new one from 2027-01-01, one rate changed.
  await expect(page.getByRole('table', { name: /Maximum rates from/ })).toBeVisible();
  await app.shot(page, 'reference-settings-rates');
  await page.getByRole('button', { name: 'New rate table' }).click();
  const dialog = page.getByRole('dialog', { name: 'New maximum rate table' });
  await dialog.getByLabel('Effective from').fill('2027-01-01');
  await dialog.getByRole('textbox', { name: 'Center Infant (0–17 months) Full day' }).fill('99.00');
  await app.shot(page, 'reference-settings-rates-new');
  await dialog.getByRole('button', { name: 'Save table' }).click();
  await expect(dialog).toBeHidden();
  const tables = await app.core.store.read(
    ({ sql }) => sql.prepare(`SELECT effective_from AS d, count(*) AS n FROM max_rate GROUP BY effective_from ORDER BY d`).all() as { d: string; n: number }[],
  );
  expect(tables.at(-1)).toEqual({ d: '2027-01-01', n: 24 });
  const cell = await app.core.store.read(
    ({ sql }) =>
      sql.prepare(`SELECT cents FROM max_rate WHERE effective_from = '2027-01-01' AND provider_type = 'center' AND age_group = 'infant' AND day_kind = 'full'`).get() as {
        cents: number;
      },
  );
  expect(cell.cents).toBe(9900);
  await expect(page.getByRole('table', { name: 'Maximum rates from Jan 1, 2027' })).toContainText('$99.00');

  // Calculation: the full-day threshold becomes 6 hours from 2027-01-01; the value in force today stays.
  await nav.getByRole('button', { name: 'Calculation and workflow' }).click();
  await page.getByRole('button', { name: 'Change Full-day threshold (hours)' }).click();
  const setting = page.getByRole('dialog', { name: 'Full-day threshold (hours)' });
  await setting.getByLabel('New value').fill('6');
  await setting.getByLabel('Effective from').fill('2027-01-01');
  await setting.getByRole('button', { name: 'Save' }).click();
  await expect(setting).toBeHidden();
  await expect(page.getByRole('row', { name: /Full-day threshold/ })).toContainText('6 from Jan 1, 2027 (scheduled)');
  await app.shot(page, 'reference-settings-calculation');

  // Reasons: a new hold reason.
  await nav.getByRole('button', { name: 'Reasons' }).click();
  await page.getByRole('button', { name: 'Add reason' }).click();
  const reason = page.getByRole('dialog', { name: 'New hold reason' });
  await reason.getByLabel('Code').fill('insurance_lapse');
  await reason.getByLabel('Label').fill('Liability insurance lapsed');
  await reason.getByRole('button', { name: 'Save' }).click();
  await expect(reason).toBeHidden();
  await expect(page.getByRole('table', { name: 'Holds reasons' })).toContainText('INSURANCE_LAPSE');
  await app.shot(page, 'reference-settings-reasons');

  // Service periods: the year after the demo's, twelve monthly periods.
  await nav.getByRole('button', { name: 'Service periods' }).click();
  await expect(page.getByLabel('Year', { exact: true })).toHaveValue('2027');
  await page.getByRole('button', { name: 'Create monthly periods' }).click();
  await expect(page.getByTestId('notifier')).toContainText('2027: 12 monthly periods created');
  await expect(page.getByRole('table', { name: 'Service periods' })).toContainText('2027-12');
  await app.shot(page, 'reference-settings-periods');

  // Agency: a mistyped routing number is refused on the field and not saved.
  await nav.getByRole('button', { name: 'Agency and bank' }).click();
  const routing = page.getByRole('textbox', { name: 'Originating bank routing number' });
  await expect(routing).toBeVisible();
  await routing.fill('071000014');
  await expect(page.getByText('the routing number fails its check digit (mistyped?)')).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await app.shot(page, 'reference-settings-agency');
  const odfi = await app.core.store.read(
    ({ sql }) => (sql.prepare(`SELECT value FROM setting WHERE key = 'agency.odfiRouting' ORDER BY effective_from DESC LIMIT 1`).get() as { value: string } | undefined)?.value,
  );
  expect(odfi).not.toContain('071000014');
  await routing.fill('071000013');
  await page.getByRole('textbox', { name: 'Agency name' }).fill('Prairie County CCAP Office');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('notifier')).toContainText('Agency identity and bank details saved.');
  const saved = await app.core.operator().call('agency-get', {});
  expect(saved).toMatchObject({ odfiRouting: '071000013', name: 'Prairie County CCAP Office' });
  // The export folder is shown, never typed: in a browser it is set on the database's machine.
  const exportFolder = page.getByRole('textbox', { name: 'Export folder' });
  await expect(exportFolder).toHaveValue((await app.core.operator().call('export-folder-get', {})).folder);
  await expect(exportFolder).toHaveAttribute('readonly', '');
  await expect(page.getByText('paydesk export-folder FOLDER')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Choose…' })).toHaveCount(0);
  await page.getByTestId('notifier').getByRole('button').click();
  await exportFolder.scrollIntoViewIfNeeded();
  await app.shot(page, 'reference-settings-export-folder');
});
