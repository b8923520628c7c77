import { test, expect } from './fixtures';
import { spreadStates, expectedTab, openPeriod, gridIds } from './payments-world';
import { TABS } from '../../src/shared/workflow/tabs';

// Each tab lists exactly what seed 000 says, for a period where every state is present, and its
// count says how many. A tall window lets the grid render every row of the period at once.
test.use({ viewport: { width: 1280, height: 2200 } });

test('each tab lists exactly the items the seed rule selects, with its count', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  await app.signIn(page, 'finance');
  await openPeriod(page, world);

  for (const tab of TABS) {
    const expected = expectedTab(app.core, world.periodId, tab);
    expect(expected.length, `${tab} has items in the test period`).toBeGreaterThan(0);
    await page.getByTestId(`tab-${tab}`).click();
    await expect(page.getByTestId(`tab-count-${tab}`)).toHaveText(String(expected.length));
    await expect(page.getByRole('grid')).toHaveAttribute('aria-label', `Payments — ${tab}`);
    await expect.poll(() => gridIds(page), { message: `${tab} lists the seed's items` }).toEqual(expected);
  }

  // Hold and Denied are only under All: the status filter finds them there.
  await page.getByTestId('tab-All').click();
  await page.getByRole('combobox', { name: 'Payment status' }).click();
  await page.getByRole('option', { name: 'Hold' }).click();
  await page.getByRole('option', { name: 'Denied' }).click();
  await page.keyboard.press('Escape');
  const heldOrDenied = [...world.ids.hold, ...world.ids.corrections, ...world.ids.denied].sort((a, b) => a - b);
  await expect.poll(() => gridIds(page)).toEqual(heldOrDenied);
  await expect(page.getByTestId('tab-count-All')).toHaveText(String(heldOrDenied.length));
});

test('quick search finds by provider name, license and payment id; Enter opens Invoice Details', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const target = world.ids.submitted[0];
  const row = app.core.store.sql
    .prepare(`SELECT v.name, v.license_number AS license FROM payment p JOIN provider v ON v.id = p.provider_id WHERE p.id = ?`)
    .get(target) as { name: string; license: string };
  await app.signIn(page, 'approver');
  await openPeriod(page, world);
  const search = page.getByRole('textbox', { name: /^Search Payments/ });

  await search.fill(row.license);
  await expect.poll(() => gridIds(page)).toEqual([target]);
  await search.fill(String(target));
  await expect.poll(() => gridIds(page)).toEqual([target]);
  await search.fill(row.name);
  await expect.poll(() => gridIds(page)).toContain(target);

  // Keyboard: focus the first cell, move with the arrows, open with Enter.
  await search.fill(row.license);
  await expect.poll(() => gridIds(page)).toEqual([target]);
  await page.getByRole('grid').locator('[role="gridcell"][data-field="providerName"]').first().click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/payments/${target}$`));
  await expect(page.getByTestId('detail-provider')).toContainText(row.name);
});
