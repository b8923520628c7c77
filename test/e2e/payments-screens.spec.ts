import { test, expect } from './fixtures';
import { openPeriod, openTab, spreadStates } from './payments-world';
import { TABS } from '../../src/shared/workflow/tabs';

// Screenshots of every tab, Invoice Details, a reason dialog and a bulk result, at the two
// window sizes the layout must be clean at (saved under test-results/screenshots).
for (const size of [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
]) {
  test(`screens at ${size.width}x${size.height}`, async ({ page, app }) => {
    test.setTimeout(240_000);
    const tag = `${size.width}x${size.height}`;
    await page.setViewportSize(size);
    const world = await spreadStates(app.core);
    await app.signIn(page, 'finance');
    await openPeriod(page, world);
    for (const tab of TABS) {
      await openTab(page, tab);
      await expect(page.getByRole('grid').locator('[role="row"][data-id]').first()).toBeVisible();
      await app.shot(page, `payments-tab-${tab.replace(/\s+/g, '-').toLowerCase()}-${tag}`);
    }

    // Hold and Denied under All, through the status filter.
    await page.getByTestId('tab-All').click();
    await page.getByRole('combobox', { name: 'Payment status' }).click();
    await page.getByRole('option', { name: 'Hold' }).click();
    await page.getByRole('option', { name: 'Denied' }).click();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('tab-count-All')).toHaveText('3');
    await app.shot(page, `payments-filter-hold-denied-${tag}`);
    await page.getByRole('button', { name: 'Clear' }).click();

    // Invoice Details of a submitted, calculated payment.
    const id = world.ids.submittedCalculated[0];
    await page.goto(`${app.url}#/payments/${id}`);
    await expect(page.getByTestId('detail-payment-status')).toContainText('Received');
    await expect(page.getByTestId('history-event').first()).toBeVisible();
    await app.shot(page, `invoice-details-${tag}`);
    await page.mouse.wheel(0, 900);
    await app.shot(page, `invoice-details-scrolled-${tag}`);

    // The reason dialog of Place on administrative hold.
    await page.getByRole('button', { name: 'Action' }).click();
    await app.shot(page, `action-menu-${tag}`);
    await page.getByRole('menuitem', { name: /Place on administrative hold/ }).click();
    await expect(page.getByRole('dialog', { name: 'Place on administrative hold' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Reason' }).click();
    await page.getByRole('option').first().click();
    await page.getByRole('textbox', { name: 'Comment' }).fill('Provider license renewal pending');
    await app.shot(page, `reason-dialog-${tag}`);
    await page.getByRole('button', { name: 'Cancel' }).click();

    // A bulk result with successes and refusals.
    await page.goto(`${app.url}#/payments`);
    await page.getByTestId('tab-Submitted').click();
    await expect(page.getByRole('grid')).toHaveAttribute('aria-label', 'Payments — Submitted');
    // The tab's rows first: a selection made while the rows load is cleared when they arrive.
    await expect(page.getByRole('grid').getByRole('checkbox', { name: 'Select row' }).first()).toBeVisible();
    await expect(async () => {
      await page.getByRole('checkbox', { name: 'Select all rows' }).check();
      await expect(page.getByTestId('bulk-toolbar')).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await app.shot(page, `bulk-toolbar-${tag}`);
    await page.getByTestId('bulk-toolbar').getByRole('button', { name: /^Authorize/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Authorize' }).click();
    await expect(page.getByTestId('bulk-summary')).toBeVisible();
    await app.shot(page, `bulk-result-${tag}`);
  });
}
