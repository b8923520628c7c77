import { test, expect } from './fixtures';
import type { Core } from '../../src/main/core/core';
import { connectAs, expectedTab, gridIds, openPeriod, spreadStates } from './payments-world';
import { TABS } from '../../src/shared/workflow/tabs';
import { eachDay, isWeekday } from '../../src/shared/domain/dates';

const providerOf = (core: Core, username: string) =>
  (core.store.sql.prepare(`SELECT provider_id AS id FROM app_user WHERE username = ?`).get(username) as { id: number }).id;

/** The provider's payment (not an adjustment) of the period: New, untouched by the world. */
const ownPayment = (core: Core, periodId: number, providerId: number) =>
  (core.store.sql.prepare(`SELECT id FROM payment WHERE period_id = ? AND provider_id = ? AND kind = 'payment'`).get(periodId, providerId) as { id: number }).id;

// A Provider-group user is tied to one provider and sees only that provider's items.
test('a Provider-group user sees only their provider', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const me = { id: providerOf(app.core, 'provider') };
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

  // Their own New payment: Submit for payment is their own button, not an entry of the Action
  // drop-down (DESIGN.md section 3), which has nothing for a Provider in Pending Approval.
  const own = ownPayment(app.core, world.periodId, me.id);
  await page.goto(`${app.url}#/payments/${own}`);
  await expect(page.getByTestId('detail-provider')).toContainText(myName);
  await expect(page.getByRole('button', { name: 'Submit for payment' })).toBeVisible();
  expect(await (await connectAs(app.core, 'provider')).call('payments-allowed-actions', { paymentId: own })).toEqual([]);
  await expect(page.getByRole('button', { name: 'Action' })).toBeDisabled();
  await app.shot(page, 'invoice-details-provider');
});

test('a Provider keys the days, presses Submit for payment, and the item moves to Pending Parent; staff have no such button', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const me = providerOf(app.core, 'provider');
  const own = ownPayment(app.core, world.periodId, me);
  const sql = app.core.store.sql;
  const detail = await (await connectAs(app.core, 'provider')).call('payments-get', { paymentId: own });
  const children = detail.authorizedChildren;
  expect(children.length).toBeGreaterThan(0);

  // Staff read the same sheet but cannot submit for a provider: no button, nothing in the drop-down.
  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments/${own}`);
  await expect(page.getByTestId('detail-submission-status')).toHaveText('New');
  await expect(page.getByRole('table', { name: 'Attendance' }).locator('tbody tr')).toHaveCount(new Set(children.map((c) => c.childId)).size);
  await page.getByRole('button', { name: 'Action' }).click();
  await expect(page.getByRole('menu', { name: 'Actions' }).getByRole('menuitem', { name: 'Record paper attendance' })).toBeVisible();
  await expect(page.getByRole('menu', { name: 'Actions' }).getByRole('menuitem', { name: /Submit for payment/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Submit for payment' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await app.signIn(page, 'provider');
  await openPeriod(page, world);
  await expect(page.getByTestId('tab-count-Pending Parent')).toHaveText(String(expectedTab(app.core, world.periodId, 'Pending Parent', me).length));
  const pendingBefore = Number(await page.getByTestId('tab-count-Pending Parent').innerText());
  expect(expectedTab(app.core, world.periodId, 'Pending Parent', me)).not.toContain(own);

  await page.goto(`${app.url}#/payments/${own}`);
  const grid = page.getByRole('table', { name: 'Attendance' });
  // One line per authorized child, named as the core names them.
  const names = new Set(children.map((c) => c.childName));
  await expect(grid.locator('tbody td.child')).toHaveCount(names.size);
  expect(new Set(await grid.locator('tbody td.child').allInnerTexts())).toEqual(names);
  // The first child's first weekdays in its authorization: 8 hours, 7.5 hours, absent.
  const first = children[0];
  const { startDate, endDate } = detail.period;
  const days = eachDay(first.startDate > startDate ? first.startDate : startDate, first.endDate < endDate ? first.endDate : endDate)
    .filter(isWeekday)
    .slice(0, 3);
  expect(days).toHaveLength(3);
  const typed = ['8', '7.5', 'a'];
  for (const [i, date] of days.entries()) await grid.getByRole('textbox', { name: `${first.childName} ${date}` }).fill(typed[i]);
  await app.shot(page, 'invoice-details-provider-keyed');
  await page.getByRole('button', { name: 'Submit for payment' }).click();

  await expect(page.getByTestId('notifier')).toContainText(`Submitted for payment: Payment ${own} is now Ready for Parent; it waits for the parent's signature.`);
  await expect(page.getByTestId('detail-submission-status')).toHaveText('Ready for Parent');
  // Once submitted, no second submission and the sheet is read only.
  await expect(page.getByRole('button', { name: 'Submit for payment' })).toHaveCount(0);
  await expect(grid.locator('input')).toHaveCount(0);
  await app.shot(page, 'invoice-details-provider-submitted');
  const stored = sql.prepare(`SELECT child_id AS childId, date, hours, absence_code AS code, source FROM attendance WHERE payment_id = ? ORDER BY date`).all(own);
  expect(stored).toEqual([
    { childId: first.childId, date: days[0], hours: 8, code: null, source: 'digital' },
    { childId: first.childId, date: days[1], hours: 7.5, code: null, source: 'digital' },
    { childId: first.childId, date: days[2], hours: null, code: 'ABSENT', source: 'digital' },
  ]);
  expect(sql.prepare(`SELECT submission_status AS s, provider_signed_at IS NOT NULL AS signed, received_at AS r FROM payment WHERE id = ?`).get(own)).toEqual({
    s: 'Ready for Parent', signed: 1, r: null,
  });

  // Back on Provider Payments: the item is in Pending Parent and the tab's count went up by one.
  await page.getByRole('button', { name: 'Back to Provider Payments' }).click();
  await expect(page.getByTestId('tab-count-Pending Parent')).toHaveText(String(pendingBefore + 1));
  await page.getByTestId('tab-Pending Parent').click();
  await expect.poll(() => gridIds(page)).toEqual(expectedTab(app.core, world.periodId, 'Pending Parent', me));
  expect(expectedTab(app.core, world.periodId, 'Pending Parent', me)).toContain(own);

  // Staff see it submitted too, and still no button.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments/${own}`);
  await expect(page.getByTestId('detail-submission-status')).toHaveText('Ready for Parent');
  await expect(page.getByRole('button', { name: 'Submit for payment' })).toHaveCount(0);
});
