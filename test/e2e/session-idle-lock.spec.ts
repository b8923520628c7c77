import { test, expect } from './fixtures';

// The idle lock: after the idle time set in Settings without a key, pointer or wheel, the app
// signs the user out and asks for their password; signing in again returns to the same page.
// Playwright's clock moves the page's time forward instead of waiting minutes.

test('the app locks after the idle time set in Settings and unlocks on the same page', async ({ page, app }) => {
  await page.clock.install();

  // An administrator sets the idle time to 2 minutes.
  await app.signIn(page, 'admin');
  await page.goto(`${app.url}#/settings/calculation`);
  const label = 'Lock the screen after idle minutes (0 = never)';
  await page.getByRole('button', { name: `Change ${label}` }).click();
  const dialog = page.getByRole('dialog', { name: label });
  await dialog.getByLabel('New value').fill('2');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: new RegExp(label.replace(/[()]/g, '\\$&')) })).toContainText('2');
  await page.getByRole('button', { name: 'Sign out' }).click();

  // An approver at work on a payment's Invoice Details.
  const id = (app.core.store.sql.prepare(`SELECT id FROM payment ORDER BY id LIMIT 1`).get() as { id: number }).id;
  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments/${id}`);
  const title = page.getByRole('heading', { level: 1, name: new RegExp(`\\b${id}\\b`) });
  await expect(title).toBeVisible();
  const signIn = page.getByRole('form', { name: 'Sign in' });
  /** Who the core says the page is signed in as. */
  const signedInAs = () =>
    page.evaluate(async () => {
      const api = (globalThis as unknown as { api: { invoke(n: string, a: unknown): Promise<{ value?: { signedIn: { username: string } | null } }> } }).api;
      return (await api.invoke('app-status', {})).value?.signedIn?.username ?? null;
    });
  /** Not locked: a lock would have signed out within this real second (the page's timers already ran). */
  const stillAtWork = async () => {
    await page.waitForTimeout(1000);
    await expect(signIn).toBeHidden();
    await expect(title).toBeVisible();
    expect(await signedInAs()).toBe('approver');
  };

  // Not locked before the idle time; any activity starts it again.
  await page.clock.fastForward('01:30');
  await stillAtWork();
  await page.mouse.move(300, 300);
  await page.mouse.move(320, 310);
  await page.clock.fastForward('01:30'); // 3 minutes since sign-in, 1.5 since the mouse moved
  await stillAtWork();

  // Two minutes without activity: locked, the password asked for, the page gone.
  await page.clock.fastForward('00:40');
  await expect(signIn).toBeVisible();
  await expect(signIn).toContainText('Locked after a period without activity');
  await expect(title).toBeHidden();
  await expect(page.getByTestId('username')).toHaveValue('approver');
  await expect(page.getByTestId('username')).toBeDisabled();
  await expect(page.getByTestId('password')).toBeFocused();
  await app.shot(page, 'idle-locked');
  // The core was signed out too: the page holds no session.
  expect(await signedInAs()).toBeNull();

  // A wrong password keeps it locked; the right one returns to the same page.
  await page.getByTestId('password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn).toContainText('wrong password');
  // A failed sign-in is followed by a wait before the next try (a second after the first failure).
  await page.waitForTimeout(1_200);
  await page.getByTestId('password').fill('demo1234');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(title).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/payments/${id}$`));
  await expect(page.getByTestId('signed-in-user')).toContainText('Avery Approver');
});
