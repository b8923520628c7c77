import { test, expect } from './fixtures';

// Providers through the UI: the form refuses a bad routing number on the field, saves a good one
// and the new provider is in the grid; a providers CSV with one bad row is refused with the row
// and column named, and nothing is imported.


test('create a provider through the form: a bad routing number is refused on the field, a good one saves', async ({ page, app }) => {
  const before = await app.core.store.read(({ sql }) => (sql.prepare(`SELECT count(*) AS n FROM provider`).get() as { n: number }).n);
  await app.signIn(page, 'admin');
  await page.getByRole('button', { name: 'Providers' }).click();
  await expect(page.getByRole('grid', { name: 'Providers' })).toBeVisible();
  await page.getByRole('button', { name: 'New provider' }).click();
  await expect(page.getByRole('heading', { name: 'New provider' })).toBeVisible();

  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Little Acorns Early Learning');
  await page.getByRole('textbox', { name: 'License number', exact: true }).fill('LIC-E2E-001');
  await page.getByRole('combobox', { name: 'Type', exact: true }).click();
  await page.getByRole('option', { name: 'Center' }).click();
  await page.getByRole('textbox', { name: 'Tax id (EIN or SSN)', exact: true }).fill('36-1234567');
  await page.getByRole('textbox', { name: 'City', exact: true }).fill('Peoria');
  await page.getByRole('combobox', { name: 'Payor', exact: true }).click();
  await page.getByRole('option', { name: 'Agency (direct pay)' }).click();

  // The check digit is checked on the field as the user types: 011000016 fails it (…15 is right).
  const routing = page.getByRole('textbox', { name: 'Routing number', exact: true });
  await routing.fill('01100001');
  await expect(page.getByText('1 more digit (a routing number has 9)')).toBeVisible();
  await routing.fill('011000016');
  await expect(page.getByText('the routing number fails its check digit (mistyped?)')).toBeVisible();
  await expect(routing).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('textbox', { name: 'Account number', exact: true }).fill('000123456789');
  await page.getByRole('combobox', { name: 'Account type', exact: true }).click();
  await page.getByRole('option', { name: 'Checking' }).click();
  await page.getByRole('combobox', { name: 'Account holder', exact: true }).click();
  await page.getByRole('option', { name: 'Business (CCD)' }).click();
  await app.shot(page, 'reference-provider-form-bad-routing');

  // Saving with the bad number is refused in the form: nothing reaches the database.
  await page.getByRole('button', { name: 'Create provider' }).click();
  await expect(page.getByText('the routing number fails its check digit (mistyped?)')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'New provider' })).toBeVisible();
  expect(await app.core.store.read(({ sql }) => (sql.prepare(`SELECT count(*) AS n FROM provider`).get() as { n: number }).n)).toBe(before);

  await routing.fill('011000015');
  await expect(page.getByText('Check digit OK')).toBeVisible();
  await page.getByRole('button', { name: 'Create provider' }).click();
  await expect(page.getByRole('heading', { name: 'Little Acorns Early Learning' })).toBeVisible();
  await expect(page.getByTestId('notifier')).toContainText('Little Acorns Early Learning saved.');
  const saved = await app.core.store.read(
    ({ sql }) =>
      sql.prepare(`SELECT id, routing_number AS routing, account_number AS account, type, payor_id AS payorId FROM provider WHERE license_number = 'LIC-E2E-001'`).get() as {
        id: number;
        routing: string;
        account: string;
        type: string;
        payorId: number;
      },
  );
  expect(saved).toMatchObject({ routing: '011000015', account: '000123456789', type: 'center', payorId: 1 });
  await expect(page).toHaveURL(new RegExp(`#/providers/${saved.id}$`));
  // An Administrator edits the full account number; the page shows the provider's own rates panel.
  await expect(page.getByRole('textbox', { name: 'Account number', exact: true })).toHaveValue('000123456789');
  await expect(page.getByText('No own rates')).toBeVisible();
  await app.shot(page, 'reference-provider-saved');

  // The provider's own (private-pay) rates from a date: one combination given, the others keep none.
  await page.getByRole('button', { name: 'New rates from a date' }).click();
  const rates = page.getByRole('dialog', { name: 'New own rates from a date' });
  await rates.getByLabel('Effective from').fill('2026-01-01');
  await rates.getByRole('textbox', { name: 'Infant (0–17 months) Full day' }).fill('61.25');
  await app.shot(page, 'reference-provider-rates-dialog');
  await rates.getByRole('button', { name: 'Save rates' }).click();
  await expect(rates).toBeHidden();
  await expect(page.getByRole('table', { name: 'Own daily rates' })).toContainText('$61.25');
  const own = await app.core.store.read(
    ({ sql }) => sql.prepare(`SELECT age_group AS a, day_kind AS d, effective_from AS f, cents FROM provider_rate WHERE provider_id = ?`).all(saved.id),
  );
  expect(own).toEqual([{ a: 'infant', d: 'full', f: '2026-01-01', cents: 6125 }]);

  // Back in the grid, the search finds it with the account masked.
  await page.getByRole('button', { name: 'Providers', exact: true }).first().click();
  const grid = page.getByRole('grid', { name: 'Providers' });
  await page.getByRole('textbox', { name: 'Search Providers' }).fill('LIC-E2E-001');
  await expect(grid.getByRole('row')).toHaveCount(2);
  await expect(grid.getByText('Little Acorns Early Learning')).toBeVisible();
  await expect(grid.getByText('•••• 6789')).toBeVisible();
  await app.shot(page, 'reference-providers-grid');
});

test('a providers CSV with one bad row is refused with its row and column, and nothing is imported', async ({ page, app }) => {
  const count = () => app.core.store.read(({ sql }) => (sql.prepare(`SELECT count(*) AS n FROM provider`).get() as { n: number }).n);
  const before = await count();
  await app.signIn(page, 'admin');
  await page.goto(`${app.url}#/providers`);
  const csv = [
    'license_number,name,type,payor_code,payment_method,routing_number,account_number,account_type,account_holder,city,active',
    'LIC-900041,Sunrise Learning Center,center,AGENCY,ach,071000013,123456789,checking,business,Peoria,yes',
    'LIC-900042,Ana Ruiz Family Child Care,Family home,AGENCY,ach,071000014,55501234,savings,personal,Decatur,',
    'LIC-900043,Oak Group Home,group_home,FALLING_COLORS,check,,,,,Springfield,yes',
  ].join('\n');
  await page.getByTestId('import-providers-file').setInputFiles({ name: 'providers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const dialog = page.getByRole('dialog', { name: 'providers.csv was not imported' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Nothing was changed.');
  const errors = dialog.getByRole('table', { name: 'File errors' });
  await expect(errors.getByRole('row')).toHaveCount(2); // header + the one bad row
  const row = errors.getByRole('row').nth(1);
  await expect(row.getByRole('cell').nth(0)).toHaveText('3');
  await expect(row.getByRole('cell').nth(1)).toHaveText('routing_number');
  await expect(row.getByRole('cell').nth(2)).toContainText('fails its check digit');
  await app.shot(page, 'reference-providers-import-errors');
  expect(await count()).toBe(before);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The same file with the row fixed is taken, and the summary says what changed.
  await page.getByTestId('import-providers-file').setInputFiles({
    name: 'providers.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv.replace('071000014', '071000013')),
  });
  const done = page.getByRole('dialog', { name: 'providers.csv imported' });
  await expect(done).toBeVisible();
  await expect(done.getByRole('row', { name: /Created/ })).toContainText('3');
  await app.shot(page, 'reference-providers-import-done');
  expect(await count()).toBe(before + 3);
  const conn = app.core.operator();
  const found = await conn.call('providers-list', { search: 'LIC-90004', page: 0, pageSize: 10, sort: [] });
  expect(found.total).toBe(3);
});

test('new bank details hold the provider until a second user confirms them on the provider page', async ({ page, app }) => {
  const provider = await app.core.store.read(
    ({ sql }) =>
      sql
        .prepare(
          `SELECT p.id, p.name FROM provider p JOIN payment x ON x.provider_id = p.id
           WHERE p.payment_method = 'ach' AND x.export_batch_id IS NULL AND x.sub_status IN ('Awaiting Action', 'In Review')
           GROUP BY p.id ORDER BY p.id LIMIT 1`,
        )
        .get() as { id: number; name: string },
  );
  const pending = () =>
    app.core.store.read(({ sql }) => (sql.prepare(`SELECT bank_change_pending AS p FROM provider WHERE id = ?`).get(provider.id) as { p: number }).p);

  await app.signIn(page, 'admin');
  await page.goto(`${app.url}#/providers/${provider.id}`);
  await expect(page.getByRole('heading', { name: provider.name })).toBeVisible();
  await page.getByRole('textbox', { name: 'Routing number', exact: true }).fill('011000015');
  await page.getByRole('textbox', { name: 'Account number', exact: true }).fill('99887766');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('notifier')).toContainText('on hold until a second user confirms them');
  const banner = page.getByTestId('bank-change-banner');
  await expect(banner).toContainText('Bank details changed — verify');
  await expect(banner).toContainText('another user than the one who entered them');
  await expect(banner.getByRole('button', { name: 'Show new bank details' })).toHaveCount(0);
  await app.shot(page, 'reference-provider-bank-change-pending');
  expect(await pending()).toBe(1);
  const held = await app.core.store.read(
    ({ sql }) =>
      (sql.prepare(`SELECT count(*) AS n FROM payment WHERE provider_id = ? AND hold_kind = 'bank_details' AND sub_status = 'Administrative Hold'`).get(provider.id) as { n: number }).n,
  );
  expect(held).toBeGreaterThan(0);

  // A second user (an Approver) sees the account masked, and confirms.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/providers/${provider.id}`);
  await expect(page.getByRole('textbox', { name: 'Account number', exact: true })).toHaveValue('•••• 7766');
  await expect(page.getByRole('textbox', { name: 'Account number', exact: true })).toBeDisabled();
  await app.shot(page, 'reference-provider-bank-change-confirm');
  // The confirmer reads the new numbers in full (a viewing event in the audit trail), then confirms.
  await page.getByTestId('bank-change-banner').getByRole('button', { name: 'Show new bank details' }).click();
  const shown = page.getByRole('dialog', { name: /New bank details/ });
  await expect(shown.getByTestId('bank-view-routing')).toHaveText('011 000 015');
  await expect(shown.getByTestId('bank-view-account')).toHaveText('998 877 66');
  await app.shot(page, 'reference-provider-bank-view');
  const views = await app.core.store.read(
    ({ sql }) => sql.prepare(`SELECT username FROM audit_event WHERE entity = 'provider' AND entity_id = ? AND action = 'view-bank-details'`).all(provider.id) as { username: string }[],
  );
  expect(views).toEqual([{ username: 'approver' }]);
  await shown.getByRole('button', { name: /confirm$/ }).click();
  await expect(page.getByTestId('notifier')).toContainText(`Bank details confirmed; ${held} payment`);
  await expect(page.getByTestId('bank-change-banner')).toHaveCount(0);
  expect(await pending()).toBe(0);
});
