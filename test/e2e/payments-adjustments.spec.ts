import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import type { Core } from '../../src/main/core/core';
import { connectAs, expectedTab, openPeriod, spreadStates } from './payments-world';

// New adjustment (Approvers), from a payment's Invoice Details (its provider and "corrects this
// payment" preset), against the real core.

const adjustments = (core: Core) =>
  core.store.sql
    .prepare(`SELECT id, provider_id AS providerId, period_id AS periodId, amount_cents AS amountCents, corrects_payment_id AS corrects,
      adjustment_reason AS reason, invoice_status AS invoiceStatus, sub_status AS subStatus FROM payment WHERE kind = 'adjustment' ORDER BY id`)
    .all() as Array<{ id: number; providerId: number; periodId: number; amountCents: number; corrects: number | null; reason: string; invoiceStatus: string; subStatus: string }>;

/** The grid row of one item, read cell by cell (the grid is scrolled so every column is drawn). */
async function gridRow(page: Page, id: number): Promise<Record<string, string>> {
  const row = page.getByRole('grid').locator(`[role="row"][data-id="${id}"]`);
  await expect(row).toBeVisible();
  const read = async () =>
    Object.fromEntries(
      await row.locator('[role="gridcell"][data-field]').evaluateAll((cells) => cells.map((c) => [c.getAttribute('data-field'), (c.textContent ?? '').trim()])),
    ) as Record<string, string>;
  const left = await read();
  await page.getByRole('grid').locator('.MuiDataGrid-virtualScroller').evaluate((el) => (el.scrollLeft = el.scrollWidth));
  await expect(row.locator('[role="gridcell"][data-field="amountCents"]')).toBeVisible();
  return { ...left, ...(await read()) };
}

test('an Approver creates a negative adjustment from a payment; a bad amount is refused on the field and creates nothing', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const paymentId = world.ids.paperReceived[0];
  const p = app.core.store.sql
    .prepare(`SELECT v.id, v.name, v.license_number AS license FROM payment p JOIN provider v ON v.id = p.provider_id WHERE p.id = ?`)
    .get(paymentId) as { id: number; name: string; license: string };
  const before = adjustments(app.core);

  await app.signIn(page, 'approver');
  await openPeriod(page, world);
  await expect(page.getByTestId('tab-count-All')).toHaveText(String(expectedTab(app.core, world.periodId, 'All').length));
  const allBefore = Number(await page.getByTestId('tab-count-All').innerText());
  await page.goto(`${app.url}#/payments/${paymentId}`);
  await expect(page.getByTestId('detail-provider')).toContainText(p.name);
  await app.shot(page, 'invoice-details-new-adjustment');
  await page.getByRole('button', { name: 'New adjustment' }).click();

  const dialog = page.getByRole('dialog', { name: 'New adjustment' });
  await expect(dialog.getByRole('textbox', { name: 'Provider' })).toHaveValue(`${p.name} (${p.license})`);
  await expect(dialog.getByRole('combobox', { name: 'Service period' })).toHaveText(world.periodLabel);
  await expect(dialog.getByRole('checkbox', { name: `Corrects payment ${paymentId}` })).toBeChecked();
  const amount = dialog.getByRole('textbox', { name: 'Amount' });
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Overpaid: two June days were counted twice');

  // Three decimals is not dollars and cents: the field says so, and Create creates nothing.
  await amount.fill('-12.345');
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText('an amount in dollars, like 25.00 or -25.00')).toBeVisible();
  await app.shot(page, 'adjustment-dialog-bad-amount');
  await dialog.getByRole('button', { name: 'Create adjustment' }).click();
  await expect(dialog.getByText('give the amount in dollars and cents, like -25.00')).toHaveCount(0); // the typed text's own message stays
  await expect(dialog).toBeVisible();
  await amount.fill('0');
  await dialog.getByRole('button', { name: 'Create adjustment' }).click();
  await expect(dialog.getByText('must not be zero')).toBeVisible();
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  expect(adjustments(app.core)).toEqual(before);

  // 42.10 is not exact in binary floating point; the cents must be.
  await amount.fill('-42.10');
  await expect(amount).toHaveAttribute('aria-invalid', 'false');
  await app.shot(page, 'adjustment-dialog');
  await dialog.getByRole('button', { name: 'Create adjustment' }).click();
  await expect(dialog).toHaveCount(0);

  const created = adjustments(app.core).filter((a) => !before.some((b) => b.id === a.id));
  expect(created).toEqual([
    {
      id: expect.any(Number), providerId: p.id, periodId: world.periodId, amountCents: -4210, corrects: paymentId,
      reason: 'Overpaid: two June days were counted twice', invoiceStatus: 'Pending Approval', subStatus: 'Awaiting Action',
    },
  ]);
  const id = created[0].id;
  await expect(page.getByTestId('notifier')).toContainText(`Adjustment ${id} created: -$42.10 for ${p.name}, ${world.periodLabel}.`);
  // The new adjustment is opened, and links back to the payment it corrects.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Adjustment ${id} — ${p.name}`);
  await expect(page.getByTestId('detail-amount')).toHaveText('-$42.10');
  await expect(page.getByText(`This adjustment corrects payment ${paymentId}.`)).toBeVisible();
  await app.shot(page, 'adjustment-created');

  // In the All tab, with its kind and amount; the payment lists it among its related adjustments.
  await page.getByRole('button', { name: 'Back to Provider Payments' }).click();
  await page.getByTestId('tab-All').click();
  await expect(page.getByTestId('tab-count-All')).toHaveText(String(allBefore + 1));
  await page.getByRole('textbox', { name: /^Search Payments/ }).fill(String(id));
  expect(await gridRow(page, id)).toMatchObject({ id: String(id), providerName: p.name, kind: 'Adjustment', amountCents: '-$42.10' });
  await page.goto(`${app.url}#/payments/${paymentId}`);
  await expect(page.getByRole('table', { name: 'Related adjustments' }).getByRole('row').filter({ hasText: `${id}` })).toContainText('-$42.10');
});

test("the core's refusal shows in the dialog and creates nothing; unticked, the adjustment corrects no payment", async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const paymentId = world.ids.untouched[0];
  const p = app.core.store.sql
    .prepare(`SELECT v.id, v.name FROM payment p JOIN provider v ON v.id = p.provider_id WHERE p.id = ?`)
    .get(paymentId) as { id: number; name: string };
  // A period nobody has used yet: it is taken away while the dialog is open (as if another desk's
  // database had been restored without it), so the core refuses the one thing the form cannot know.
  const admin = await connectAs(app.core, 'admin');
  const spare = await admin.call('periods-save', { code: '2027-09', label: 'September 2027', startDate: '2027-09-01', endDate: '2027-09-30' });
  const before = adjustments(app.core);

  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments/${paymentId}`);
  await page.getByRole('button', { name: 'New adjustment' }).click();
  const dialog = page.getByRole('dialog', { name: 'New adjustment' });
  // Nothing filled in: each field says what it needs.
  await dialog.getByRole('button', { name: 'Create adjustment' }).click();
  await expect(dialog.getByText('give the amount in dollars and cents, like -25.00')).toBeVisible();
  await expect(dialog.getByText('give the reason')).toBeVisible();

  await dialog.getByRole('combobox', { name: 'Service period' }).click();
  await page.getByRole('option', { name: 'September 2027' }).click();
  await dialog.getByRole('textbox', { name: 'Amount' }).fill('1,250.05');
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Late September sheet');
  await dialog.getByRole('checkbox', { name: `Corrects payment ${paymentId}` }).uncheck();
  app.core.store.sql.prepare(`DELETE FROM service_period WHERE id = ?`).run(spare.id);
  await dialog.getByRole('button', { name: 'Create adjustment' }).click();
  await expect(dialog.getByTestId('adjustment-error')).toHaveText(`There is no service period ${spare.id}.`);
  await expect(dialog.getByRole('combobox', { name: 'Service period' })).toHaveAttribute('aria-invalid', 'true');
  await app.shot(page, 'adjustment-dialog-refused');
  expect(adjustments(app.core)).toEqual(before);

  // Back on the payment's period it is created: 1,250.05 dollars exactly, correcting no payment.
  await dialog.getByRole('combobox', { name: 'Service period' }).click();
  await page.getByRole('option', { name: world.periodLabel }).click();
  await dialog.getByRole('button', { name: 'Create adjustment' }).click();
  await expect(dialog).toHaveCount(0);
  const created = adjustments(app.core).filter((a) => !before.some((b) => b.id === a.id));
  expect(created).toMatchObject([{ providerId: p.id, periodId: world.periodId, amountCents: 125_005, corrects: null, reason: 'Late September sheet' }]);
  await expect(page.getByTestId('detail-amount')).toHaveText('$1,250.05');
});

test('Payor and Provider users are not offered New adjustment; an Approver-and-Payor user is', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const own = app.core.store.sql
    .prepare(`SELECT p.id FROM payment p JOIN app_user u ON u.provider_id = p.provider_id WHERE u.username = 'provider' AND p.period_id = ? AND p.kind = 'payment'`)
    .get(world.periodId) as { id: number };
  const shown = async (username: string, paymentId: number) => {
    await app.signIn(page, username);
    await page.goto(`${app.url}#/payments/${paymentId}`);
    await expect(page.getByTestId('detail-payment-status')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Action' })).toBeVisible();
    const count = await page.getByRole('button', { name: 'New adjustment' }).count();
    await page.getByRole('button', { name: 'Sign out' }).click();
    return count;
  };
  expect(await shown('payor', world.ids.paperReceived[0])).toBe(0);
  expect(await shown('provider', own.id)).toBe(0);
  expect(await shown('finance', world.ids.paperReceived[0])).toBe(1);
  // And the core refuses them too.
  await expect(
    (await connectAs(app.core, 'payor')).call('adjustments-create', { providerId: 1, periodId: world.periodId, amountCents: -100, reasonText: 'x' }),
  ).rejects.toMatchObject({ code: 'FORBIDDEN' });
});
