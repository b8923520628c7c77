import { test, expect } from './fixtures';

test('the app shell opens on the demo database and shows its service periods and providers', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByText('Demo database: sign in as')).toBeVisible();
  await app.shot(page, 'sign-in');

  await app.signIn(page, 'finance');
  await expect(page.getByTestId('signed-in-user')).toContainText('Fran Finance');
  await expect(page.getByTestId('signed-in-user')).toContainText('Approver');
  await expect(page.getByTestId('signed-in-user')).toContainText('Payor');

  // The period selector lists the demo's twelve monthly service periods.
  const periods = await app.core.operator().call('periods-list', {});
  expect(periods).toHaveLength(12);
  await page.getByRole('combobox', { name: 'Service period' }).click();
  for (const p of periods) await expect(page.getByRole('option', { name: new RegExp(p.label) })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Providers' }).click();
  const grid = page.getByRole('grid', { name: 'Providers' });
  await expect(grid).toBeVisible();
  await expect(grid.getByRole('row')).not.toHaveCount(1);
  const first = await app.core.store.read(({ sql }) => sql.prepare(`SELECT name FROM provider ORDER BY name LIMIT 1`).get() as { name: string });
  await expect(grid.getByText(first.name)).toBeVisible();
  await app.shot(page, 'shell-providers');

  // The search runs in the core: a license number finds exactly one provider.
  await page.getByRole('textbox', { name: 'Search Providers' }).fill('LIC-100007');
  await expect(grid.getByRole('row')).toHaveCount(2); // header + one row
  await app.shot(page, 'shell-providers-search');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('a wrong password is refused with a clear message', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('username').fill('approver');
  await page.getByTestId('password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Unknown user name or wrong password.')).toBeVisible();
});
