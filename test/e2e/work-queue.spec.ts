import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { connectAs, expectedTab, gridIds, openPeriod, openTab, spreadStates, tick, untick } from './payments-world';
import { formatCents } from '../../src/shared/domain/money';
import { guardBankChange } from '../../src/main/core/reference/bank-guard';
import { bankDigestFor } from '../../src/main/core/audit/digest';
import { actorFor } from '../../src/main/core/audit/chain';

// Issue #15: the work queue's view lives in the address (Back, reload, a second window), is saved
// by name, carries totals, and Invoice Details walks it; "Needs attention" counts what waits for
// the user; the provider's page spans every period; a Provider user's navigation is their own.

const search = (page: Page) => page.getByRole('textbox', { name: /^Search Payments/ });
const hashQuery = (page: Page) => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
const centsOf = (app: { core: { store: { sql: import('better-sqlite3').Database } } }, ids: number[]) =>
  ids.reduce((sum, id) => sum + ((app.core.store.sql.prepare(`SELECT coalesce(amount_cents, 0) AS c FROM payment WHERE id = ?`).get(id) as { c: number }).c), 0);

test('the view lives in the address: Back from Invoice Details, a reload and a second window keep it; next and previous walk it', async ({ page, app, context }) => {
  const world = await spreadStates(app.core);
  await app.signIn(page, 'finance');
  await openPeriod(page, world);
  await openTab(page, 'Authorized');
  const authorized = expectedTab(app.core, world.periodId, 'Authorized');
  const direct = [...world.ids.authorizedDigital, ...world.ids.authorizedPaper.slice(0, 2)].sort((a, b) => a - b);
  // Sort by amount, descending (two clicks on the header), then filter by payment status.
  await page.getByRole('columnheader', { name: 'Amount' }).click();
  await page.getByRole('columnheader', { name: 'Amount' }).click();
  await expect.poll(() => hashQuery(page).get('sort')).toBe('amountCents.desc');
  await expect.poll(() => hashQuery(page).get('tab')).toBe('Authorized');
  await expect.poll(() => gridIds(page)).toEqual(authorized);

  // The tab counts and amounts follow the search box as they follow the filters.
  const license = (app.core.store.sql.prepare(`SELECT v.license_number AS l FROM payment p JOIN provider v ON v.id = p.provider_id WHERE p.id = ?`).get(direct[0]) as { l: string }).l;
  await search(page).fill(license);
  await expect.poll(() => hashQuery(page).get('q')).toBe(license);
  await expect.poll(() => gridIds(page)).toEqual([direct[0]]);
  await expect(page.getByTestId('tab-count-Authorized')).toHaveText('1');
  await expect(page.getByTestId('tab-amount-Authorized')).toHaveText(formatCents(centsOf(app, [direct[0]])));
  await expect(page.getByTestId('view-total')).toHaveText(`Authorized (as filtered): 1 item, ${formatCents(centsOf(app, [direct[0]]))}`);
  await search(page).fill('');
  await expect.poll(() => hashQuery(page).get('q')).toBeNull();
  await expect(page.getByTestId('tab-count-Authorized')).toHaveText(String(authorized.length));
  await expect(page.getByTestId('view-total')).toHaveText(`Authorized: ${authorized.length} items, ${formatCents(centsOf(app, authorized))}`);
  await expect(page.getByTestId('tab-amount-All')).toHaveText(formatCents(centsOf(app, expectedTab(app.core, world.periodId, 'All'))));

  // The selection's count and amount in the footer.
  const rows = page.getByRole('grid').locator('[role="row"][data-id]');
  const firstTwo = [Number(await rows.nth(0).getAttribute('data-id')), Number(await rows.nth(1).getAttribute('data-id'))];
  await tick(page, [rows.nth(0).getByRole('checkbox'), rows.nth(1).getByRole('checkbox')], '2 selected');
  await expect(page.getByTestId('selection-total')).toHaveText(`Selected: 2 items, ${formatCents(centsOf(app, firstTwo))}`);
  await app.shot(page, 'work-queue-totals-1280');
  await untick(page, [rows.nth(0).getByRole('checkbox')], '1 selected');
  await untick(page, [rows.nth(1).getByRole('checkbox')], null);

  // Open the second row: Invoice Details walks the view in its order (amount, descending).
  const order = await rows.evaluateAll((r) =>
    r.map((e) => [Number(e.getAttribute('aria-rowindex')), Number(e.getAttribute('data-id'))]).sort((a, b) => a[0] - b[0]).map(([, id]) => id),
  );
  await rows.nth(1).dblclick();
  await expect(page).toHaveURL(new RegExp(`#/payments/${order[1]}\\?`));
  await expect(page.getByTestId('view-position')).toHaveText(`2 of ${authorized.length}`);
  await app.shot(page, 'work-queue-details-navigation-1280');
  await page.getByRole('button', { name: 'Next item' }).click();
  await expect(page).toHaveURL(new RegExp(`#/payments/${order[2]}\\?`));
  await expect(page.getByTestId('view-position')).toHaveText(`3 of ${authorized.length}`);
  await page.locator('body').press('k');
  await expect(page).toHaveURL(new RegExp(`#/payments/${order[1]}\\?`));
  await page.getByRole('button', { name: 'Previous item' }).click();
  await expect(page).toHaveURL(new RegExp(`#/payments/${order[0]}\\?`));
  await expect(page.getByRole('button', { name: 'Previous item' })).toBeDisabled();

  // The header's back button returns to the same view.
  await page.getByRole('button', { name: 'Back to Provider Payments' }).click();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-label', 'Payments — Authorized');
  await expect.poll(() => hashQuery(page).get('sort')).toBe('amountCents.desc');

  // A search, then Back from Invoice Details restores it; so does a reload.
  await search(page).fill(license);
  await expect.poll(() => gridIds(page)).toEqual([direct[0]]);
  await rows.first().dblclick();
  await expect(page.getByTestId('view-position')).toHaveText('1 of 1');
  await page.goBack();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-label', 'Payments — Authorized');
  await expect(search(page)).toHaveValue(license);
  await expect.poll(() => gridIds(page)).toEqual([direct[0]]);
  await page.reload();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-label', 'Payments — Authorized');
  await expect(search(page)).toHaveValue(license);
  await expect.poll(() => gridIds(page)).toEqual([direct[0]]);

  // A second window with the same address (each window signs in) shows the same view.
  const second = await context.newPage();
  await second.goto(page.url());
  await second.getByTestId('username').fill('finance');
  await second.getByTestId('password').fill('demo1234');
  await second.getByRole('button', { name: 'Sign in' }).click();
  await expect(second.getByRole('grid')).toHaveAttribute('aria-label', 'Payments — Authorized');
  await expect(search(second)).toHaveValue(license);
  await expect.poll(() => gridIds(second)).toEqual([direct[0]]);
  await second.close();

  // Saved as a named view, and opened again from another view.
  await page.getByRole('button', { name: 'Views' }).click();
  await page.getByRole('menuitem', { name: 'Save this view…' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('One licence');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await search(page).fill('');
  await openTab(page, 'All');
  await page.getByRole('button', { name: 'Views' }).click();
  await page.getByRole('menuitem', { name: /One licence/ }).click();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-label', 'Payments — Authorized');
  await expect(search(page)).toHaveValue(license);
  await expect.poll(() => gridIds(page)).toEqual([direct[0]]);
  const finance = await connectAs(app.core, 'finance');
  expect((await finance.call('views-list', {})).map((v) => v.name)).toEqual(['One licence']);

  await page.setViewportSize({ width: 1920, height: 1080 });
  await search(page).fill('');
  await expect.poll(() => gridIds(page)).toEqual(authorized);
  await app.shot(page, 'work-queue-totals-1920');
});

test('Needs attention lists what waits for the user, with counts in the navigation', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  // A correction requested 27 days ago (3 days before the 30-day auto-deny), and new bank
  // details entered by the administrator: the items the System held wait for a second user.
  const correction = world.ids.corrections[0];
  const agoDays = (n: number) => new Date(app.core.now().getTime() - n * 86_400_000).toISOString();
  app.core.store.sql.prepare(`UPDATE payment SET status_changed_at = ? WHERE id = ?`).run(agoDays(27), correction);
  const admin = await connectAs(app.core, 'admin');
  const providerId = (app.core.store.sql.prepare(`SELECT provider_id AS p FROM payment WHERE id = ?`).get(world.ids.submitted[0]) as { p: number }).p;
  await app.core.store.run(async ({ sql, db }) => {
    const at = app.core.now().toISOString();
    const change = { providerId, before: { routingNumber: null, accountMasked: null }, after: { routingNumber: '011000015', accountMasked: '•••• 7766', bankDigest: bankDigestFor(sql, '011000015', '99887766') } };
    await guardBankChange(db, change, actorFor(admin.user!), at);
  });
  const approver = await connectAs(app.core, 'approver');
  const expected = await approver.call('attention-list', {});
  expect(expected.counts.correction).toBeGreaterThanOrEqual(1);
  expect(expected.counts['bank-confirm']).toBe(1);
  expect(expected.counts['system-hold']).toBe(1);

  await app.signIn(page, 'approver');
  await expect(page.getByTestId('nav-count-attention')).toContainText(String(expected.total));
  await page.getByTestId('nav-attention').click();
  await expect(page.getByRole('heading', { name: 'Needs attention' })).toBeVisible();
  await expect(page.getByTestId('attention-count-bank-confirm')).toHaveText('1');
  await expect(page.getByTestId('attention-count-system-hold')).toHaveText('1');
  await expect(page.getByTestId('attention-correction')).toContainText('3 days left');
  await app.shot(page, 'needs-attention-1280');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.shot(page, 'needs-attention-1920');

  // An entry opens what it names.
  await page.getByTestId('attention-correction').getByRole('button').filter({ hasText: '3 days left' }).first().click();
  await expect(page).toHaveURL(new RegExp(`#/payments/${correction}`));
  await expect(page.getByTestId('detail-invoice-status')).toContainText('Corrections Required');

  // The administrator who entered the bank details does not confirm them.
  expect((await admin.call('attention-list', {})).counts['bank-confirm']).toBe(0);
});

test("the provider's page: payments, adjustments and recoveries across periods, totals per year", async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const providerId = (app.core.store.sql.prepare(`SELECT provider_id AS p FROM payment WHERE id = ?`).get(world.ids.paid[0]) as { p: number }).p;
  const approver = await connectAs(app.core, 'approver');
  const data = await approver.call('provider-payments', { providerId });
  expect(new Set(data.items.map((i) => i.period.id)).size).toBeGreaterThan(1);
  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/providers/${providerId}`);
  await page.getByRole('button', { name: 'Payments', exact: true }).click();
  await expect(page.getByRole('heading', { name: `${data.provider.name}: payments` })).toBeVisible();
  await expect(page.getByTestId('provider-items').locator('tbody tr')).toHaveCount(data.items.length);
  for (const y of data.years) {
    await expect(page.getByTestId(`provider-year-${y.year}`)).toContainText(formatCents(y.netCents));
  }
  await expect(page.getByTestId('provider-remittances')).toContainText(String(world.ids.paid.length > 0 ? data.remittances[0].batchId : ''));
  await app.shot(page, 'provider-payments-1280');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.shot(page, 'provider-payments-1920');
  // An item opens Invoice Details; its "All payments" link comes back.
  await page.getByRole('button', { name: `Open Payment ${world.ids.paid[0]}` }).click();
  await expect(page.getByTestId('detail-provider')).toContainText(data.provider.name);
  await page.getByRole('button', { name: 'All payments' }).click();
  await expect(page.getByRole('heading', { name: `${data.provider.name}: payments` })).toBeVisible();
});

test("a Provider user's navigation: no Exports or Settings, their children, a batch number that is not a dead link", async ({ page, app }) => {
  const me = (app.core.store.sql.prepare(`SELECT provider_id AS id FROM app_user WHERE username = 'provider'`).get() as { id: number }).id;
  const paid = app.core.store.sql.prepare(`SELECT id, export_batch_id AS batch FROM payment WHERE provider_id = ? AND export_batch_id IS NOT NULL ORDER BY id DESC LIMIT 1`).get(me) as
    | { id: number; batch: number }
    | undefined;
  const children = app.core.store.sql.prepare(`SELECT count(DISTINCT child_id) AS n FROM authorization WHERE provider_id = ?`).get(me) as { n: number };
  await app.signIn(page, 'provider');
  const nav = page.getByRole('navigation', { name: 'Billing' });
  await expect(nav.getByRole('button').first()).toBeVisible();
  const labels = await nav.getByRole('button').evaluateAll((b) => b.map((e) => e.getAttribute('aria-label')));
  expect(labels).toEqual(['Needs attention', 'Provider Payments', 'Providers', 'Children']);
  await expect(page.getByTestId('nav-exports')).toHaveCount(0);
  await expect(page.getByTestId('nav-settings')).toHaveCount(0);
  await expect(page.getByTestId('nav-payments')).toBeVisible();
  await app.shot(page, 'provider-navigation-1280');

  await page.getByTestId('nav-children').click();
  await expect(page.getByRole('grid').locator('[role="row"][data-id]')).toHaveCount(Math.min(children.n, 50));
  expect(children.n).toBeGreaterThan(0);
  await app.shot(page, 'provider-children-1280');

  expect(paid, 'the demo has paid items of provider 1').toBeTruthy();
  await page.goto(`${app.url}#/payments/${paid!.id}`);
  await expect(page.getByTestId('detail-export-batch')).toContainText(`Batch ${paid!.batch}`);
  await expect(page.getByTestId('detail-export-batch').getByRole('button', { name: `Batch ${paid!.batch}` })).toHaveCount(0);
  // A refusal says what the user tried, not the handler's name.
  const refused = await (await connectAs(app.core, 'provider')).call('export-batch-get', { batchId: paid!.batch }).catch((e: Error) => e.message);
  expect(refused).toMatch(/^Opening an export batch is for /);
  await app.shot(page, 'provider-paid-item-1280');
});
