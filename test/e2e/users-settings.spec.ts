import { test, expect } from './fixtures';

// Settings > Users: an Administrator lists, creates, sets groups, deactivates and resets passwords.
test('an Administrator manages users; the changes take effect at sign-in', async ({ page, app }) => {
  test.setTimeout(150_000);
  await app.signIn(page, 'admin');
  await page.getByRole('button', { name: 'Settings' }).click();
  const users = page.getByRole('table', { name: 'Users' });
  for (const name of ['admin', 'approver', 'payor', 'finance', 'provider']) await expect(users.getByTestId(`user-${name}`)).toBeVisible();
  await expect(users.getByTestId('user-finance')).toContainText('Approver');
  await expect(users.getByTestId('user-finance')).toContainText('Payor');
  await app.shot(page, 'settings-users');

  // Create a clerk in the Approver group.
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByRole('textbox', { name: 'User name' }).fill('clerk');
  await dialog.getByRole('textbox', { name: 'Full name' }).fill('Casey Clerk');
  await dialog.getByLabel('Password').fill('first-pass-1');
  await dialog.getByRole('checkbox', { name: /^Approver/ }).check();
  await app.shot(page, 'settings-users-new');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByTestId('notifier')).toHaveText('User clerk created.');
  await expect(users.getByTestId('user-clerk')).toContainText('Casey Clerk');

  // Make them a Provider-group user tied to one provider.
  await page.getByRole('button', { name: 'Set groups of clerk' }).click();
  const groups = page.getByRole('dialog', { name: 'Groups of clerk' });
  await groups.getByRole('checkbox', { name: /^Approver/ }).uncheck();
  await groups.getByRole('checkbox', { name: /^Provider/ }).check();
  await expect(groups.getByRole('button', { name: 'Save groups' })).toBeDisabled();
  await groups.getByRole('combobox', { name: 'Provider' }).fill('LIC-100003');
  await page.getByRole('option', { name: /LIC-100003/ }).click();
  await groups.getByRole('button', { name: 'Save groups' }).click();
  await expect(page.getByTestId('notifier')).toHaveText('clerk is now in Provider.');
  const provider = app.core.store.sql.prepare(`SELECT v.name FROM provider v WHERE v.license_number = 'LIC-100003'`).get() as { name: string };
  await expect(users.getByTestId('user-clerk')).toContainText(provider.name);

  // Reset the password, then sign in as the clerk with it.
  await page.getByRole('button', { name: 'Reset password of clerk' }).click();
  const reset = page.getByRole('dialog', { name: 'Reset password' });
  await reset.getByLabel('New password').fill('second-pass-2');
  await reset.getByLabel('Repeat').fill('second-pass-2');
  await reset.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByTestId('notifier')).toHaveText('The password of clerk was reset.');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByTestId('username').fill('clerk');
  await page.getByTestId('password').fill('second-pass-2');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-user')).toContainText('Casey Clerk');
  await expect(page.getByTestId('signed-in-user')).toContainText('Provider');
  // Settings is for Administrators: not in a Provider user's navigation, and its address says so.
  await expect(page.getByRole('navigation', { name: 'Billing' }).getByRole('button', { name: 'Settings' })).toHaveCount(0);
  await page.goto(`${page.url().split('#')[0]}#/settings`);
  await expect(page.getByText('Settings is for other groups')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  // Deactivated, the clerk can no longer sign in.
  await app.signIn(page, 'admin');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('switch', { name: 'clerk active' }).click();
  await expect(page.getByTestId('notifier')).toContainText('clerk is deactivated');
  await expect(page.getByRole('switch', { name: 'admin active' })).toBeDisabled();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByTestId('username').fill('clerk');
  await page.getByTestId('password').fill('second-pass-2');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Unknown user name or wrong password.')).toBeVisible();
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
});
