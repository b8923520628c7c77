import { test, expect } from './fixtures';
import { spreadStates } from './payments-world';

/** A computed style property of an element (run in the page). */
const styleOf = (el: unknown, property: string): string =>
  (globalThis as unknown as { getComputedStyle: (e: unknown) => Record<string, string> }).getComputedStyle(el)[property];

// Issue #15: Deny is final and its dialog says so and looks it; the theme follows the OS light/dark
// setting; the app honours zoom (rem sizes). Screenshots of the changed screens at 1280×800 and
// 1920×1080, light and dark (test-results/screenshots).

test('Deny: the dialog states the consequence, reads in the error colour, and confirms only once DENY is typed', async ({ page, app }) => {
  test.setTimeout(120_000);
  const world = await spreadStates(app.core);
  const id = world.ids.submittedCalculated[0];
  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments/${id}`);
  await expect(page.getByTestId('detail-payment-status')).toContainText('Received');

  // An ordinary reason dialog, for comparison: no warning, a primary button.
  await page.getByRole('button', { name: 'Action' }).click();
  await page.getByRole('menuitem', { name: /Place on administrative hold/ }).click();
  const hold = page.getByRole('dialog', { name: 'Place on administrative hold' });
  await expect(hold).not.toContainText('final');
  await hold.getByRole('combobox', { name: 'Reason' }).click();
  await page.getByRole('option').first().click();
  const holdButton = hold.getByRole('button', { name: 'Place on administrative hold' });
  await expect.poll(() => holdButton.evaluate(styleOf, 'backgroundColor')).toBe('rgb(31, 95, 139)'); // the primary colour
  const holdColour = await holdButton.evaluate(styleOf, 'backgroundColor');
  await hold.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Action' }).click();
  await page.getByRole('menuitem', { name: /^Deny/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Deny — final, cannot be undone' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription(/Denying is final: .* never paid/);
  const deny = dialog.getByRole('button', { name: 'Deny for good' });
  const title = await dialog.locator('#reason-dialog-title').evaluate(styleOf, 'color');
  expect(title).toBe('rgb(179, 38, 30)'); // the theme's error colour (#b3261e)
  await dialog.getByRole('combobox', { name: 'Reason' }).click();
  await page.getByRole('option').first().click();
  await expect(deny).toBeDisabled(); // a reason alone is not enough
  await dialog.getByRole('textbox', { name: 'Type DENY to confirm' }).fill('deny it');
  await expect(deny).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Type DENY to confirm' }).fill('DENY');
  await expect(deny).toBeEnabled();
  // A distinct button, in the error colour (read once the button's colour transition has run).
  await expect.poll(() => deny.evaluate(styleOf, 'backgroundColor')).toBe('rgb(179, 38, 30)');
  expect(holdColour).not.toBe('rgb(179, 38, 30)');
  await app.shot(page, 'deny-dialog-1280x800-light');
  await deny.click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('detail-payment-status')).toContainText('Denied');
  const row = await app.core.store.read(({ sql }) => sql.prepare(`SELECT payment_status AS s FROM payment WHERE id = ?`).get(id) as { s: string });
  expect(row.s).toBe('Denied');
});

test('the theme follows the OS colour scheme, and the text scales with the default font size (rem)', async ({ page, app }) => {
  test.setTimeout(240_000);
  const world = await spreadStates(app.core);
  const id = world.ids.submittedCalculated[0];
  await app.signIn(page, 'finance');
  const background = () => page.evaluate(`getComputedStyle(document.body).backgroundColor`);
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await background();
  expect(light).toBe('rgb(245, 246, 248)');
  expect(dark).toBe('rgb(18, 20, 23)');

  // A larger default font (the OS / browser setting) makes the text larger: no fixed px fonts.
  await page.goto(`${app.url}#/payments/${id}`);
  const heading = page.getByRole('heading', { name: 'Attendance' });
  const size = async () => parseFloat(await heading.evaluate(styleOf, 'fontSize'));
  const normal = await size();
  await page.evaluate(`document.documentElement.style.fontSize = '20px'`);
  expect(await size()).toBeCloseTo((normal * 20) / 16, 1);
  await page.evaluate(`document.documentElement.style.fontSize = ''`);

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const s of [
      { width: 1280, height: 800 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(s);
      const tag = `${s.width}x${s.height}-${scheme}`;
      await page.goto(`${app.url}#/payments/${id}`);
      await expect(page.getByTestId('history-event').first()).toBeVisible();
      await app.shot(page, `a11y-invoice-details-${tag}`);
      await page.getByRole('table', { name: 'Attendance' }).scrollIntoViewIfNeeded();
      await expect(page.getByRole('table', { name: 'Attendance' }).locator('th.total')).toBeInViewport();
      await app.shot(page, `a11y-attendance-${tag}`);
      await page.keyboard.press('d');
      await expect(page.getByRole('dialog', { name: /Deny — final/ })).toBeVisible();
      await page.waitForTimeout(400); // the dialog's fade-in
      await app.shot(page, `a11y-deny-dialog-${tag}`);
      await page.keyboard.press('Escape');
      await page.goto(`${app.url}#/payments`);
      await expect(page.getByRole('grid').locator('[role="row"][data-id]').first()).toBeVisible();
      await app.shot(page, `a11y-payments-${tag}`);
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      await page.waitForTimeout(400);
      await app.shot(page, `a11y-shortcuts-${tag}`);
      await page.keyboard.press('Escape');
    }
  }
});
