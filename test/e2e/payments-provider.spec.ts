import { test, expect } from './fixtures';
import { connectAs, expectedTab, gridIds, openPeriod, spreadStates } from './payments-world';
import { TABS } from '../../src/shared/workflow/tabs';

// A Provider-group user is tied to one provider and sees only that provider's items.
test('a Provider-group user sees only their provider', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const me = app.core.store.sql.prepare(`SELECT provider_id AS id FROM app_user WHERE username = 'provider'`).get() as { id: number };
  // Give their provider a second item (an adjustment) so the list has more than one row.
  const approver = await connectAs(app.core, 'approver');
  await approver.call('adjustments-create', { providerId: me.id, periodId: world.periodId, amountCents: 4200, reasonText: 'Missed day' });
  const mine = expectedTab(app.core, world.periodId, 'All', me.id);
  const all = expectedTab(app.core, world.periodId, 'All');
  expect(mine.length).toBe(2);
  expect(all.length).toBeGreaterThan(mine.length);

  await app.signIn(page, 'provider');
  await openPeriod(page, world);
  await expect(page.getByTestId('tab-count-All')).toHaveText(String(mine.length));
  for (const tab of TABS) {
    await expect(page.getByTestId(`tab-count-${tab}`)).toHaveText(String(expectedTab(app.core, world.periodId, tab, me.id).length));
  }
  await expect.poll(() => gridIds(page)).toEqual(mine);
  const names = await page.getByRole('grid').locator('[role="gridcell"][data-field="providerName"]').allInnerTexts();
  const myName = (app.core.store.sql.prepare(`SELECT name FROM provider WHERE id = ?`).get(me.id) as { name: string }).name;
  expect(new Set(names)).toEqual(new Set([myName]));
  // No Generate or paper import for a provider; their own submission file, yes.
  await expect(page.getByRole('button', { name: 'Generate payments' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Import paper attendance' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Import submission' })).toBeVisible();

  // Searching for another provider finds nothing; another provider's item cannot be opened.
  const other = world.ids.submitted[0];
  const otherLicense = (app.core.store.sql.prepare(`SELECT v.license_number AS l FROM payment p JOIN provider v ON v.id = p.provider_id WHERE p.id = ?`).get(other) as { l: string }).l;
  await page.getByRole('textbox', { name: /^Search Payments/ }).fill(otherLicense);
  await expect(page.getByRole('grid').locator('[role="row"][data-id]')).toHaveCount(0);
  await app.shot(page, 'payments-provider-search-other');
  await page.goto(`${app.url}#/payments/${other}`);
  await expect(page.getByRole('alert')).toHaveText(`There is no payment ${other}.`);

  // Their own New payment: Submit for payment is their own button (not in the drop-down).
  const own = mine.find((id) => id !== mine[mine.length - 1]) ?? mine[0];
  await page.goto(`${app.url}#/payments/${own}`);
  await expect(page.getByTestId('detail-provider')).toContainText(myName);
  await app.shot(page, 'invoice-details-provider');
});
