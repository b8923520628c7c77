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

test('quick search finds by provider name, license and payment id; arrows move, Enter opens the focused row', async ({ page, app }) => {
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

  // Keyboard on the whole list: arrows move between cells and rows, Enter opens the row the
  // focus is on (here the second row: down twice, up once).
  await search.fill('');
  await expect.poll(() => gridIds(page)).toEqual(expectedTab(app.core, world.periodId, 'All'));
  const order = await page
    .getByRole('grid')
    .locator('[role="row"][data-id]')
    .evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('aria-rowindex')), Number(r.getAttribute('data-id'))]));
  const shown = order.sort((a, b) => a[0] - b[0]).map(([, id]) => id);
  const focusedRow = page.getByRole('grid').locator('[role="row"]:has([role="gridcell"]:focus)');
  await page.getByRole('grid').locator(`[role="row"][data-id="${shown[0]}"] [role="gridcell"][data-field="providerName"]`).click();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('grid').locator('[role="gridcell"]:focus')).toHaveAttribute('data-field', 'licenseNumber');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('grid').locator('[role="gridcell"]:focus')).toHaveAttribute('data-field', 'providerName');
  await page.keyboard.press('ArrowDown');
  await expect(focusedRow).toHaveAttribute('data-id', String(shown[1]));
  await page.keyboard.press('ArrowDown');
  await expect(focusedRow).toHaveAttribute('data-id', String(shown[2]));
  await page.keyboard.press('ArrowUp');
  await expect(focusedRow).toHaveAttribute('data-id', String(shown[1]));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/payments/${shown[1]}\\?tab=All`));
  const second = app.core.store.sql.prepare(`SELECT v.name FROM payment p JOIN provider v ON v.id = p.provider_id WHERE p.id = ?`).get(shown[1]) as { name: string };
  await expect(page.getByTestId('detail-provider')).toContainText(second.name);
});
